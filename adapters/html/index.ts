// html: reads an app's H5 menu pages, saved to a file or live at a URL. Items and their links are
// chosen by configured CSS selectors (cheerio); relative links are resolved against the page's
// address (or a configured base); every link becomes a `web` entry point; `javascript:`, `tel:` and
// other non-web schemes are recorded and refused by the runner, never followed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type * as Cheerio from 'cheerio';

let cheerioMod: typeof Cheerio | undefined;
const cheerio = async () => (cheerioMod ??= await import('cheerio'));
import iconv from 'iconv-lite';
import { defineAdapter, detectEncoding, HttpError, type AdapterContext, type AdapterMessage } from 'yimen/sdk';

const Page = z
  .object({
    file: z.string().min(1).optional().describe('a saved page, relative to yimen.yaml'),
    url: z.url().optional().describe('a live page'),
    baseUrl: z.url().optional().describe('resolves relative links (default: the page URL, or <base href> in the page)'),
    items: z.string().min(1).describe('CSS selector of one menu item (one service)'),
    link: z.string().default('a[href], [data-href], [data-url]').describe('CSS selector of the link inside an item (or the item itself)'),
    label: z.string().optional().describe('CSS selector of the label inside an item; default: the link text, else the item text'),
    fields: z.record(z.string(), z.string()).default({}).describe('more record fields: name → CSS selector inside the item (its text)'),
    key: z.enum(['label', 'address']).default('label').describe('what identifies a service: its label or its link address'),
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

function decode(buf: Buffer, declared: 'auto' | 'utf8' | 'gb18030', contentType?: string): string {
  if (declared !== 'auto') return iconv.decode(buf, declared);
  const fromHeader = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = buf.subarray(0, 4096).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  const cs = (fromHeader ?? fromMeta ?? '').toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk)$/.test(cs)) return iconv.decode(buf, 'gb18030');
  if (cs === 'utf-8' || cs === 'utf8') return buf.toString('utf8');
  return iconv.decode(buf, detectEncoding(buf.subarray(0, 256 * 1024)));
}

async function loadPage(p: PageConfig, config: HtmlConfig, ctx: AdapterContext): Promise<{ html: string; where: string; base?: string }> {
  if (p.file) {
    const file = ctx.resolvePath(p.file);
    if (!existsSync(file)) throw new Error(`file not found: ${p.file}`);
    if (statSync(file).size > config.maxBytes) throw new Error(`${p.file} is larger than ${config.maxBytes} bytes (maxBytes)`);
    return { html: decode(readFileSync(file), p.encoding), where: basename(file), base: p.baseUrl };
  }
  const http = ctx.http({ timeoutMs: config.timeoutMs, maxBodyBytes: config.maxBytes });
  const res = await http.get<Buffer>(p.url!, { responseType: 'buffer', headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' } });
  return { html: decode(res.data, p.encoding, res.headers['content-type']), where: p.url!, base: p.baseUrl ?? p.url };
}

const text = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** the page's items as records (pure: parses HTML text, never throws on bad markup) */
export async function* itemsOf(html: string, p: PageConfig, where: string, base: string | undefined): AsyncGenerator<AdapterMessage> {
  const $ = (await cheerio()).load(html);
  const baseHref = $('base[href]').attr('href');
  let resolvedBase = base;
  if (baseHref) {
    try {
      resolvedBase = new URL(baseHref, base).toString();
    } catch {
      // a relative <base> with no page address: keep what we had
    }
  }
  let items;
  try {
    items = $(p.items).toArray();
  } catch (e) {
    throw new Error(`${where}: bad CSS selector "${p.items}": ${(e as Error).message}`);
  }
  const seen = new Map<string, string>();
  for (let i = 0; i < items.length; i++) {
    const el = $(items[i]!);
    const locator = `${where}#${p.items}[${i}]`;
    const linkEl = el.is(p.link) ? el : el.find(p.link).first();
    const raw = (linkEl.attr('href') ?? linkEl.attr('data-href') ?? linkEl.attr('data-url') ?? '').trim();
    const label = text(p.label ? el.find(p.label).first().text() : linkEl.length ? linkEl.text() : el.text()) || text(el.text()) || text(linkEl.attr('title'));
    let address = raw;
    if (raw && !/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
      if (resolvedBase) {
        try {
          address = new URL(raw, resolvedBase).toString();
        } catch {
          address = raw;
        }
      }
    }
    const fields: Record<string, unknown> = {};
    for (const [name, sel] of Object.entries(p.fields)) fields[name] = text(el.find(sel).first().text());
    if (!label && !address) {
      yield { type: 'quarantine', stream: p.stream, locator, reason: 'an item with neither a label nor a link', raw: text(el.html() ?? '').slice(0, 500) };
      continue;
    }
    const key = p.key === 'address' ? address || label : label || address;
    if (p.stream === 'services') {
      if (seen.has(key)) {
        // the same item listed twice (a menu and a "常用" shortcut): nothing new, nothing lost
        if (seen.get(key) === address) continue;
        yield { type: 'quarantine', stream: 'services', locator, reason: `duplicate item "${key}" with another link (set key: address if labels repeat)`, raw: { label, address } };
        continue;
      }
      seen.set(key, address);
      yield { type: 'record', stream: 'services', key, locator, data: { 名称: label, 链接: address, ...fields } };
    }
    if (address) {
      yield {
        type: 'record',
        stream: 'entryPoints',
        key: `web ${address}`,
        locator: `${locator}/link`,
        data: { kind: 'web', address, label: label || undefined, serviceKey: p.stream === 'services' ? key : undefined, page: where },
      };
    } else if (p.stream === 'services') {
      // a service with no link is still a service; note it for the engineer
      yield { type: 'log', level: 'info', message: `${locator}: "${label}" has no link` };
    }
  }
}

export const htmlAdapter = defineAdapter<HtmlConfig>({
  name: 'html',
  version: '0.1.0',
  streams: ['services', 'entryPoints'],
  description: 'H5 menu pages (saved or live): items and links by CSS selectors, relative links resolved, non-web schemes refused',
  spec: HtmlConfig,
  async check(config, ctx) {
    for (const p of config.pages) {
      try {
        const { html, where, base } = await loadPage(p, config, ctx);
        const n = (await cheerio()).load(html)(p.items).length;
        if (n === 0) return { ok: false, reason: `${where}: the selector "${p.items}" matches nothing`, hint: 'open the page and check the CSS selector of a menu item' };
        void base;
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
    for (const p of config.pages) {
      const { html, where, base } = await loadPage(p, config, ctx);
      yield* itemsOf(html, p, where, base);
    }
  },
});

export default htmlAdapter;
