// Small helpers adapters share: reading values by path, secrets from the environment.

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

/** a value as text for keys and labels; objects and arrays give '' */
export function textOf(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
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
