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

/**
 * JSON.parse, except that integers beyond 2^53 keep all their digits, as strings. Why: ids made
 * by snowflake-style generators (1234567890123456789) lose their last digits silently in a JS
 * number, so two services got one key (one lost) and detail URLs named another record
 * (rest-json answers, manifest files).
 */
export function parseJson(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  // a scan, not a regular expression: a regex over a string of megabytes overflows the stack
  const parts: string[] = [];
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // a string, skipped whole: its closing quote is the first one not escaped
      let q = text.indexOf('"', i + 1);
      for (;;) {
        if (q < 0) return JSON.parse(text); // unterminated: JSON.parse says so
        let b = 0;
        while (text.charCodeAt(q - 1 - b) === 92) b++;
        if (b % 2 === 0) break;
        q = text.indexOf('"', q + 1);
      }
      i = q + 1;
      continue;
    }
    if (c !== 45 && (c < 48 || c > 57)) {
      i++;
      continue;
    }
    let j = c === 45 ? i + 1 : i;
    while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const digits = j - (c === 45 ? i + 1 : i);
    let k = j;
    while (k < n && /[.eE+\-\d]/.test(text[k]!)) k++; // a fraction or exponent: a float, left as it is
    let after = k;
    while (after < n && /\s/.test(text[after]!)) after++;
    // only where a value stands (not a key), and only what a double cannot hold exactly
    if (k === j && digits >= 16 && text[after] !== ':' && !Number.isSafeInteger(Number(text.slice(i, j)))) {
      parts.push(text.slice(last, i), '"', text.slice(i, j), '"');
      last = j;
    }
    i = k;
  }
  return JSON.parse(last ? parts.join('') + text.slice(last) : text);
}
