// Canonical forms of entry-point addresses (DESIGN §11), one implementation for every stage: extract
// canonicalises what sources give, redirects and hits compare against the same forms. Hosts and
// schemes lower-cased; paths, deep links and mini-program paths keep their case; default ports and
// fragments dropped (a hash-routed app may keep `#/…`); query parameters dropped unless declared
// significant (then sorted), tracking parameters always. Hostile text (control characters, a
// backslash, user info before the host) is refused with the reason, never stored raw; what a URL
// may hold but a server config must not see raw (quotes, spaces, braces) is percent-encoded.
import type { EntryPointKind } from './enums.js';

export const MAX_URL_LENGTH = 2048;

/** parameters that say where a click came from, never which page: dropped even when declared */
export const TRACKING_PARAMS = [/^utm_/i, /^spm$/i, /^from$/i, /^channel$/i, /^ts$/i, /^timestamp$/i, /^_t$/i, /^share_?(from|source|token)?$/i, /^scene$/i, /^isappinstalled$/i, /^nsukey$/i, /^(fbclid|gclid|msclkid)$/i];

export const isTrackingParam = (name: string) => TRACKING_PARAMS.some((re) => re.test(name));

export interface CanonicalOptions {
  /** resolve relative addresses against this (the page's or API's address) */
  base?: string;
  /** query parameters that name the page, for this kind */
  significantParams?: readonly string[];
  /** keep a hash route (`#/…`, `#!/…`; the default): a hash-routed page is one entry point per route */
  keepFragment?: boolean;
}

export type CanonicalAddress = { ok: true; address: string; miniprogram?: { appId: string; path: string } } | { ok: false; reason: string };

// what a server config (an nginx map, a CSV) must never see raw in an address
const ENCODE = /["'<>`{}|^\\ \u00a0]/g;
const encodeUnsafe = (s: string) => s.replace(ENCODE, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));

/** why an address is hostile (to be refused), or undefined */
export function hostileAddress(address: string): string | undefined {
  const m = /[\u0000-\u001f\u007f]/.exec(address);
  if (m) {
    const c = m[0].charCodeAt(0);
    const name = c === 13 ? 'CR' : c === 10 ? 'LF' : c === 0 ? 'NUL' : c === 9 ? 'TAB' : `U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
    return `holds a control character (${name}): a line break in an address can smuggle a header or a server directive`;
  }
  if (address.includes('\\')) return 'holds a backslash: browsers read it as "/", servers do not, so it is not one address';
  return undefined;
}

function significantQuery(params: URLSearchParams, significant: readonly string[]): string {
  const keep = new URLSearchParams();
  for (const [k, v] of params) if (significant.includes(k) && !isTrackingParam(k)) keep.append(k, v);
  keep.sort();
  return keep.toString();
}

/** a web, QR-code or store address: absolute http(s), canonical */
export function canonicalWebUrl(address: string, significantParams: readonly string[] = [], opts: Omit<CanonicalOptions, 'significantParams'> & { keepQuery?: boolean } = {}): string {
  const u = opts.base ? new URL(address.trim(), opts.base) : new URL(address.trim());
  // a fragment that is a client route (#/…, #!/…) names a page of a hash-routed app; an anchor does not
  if (!((opts.keepFragment ?? true) && /^#!?\//.test(u.hash))) u.hash = '';
  if (!opts.keepQuery) {
    const q = significantQuery(u.searchParams, significantParams);
    u.search = q;
  }
  // URL already lower-cases scheme and host and drops default ports
  return encodeUnsafe(u.toString());
}

/** the canonical address of one entry point of a kind, or why it cannot be one */
export function canonicalAddress(kind: EntryPointKind, address: string, opts: CanonicalOptions = {}): CanonicalAddress {
  const raw = address.trim();
  const hostile = hostileAddress(raw);
  if (hostile) return { ok: false, reason: hostile };
  const sig = opts.significantParams ?? [];
  let out: string;
  let miniprogram: { appId: string; path: string } | undefined;
  if (kind === 'miniprogram') {
    const i = raw.indexOf(':');
    if (i <= 0) return { ok: false, reason: 'a mini-program entry point is appId:path' };
    const appId = raw.slice(0, i).trim();
    let path = raw.slice(i + 1).trim().replace(/^\/+/, '');
    const h = path.indexOf('#');
    if (h >= 0) path = path.slice(0, h);
    const qi = path.indexOf('?');
    if (qi >= 0) {
      const q = significantQuery(new URLSearchParams(path.slice(qi + 1)), sig);
      path = path.slice(0, qi) + (q ? `?${q}` : '');
    }
    miniprogram = { appId, path: encodeUnsafe(path) };
    out = `${appId}:${miniprogram.path}`;
  } else if (kind === 'deeplink') {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/)?([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(raw);
    if (!m) return { ok: false, reason: 'a deep link needs a scheme (scheme://host/path)' };
    const q = m[5] ? significantQuery(new URLSearchParams(m[5].slice(1)), sig) : '';
    out = encodeUnsafe(`${m[1]!.toLowerCase()}:${m[2] ?? ''}${m[3]!.toLowerCase()}${m[4]}${q ? `?${q}` : ''}`);
  } else {
    let u: URL;
    try {
      u = opts.base ? new URL(raw, opts.base) : new URL(raw);
    } catch {
      return { ok: false, reason: opts.base ? `not a URL, even against ${opts.base}` : 'not an absolute URL and no base URL to resolve it against' };
    }
    if (u.username || u.password) return { ok: false, reason: 'holds a user name or password before the host: a classic disguise of the real host' };
    // a store listing's query names the app (?id=com.example): kept as it is
    out = canonicalWebUrl(u.toString(), sig, { keepFragment: opts.keepFragment, keepQuery: kind === 'appstore' });
  }
  if (out.length > MAX_URL_LENGTH) return { ok: false, reason: `${out.length} characters, over the limit of ${MAX_URL_LENGTH}` };
  return { ok: true, address: out, ...(miniprogram ? { miniprogram } : {}) };
}

/** Whether host matches an allowlist entry: exact, or `*.example.cn` for any subdomain. */
export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  const h = host.toLowerCase();
  return allowlist.some((pat) => {
    const p = pat.toLowerCase();
    if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
    return h === p;
  });
}
