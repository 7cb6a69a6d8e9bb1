// The workspace's secrets, for redaction: every environment variable named by a `…Env` key anywhere
// in yimen.yaml (tokenEnv, passwordEnv, clientSecretEnv, valueEnv …) and the forms its value takes
// on the wire (Bearer/Basic, base64 of user:pass, percent-encoded, JSON-escaped). One redactor is
// built at load and applied at the edges: the store's event/quarantine/journal writes, the CLI's
// error printer and its output.
import { Redactor, MASK } from '../http/redact.js';
import type { WorkspaceConfig } from './config.js';

/** env var names that are not secrets even though a key ends in Env (none today; kept explicit) */
const NOT_SECRET = new Set<string>();

/** the names of the env vars a config names in `…Env` keys, and user:pass pairs within one object */
export function secretEnvNames(config: unknown): { names: string[]; pairs: Array<{ user?: string; userEnv?: string; passEnv: string }> } {
  const names = new Set<string>();
  const pairs: Array<{ user?: string; userEnv?: string; passEnv: string }> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 30 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      if (/Env$/.test(k) && typeof x === 'string' && x && !NOT_SECRET.has(k)) names.add(x);
      else walk(x, depth + 1);
    }
    const passEnv = typeof o.passwordEnv === 'string' ? o.passwordEnv : undefined;
    if (passEnv) {
      const userEnv = typeof o.usernameEnv === 'string' ? o.usernameEnv : undefined;
      const user = typeof o.username === 'string' ? o.username : typeof o.user === 'string' ? o.user : undefined;
      pairs.push({ user, userEnv, passEnv });
    }
  };
  walk(config, 0);
  return { names: [...names], pairs };
}

/** every form of one secret value that may appear in a message */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  forms.add(Buffer.from(value, 'utf8').toString('base64'));
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  forms.add(encodeURIComponent(value));
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms];
}

/** The redactor of a workspace: its secrets' values (from env) in every form, plus the default patterns. */
export function workspaceRedactor(config: WorkspaceConfig | unknown, env: NodeJS.ProcessEnv = process.env): Redactor {
  const r = new Redactor();
  const { names, pairs } = secretEnvNames(config);
  for (const n of names) {
    const v = env[n];
    if (v) for (const f of secretForms(v)) r.addValue(f);
  }
  for (const p of pairs) {
    const pass = env[p.passEnv];
    const user = p.userEnv ? env[p.userEnv] : p.user;
    if (pass && user !== undefined) for (const f of secretForms(`${user}:${pass}`)) r.addValue(f);
  }
  return r;
}

// a credential after Bearer/Basic: 8+ characters with a digit, so prose ("bearer token: …") stays
const CREDENTIAL = /\b(Bearer|Basic)(\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi;

/** a text function (what the store and the CLI take): the redactor's values, and credentials after Bearer/Basic */
export function redactText(r: Redactor): (s: string) => string {
  const values = r.secretValues();
  return (s) => {
    if (typeof s !== 'string' || s.length < 4) return s;
    let out = s;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(MASK);
    return out.replace(CREDENTIAL, `$1$2${MASK}`);
  };
}

export { MASK };
