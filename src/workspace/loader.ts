// Loads and validates yimen.yaml: YAML syntax, the schema, app ids, adapter names and the files it
// names. Every error names the file, the path inside it (with its line), what was expected and a
// hint; the first problem found is reported, never a stack trace. No adapter is imported here: an
// adapter's config is checked against its spec when extract or `adapters check` resolves it
// (src/extract/registry.ts), with the same kind of message, through `configLine`.
// A yimen.yaml read before comes from the config cache (config-cache.ts) without loading yaml or
// zod; what depends on the disk (adapters installed, files named) is checked on every load.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { ConfigError, YimenError } from '../errors.js';
import { BUILTIN_ADAPTER_NAMES, appSources, unknownAdapterHint } from './app-sources.js';
import { cachedConfig, configCacheKey, storeConfig } from './config-cache.js';
import { lineOf, linesOf } from './config-lines.js';
import type { WorkspaceConfig } from './config.js';
import { CONFIG_FILE, resolveIn, workspacePaths, type WorkspacePaths } from './paths.js';

export interface Workspace {
  root: string;
  paths: WorkspacePaths;
  config: WorkspaceConfig;
  /** the line in yimen.yaml of a path inside it (the deepest part the file has), for error messages */
  configLine(path: ReadonlyArray<PropertyKey>): number | undefined;
}

export async function loadWorkspace(root: string, opts: { checkFiles?: boolean } = {}): Promise<Workspace> {
  const paths = workspacePaths(root);
  if (!existsSync(paths.config)) {
    throw new YimenError('E_NO_WORKSPACE', `no ${CONFIG_FILE} in ${paths.root}`, {
      hint: 'run `yimen init` to create a workspace, or point --workspace (or YIMEN_WORKSPACE) at one',
      exitCode: 2,
    });
  }
  const text = readFileSync(paths.config, 'utf8');
  const key = configCacheKey(text);
  let config = key ? cachedConfig(paths, key) : undefined;
  let configLine: Workspace['configLine'];
  if (config) {
    configLine = linesOf(text);
  } else {
    const { parseWorkspaceConfig } = await import('./config-file.js');
    // the text read once: what the cache keeps is the config of the bytes its key was made from
    const read = parseWorkspaceConfig(text);
    const { doc, lc } = read;
    config = read.config;
    configLine = (p) => lineOf(doc, lc, p);
    if (key) storeConfig(paths, key, config);
  }
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
        const line = configLine(p.replace(/\[(\d+)\]/g, '.$1').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
        throw new ConfigError(line ? `${CONFIG_FILE}:${line}` : CONFIG_FILE, p, `file not found: ${file}`, `paths are relative to ${relative(process.cwd(), paths.root) || '.'}/${CONFIG_FILE}`);
      }
    }
  }
  return { root: paths.root, paths, config, configLine };
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

