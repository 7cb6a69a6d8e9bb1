// Values a config names: a field of a record by its path (`data.items[0].id`), and secrets from
// the environment by the variable's name (config never holds a secret itself).

/** Reads `a.b[2].c` (or `a.b.2.c`) from a value; '' or '$' is the value itself. */
export function getPath(v: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '' || path === '$') return v;
  const parts = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let cur: unknown = v;
  for (const p of parts) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export class MissingSecretError extends Error {
  constructor(readonly envName: string, what: string) {
    super(`${what}: environment variable ${envName} is not set`);
  }
}

/** reads a secret named in config from the environment */
export function secretFrom(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new MissingSecretError(name, what);
  return v;
}

/** an env var name as config expects it (upper case, digits, underscores) */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
