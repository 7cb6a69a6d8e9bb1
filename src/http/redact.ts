// Redaction of secrets in everything the HTTP client logs or throws: Authorization and cookie
// headers, configured secret fields (in headers, query strings and JSON bodies), and the literal
// values of configured secrets wherever they appear.

export const DEFAULT_SECRET_FIELDS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'api_key',
  'access_token',
  'refresh_token',
  'token',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'signature',
  'sign',
];

export const MASK = '***';

export class Redactor {
  private fields: Set<string>;
  private values: string[];

  constructor(fields: string[] = [], values: Array<string | undefined> = []) {
    this.fields = new Set([...DEFAULT_SECRET_FIELDS, ...fields].map((f) => f.toLowerCase()));
    // short values would mask ordinary text: only values of 4+ characters are scrubbed
    this.values = values.filter((v): v is string => typeof v === 'string' && v.length >= 4).sort((a, b) => b.length - a.length);
  }

  addValue(v: string | undefined): void {
    if (v && v.length >= 4 && !this.values.includes(v)) {
      this.values.push(v);
      this.values.sort((a, b) => b.length - a.length);
    }
  }

  /** the literal values scrubbed, longest first (the workspace's text redactor uses them) */
  secretValues(): readonly string[] {
    return this.values;
  }

  addField(f: string): void {
    this.fields.add(f.toLowerCase());
  }

  isSecretField(name: string): boolean {
    return this.fields.has(name.toLowerCase());
  }

  /** scrubs secret values, and `Bearer …` / `Basic …` credentials, from free text */
  text(s: string): string {
    let out = s;
    for (const v of this.values) out = out.split(v).join(MASK);
    out = out.replace(/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${MASK}`);
    return out;
  }

  url(u: string): string {
    let out = u;
    try {
      const parsed = new URL(u);
      if (parsed.username || parsed.password) {
        parsed.username = parsed.username ? MASK : '';
        parsed.password = parsed.password ? MASK : '';
      }
      for (const k of [...parsed.searchParams.keys()]) if (this.isSecretField(k)) parsed.searchParams.set(k, MASK);
      out = parsed.toString().replace(/%2A%2A%2A/g, MASK);
    } catch {
      // not absolute: mask query fields by pattern
      out = out.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep: string, k: string) => (this.isSecretField(decodeURIComponent(k)) ? `${sep}${k}=${MASK}` : m));
    }
    return this.text(out);
  }

  headers(h: Record<string, unknown> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h ?? {})) {
      if (v === undefined || v === null) continue;
      out[k] = this.isSecretField(k) ? MASK : this.text(Array.isArray(v) ? v.join(', ') : String(v));
    }
    return out;
  }

  /** a deep copy of a JSON-like value with secret fields masked */
  body(v: unknown, depth = 0): unknown {
    if (depth > 20) return '…';
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.body(x, depth + 1));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.isSecretField(k) ? MASK : this.body(x, depth + 1);
      return out;
    }
    return v;
  }
}
