// Where a workspace keeps its things.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const CONFIG_FILE = 'yimen.yaml';

export interface WorkspacePaths {
  root: string;
  config: string;
  stateDir: string;
  db: string;
  lock: string;
  out: string;
}

export function workspacePaths(root: string): WorkspacePaths {
  const r = resolve(root);
  return {
    root: r,
    config: join(r, CONFIG_FILE),
    stateDir: join(r, '.yimen'),
    db: join(r, '.yimen', 'state.db'),
    lock: join(r, '.yimen', 'lock.json'),
    out: join(r, 'out'),
  };
}

/** The workspace root: the given dir, else the nearest folder upwards holding yimen.yaml, else cwd. */
export function findWorkspaceRoot(given: string | undefined, cwd = process.cwd()): string {
  if (given) return resolve(cwd, given);
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

export function resolveIn(root: string, p: string): string {
  return isAbsolute(p) ? p : join(root, p);
}
