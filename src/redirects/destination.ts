// The one destination check (DESIGN §11, §13): every place that sends a citizen somewhere — the
// planner and every exporter — asks this first. A destination is refused, with a code and a
// reason, unless it is a plain http(s) URL on an allowlisted host that no browser, proxy or
// config file can read two ways.
import { MAX_URL_LENGTH, hostAllowed } from './canonical.js';

export const DESTINATION_REFUSALS = {
  E_DEST_EMPTY: 'empty destination',
  E_DEST_TOO_LONG: `longer than ${MAX_URL_LENGTH} characters`,
  E_DEST_CONTROL: 'control character, space, quote or angle bracket',
  E_DEST_INVISIBLE: 'invisible or bidirectional-override character',
  E_DEST_BACKSLASH: 'backslash (browsers read it as a slash)',
  E_DEST_PROTOCOL_RELATIVE: 'protocol-relative URL (no scheme)',
  E_DEST_ENCODED: 'encoded slash, backslash, dot or control character (%2f %5c %2e %00 %0a %0d %25…)',
  E_DEST_DOT_SEGMENT: 'dot segment (/./ or /../) in the path',
  E_DEST_SCHEME: 'scheme other than http or https',
  E_DEST_NOT_URL: 'not a valid absolute URL',
  E_DEST_USERINFO: 'user name or password before the host (https://allowed@evil)',
  E_DEST_NON_ASCII: 'non-ASCII character (hosts must be ASCII, paths percent-encoded)',
  E_DEST_PUNYCODE: 'punycode (xn--) host label: an internationalised look-alike',
  E_DEST_TRAILING_DOT: 'trailing dot in the host',
  E_DEST_IP_HOST: 'IP address as host',
  E_DEST_LOOKALIKE: 'host looks like an allowlisted host but is not one (0/o, 1/l, rn/m …)',
  E_DEST_NOT_ALLOWED: 'host not in unifiedApp.allowlist',
} as const;
export type DestinationRefusalCode = keyof typeof DESTINATION_REFUSALS;

export interface DestinationRefusal {
  code: DestinationRefusalCode;
  reason: string;
}

// C0/C1 controls, space, DEL, quotes, angle brackets, backtick: they end or break a header, an
// HTML attribute, a CSV cell or an nginx string
const CONTROL = /[\u0000-\u0020\u007f-\u009f"'<>`]/;
// zero-width, bidi overrides and isolates, line/paragraph separators, BOM
const INVISIBLE = /[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
// %2f / %5c / %2e and their double-encoded forms (%252f), encoded controls (%00-%1f, %7f)
const ENCODED = /%(25)*(2f|5c|2e|[01][0-9a-f]|7f)/i;

/** Why a destination is refused, or undefined when it may be served. */
export function checkDestination(url: string, allowlist: string[]): DestinationRefusal | undefined {
  const refuse = (code: DestinationRefusalCode, detail?: string): DestinationRefusal => ({
    code,
    reason: detail ? `${DESTINATION_REFUSALS[code]}: ${detail}` : DESTINATION_REFUSALS[code],
  });
  if (!url) return refuse('E_DEST_EMPTY');
  if (url.length > MAX_URL_LENGTH) return refuse('E_DEST_TOO_LONG', `${url.length} characters`);
  const ctl = CONTROL.exec(url);
  if (ctl) return refuse('E_DEST_CONTROL', `U+${ctl[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
  if (INVISIBLE.test(url)) return refuse('E_DEST_INVISIBLE');
  if (url.includes('\\')) return refuse('E_DEST_BACKSLASH');
  if (url.startsWith('//')) return refuse('E_DEST_PROTOCOL_RELATIVE');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return refuse('E_DEST_NOT_URL');
  if (scheme !== 'http' && scheme !== 'https') return refuse('E_DEST_SCHEME', `${scheme}:`);
  // read the authority from the raw text: the URL parser would silently turn Unicode into punycode
  // and drop a trailing dot's meaning
  const m = /^https?:\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (!m) return refuse('E_DEST_NOT_URL', 'expected scheme://host/…');
  const authority = m[1]!;
  const rawPath = m[2]!;
  if (authority.includes('@')) return refuse('E_DEST_USERINFO');
  if (/[^\x21-\x7e]/.test(url)) return refuse('E_DEST_NON_ASCII', /[^\x21-\x7e]/.test(authority) ? 'in the host' : 'in the path or query');
  if (ENCODED.test(url)) return refuse('E_DEST_ENCODED', ENCODED.exec(url)![0]);
  if (/(^|\/)\.\.?(\/|$)/.test(rawPath)) return refuse('E_DEST_DOT_SEGMENT');
  const host = authority.replace(/:\d*$/, '').toLowerCase();
  if (!host) return refuse('E_DEST_NOT_URL', 'no host');
  if (host.endsWith('.')) return refuse('E_DEST_TRAILING_DOT', host);
  if (host.split('.').some((l) => l.startsWith('xn--'))) return refuse('E_DEST_PUNYCODE', host);
  if (/^\[.*\]$/.test(host) || /^[\d.]+$/.test(host) || /^0x/i.test(host)) return refuse('E_DEST_IP_HOST', host);
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host)) return refuse('E_DEST_NOT_URL', `host ${host}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('E_DEST_NOT_URL');
  }
  if (parsed.hostname !== host) return refuse('E_DEST_NOT_URL', `host reads as ${parsed.hostname}`);
  if (hostAllowed(host, allowlist)) return undefined;
  if (looksLikeAllowed(host, allowlist)) return refuse('E_DEST_LOOKALIKE', host);
  return refuse('E_DEST_NOT_ALLOWED', host);
}

/** the reason text shown in listings: code, reason and the (quoted) destination */
export function refusalText(r: DestinationRefusal, url: string): string {
  const shown = url.length > 120 ? `${url.slice(0, 120)}…` : url;
  return `refused destination (${r.code}: ${r.reason}): ${JSON.stringify(shown)}`;
}

// The ASCII look-alikes people register to catch the real domain's visitors.
const CONFUSABLES: Array<[RegExp, string]> = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
  [/0/g, 'o'],
  [/[1|i]/g, 'l'],
  [/5/g, 's'],
  [/-/g, ''],
];

function skeleton(host: string): string {
  let s = host.toLowerCase();
  for (const [re, to] of CONFUSABLES) s = s.replace(re, to);
  return s;
}

function looksLikeAllowed(host: string, allowlist: string[]): boolean {
  const sk = skeleton(host);
  return allowlist.some((pat) => {
    const p = pat.toLowerCase();
    if (p.startsWith('*.')) {
      const base = skeleton(p.slice(2));
      return sk === base || sk.endsWith(`.${base}`);
    }
    return sk === skeleton(p);
  });
}
