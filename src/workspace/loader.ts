// Loads and validates yimen.yaml: YAML syntax, the schema, app ids, adapter names and the files it
// names. Every error names the file, the path inside it (with its line), what was expected and a
// hint; the first problem found is reported, never a stack trace. No adapter is imported here: an
// adapter's config is checked against its spec when extract or `adapters check` resolves it
// (src/extract/registry.ts), with the same kind of message, through `configLine`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseDocument, type Document, LineCounter, Scalar, visit } from 'yaml';
import { ConfigError, YimenError } from '../errors.js';
import { BUILTIN_ADAPTER_NAMES, appSources, unknownAdapterHint, WorkspaceConfig } from './config.js';
import { describeIssue, formatPath } from './issues.js';
import { CONFIG_FILE, resolveIn, workspacePaths, type WorkspacePaths } from './paths.js';

export interface Workspace {
  root: string;
  paths: WorkspacePaths;
  config: WorkspaceConfig;
  /** the line in yimen.yaml of a path inside it (the deepest part the file has), for error messages */
  configLine(path: ReadonlyArray<PropertyKey>): number | undefined;
}

export function lineOf(doc: Document, lc: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  // walk as deep as the document goes, so a missing field points at its parent
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

export function parseYamlFile(file: string, displayName = file): { doc: Document; data: unknown; lc: LineCounter } {
  if (!existsSync(file)) {
    throw new ConfigError(displayName, undefined, 'file not found', `create it, or run \`yimen init\` for a starter workspace`);
  }
  const text = readFileSync(file, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = lc.linePos(e.pos[0]).line;
    throw new ConfigError(`${displayName}:${line}`, undefined, `not valid YAML: ${e.message.split('\n')[0]}`, 'check indentation and quoting on that line');
  }
  return { doc, data: doc.toJS(), lc };
}

const VAR = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$\{([^}]*)\}/g;

/**
 * `${VAR}` and `${VAR:-default}` in string values (hosts, ports …) from the environment, before
 * validation; `$${` is a literal `${`. A whole plain value that becomes a number or a boolean is
 * one (`port: ${PORT:-8080}`). An unset variable without a default is a ConfigError naming the
 * line and the variable. Returns whether anything changed.
 */
export function interpolateEnv(doc: Document, lc: LineCounter, displayName: string, env: NodeJS.ProcessEnv): boolean {
  let changed = false;
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const src = node.value;
      const line = node.range ? lc.linePos(node.range[0]).line : undefined;
      const where = line ? `${displayName}:${line}` : displayName;
      const out = src.replace(VAR, (m, name: string | undefined, dflt: string | undefined, bad: string | undefined) => {
        if (m === '$${') return '${';
        if (!name) throw new ConfigError(where, undefined, `"\${${bad}}" is not a variable reference`, 'write ${NAME} or ${NAME:-default} (letters, digits, _), or $${ for a literal ${');
        const v = env[name];
        // shell semantics: ${A:-d} when A is unset or empty, ${A-d} only when unset
        const useDefault = dflt !== undefined && (v === undefined || (m.includes(':-') && v === ''));
        if (useDefault) return dflt;
        if (v === undefined) throw new ConfigError(where, undefined, `environment variable ${name} is not set (used as \${${name}})`, `export ${name}=… before running yimen, or give a default: \${${name}:-value}`);
        return v;
      });
      changed = true;
      const whole = node.type === Scalar.PLAIN && /^\$\{[^}]*\}$/.test(src.trim());
      if (whole && /^-?\d+(\.\d+)?$/.test(out)) node.value = Number(out);
      else if (whole && /^(true|false)$/.test(out)) node.value = out === 'true';
      else node.value = out;
    },
  });
  return changed;
}

export async function loadWorkspace(root: string, opts: { checkFiles?: boolean } = {}): Promise<Workspace> {
  const paths = workspacePaths(root);
  if (!existsSync(paths.config)) {
    throw new YimenError('E_NO_WORKSPACE', `no ${CONFIG_FILE} in ${paths.root}`, {
      hint: 'run `yimen init` to create a workspace, or point --workspace (or YIMEN_WORKSPACE) at one',
      exitCode: 2,
    });
  }
  const parsed0 = parseYamlFile(paths.config, CONFIG_FILE);
  const { doc, lc } = parsed0;
  const data = interpolateEnv(doc, lc, CONFIG_FILE, process.env) ? doc.toJS() : parsed0.data;
  const parsed = WorkspaceConfig.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const line = lineOf(doc, lc, issue.path);
    throw new ConfigError(line ? `${CONFIG_FILE}:${line}` : CONFIG_FILE, formatPath(issue.path), describeIssue(issue, data), hintFor(issue.path));
  }
  const config = parsed.data;
  const seen = new Map<string, number>();
  config.apps.forEach((a, i) => {
    if (seen.has(a.id)) {
      throw new ConfigError(CONFIG_FILE, `apps[${i}].id`, `duplicate app id "${a.id}" (also apps[${seen.get(a.id)}])`, 'every app needs its own id');
    }
    seen.set(a.id, i);
  });

  config.apps.forEach((app, i) => {
    appSources(app).forEach((src, k) => {
      if (!adapterExists(src.adapter, paths.root, config.adapters)) {
        const at = app.sources ? `sources[${k}]` : 'source';
        throw new ConfigError(CONFIG_FILE, `apps[${i}].${at}.adapter`, `unknown adapter "${src.adapter}"`, unknownAdapterHint(src.adapter));
      }
    });
  });

  if (opts.checkFiles !== false) {
    const mustExist: Array<[string, string]> = config.apps.flatMap((a, i) => [
      ...(a.profile ? [[`apps[${i}].profile`, a.profile] as [string, string]] : []),
      ...appSources(a).flatMap((x, k) => (x.profile ? [[`apps[${i}].${a.sources ? `sources[${k}]` : 'source'}.profile`, x.profile] as [string, string]] : [])),
    ]);
    config.apps.forEach((a, i) => a.joins.forEach((j, k) => mustExist.push([`apps[${i}].joins[${k}].file`, j.file])));
    if (config.catalog) {
      mustExist.push(['catalog.source', config.catalog.source]);
      if (config.catalog.profile) mustExist.push(['catalog.profile', config.catalog.profile]);
    }
    for (const [p, file] of mustExist) {
      if (!existsSync(resolveIn(paths.root, file))) {
        const line = lineOf(doc, lc, p.replace(/\[(\d+)\]/g, '.$1').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
        throw new ConfigError(line ? `${CONFIG_FILE}:${line}` : CONFIG_FILE, p, `file not found: ${file}`, `paths are relative to ${relative(process.cwd(), paths.root) || '.'}/${CONFIG_FILE}`);
      }
    }
  }
  return { root: paths.root, paths, config, configLine: (p) => lineOf(doc, lc, p) };
}

/**
 * Whether an adapter name can be resolved, without importing any adapter: a built-in name, one
 * named under `adapters:` (a bad path there is reported when it is loaded), or an installed
 * `yimen-adapter-<name>` package.
 */
function adapterExists(name: string, root: string, configured: Record<string, string>): boolean {
  if ((BUILTIN_ADAPTER_NAMES as readonly string[]).includes(name) || configured[name]) return true;
  try {
    createRequire(join(root, 'package.json')).resolve(`yimen-adapter-${name}`);
    return true;
  } catch {
    return false;
  }
}

function hintFor(path: ReadonlyArray<PropertyKey>): string | undefined {
  const top = path[0];
  if (top === 'apps') return 'each app needs id, name, division, source {adapter, config}, profile; see `yimen init` for a commented example';
  if (top === 'unifiedApp') return 'unifiedApp needs name, serviceUrl (with {catalogCode}), noticeUrl and allowlist';
  if (top === 'target') return 'target.type is one of local, http, package';
  return 'see `yimen init` for a commented example of yimen.yaml';
}

/** The ids of the apps asked for (all when none), in yimen.yaml order; an unknown id is a usage error. */
export function selectApps(ws: Workspace, apps?: string[]): string[] {
  if (!apps?.length) return ws.config.apps.map((a) => a.id);
  for (const a of apps) appById(ws, a);
  return ws.config.apps.map((a) => a.id).filter((id) => apps.includes(id));
}

export function appById(ws: Workspace, id: string) {
  const app = ws.config.apps.find((a) => a.id === id);
  if (!app) {
    throw new YimenError('E_UNKNOWN_APP', `no app "${id}" in ${CONFIG_FILE}`, {
      hint: `apps here: ${ws.config.apps.map((a) => a.id).join(', ')}`,
      exitCode: 2,
    });
  }
  return app;
}

