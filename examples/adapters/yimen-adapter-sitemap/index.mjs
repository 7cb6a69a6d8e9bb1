// yimen-adapter-sitemap: a third-party yimen adapter, the worked example of docs/adapters.md.
// Every <loc> of a saved sitemap.xml becomes a `web` entry point; a URL pattern can tie a page to
// the service it belongs to (its key), so the redirect plan sends it to that service's new home.
// It imports yimen's own code only through `yimen/sdk`, which the running yimen provides to every
// adapter it loads, whatever folder that adapter is loaded from.
import { readFile, access } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { defineAdapter } from 'yimen/sdk';

const Config = z
  .object({
    file: z.string().min(1).describe('the saved sitemap.xml, relative to yimen.yaml'),
    serviceKey: z.string().optional().describe('a regular expression whose first group is the service key, e.g. /item/(\\w+)'),
    exclude: z.array(z.string()).default([]).describe('regular expressions of URLs to leave out (e.g. static assets)'),
  })
  .strict();

const adapter = defineAdapter({
  name: 'sitemap',
  version: '0.1.0',
  description: 'the pages of a sitemap.xml as web entry points',
  streams: ['entryPoints'],
  spec: Config,

  async check(config, ctx) {
    try {
      await access(ctx.resolvePath(config.file));
    } catch {
      return { ok: false, reason: `sitemap not found: ${config.file}`, hint: 'save the old site\'s sitemap.xml into the workspace' };
    }
    if (config.serviceKey) {
      try {
        new RegExp(config.serviceKey);
      } catch (e) {
        return { ok: false, reason: `serviceKey is not a regular expression: ${e.message}` };
      }
    }
    return { ok: true, message: config.file };
  },

  async discover() {
    return [{ name: 'entryPoints', primaryKey: ['kind', 'address'] }];
  },

  async *read(config, ctx) {
    const xml = await readFile(ctx.resolvePath(config.file), 'utf8');
    const keyRe = config.serviceKey ? new RegExp(config.serviceKey) : undefined;
    const exclude = config.exclude.map((e) => new RegExp(e));
    const name = basename(config.file);
    let i = 0;
    for (const m of xml.matchAll(/<url>([\s\S]*?)<\/url>/g)) {
      i++;
      const locator = `${name}#url[${i}]`;
      const loc = /<loc>\s*([^<]*?)\s*<\/loc>/.exec(m[1])?.[1]?.replace(/&amp;/g, '&');
      if (!loc) {
        // never drop what cannot be read: quarantine it with where it was
        yield ctx.quarantine('entryPoints', locator, 'a <url> without a <loc>', { raw: m[1].trim().slice(0, 200) });
        continue;
      }
      if (exclude.some((re) => re.test(loc))) continue;
      const serviceKey = keyRe?.exec(loc)?.[1];
      yield { type: 'record', stream: 'entryPoints', key: `web ${loc}`, locator, data: { kind: 'web', address: loc, ...(serviceKey ? { serviceKey } : {}) } };
    }
  },
});

export default adapter;
