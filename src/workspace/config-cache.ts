// The validated yimen.yaml, kept in .yimen/config-cache.json so that the next command starts
// without loading yaml and zod (a third of `yimen status`'s cold start). An entry is used only for
// the same bytes of yimen.yaml read by the same schema code: its key is the file's SHA-256, yimen's
// version and the size and mtime of the modules that parse and validate it. A yimen.yaml with
// `${VAR}` is never cached: its values come from the environment and may be secrets.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { WorkspaceConfig } from './config.js';
import type { WorkspacePaths } from './paths.js';
import { yimenVersion } from './version.js';

const CACHE_FILE = 'config-cache.json';
const FORMAT = 1;
// the modules whose code decides what a yimen.yaml means (run from dist/ or, in tests, from src/)
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const SCHEMA_MODULES = ['./config', './config-file', './loader', './app-sources', '../schema/entry-address'].map((m) => new URL(m + EXT, import.meta.url));

interface Entry {
  format: number;
  key: string;
  config: WorkspaceConfig;
}

/** the cache key of yimen.yaml's text, or undefined when the text must always be read in full */
export function configCacheKey(text: string): string | undefined {
  if (text.includes('${')) return undefined;
  const h = createHash('sha256').update(text).update(`\0${yimenVersion()}`);
  for (const u of SCHEMA_MODULES) {
    try {
      const st = statSync(fileURLToPath(u));
      h.update(`\0${st.size}:${st.mtimeMs}`);
    } catch {
      return undefined; // a packaging we don't know: no cache rather than a stale one
    }
  }
  return h.digest('hex');
}

/** the validated config stored under `key`, or undefined (no entry, another key, unreadable) */
export function cachedConfig(paths: WorkspacePaths, key: string): WorkspaceConfig | undefined {
  try {
    const e = JSON.parse(readFileSync(join(paths.stateDir, CACHE_FILE), 'utf8')) as Entry;
    return e.format === FORMAT && e.key === key && e.config && typeof e.config === 'object' ? e.config : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores the validated config when it is plain JSON (it is, from the schema; checked so that a
 * value JSON would change is never cached). Written to a temporary file and renamed, so a crash
 * leaves the old entry or the new one; a workspace that cannot be written is simply not cached.
 */
export function storeConfig(paths: WorkspacePaths, key: string, config: WorkspaceConfig): void {
  // the state folder is made with the store, not here: loading a workspace creates nothing
  if (!plainJson(config) || !existsSync(paths.stateDir)) return;
  const file = join(paths.stateDir, CACHE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, key, config } satisfies Entry), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // read-only workspace, full disk: the next command parses yimen.yaml again
  }
}

function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(plainJson);
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    return (proto === Object.prototype || proto === null) && Object.values(v as object).every((x) => x === undefined || plainJson(x));
  }
  return false;
}
