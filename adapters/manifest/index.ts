// manifest: reads an app's menu or route configuration (JSON or YAML): services in nested menu
// groups, and every way into them — H5 pages, deep links, mini-program pages (appId + path), store
// listings and printed QR code URLs — each becoming an entry point of its kind (DESIGN §11).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { defineAdapter, getPath, textOf as anyText, type AdapterContext, type AdapterMessage } from 'yimen/sdk';

/** keys, names and addresses as written, trimmed ('' when there is none) */
const textOf = (v: unknown): string => anyText(v, 'raw');

const paths = (defaults: string[]) => z.union([z.string().min(1), z.array(z.string().min(1))]).default(defaults).transform((v) => (Array.isArray(v) ? v : [v]));

const FileSpec = z
  .object({
    path: z.string().min(1).describe('a .json, .yaml or .yml file, relative to yimen.yaml'),
    services: z.string().optional().describe('path of the service / menu list; default: the first of services, menus, menu, routes, items'),
    children: z.string().default('children').describe('key of nested items (menu groups)'),
    key: paths(['id', 'key', 'code', 'serviceId']).describe('fields holding a service key (first non-empty)'),
    name: paths(['name', 'title', 'label', 'text']).describe('fields holding the service name'),
    web: paths(['url', 'h5', 'h5Url', 'link', 'href', 'page']).describe('fields holding an H5 page URL'),
    deeplink: paths(['deeplink', 'deepLink', 'scheme', 'schemeUrl']).describe('fields holding a deep link'),
    route: paths(['route', 'path']).describe('fields holding an in-app route, made a deep link with appScheme'),
    appScheme: z.string().optional().describe('e.g. wjapp:// — turns routes like /service/12 into deep links'),
    miniprogram: paths(['miniprogram', 'miniProgram', 'mp', 'weapp']).describe('fields holding {appId, path}'),
    qrcode: paths(['qrcode', 'qrCode', 'qr', 'qrUrl']).describe('fields holding a printed QR code URL'),
    baseUrl: z.url().optional().describe('resolves relative page URLs'),
    storeListings: z.string().default('storeListings').describe('path of the app store listings [{store, url}]'),
    qrcodes: z.string().default('qrcodes').describe('path of printed QR codes [{url, label, serviceKey}]'),
    deepLinks: z.string().default('deepLinks').describe('path of app-level deep links [{url, label, serviceKey}]'),
    miniprograms: z.string().default('miniprograms').describe('path of mini-program entries [{appId, path, label, serviceKey}]'),
  })
  .strict();

export const ManifestConfig = z.object({ files: z.array(FileSpec).min(1) }).strict();
export type ManifestConfig = z.infer<typeof ManifestConfig>;
type FileSpec = z.infer<typeof FileSpec>;

function load(file: string): unknown {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const ext = extname(file).toLowerCase();
  try {
    return ext === '.json' ? JSON.parse(text) : parseYaml(text, { uniqueKeys: false });
  } catch (e) {
    throw new Error(`${basename(file)} is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
}

const first = (o: Record<string, unknown>, keys: string[]): unknown => {
  for (const k of keys) {
    const v = getPath(o, k);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
};

function resolveUrl(u: string, base?: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(u) || !base) return u;
  try {
    return new URL(u, base).toString();
  } catch {
    return u;
  }
}

/** the manifest's records (pure: from a parsed document) */
export function* recordsOf(doc: unknown, f: FileSpec, where: string): Generator<AdapterMessage> {
  const root = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  const listPath = f.services ?? ['services', 'menus', 'menu', 'routes', 'items'].find((k) => Array.isArray(getPath(root, k)));
  const list = listPath === undefined ? (Array.isArray(doc) ? doc : undefined) : getPath(root, listPath);
  if (list !== undefined && !Array.isArray(list)) throw new Error(`${where}: "${listPath}" is not a list`);
  const seen = new Set<string>();
  const ep = (kind: string, address: string, locator: string, extra: Record<string, unknown>): AdapterMessage => ({
    type: 'record',
    stream: 'entryPoints',
    key: `${kind} ${address}`,
    locator,
    data: { kind, address, ...extra },
  });

  function* walk(items: unknown[], at: string, group: string[]): Generator<AdapterMessage> {
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const locator = `${at}[${i}]`;
      if (!it || typeof it !== 'object' || Array.isArray(it)) {
        yield { type: 'quarantine', stream: 'services', locator, reason: 'a menu item that is not an object', raw: it };
        continue;
      }
      const o = it as Record<string, unknown>;
      const kids = o[f.children];
      const name = textOf(first(o, f.name));
      const web = textOf(first(o, f.web));
      const deeplink = textOf(first(o, f.deeplink));
      const route = textOf(first(o, f.route));
      const mp = first(o, f.miniprogram) as { appId?: unknown; appid?: unknown; path?: unknown; page?: unknown } | string | undefined;
      const qr = textOf(first(o, f.qrcode));
      const hasEntry = !!(web || deeplink || route || mp || qr);
      if (Array.isArray(kids)) {
        // a group: its own entry (if any) is an app-level one; its items are services
        if (web) yield ep('web', resolveUrl(web, f.baseUrl), `${locator}.url`, { label: name || undefined });
        yield* walk(kids, `${locator}.${f.children}`, name ? [...group, name] : group);
        continue;
      }
      const key = textOf(first(o, f.key)) || name;
      if (!key) {
        yield { type: 'quarantine', stream: 'services', locator, reason: `no key (${f.key.join(', ')}) and no name (${f.name.join(', ')})`, raw: o };
        continue;
      }
      if (seen.has(key)) {
        yield { type: 'quarantine', stream: 'services', locator, reason: `duplicate service key "${key}"`, raw: o };
        continue;
      }
      seen.add(key);
      const data: Record<string, unknown> = { ...o, 名称: name, 分组: group.join(' / ') };
      yield { type: 'record', stream: 'services', key, locator, data };
      if (!hasEntry) continue;
      const label = name || key;
      if (web) yield ep('web', resolveUrl(web, f.baseUrl), `${locator}.web`, { label, serviceKey: key });
      if (deeplink) yield ep('deeplink', deeplink, `${locator}.deeplink`, { label, serviceKey: key });
      if (route && f.appScheme && !deeplink) {
        const rel = route.replace(/^\/+/, '');
        const addr = /^[a-z][a-z0-9+.-]*:/i.test(route) ? route : f.appScheme.endsWith('://') ? f.appScheme + rel : f.appScheme.replace(/\/+$/, '') + '/' + rel;
        yield ep('deeplink', addr, `${locator}.route`, { label, serviceKey: key });
      }
      if (mp) {
        const appId = typeof mp === 'string' ? mp.split(':')[0]! : textOf(mp.appId ?? mp.appid);
        const path = typeof mp === 'string' ? (mp.split(':').slice(1).join(':') || '/') : textOf(mp.path ?? mp.page) || '/';
        yield ep('miniprogram', `${appId}:${path}`, `${locator}.miniprogram`, { label, serviceKey: key, miniprogram: { appId, path } });
      }
      if (qr) yield ep('qrcode', resolveUrl(qr, f.baseUrl), `${locator}.qrcode`, { label, serviceKey: key });
    }
  }
  if (Array.isArray(list)) yield* walk(list, `${where}#${listPath ?? '$'}`, []);

  const side = (path: string) => {
    const v = getPath(root, path);
    return Array.isArray(v) ? v : v && typeof v === 'object' ? Object.entries(v).map(([store, url]) => ({ store, url })) : [];
  };
  const sideKey = (o: Record<string, unknown>) => textOf(o.serviceKey ?? o.service) || undefined;
  for (const [i, s] of side(f.storeListings).entries()) {
    const o = (typeof s === 'string' ? { url: s } : s) as Record<string, unknown>;
    const url = textOf(o.url ?? o.link);
    if (url) yield ep('appstore', url, `${where}#${f.storeListings}[${i}]`, { label: textOf(o.store ?? o.label) || undefined });
    else yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#${f.storeListings}[${i}]`, reason: 'a store listing without a url', raw: s };
  }
  for (const [i, s] of side(f.qrcodes).entries()) {
    const o = (typeof s === 'string' ? { url: s } : s) as Record<string, unknown>;
    const url = textOf(o.url ?? o.link ?? o.content);
    if (url) yield ep('qrcode', resolveUrl(url, f.baseUrl), `${where}#${f.qrcodes}[${i}]`, { label: textOf(o.label ?? o.name) || undefined, serviceKey: sideKey(o) });
    else yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#${f.qrcodes}[${i}]`, reason: 'a QR code without a url', raw: s };
  }
  for (const [i, s] of side(f.deepLinks).entries()) {
    const o = (typeof s === 'string' ? { url: s } : s) as Record<string, unknown>;
    const url = textOf(o.url ?? o.link);
    if (url) yield ep('deeplink', url, `${where}#${f.deepLinks}[${i}]`, { label: textOf(o.label ?? o.name) || undefined, serviceKey: sideKey(o) });
    else yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#${f.deepLinks}[${i}]`, reason: 'a deep link without a url', raw: s };
  }
  for (const [i, s] of side(f.miniprograms).entries()) {
    const o = (s ?? {}) as Record<string, unknown>;
    const appId = textOf(o.appId ?? o.appid);
    const path = textOf(o.path ?? o.page) || '/';
    if (appId) yield ep('miniprogram', `${appId}:${path}`, `${where}#${f.miniprograms}[${i}]`, { label: textOf(o.label ?? o.name) || undefined, serviceKey: sideKey(o), miniprogram: { appId, path } });
    else yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#${f.miniprograms}[${i}]`, reason: 'a mini-program entry without an appId', raw: s };
  }
}

function fileOf(f: FileSpec, ctx: AdapterContext): string {
  const file = ctx.resolvePath(f.path);
  if (!existsSync(file)) throw new Error(`file not found: ${f.path}`);
  if (statSync(file).size > 50 * 1024 * 1024) throw new Error(`${f.path} is over 50 MB: not a menu configuration?`);
  return file;
}

export const manifestAdapter = defineAdapter<ManifestConfig>({
  name: 'manifest',
  version: '0.1.0',
  streams: ['services', 'entryPoints'],
  description: 'menu / route configuration in JSON or YAML: services, H5 pages, deep links, mini-program pages, store listings, QR codes',
  spec: ManifestConfig,
  async check(config, ctx) {
    for (const f of config.files) {
      try {
        const file = fileOf(f, ctx);
        const n = [...recordsOf(load(file), f, basename(file))].filter((m) => m.type === 'record').length;
        if (n === 0) return { ok: false, reason: `${f.path}: no services or entry points found`, hint: 'set `services` to the path of the menu list' };
      } catch (e) {
        return { ok: false, reason: (e as Error).message, hint: 'paths are relative to yimen.yaml' };
      }
    }
    return { ok: true, message: `${config.files.length} manifest(s) readable` };
  },
  async discover() {
    return [
      { name: 'services', primaryKey: ['key'] },
      { name: 'entryPoints', primaryKey: ['kind', 'address'] },
    ];
  },
  async *read(config, ctx) {
    for (const f of config.files) {
      const file = fileOf(f, ctx);
      yield* recordsOf(load(file), f, basename(file));
    }
  },
});

export default manifestAdapter;
