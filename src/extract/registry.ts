// Finds adapters and checks an app's adapter config against the adapter's spec: the built-ins (one
// registry line each, imported only when used), then third-party ones named in yimen.yaml
// (`adapters: { name: ./path-or-package }`), then npm packages `yimen-adapter-<name>`. Loading a
// workspace imports no adapter: this runs when extract or `adapters check` needs one.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isAbsolute, join } from 'node:path';
import { resolveIn, CONFIG_FILE } from '../workspace/paths.js';
import { BUILTIN_ADAPTER_NAMES, appSources, unknownAdapterHint, type BuiltinAdapterName } from '../workspace/config.js';
import { describeIssue, formatPath } from '../workspace/issues.js';
import { appById, type Workspace } from '../workspace/loader.js';
import { ConfigError, YimenError, ExitCode } from '../errors.js';
import type { SourceAdapter } from '../sdk/index.js';
import { provideSdk } from './sdk-host.js';
import { BUILTIN_LOADERS } from './builtins.js';


export function isBuiltinAdapter(name: string): name is BuiltinAdapterName {
  return (BUILTIN_ADAPTER_NAMES as readonly string[]).includes(name);
}

/** every built-in adapter, in registry order (for `yimen adapters list`) */
export async function builtinAdapters(): Promise<SourceAdapter<any>[]> {
  return Promise.all(BUILTIN_ADAPTER_NAMES.map((n) => BUILTIN_LOADERS[n]()));
}

function looksLikeAdapter(a: unknown): a is SourceAdapter<any> {
  const x = a as SourceAdapter<any> | undefined;
  return !!x && typeof x.name === 'string' && typeof x.read === 'function' && typeof x.check === 'function' && typeof x.discover === 'function' && !!x.spec;
}

export async function loadAdapter(name: string, root: string, configured: Record<string, string> = {}): Promise<SourceAdapter<any>> {
  if (isBuiltinAdapter(name)) return BUILTIN_LOADERS[name]();
  const spec = configured[name];
  const c = spec ? (spec.startsWith('.') || isAbsolute(spec) ? pathToFileURL(resolveIn(root, spec)).href : spec) : `yimen-adapter-${name}`;
  let mod: Record<string, unknown>;
  try {
    provideSdk();
    const resolved = c.startsWith('file:') ? c : pathToFileURL(createRequire(join(root, 'package.json')).resolve(c)).href;
    mod = (await import(resolved)) as Record<string, unknown>;
  } catch (e) {
    if (spec) {
      throw new YimenError('E_ADAPTER_LOAD', `adapter "${name}" could not be loaded from ${spec}: ${(e as Error).message}`, {
        hint: 'the path is relative to yimen.yaml; the module must export an adapter (default export or `adapter`)',
        exitCode: ExitCode.usage,
      });
    }
    throw unknownAdapter(name);
  }
  const a = mod.default ?? mod.adapter;
  if (looksLikeAdapter(a)) return a;
  throw new YimenError('E_ADAPTER_SHAPE', `${c} does not export a yimen adapter (name, spec, check, discover, read)`, {
    hint: 'export default defineAdapter({...}) from the module (see `yimen/sdk`)',
    exitCode: ExitCode.usage,
  });
}

export function unknownAdapter(name: string): YimenError {
  return new YimenError('E_ADAPTER_UNKNOWN', `unknown adapter "${name}"`, {
    hint: unknownAdapterHint(name),
    exitCode: ExitCode.usage,
  });
}

export interface ResolvedAdapter {
  adapter: SourceAdapter<any>;
  /** the app's adapter config, parsed by the adapter's spec (defaults filled in) */
  config: unknown;
  /** a built-in adapter's name: it can be loaded again in a worker thread (./read-thread.ts) */
  builtin?: BuiltinAdapterName;
}

/**
 * An app's adapter with its config checked against the adapter's spec. Errors name yimen.yaml, the
 * path inside it and its line, as the workspace loader's do.
 */
export async function resolveAppAdapter(ws: Workspace, appId: string, sourceIndex = 0): Promise<ResolvedAdapter> {
  const app = appById(ws, appId);
  const i = ws.config.apps.indexOf(app);
  const src = appSources(app)[sourceIndex];
  if (!src) throw new ConfigError(CONFIG_FILE, `apps[${i}]`, `app "${appId}" has no source ${sourceIndex + 1}`, 'each app needs source: {adapter, config} or sources: [...]');
  // where the source sits in yimen.yaml, for messages: source, or sources[n]
  const at: Array<string | number> = app.sources ? ['sources', sourceIndex] : ['source'];
  const shown = at.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('');
  let adapter: SourceAdapter<any>;
  try {
    adapter = await loadAdapter(src.adapter, ws.root, ws.config.adapters);
  } catch (e) {
    if (e instanceof YimenError) throw new ConfigError(CONFIG_FILE, `apps[${i}]${shown}.adapter`, e.message, e.hint);
    throw e;
  }
  const c = adapter.spec.safeParse(src.config);
  if (!c.success) {
    const issue = c.error.issues[0]!;
    const p = ['apps', i, ...at, 'config', ...issue.path];
    const line = ws.configLine(p);
    throw new ConfigError(line ? `${CONFIG_FILE}:${line}` : CONFIG_FILE, formatPath(p), describeIssue(issue, src.config), `see \`yimen adapters list\` for the config of ${adapter.name}`);
  }
  return { adapter, config: c.data, ...(isBuiltinAdapter(src.adapter) ? { builtin: src.adapter } : {}) };
}

/** every source of an app, in reading order, each config checked */
export async function resolveAppSources(ws: Workspace, appId: string): Promise<ResolvedAdapter[]> {
  const out: ResolvedAdapter[] = [];
  const n = appSources(appById(ws, appId)).length;
  for (let k = 0; k < n; k++) out.push(await resolveAppAdapter(ws, appId, k));
  return out;
}

/** the sources of several apps, every config checked before any is used (a typo stops the run cleanly) */
export async function resolveAppAdapters(ws: Workspace, appIds: string[]): Promise<Map<string, ResolvedAdapter[]>> {
  const out = new Map<string, ResolvedAdapter[]>();
  for (const id of appIds) out.set(id, await resolveAppSources(ws, id));
  return out;
}
