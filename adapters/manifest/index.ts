// manifest: reads an app's menu or route configuration (JSON or YAML) and WeChat mini-program
// `app.json` files: services in menus nested under any child keys, and every way into them — H5
// pages, deep links, mini-program pages (appId + path), store listings, printed QR codes, legacy
// route pairs — each an entry point of its kind (DESIGN §11). Fields are named by field paths
// (yimen/sdk); entry points come in any shape (EntryPointSpec).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { parse as parseYaml, YAMLParseError, type ScalarTag, type Tags } from 'yaml';
import iconv from 'iconv-lite';
import {
  childKeys,
  childrenOf,
  defineAdapter,
  detectEncoding,
  entryPointsOf,
  EntryPointSpec,
  hasValue,
  isFieldPath,
  parseJson,
  selectAll,
  selectFirst,
  textOf as anyText,
  type AdapterContext,
  type AdapterMessage,
  type EntryKind, YimenError } from 'yimen/sdk';

/** keys, names and addresses as written, trimmed ('' when there is none) */
const textOf = (v: unknown): string => (v !== null && typeof v === 'object' ? '' : anyText(v, 'raw'));

/** a field path, or a list of alternatives (the first with a value wins) */
const path = (dflt: string) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default(dflt)
    .transform((v) => (Array.isArray(v) ? v.join('|') : v))
    .refine(isFieldPath, { message: 'not a field path (like dept.name, entries[*].url or name|title)' });

const FileSpec = z
  .object({
    path: z.string().min(1).describe('a .json, .yaml or .yml file, relative to yimen.yaml'),
    format: z.enum(['auto', 'menu', 'wechat-app']).default('auto').describe('wechat-app: a mini-program app.json (pages, subPackages, tabBar); auto: app.json shape detected'),
    services: z.string().refine(isFieldPath).optional().describe('path of the service / menu list; default: the first list of services, menus, menu, routes, items, categories, groups, list, data'),
    children: z.union([z.string().min(1), z.array(z.string().min(1))]).default('children|items|subMenus|submenus|subItems|menus|list').describe('keys of nested items (menu groups), several allowed: children|items|subMenus'),
    key: path('id|key|code|serviceId').describe('path of a service key (alternatives: the first with a value)'),
    name: path('name|title|label|text').describe('path of the service name'),
    groupName: path('name|title|label|text').describe('path of a menu group name (when the service name path is not it)'),
    web: path('url|h5|h5Url|webviewUrl|webUrl|link|href').describe('path of an H5 page URL'),
    deeplink: path('deeplink|deepLink|scheme|schemeUrl').describe('path of a deep link'),
    route: path('route|path|pagePath|page').describe('path of an in-app route or page: a deep link with appScheme, else a mini-program page when there is an appId'),
    appScheme: z.string().optional().describe('e.g. wjapp:// — turns routes like /service/12 into deep links'),
    miniprogram: path('miniprogram|miniProgram|mp|weapp').describe('path of a {appId, path} object (or "appId:path")'),
    qrcode: path('qrcode|qrCode|qr|qrUrl').describe('path of a printed QR code URL'),
    appId: z.string().optional().describe('the mini-program appId (default: appIdPath in this file, else one found in another file of this app)'),
    appIdPath: path('appId|appid|miniprogram.appId|wxAppId').describe('where a file keeps its mini-program appId, from the document root'),
    baseUrl: z.url().optional().describe('resolves relative page URLs'),
    storeListings: path('storeListings').describe('path of the app store listings [{store, url}] or {store: url}'),
    qrcodes: path('qrcodes').describe('path of printed QR codes [{url, label, serviceKey}]'),
    deepLinks: path('deepLinks').describe('path of app-level deep links [{url, label, serviceKey}]'),
    miniprograms: path('miniprograms').describe('path of mini-program entries [{appId, path, label, serviceKey}]'),
    entryPoints: z.array(EntryPointSpec).default([]).describe('more entry points in the document, in any shape: tabs, route pairs (from → to), QR lists …'),
    itemEntryPoints: z.array(EntryPointSpec).default([]).describe('more entry points in each service item, in any shape'),
  })
  .strict();

export const ManifestConfig = z
  .object({
    files: z.array(FileSpec).min(1),
    appId: z.string().optional().describe('the mini-program appId for every file that has none'),
  })
  .strict();
export type ManifestConfig = z.infer<typeof ManifestConfig>;
type FileSpec = z.infer<typeof FileSpec>;

/** a file that cannot be parsed, with the line and its text */
class ManifestSyntaxError extends Error {
  constructor(message: string, readonly locator: string, readonly raw: string) {
    super(message);
  }
}

const MAX_FLOW_DEPTH = 256;

/** where brackets ([ ] { }, outside quoted strings) first nest deeper than `max`, if they do */
function flowDepthOver(text: string, max: number): number | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** the file's text: UTF-8 (BOM or not), UTF-16 by its BOM, else GB18030 when it is not UTF-8 (a CMS export on a Chinese Windows) */
function decodeFile(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16be');
  const text = detectEncoding(buf) === 'utf8' ? buf.toString('utf8') : iconv.decode(buf, 'gb18030');
  return text.replace(/^\uFEFF/, '');
}

/**
 * YAML's integers, but one written with leading zeros (id: 007) or beyond 2^53 is kept as the
 * text written: as a number it would be 7 (no longer the key "007" another list names) or rounded
 */
function keepIntegerText(tags: Tags): Tags {
  return tags.map((t) => {
    const tag = t as ScalarTag;
    if (tag.tag !== 'tag:yaml.org,2002:int' || tag.format || !tag.resolve) return t;
    const resolve = tag.resolve.bind(tag);
    return { ...tag, resolve: (str: string, ...rest: unknown[]) => (/^[-+]?0\d/.test(str) || !Number.isSafeInteger(Number(str)) ? str : (resolve as (...a: unknown[]) => unknown)(str, ...rest)) } as ScalarTag;
  });
}

function load(file: string): unknown {
  const text = decodeFile(readFileSync(file));
  const ext = extname(file).toLowerCase();
  const lineAt = (line: number) => text.split('\n')[line - 1]?.slice(0, 300) ?? '';
  if (ext === '.json') {
    try {
      // parsed as written first: a syntax error's position is the file's own
      const doc = JSON.parse(text) as unknown;
      // integers beyond 2^53 (Java Long ids) keep their digits, as text: rounded, two ids became one key
      return /\d{16}/.test(text) ? parseJson(text) : doc;
    } catch (e) {
      const msg = (e as Error).message;
      const pos = Number(/position (\d+)/.exec(msg)?.[1] ?? NaN);
      const line = Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : Number(/line (\d+)/.exec(msg)?.[1] ?? 1);
      throw new ManifestSyntaxError(`${basename(file)} is not valid JSON (line ${line}): ${msg.split('\n')[0]}`, `${basename(file)}:${line}`, lineAt(line));
    }
  }
  // the YAML parser recurses: a document nested thousands deep overflows its stack (or worse)
  const deepAt = flowDepthOver(text, MAX_FLOW_DEPTH);
  if (deepAt !== undefined) {
    const line = text.slice(0, deepAt).split('\n').length;
    throw new ManifestSyntaxError(`${basename(file)} is not valid YAML (line ${line}): nested too deep to read (over ${MAX_FLOW_DEPTH} levels of [ ] or { })`, `${basename(file)}:${line}`, lineAt(line));
  }
  try {
    return parseYaml(text, { uniqueKeys: false, customTags: keepIntegerText });
  } catch (e) {
    const line = e instanceof YAMLParseError ? (e.linePos?.[0]?.line ?? 1) : 1;
    const why = /Maximum call stack/.test((e as Error).message) ? 'nested too deep to read' : (e as Error).message.split('\n')[0];
    throw new ManifestSyntaxError(`${basename(file)} is not valid YAML (line ${line}): ${why}`, `${basename(file)}:${line}`, lineAt(line));
  }
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function resolveUrl(u: string, base?: string): string {
  if (SCHEME.test(u) || !base) return u;
  try {
    return new URL(u, base).toString();
  } catch {
    return u;
  }
}

/** a WeChat mini-program app.json: an object whose `pages` is a list of page paths */
function isWechatApp(doc: unknown): boolean {
  const pages = (doc as Record<string, unknown> | null)?.pages;
  return Array.isArray(pages) && pages.length > 0 && pages.every((p) => typeof p === 'string');
}

/** the mini-program appId a document itself names at its root */
export function rootAppId(doc: unknown, f: FileSpec): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  return textOf(selectFirst(doc, f.appIdPath)) || undefined;
}

/** menu groups nest a few levels deep; past this an item is quarantined (a YAML alias to itself nests forever) */
const MAX_MENU_DEPTH = 32;
const DEFAULT_LISTS = ['services', 'menus', 'menu', 'routes', 'items', 'categories', 'groups', 'list', 'data'];

/** a mini-program appId (WeChat wx…, Alipay's digits), not a CMS's own app number */
const MP_APPID = /^(wx[0-9a-z]{6,}|\d{10,})$/i;

/** the services already read from the app's files: key → its name and file (one key, one service across files) */
export type SeenKeys = Map<string, { name: string; where: string; file: string }>;

/** the manifest's records (pure: from a parsed document) */
export function* recordsOf(doc: unknown, f: FileSpec, where: string, sharedAppId?: string, seenKeys: SeenKeys = new Map()): Generator<AdapterMessage> {
  const root = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const appId = f.appId ?? rootAppId(doc, f) ?? sharedAppId;
  const seenEp = new Set<string>();
  let found = 0;
  const ep = (data: Record<string, unknown>, locator: string): AdapterMessage | undefined => {
    const key = `${String(data.kind)} ${String(data.address)}`;
    if (seenEp.has(`${key}\u0000${String(data.serviceKey ?? '')}`)) return undefined;
    seenEp.add(`${key}\u0000${String(data.serviceKey ?? '')}`);
    found++;
    return { type: 'record', stream: 'entryPoints', key, locator, data };
  };
  const resolve = (address: string, kind: EntryKind): string => {
    if (kind === 'deeplink' && !SCHEME.test(address) && f.appScheme) {
      const rel = address.replace(/^\/+/, '');
      return f.appScheme.endsWith('://') ? f.appScheme + rel : f.appScheme.replace(/\/+$/, '') + '/' + rel;
    }
    return kind === 'web' || kind === 'qrcode' ? resolveUrl(address, f.baseUrl) : address;
  };

  if (f.format === 'wechat-app' || (f.format === 'auto' && isWechatApp(doc))) {
    yield* wechatApp(root, where, appId, ep);
    return;
  }

  // the service list: configured, else the first known list in the document
  let listPath = f.services;
  let list: unknown;
  if (listPath !== undefined) list = selectFirst(root, listPath);
  else if (Array.isArray(doc)) {
    list = doc;
    listPath = '$';
  } else {
    listPath = DEFAULT_LISTS.find((k) => root[k] !== undefined && Array.isArray(root[k]));
    list = listPath === undefined ? undefined : root[listPath];
    const wrong = DEFAULT_LISTS.find((k) => root[k] !== undefined && root[k] !== null);
    if (listPath === undefined && wrong) {
      listPath = wrong;
      const v = root[wrong];
      // a single menu object holding the lists (`menu: { children: [...] }`) is a list of one
      list = v && typeof v === 'object' && childrenOf(v as Record<string, unknown>, childKeys(f.children)).length ? [v] : v;
    }
  }
  if (f.services !== undefined && Array.isArray(list) === false && list && typeof list === 'object' && childrenOf(list as Record<string, unknown>, childKeys(f.children)).length) list = [list];
  if (f.services !== undefined && list === undefined) {
    yield { type: 'quarantine', stream: 'services', locator: `${where}#${f.services}`, reason: `no service list at "${f.services}"`, raw: Object.keys(root).slice(0, 20), incomplete: true };
  } else if (list !== undefined && !Array.isArray(list)) {
    // never 0 records silently: the list is there but is not a list
    yield { type: 'quarantine', stream: 'services', locator: `${where}#${listPath}`, reason: `"${listPath}" is not a list (found ${list === null ? 'null' : typeof list})`, raw: JSON.stringify(list)?.slice(0, 500), incomplete: true };
  }
  const kidsKeys = childKeys(f.children);

  const itemSpecs: EntryPointSpec[] = [
    { field: f.web, kind: 'web', address: 'url', kinds: {} },
    { field: f.deeplink, kind: 'deeplink', address: 'url', kinds: {} },
    { field: f.qrcode, kind: 'qrcode', address: 'url', kinds: {} },
  ];

  function* walk(items: unknown[], at: string, group: string[], groupAppId = appId): Generator<AdapterMessage> {
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const locator = `${at}[${i}]`;
      // menus nest a few levels; thousands (or a YAML alias to itself) would overflow the stack
      if (group.length >= MAX_MENU_DEPTH) {
        yield { type: 'quarantine', stream: 'services', locator, reason: `a menu nested deeper than ${MAX_MENU_DEPTH} levels`, raw: typeof it === 'object' && it !== null ? `${Array.isArray(it) ? 'an array' : 'an object'} at depth ${group.length}` : it };
        continue;
      }
      if (!it || typeof it !== 'object' || Array.isArray(it)) {
        yield { type: 'quarantine', stream: 'services', locator, reason: 'a menu item that is not an object', raw: it };
        continue;
      }
      const o = it as Record<string, unknown>;
      // a group or item of another mini-program names its own appId (`{ appId: wx…, path: … }`):
      // its pages are that mini-program's, not the file's
      const ownAppId = textOf(selectFirst(o, f.appIdPath));
      const itemAppId = MP_APPID.test(ownAppId) ? ownAppId : groupAppId;
      const kids = childrenOf(o, kidsKeys);
      const name = textOf(selectFirst(o, kids.length ? `${f.name}|${f.groupName}` : f.name));
      if (kids.length) {
        // a group: its own entry (if any) is an app-level one; its items are services
        for (const e of entryPointsOf(o, [itemSpecs[0]!], { resolve, ...(name ? { label: name } : {}) })) {
          const m = ep(e.data, `${locator}${e.at}`);
          if (m) yield m;
        }
        for (const k of kids) yield* walk(k.items, `${locator}.${k.key}`, [...group, name], itemAppId);
        continue;
      }
      const key = textOf(selectFirst(o, f.key)) || name;
      if (!key) {
        yield { type: 'quarantine', stream: 'services', locator, reason: `no key (${f.key}) and no name (${f.name})`, raw: o };
        continue;
      }
      const was = seenKeys.get(key);
      if (was && (was.name !== name || was.file === f.path)) {
        // another file's service with this key would be stored over (ids restart in each menu file)
        yield { type: 'quarantine', stream: 'services', locator, reason: was.file === f.path ? `duplicate service key "${key}"` : `duplicate service key "${key}": "${name}" here, "${was.name}" in ${was.where} (keys restart in each file? set key to a field unique across files)`, raw: o };
        continue;
      }
      if (was) {
        // the same service in another of the app's menus: one service; this menu's ways into it are its entry points too
        yield { type: 'log', level: 'info', message: `${locator}: "${name}" (${key}) is also in ${was.where}: read once` };
      } else {
        seenKeys.set(key, { name, where, file: f.path });
        found++;
        yield { type: 'record', stream: 'services', key, locator, data: { ...o, 名称: name, 分组: group.filter(Boolean).join(' / ') } };
      }
      const opts = { label: name || key, serviceKey: key, resolve, ...(itemAppId ? { appId: itemAppId } : {}) };
      for (const e of entryPointsOf(o, [...itemSpecs, ...f.itemEntryPoints], opts)) {
        const m = ep(e.data, `${locator}${e.at}`);
        if (m) yield m;
      }
      // a {appId, path} object, or "appId:path"
      // (a flag such as `miniProgram: true` is no address: it names no page)
      const got = selectFirst(o, f.miniprogram);
      const mp = typeof got === 'boolean' || typeof got === 'number' ? undefined : got;
      if (hasValue(mp)) {
        const mo = typeof mp === 'object' ? (mp as Record<string, unknown>) : {};
        // "appId:path", or a page path alone (pages/x/index?id=1): a page of the item's mini-program
        const s = typeof mp === 'string' ? /^([A-Za-z0-9_-]+):(.*)$/.exec(mp) : null;
        const id = s ? s[1]! : textOf(mo.appId ?? mo.appid) || itemAppId || '';
        const p = s ? s[2] || '/' : (typeof mp === 'string' ? mp.trim() : textOf(mo.path ?? mo.page ?? mo.pagePath)) || '/';
        const m = ep({ kind: 'miniprogram', address: `${id}:${p}`, label: opts.label, serviceKey: key, miniprogram: { appId: id, path: p } }, `${locator}.miniprogram`);
        if (m) yield m;
      }
      // a route: a deep link with the app's scheme, else (a mini-program's CMS) the item's mini-program page
      const route = textOf(selectFirst(o, f.route));
      const deeplink = textOf(selectFirst(o, f.deeplink));
      if (route && !SCHEME.test(route)) {
        if (f.appScheme && !deeplink) {
          const m = ep({ kind: 'deeplink', address: resolve(route, 'deeplink'), label: opts.label, serviceKey: key }, `${locator}.route`);
          if (m) yield m;
        } else if (!f.appScheme && itemAppId && !hasValue(mp)) {
          const p = route.replace(/^\/+/, '');
          const m = ep({ kind: 'miniprogram', address: `${itemAppId}:${p}`, label: opts.label, serviceKey: key, miniprogram: { appId: itemAppId, path: p } }, `${locator}.route`);
          if (m) yield m;
        }
      }
    }
  }
  if (Array.isArray(list)) yield* walk(list, `${where}#${listPath ?? '$'}`, []);

  // top-level lists of entry points: each element without an address is quarantined, not dropped
  const side = function* (at: string, spec: EntryPointSpec, what: string): Generator<AdapterMessage> {
    if (at === '') return;
    const vals = selectAll(root, at);
    if (!vals.length) return;
    const v = vals.length === 1 ? vals[0] : vals;
    const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.entries(v).map(([store, url]) => ({ store, url })) : [v];
    for (const [i, s] of list.entries()) {
      const loc = `${where}#${at}[${i}]`;
      const el = typeof s === 'string' ? { url: s } : s;
      const eps = entryPointsOf([el], [{ ...spec, each: '[*]' }], { resolve, ...(appId ? { appId } : {}) });
      if (!eps.length) {
        yield { type: 'quarantine', stream: 'entryPoints', locator: loc, reason: `${what} without an address`, raw: s };
        continue;
      }
      for (const e of eps) {
        if (e.data.kind === 'miniprogram' && !e.data.miniprogram?.appId) {
          yield { type: 'quarantine', stream: 'entryPoints', locator: loc, reason: 'a mini-program entry without an appId (set appId)', raw: s };
          continue;
        }
        const m = ep(e.data, loc);
        if (m) yield m;
      }
    }
  };
  const base = { kinds: {} } as const;
  yield* side(f.storeListings, { ...base, address: 'url|link|href', kind: 'appstore', label: 'store|label|name' }, 'a store listing');
  yield* side(f.qrcodes, { ...base, address: 'url|link|content|href', kind: 'qrcode', label: 'label|name', serviceKey: 'serviceKey|service' }, 'a QR code');
  yield* side(f.deepLinks, { ...base, address: 'url|link|href', kind: 'deeplink', label: 'label|name', serviceKey: 'serviceKey|service' }, 'a deep link');
  yield* side(f.miniprograms, { ...base, address: 'path|page|pagePath', kind: 'miniprogram', appId: 'appId|appid', label: 'label|name', serviceKey: 'serviceKey|service' }, 'a mini-program entry');
  for (const e of entryPointsOf(root, f.entryPoints, { resolve, ...(appId ? { appId } : {}) })) {
    const m = ep(e.data, `${where}#${e.at.slice(1)}`);
    if (m) yield m;
  }
  if (found === 0 && list === undefined) {
    yield { type: 'quarantine', stream: 'services', locator: where, reason: `no services or entry points found (looked for ${f.services ?? DEFAULT_LISTS.join(', ')})`, raw: Object.keys(root).slice(0, 20), incomplete: true };
  }
}

/** a mini-program app.json: every page (main package and subpackages) and tab is an app-level mini-program entry point */
function* wechatApp(root: Record<string, unknown>, where: string, appId: string | undefined, ep: (d: Record<string, unknown>, l: string) => AdapterMessage | undefined): Generator<AdapterMessage> {
  if (!appId) {
    yield { type: 'quarantine', stream: 'entryPoints', locator: where, reason: 'a mini-program app.json without an appId: set appId in the config (or give the CMS export that names it)', incomplete: true };
    return;
  }
  const tabs = new Map<string, string>();
  const tabList = (root.tabBar as { list?: unknown } | undefined)?.list;
  if (Array.isArray(tabList)) for (const t of tabList) if (t && typeof t === 'object') tabs.set(textOf((t as Record<string, unknown>).pagePath).replace(/^\/+/, ''), textOf((t as Record<string, unknown>).text));
  const page = (p: unknown, loc: string, label?: string) => {
    const path = textOf(p).replace(/^\/+/, '');
    if (!path) return undefined;
    const l = label || tabs.get(path);
    return ep({ kind: 'miniprogram', address: `${appId}:${path}`, miniprogram: { appId, path }, ...(l ? { label: l } : {}) }, loc);
  };
  const pages = root.pages;
  if (!Array.isArray(pages)) {
    yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#pages`, reason: 'a mini-program app.json without a "pages" list', raw: JSON.stringify(pages ?? null)?.slice(0, 500), incomplete: true };
    return;
  }
  for (const [i, p] of pages.entries()) {
    const m = page(p, `${where}#pages[${i}]`);
    if (m) yield m;
  }
  const entry = textOf(root.entryPagePath);
  if (entry) {
    const m = page(entry, `${where}#entryPagePath`);
    if (m) yield m;
  }
  for (const k of ['subPackages', 'subpackages'] as const) {
    const subs = root[k];
    if (subs === undefined) continue;
    if (!Array.isArray(subs)) {
      yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#${k}`, reason: `"${k}" is not a list`, raw: JSON.stringify(subs)?.slice(0, 500) };
      continue;
    }
    for (const [i, s] of subs.entries()) {
      const o = (s ?? {}) as Record<string, unknown>;
      const rootDir = textOf(o.root).replace(/^\/+|\/+$/g, '');
      if (!Array.isArray(o.pages)) {
        yield { type: 'quarantine', stream: 'entryPoints', locator: `${where}#${k}[${i}]`, reason: 'a subpackage without a list of pages', raw: s };
        continue;
      }
      for (const [j, p] of o.pages.entries()) {
        const m = page(rootDir ? `${rootDir}/${textOf(p).replace(/^\/+/, '')}` : p, `${where}#${k}[${i}].pages[${j}]`);
        if (m) yield m;
      }
    }
  }
  for (const [path, label] of tabs) {
    const m = page(path, `${where}#tabBar.list`, label);
    if (m) yield m;
  }
}

function fileOf(f: FileSpec, ctx: AdapterContext): string {
  const file = ctx.resolvePath(f.path);
  if (!existsSync(file)) throw new YimenError('E_SOURCE_FILE', `file not found: ${f.path}`, { hint: 'paths in a source config are relative to yimen.yaml' });
  if (statSync(file).size > 50 * 1024 * 1024) throw new YimenError('E_SOURCE_TOO_LARGE', `${f.path} is over 50 MB: not a menu configuration?`, { hint: 'point the manifest adapter at the app\'s menu or route file' });
  return file;
}

type Loaded = { f: FileSpec; where: string; doc?: unknown; error?: ManifestSyntaxError };

function loadAll(config: ManifestConfig, ctx: AdapterContext): { loaded: Loaded[]; sharedAppId?: string } {
  const loaded: Loaded[] = config.files.map((f) => {
    const file = fileOf(f, ctx);
    try {
      return { f, where: basename(file), doc: load(file) };
    } catch (e) {
      if (e instanceof ManifestSyntaxError) return { f, where: basename(file), error: e };
      throw e;
    }
  });
  // one app, one mini-program: an appId named in any file serves the files that name none
  const sharedAppId = config.appId ?? loaded.map((l) => (l.doc === undefined ? undefined : rootAppId(l.doc, l.f))).find(Boolean);
  return { loaded, sharedAppId };
}

export const manifestAdapter = defineAdapter<ManifestConfig>({
  name: 'manifest',
  version: '0.3.0',
  streams: ['services', 'entryPoints'],
  description: 'menu / route configuration in JSON or YAML and mini-program app.json: services, H5 pages, deep links, mini-program pages, store listings, QR codes',
  spec: ManifestConfig,
  async check(config, ctx) {
    try {
      const { loaded, sharedAppId } = loadAll(config, ctx);
      for (const l of loaded) {
        if (l.error) return { ok: false, reason: l.error.message, hint: 'fix the file, or export it again' };
        const msgs = [...recordsOf(l.doc, l.f, l.where, sharedAppId)];
        const bad = msgs.find((m) => m.type === 'quarantine' && m.incomplete);
        if (bad && bad.type === 'quarantine') return { ok: false, reason: `${bad.locator}: ${bad.reason}`, hint: 'set `services` to the path of the menu list, `children` to the keys of nested items' };
      }
    } catch (e) {
      return { ok: false, reason: (e as Error).message, hint: 'paths are relative to yimen.yaml' };
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
    const { loaded, sharedAppId } = loadAll(config, ctx);
    // one key, one service across the app's files: a later file cannot silently replace an earlier one's
    const seenKeys: SeenKeys = new Map();
    for (const l of loaded) {
      if (l.error) {
        // the whole file is unreadable: say where, keep the line, remove nothing
        yield { type: 'quarantine', stream: 'services', locator: l.error.locator, reason: l.error.message, raw: l.error.raw, incomplete: true };
        continue;
      }
      yield* recordsOf(l.doc, l.f, l.where, sharedAppId, seenKeys);
    }
  },
});

export default manifestAdapter;
