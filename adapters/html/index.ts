// html: reads an app's H5 menu pages, saved to a file or live at a URL. Items and their links are
// chosen by configured CSS selectors (cheerio); relative links are resolved against the page's
// address (configured, <base href>, a saved page's "saved from" comment or canonical link); fields
// by HTML field paths (`.svc-pv`, `a@data-dept`, `@data-visits`); every link becomes a `web` entry
// point and the page's own address an app-level one; placeholder cards (`javascript:`/`#` links,
// "敬请期待") are reported, not read as services; `tel:` and other non-web schemes are recorded
// and refused by the runner, never followed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type * as Cheerio from 'cheerio';

let cheerioMod: typeof Cheerio | undefined;
const cheerio = async () => (cheerioMod ??= await import('cheerio'));
import iconv from 'iconv-lite';
import { defineAdapter, detectEncoding, ENTRY_KINDS, HttpError, parseHtmlPath, type AdapterContext, type AdapterMessage, YimenError } from 'yimen/sdk';

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const HtmlPath = z.string().min(1).refine(isHtmlPath, { message: 'not an HTML field path (like .name, a@href, @data-visits, img@src|@data-src)' });

const Page = z
  .object({
    file: oneOrMany.optional().describe('a saved page, or a list of them, relative to yimen.yaml'),
    url: z.union([z.url(), z.array(z.url()).min(1)]).optional().describe('a live page, or a list of them'),
    baseUrl: z.url().optional().describe("resolves relative links (default: the page's <base href>, its saved-from address, its canonical link, or its URL)"),
    pageUrl: z.url().optional().describe("the saved page's own address (default: its saved-from comment or canonical link): an app-level entry point"),
    pageEntryPoint: z.boolean().default(true).describe("the page's own address is an entry point of the app"),
    items: z.string().min(1).describe('CSS selector of one menu item (one service)'),
    link: HtmlPath.default('a[href], [data-href], [data-url]').describe('the link inside an item (or the item itself): a selector (its href, data-href or data-url) or a path like a.go@data-link'),
    label: HtmlPath.optional().describe('the label inside an item (a selector or path); default: the link text, else the item text'),
    fields: z.record(z.string(), HtmlPath).default({}).describe('more record fields: name → field path inside the item (.svc-pv, a@data-dept, @data-visits)'),
    entryPoints: z.array(z.object({ path: HtmlPath, kind: z.enum(ENTRY_KINDS).default('web') }).strict()).default([]).describe('more entry points in each item, e.g. { path: img.qr@data-url, kind: qrcode }'),
    key: z.string().min(1).default('label').describe('what identifies a service: label, address, or a field path inside the item (@data-id)'),
    placeholders: z.array(z.string()).default(['即将上线', '敬请期待', '建设中', '暂未开放', '尚未开放', '开发中', 'coming soon']).describe('words marking a placeholder card (also a javascript: or # link): reported, not a service'),
    stream: z.enum(['services', 'entryPoints']).default('services').describe('services: each item is a service and its link an entry point; entryPoints: links only'),
    encoding: z.enum(['auto', 'utf8', 'gb18030']).default('auto'),
  })
  .strict()
  .refine((p) => !!p.file !== !!p.url, { message: 'give exactly one of file or url' });

export const HtmlConfig = z
  .object({
    pages: z.array(Page).min(1),
    timeoutMs: z.number().int().positive().default(30_000),
    maxBytes: z.number().int().positive().default(20 * 1024 * 1024),
  })
  .strict();
export type HtmlConfig = z.infer<typeof HtmlConfig>;
type PageConfig = z.infer<typeof Page>;

function isHtmlPath(p: string): boolean {
  try {
    parseHtmlPath(p);
    return true;
  } catch {
    return false;
  }
}

/** the pages a page config names, one per file or URL */
function sourcesOf(p: PageConfig): Array<{ file?: string; url?: string }> {
  if (p.file) return (Array.isArray(p.file) ? p.file : [p.file]).map((file) => ({ file }));
  return (Array.isArray(p.url) ? p.url : [p.url!]).map((url) => ({ url }));
}

function decode(buf: Buffer, declared: 'auto' | 'utf8' | 'gb18030', contentType?: string): string {
  if (declared !== 'auto') return iconv.decode(buf, declared);
  // a byte-order mark wins over any declaration, as in a browser: a GBK page re-saved as UTF-8
  // (or UTF-16) by an editor keeps its old <meta charset="gbk">
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16be');
  const fromHeader = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = buf.subarray(0, 4096).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  const cs = (fromHeader ?? fromMeta ?? '').toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk)$/.test(cs)) return iconv.decode(buf, 'gb18030');
  if (cs === 'utf-8' || cs === 'utf8') return buf.toString('utf8');
  return iconv.decode(buf, detectEncoding(buf.subarray(0, 256 * 1024)));
}

async function loadPage(src: { file?: string; url?: string }, p: PageConfig, config: HtmlConfig, ctx: AdapterContext): Promise<{ html: string; where: string; base?: string; own?: string; served?: string }> {
  if (src.file) {
    const file = ctx.resolvePath(src.file);
    if (!existsSync(file)) throw new YimenError('E_SOURCE_FILE', `file not found: ${src.file}`, { hint: 'paths in a source config are relative to yimen.yaml' });
    if (statSync(file).size > config.maxBytes) throw new YimenError('E_SOURCE_TOO_LARGE', `${src.file} is larger than ${config.maxBytes} bytes (maxBytes)`, { hint: 'raise maxBytes in the source config if the page really is that big' });
    return { html: decode(readFileSync(file), p.encoding), where: basename(file), base: p.baseUrl, own: p.pageUrl };
  }
  const http = ctx.http({ timeoutMs: config.timeoutMs, maxBodyBytes: config.maxBytes });
  // redirects are followed here, not by the client, to know the address the page came from: its
  // relative links are relative to that (/zwfw → 301 /zwfw/: svc/1 is /zwfw/svc/1, not /svc/1)
  let at = src.url!;
  for (let hop = 0; ; hop++) {
    const res = await http.get<Buffer>(at, { responseType: 'buffer', followRedirects: false, acceptStatuses: REDIRECTS, headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' } });
    const next = REDIRECTS.includes(res.status) ? absolute(res.headers['location'], at) : undefined;
    if (!next) return { html: decode(res.data, p.encoding, res.headers['content-type']), where: src.url!, base: p.baseUrl, own: src.url, served: at };
    if (hop >= 5) throw new YimenError('E_SOURCE_REDIRECTS', `${src.url}: more than 5 redirects (last to ${next})`, { hint: 'configure the url the page finally lives at' });
    at = next;
  }
}
const REDIRECTS = [301, 302, 303, 307, 308];

const text = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function absolute(u: string | undefined, base: string | undefined): string | undefined {
  if (!u) return undefined;
  try {
    return new URL(u, base).toString();
  } catch {
    return undefined;
  }
}

/** what a page says of its own address: a browser's "saved from" comment, else its canonical link */
export function ownAddressOf(html: string, $: Cheerio.CheerioAPI): string | undefined {
  const saved = /<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->/i.exec(html.slice(0, 8192))?.[1];
  return absolute(saved, undefined) ?? absolute($('link[rel~="canonical"][href]').attr('href'), undefined);
}

type El = Cheerio.Cheerio<any>;

/** template markers left in a page saved before its script ran: {{ x }}, {% x %}, <%= x %>, ${x} */
const TEMPLATE = /\{\{.*\}\}|\{%.*%\}|<%.*%>|\$\{[^}]*\}/;
const QUOTED = `(['"])([^'"]+?)\\1`;
/** a script that goes to a page: location(.href) = '…', location.assign/replace('…'), window.open('…'), or any call with an http(s) address */
const GOES_TO = [
  new RegExp(`location(?:\\.href)?\\s*=\\s*${QUOTED}`),
  new RegExp(`location\\.(?:assign|replace)\\(\\s*${QUOTED}`),
  new RegExp(`\\bopen\\(\\s*${QUOTED}`),
  /[\w$]\s*\(\s*(['"])((?:https?:)?\/\/[^'"\s]+)\1/i,
];

/** where a `javascript:`/`#` link really goes: another link attribute, the script, or an onclick (the link's, then the item's) */
function scriptTarget(raw: string, linkEl: El, item: El, attrs: string[]): string | undefined {
  for (const a of attrs) {
    const v = linkEl.attr(a)?.trim();
    if (v && !/^javascript:/i.test(v) && !/^#+$/.test(v)) return v;
  }
  for (const js of [/^javascript:/i.test(raw) ? raw.slice(11) : '', linkEl.attr('onclick'), item.attr('onclick')]) {
    if (!js) continue;
    for (const re of GOES_TO) {
      const to = re.exec(js)?.[2]?.trim();
      if (to && !/^javascript:/i.test(to) && !/^#+$/.test(to)) return to;
    }
  }
  return undefined;
}

/** an HTML field path's value inside an item: the first alternative with a value */
function valueAt(el: El, path: string, defaultAttrs: string[] = []): { value: string; node?: El } {
  for (const part of parseHtmlPath(path)) {
    const node = part.selector === '' ? el : el.is(part.selector) ? el : el.find(part.selector).first();
    if (!node.length) continue;
    if (part.attr) {
      const v = node.attr(part.attr);
      if (v !== undefined && v.trim() !== '') return { value: v.trim(), node };
      continue;
    }
    if (defaultAttrs.length) {
      for (const a of defaultAttrs) {
        const v = node.attr(a);
        if (v !== undefined && v.trim() !== '') return { value: v.trim(), node };
      }
      continue;
    }
    const t = text(node.text());
    if (t) return { value: t, node };
  }
  return { value: '' };
}

/** shared by the pages of one read: a service on two pages is one service */
export interface PageReadState {
  seen: Map<string, string>;
  pages: Set<string>;
}

/** the page's items as records (pure: parses HTML text, never throws on bad markup) */
export async function* itemsOf(html: string, p: PageConfig, where: string, base: string | undefined, own?: string, shared: PageReadState = { seen: new Map(), pages: new Set() }, served?: string): AsyncGenerator<AdapterMessage> {
  const $ = (await cheerio()).load(html);
  const ownUrl = own ?? ownAddressOf(html, $);
  const baseHref = $('base[href]').attr('href');
  // configured > <base href> (against the page's address) > the page's own address; a live page's
  // address is where it was served from after redirects (`served`)
  const pageAt = served ?? ownUrl;
  const resolvedBase = base ?? absolute(baseHref, pageAt) ?? pageAt;
  if (p.pageEntryPoint && ownUrl && !shared.pages.has(ownUrl)) {
    shared.pages.add(ownUrl);
    const title = text($('title').first().text());
    yield { type: 'record', stream: 'entryPoints', key: `web ${ownUrl}`, locator: `${where}#page`, data: { kind: 'web', address: ownUrl, ...(title ? { label: title } : {}), page: where } };
  }
  let items;
  try {
    items = $(p.items).toArray();
  } catch (e) {
    throw new YimenError('E_ADAPTER_CONFIG', `${where}: bad CSS selector "${p.items}": ${(e as Error).message}`, { hint: 'see docs/adapters.md, Field paths' });
  }
  if (!items.length) {
    // a page with no items is a changed layout, an error or a login page, not an app with no
    // services: say so, and let a full read remove nothing
    const title = text($('title').first().text());
    yield { type: 'quarantine', stream: p.stream, locator: where, reason: `the selector "${p.items}" matches nothing on this page${title ? ` ("${title.slice(0, 60)}")` : ''}: a changed layout, or an error or login page?`, raw: text($('body').text() || $.root().text()).slice(0, 300), incomplete: true };
    return;
  }
  const seen = shared.seen;
  const marker = p.placeholders.length ? new RegExp(p.placeholders.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i') : undefined;
  for (let i = 0; i < items.length; i++) {
    const el = $(items[i]!);
    const locator = `${where}#${p.items}[${i}]`;
    let link: { value: string; node?: El };
    try {
      link = valueAt(el, p.link, p.link.includes('@') ? [] : ['href', 'data-href', 'data-url']);
    } catch (e) {
      throw new YimenError('E_ADAPTER_CONFIG', `${where}: bad selector in link "${p.link}": ${(e as Error).message}`, { hint: 'see docs/adapters.md, Field paths' });
    }
    let raw = link.value;
    const linkEl = link.node ?? el.find('a').first();
    // `javascript:void(0)` or `#` with the page in onclick, in the script itself or in data-url
    // (jQuery-era menus) leads somewhere: that page, not a placeholder card
    if (/^javascript:/i.test(raw) || /^#+$/.test(raw)) {
      const to = scriptTarget(raw, linkEl, el, p.link.includes('@') ? [] : ['data-href', 'data-url']);
      if (to) raw = to;
    }
    // an icon-only card (<a><img alt="社保查询"></a>, <area alt=…>) says its name in alt, title or aria-label
    const label =
      (p.label ? valueAt(el, p.label).value : '') ||
      text(linkEl.length && !p.label ? linkEl.text() : '') ||
      text(el.text()) ||
      text(linkEl.attr('title')) ||
      text(linkEl.attr('aria-label')) ||
      text(linkEl.attr('alt')) ||
      text(el.find('img[alt]').first().attr('alt'));
    let address = raw;
    if (raw && !SCHEME.test(raw) && resolvedBase) address = absolute(raw, resolvedBase) ?? raw;
    const fields: Record<string, unknown> = {};
    // a number written as text (月访问 4731, 1.2万) is kept as written: mapping parses it
    for (const [name, path] of Object.entries(p.fields)) fields[name] = valueAt(el, path).value;
    if (!label && !address) {
      yield { type: 'quarantine', stream: p.stream, locator, reason: 'an item with neither a label nor a link', raw: text(el.html() ?? '').slice(0, 500) };
      continue;
    }
    if (TEMPLATE.test(label) || TEMPLATE.test(raw)) {
      // a page saved before its script ran (Vue, art-template, layui): "{{item.name}}" is no service
      yield { type: 'quarantine', stream: p.stream, locator, reason: `an unrendered template ("${(TEMPLATE.test(label) ? label : raw).slice(0, 60)}"): save the page after its script has filled it in, or read the API it loads from`, raw: { 名称: label, 链接: raw, ...fields } };
      continue;
    }
    const noLink = /^javascript:/i.test(raw) || /^#+$/.test(raw);
    const mark = marker?.exec(text(el.text()))?.[0];
    if (noLink || mark) {
      // a "coming soon" card: not a service and not an entry point. It goes on as a record marked
      // _notAService (keyed by its raw link, or its label) so decide reports it as retired with
      // the reason; on a stream that is not services it is only logged
      const why = noLink ? `a "${raw.slice(0, 60)}" link` : `marked "${mark}"`;
      let pkey = (p.key === 'label' ? label || raw : p.key === 'address' ? raw || label : valueAt(el, p.key).value || raw || label) || `${where}#${i}`;
      // several "coming soon" cards share javascript:void(0): each is told apart by its label
      if (seen.has(pkey) && label && pkey !== label) pkey = `${pkey}#${label}`;
      if (p.stream !== 'services' || seen.has(pkey)) {
        yield { type: 'log', level: 'info', message: `${locator}: placeholder "${label}" (${why}): not a service` };
        continue;
      }
      seen.set(pkey, `${raw}\u0000${label}`);
      yield { type: 'record', stream: 'services', key: pkey, locator, data: { 名称: label, 链接: raw, ...fields, _notAService: `placeholder card: ${why}` } };
      continue;
    }
    let key: string;
    if (p.key === 'label') key = label || address;
    else if (p.key === 'address') key = address || label;
    else key = valueAt(el, p.key).value;
    if (!key) {
      yield { type: 'quarantine', stream: p.stream, locator, reason: `no key at "${p.key}"`, raw: { 名称: label, 链接: address, ...fields } };
      continue;
    }
    if (p.stream === 'services') {
      let was = seen.get(key);
      // two cards behind one link (key: address): two services sharing an address, not a repeat.
      // The later card is keyed by the address and its label after # (a card, not a page), and
      // both claim the address: extract reports the conflict and its precedence
      if (was !== undefined && p.key === 'address' && label && was.split('\u0000')[0] === address && was.split('\u0000')[1] !== label) {
        key = `${key}#${label}`;
        was = seen.get(key);
      }
      if (was !== undefined) {
        // the same item listed twice (a menu and a "常用" shortcut): nothing new, nothing lost
        if (was === `${address}\u0000${label}`) continue;
        const [wasAddress, wasLabel] = was.split('\u0000');
        const reason =
          wasAddress === address
            ? `duplicate key "${key}": "${label}" shares its link with "${wasLabel}" (two services behind one address; key them by label or a field path)`
            : `duplicate item "${key}" with another link (set key: address if labels repeat)`;
        yield { type: 'quarantine', stream: 'services', locator, reason, raw: { 名称: label, 链接: address, ...fields } };
        continue;
      }
      seen.set(key, `${address}\u0000${label}`);
      yield { type: 'record', stream: 'services', key, locator, data: { 名称: label, 链接: address, ...fields } };
    }
    const serviceKey = p.stream === 'services' ? key : undefined;
    if (address) {
      yield { type: 'record', stream: 'entryPoints', key: `web ${address}`, locator: `${locator}/link`, data: { kind: 'web', address, label: label || undefined, serviceKey, page: where } };
    } else if (p.stream === 'services') {
      // a service with no link is still a service; note it for the engineer
      yield { type: 'log', level: 'info', message: `${locator}: "${label}" has no link` };
    }
    for (const [j, e] of p.entryPoints.entries()) {
      const v = valueAt(el, e.path).value;
      if (!v) continue; // an empty optional entry point is simply absent
      const addr = e.kind === 'web' || e.kind === 'qrcode' ? (SCHEME.test(v) ? v : (absolute(v, resolvedBase) ?? v)) : v;
      yield { type: 'record', stream: 'entryPoints', key: `${e.kind} ${addr}`, locator: `${locator}/entryPoints[${j}]`, data: { kind: e.kind, address: addr, label: label || undefined, serviceKey, page: where } };
    }
  }
}

export const htmlAdapter = defineAdapter<HtmlConfig>({
  name: 'html',
  version: '0.3.0',
  streams: ['services', 'entryPoints'],
  description: 'H5 menu pages (saved or live): items and links by CSS selectors, relative links resolved, non-web schemes refused',
  spec: HtmlConfig,
  async check(config, ctx) {
    for (const p of config.pages) {
      try {
        for (const src of sourcesOf(p)) {
          const { html, where } = await loadPage(src, p, config, ctx);
          const n = (await cheerio()).load(html)(p.items).length;
          if (n === 0) return { ok: false, reason: `${where}: the selector "${p.items}" matches nothing`, hint: 'open the page and check the CSS selector of a menu item' };
        }
      } catch (e) {
        return { ok: false, reason: (e as Error).message, hint: e instanceof HttpError ? e.hint : 'paths are relative to yimen.yaml' };
      }
    }
    return { ok: true, message: `${config.pages.length} page(s) readable` };
  },
  async discover(config) {
    const out = [{ name: 'entryPoints', primaryKey: ['kind', 'address'] }];
    if (config.pages.some((p) => p.stream === 'services')) out.unshift({ name: 'services', primaryKey: ['key'] });
    return out;
  },
  async *read(config, ctx) {
    const shared: PageReadState = { seen: new Map(), pages: new Set() };
    for (const p of config.pages) {
      for (const src of sourcesOf(p)) {
        const { html, where, base, own, served } = await loadPage(src, p, config, ctx);
        yield* itemsOf(html, p, where, base, own, shared, served);
      }
    }
  },
});

export default htmlAdapter;
