// Turns `entryPoints` stream records into EntryPoints (DESIGN §11), or says why one is refused.
// Every address is made canonical per kind (src/schema/entry-address.ts) with the app's settings
// (significant parameters, hash routes), so one page is one entry point however the source wrote
// it; hostile addresses (control characters, a backslash, user info) are refused with the reason.
// Addresses already on the unified app are marked `migrated`, other sites' `external`: both are
// listed and get no rule. `javascript:`, `tel:` and the like are refused (kept in quarantine).
import { EntryPoint, type EntryPointStatus } from '../schema/entry-point.js';
import { ENTRY_POINT_KINDS, type EntryPointKind } from '../schema/enums.js';
import { canonicalAddress, hostAllowed } from '../schema/entry-address.js';
import { sha1 } from '../sdk/index.js';

export const REFUSED_SCHEMES = ['javascript', 'vbscript', 'data', 'tel', 'mailto', 'sms', 'about', 'blob', 'file', 'ftp'];
const STORE_SCHEMES = ['http', 'https', 'itms-apps', 'itms-appss', 'market', 'appmarket', 'mimarket', 'hiapplink'];

/** how one app's entry points are made canonical and judged (yimen.yaml apps[].entryPoints + unifiedApp.allowlist) */
export interface EntryPointSettings {
  significantParams?: Partial<Record<EntryPointKind, readonly string[]>>;
  keepFragment?: boolean;
  /** the app's own hosts (`*.x.cn` too), URL schemes (`scheme://`) and mini-program appIds */
  ownHosts?: readonly string[];
  /** hosts on the unified app: unifiedApp.allowlist plus the app's unifiedHosts */
  unifiedHosts?: readonly string[];
}

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

/** whether an entry point needs no rule: on the unified app already, or another site's */
export function entryPointStatus(kind: EntryPointKind, address: string, s: EntryPointSettings): { status: EntryPointStatus; reason: string } | undefined {
  const own = s.ownHosts ?? [];
  if (kind === 'web' || kind === 'qrcode' || kind === 'appstore') {
    let host: string;
    try {
      host = new URL(address).hostname;
    } catch {
      return undefined;
    }
    if (s.unifiedHosts?.length && hostAllowed(host, s.unifiedHosts)) return { status: 'migrated', reason: `${host} is the unified app: already migrated, no rule` };
    const hosts = own.filter((h) => !h.includes('://') && h.includes('.'));
    if (kind !== 'appstore' && hosts.length && !hostAllowed(host, hosts)) return { status: 'external', reason: `${host} is not the app's own (${hosts.join(', ')}): another site's page, left alone` };
    return undefined;
  }
  if (kind === 'deeplink') {
    const schemes = own.filter((h) => h.endsWith('://')).map((h) => h.slice(0, -3).toLowerCase());
    const sc = schemeOf(address);
    if (schemes.length && sc && !schemes.includes(sc)) return { status: 'external', reason: `${sc}:// is not the app's own scheme (${schemes.join(', ')}): another app's link, left alone` };
    return undefined;
  }
  const ids = own.filter((h) => !h.includes('.') && !h.includes('://'));
  const mp = address.slice(0, address.indexOf(':'));
  if (ids.length && !ids.includes(mp)) return { status: 'external', reason: `mini-program ${mp} is not the app's own (${ids.join(', ')}): left alone` };
  return undefined;
}

export function materialiseEntryPoint(appId: string, data: Record<string, unknown>, locator: string, settings: EntryPointSettings = {}): Materialised {
  const kind = normaliseKind(data.kind ?? 'web');
  if (!kind) return { ok: false, refused: false, reason: `unknown entry point kind "${String(data.kind)}" (expected one of ${ENTRY_POINT_KINDS.join(', ')})` };
  const label = typeof data.label === 'string' && data.label.trim() ? data.label.trim() : undefined;
  const serviceKey = data.serviceKey == null || data.serviceKey === '' ? undefined : String(data.serviceKey);
  let address = String(data.address ?? '').trim();
  const base = typeof data.base === 'string' && data.base ? data.base : undefined;
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
    address = `${mpApp}:${mpPath || '/'}`;
  } else {
    if (!address) return { ok: false, refused: false, reason: 'empty address' };
    const scheme = schemeOf(address);
    if (scheme && REFUSED_SCHEMES.includes(scheme)) return { ok: false, refused: true, reason: `refused scheme "${scheme}:" (${truncate(address)}): not followed, not redirected` };
    if (kind === 'web' || kind === 'qrcode') {
      if (!scheme && !base) return { ok: false, refused: true, reason: `refused relative address "${truncate(address)}": no base URL to resolve it against` };
      if (scheme && scheme !== 'http' && scheme !== 'https') return { ok: false, refused: true, reason: `refused scheme "${scheme}:" for a ${kind} entry point (only http and https can be redirected)` };
    } else if (kind === 'appstore') {
      if (!scheme || !STORE_SCHEMES.includes(scheme)) return { ok: false, refused: true, reason: `refused store address "${truncate(address)}": expected an http(s) or store link` };
    } else if (kind === 'deeplink') {
      if (!scheme) return { ok: false, refused: true, reason: `refused deep link "${truncate(address)}": it has no scheme` };
    }
  }
  const sig = settings.significantParams ?? {};
  const c = canonicalAddress(kind, address, {
    base,
    significantParams: sig[kind] ?? (kind === 'qrcode' ? sig.web : undefined) ?? [],
    keepFragment: settings.keepFragment,
  });
  if (!c.ok) return { ok: false, refused: true, reason: `refused address "${truncate(JSON.stringify(address).slice(1, -1))}": ${c.reason}` };
  const st = entryPointStatus(kind, c.address, settings);
  const ep = {
    id: entryPointId(appId, kind, c.address),
    appId,
    kind,
    address: c.address,
    ...(c.miniprogram ? { miniprogram: c.miniprogram } : {}),
    ...(label ? { label } : {}),
    ...(serviceKey ? { serviceKey } : {}),
    locator,
    ...(c.address !== address ? { raw: address } : {}),
    ...(st ? { status: st.status, statusReason: st.reason } : {}),
  };
  const parsed = EntryPoint.safeParse(ep);
  if (!parsed.success) return { ok: false, refused: false, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, entryPoint: parsed.data };
}

/**
 * Who keeps an address several services claim (docs/adapters.md, "Shared addresses"): the service
 * whose own key is that address (its primary link), else the first in source order.
 */
export function precedence(address: string, claimants: readonly string[]): string {
  return claimants.find((k) => k === address) ?? claimants[0]!;
}

function truncate(s: string, n = 80): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
