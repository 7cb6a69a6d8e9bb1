// Turns `entryPoints` stream records into EntryPoints (DESIGN §11), or says why one is refused.
// Only addresses a browser or a store can open become entry points; `javascript:`, `tel:` and the
// like are refused (kept in quarantine with the reason, never followed or redirected).
import { EntryPoint } from '../schema/entry-point.js';
import { ENTRY_POINT_KINDS, type EntryPointKind } from '../schema/enums.js';
import { sha1 } from '../sdk/index.js';

export const REFUSED_SCHEMES = ['javascript', 'vbscript', 'data', 'tel', 'mailto', 'sms', 'about', 'blob', 'file', 'ftp'];
const STORE_SCHEMES = ['http', 'https', 'itms-apps', 'itms-appss', 'market', 'appmarket', 'mimarket', 'hiapplink'];

export function entryPointId(appId: string, kind: string, address: string): string {
  return `${appId}-ep-${sha1(`${kind} ${address}`).slice(0, 12)}`;
}

/** the scheme of an address, lower-cased, or undefined for a relative one */
export function schemeOf(address: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(address.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Chinese and English labels seen in exports for the five kinds */
const KIND_WORDS: Array<[RegExp, EntryPointKind]> = [
  [/^(web|h5|url|link|page|网页|网址|链接|h5页面|h5链接|页面|网站|pc)$/i, 'web'],
  [/^(deeplink|deep link|scheme|applink|app link|深度链接|深链接|app内链接|应用内链接)$/i, 'deeplink'],
  [/^(miniprogram|mini-program|mini program|wechat|小程序|微信小程序|支付宝小程序)$/i, 'miniprogram'],
  [/^(appstore|app store|store|store listing|应用商店|应用市场|下载|下载页|商店)$/i, 'appstore'],
  [/^(qrcode|qr|qr code|二维码|码|印刷二维码)$/i, 'qrcode'],
];

export function normaliseKind(v: unknown): EntryPointKind | undefined {
  const s = String(v ?? '').trim();
  if ((ENTRY_POINT_KINDS as readonly string[]).includes(s)) return s as EntryPointKind;
  for (const [re, k] of KIND_WORDS) if (re.test(s)) return k;
  return undefined;
}

export type Materialised = { ok: true; entryPoint: EntryPoint } | { ok: false; reason: string; refused: boolean };

export function materialiseEntryPoint(appId: string, data: Record<string, unknown>, locator: string): Materialised {
  const kind = normaliseKind(data.kind ?? 'web');
  if (!kind) return { ok: false, refused: false, reason: `unknown entry point kind "${String(data.kind)}" (expected one of ${ENTRY_POINT_KINDS.join(', ')})` };
  const label = typeof data.label === 'string' && data.label.trim() ? data.label.trim() : undefined;
  const serviceKey = data.serviceKey == null || data.serviceKey === '' ? undefined : String(data.serviceKey);
  let address = String(data.address ?? '').trim();
  let miniprogram: { appId: string; path: string } | undefined;
  if (typeof data.refused === 'string' && data.refused) return { ok: false, refused: true, reason: `refused: ${data.refused}` };
  if (kind === 'miniprogram') {
    const mp = data.miniprogram as { appId?: unknown; path?: unknown } | undefined;
    let mpApp = mp?.appId ? String(mp.appId).trim() : '';
    let mpPath = mp?.path ? String(mp.path).trim() : '';
    if (!mpApp && address.includes(':') && !schemeOf(address)?.startsWith('http')) {
      const i = address.indexOf(':');
      mpApp = address.slice(0, i).trim();
      mpPath = address.slice(i + 1).trim();
    }
    if (!mpApp) return { ok: false, refused: false, reason: 'a mini-program entry point needs an appId (and a path)' };
    mpPath = mpPath || '/';
    miniprogram = { appId: mpApp, path: mpPath };
    address = `${mpApp}:${mpPath}`;
  } else {
    if (!address) return { ok: false, refused: false, reason: 'empty address' };
    const scheme = schemeOf(address);
    if (scheme && REFUSED_SCHEMES.includes(scheme)) return { ok: false, refused: true, reason: `refused scheme "${scheme}:" (${truncate(address)}): not followed, not redirected` };
    if (kind === 'web' || kind === 'qrcode') {
      if (!scheme) return { ok: false, refused: true, reason: `refused relative address "${truncate(address)}": no base URL to resolve it against` };
      if (scheme !== 'http' && scheme !== 'https') return { ok: false, refused: true, reason: `refused scheme "${scheme}:" for a ${kind} entry point (only http and https can be redirected)` };
    } else if (kind === 'appstore') {
      if (!scheme || !STORE_SCHEMES.includes(scheme)) return { ok: false, refused: true, reason: `refused store address "${truncate(address)}": expected an http(s) or store link` };
    } else if (kind === 'deeplink') {
      if (!scheme) return { ok: false, refused: true, reason: `refused deep link "${truncate(address)}": it has no scheme` };
    }
  }
  const ep = {
    id: entryPointId(appId, kind, address),
    appId,
    kind,
    address,
    ...(miniprogram ? { miniprogram } : {}),
    ...(label ? { label } : {}),
    ...(serviceKey ? { serviceKey } : {}),
    locator,
  };
  const parsed = EntryPoint.safeParse(ep);
  if (!parsed.success) return { ok: false, refused: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, entryPoint: parsed.data };
}

function truncate(s: string, n = 80): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
