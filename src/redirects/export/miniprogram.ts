// Mini-program exporter: the configuration of each old mini-program's final version. Its router
// page matches page path + significant query and opens the unified app's mini-program (its
// web-view page, when --unified-miniprogram is given), the web page, or shows a notice. When the
// app's printed QR codes are ordinary links, the "scan ordinary-link QR codes to open a
// mini-program" prefix rules (at most 100 per mini-program, each ending in "/" so sub-paths
// match) keep them opening the old mini-program, whose router then sends them on.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { YimenError } from '../../errors.js';
import { REDIRECT_ACTIONS, type RedirectRule } from '../../schema/index.js';
import { writeJsonWithArray, writeSchema } from './json-file.js';
import { noticeText } from './notice-text.js';
import { RefusedRule, admitSource, emptyResult, recheck, refusedRule, type ExportContext, type Exporter, type FormatResult } from './types.js';

/** WeChat: at most 100 "ordinary-link QR code" prefix rules per mini-program */
export const MAX_QR_PREFIXES = 100;

const Open = z.discriminatedUnion('type', [
  z.object({ type: z.literal('miniprogram'), appId: z.string(), path: z.string() }),
  z.object({ type: z.literal('web'), url: z.string() }),
  z.object({ type: z.literal('notice'), text: z.string(), url: z.string() }),
  z.object({ type: z.literal('keep') }).describe('pending: the page stays'),
]);

export const MiniprogramRoute = z.object({
  entryPointId: z.string(),
  page: z.string().describe('page path without a leading "/" or query'),
  query: z.record(z.string(), z.string()),
  action: z.enum(REDIRECT_ACTIONS),
  open: Open,
});

export const MiniprogramConfig = z.object({
  appId: z.string().describe('the old mini-program'),
  yimenApp: z.string(),
  routes: z.array(MiniprogramRoute).describe('first match wins; unmatched pages show the notice in `fallback`'),
  fallback: Open,
  qrPrefixes: z
    .array(z.object({ prefix: z.string().describe('ends with "/": sub-paths match'), page: z.string(), testLinks: z.array(z.string()).max(5) }))
    .max(MAX_QR_PREFIXES),
  qrRoutes: z.array(z.object({ entryPointId: z.string(), url: z.string(), action: z.enum(REDIRECT_ACTIONS), open: Open })),
});
export type MiniprogramConfig = z.infer<typeof MiniprogramConfig>;

export const MiniprogramFile = z
  .object({ kind: z.literal('yimen-miniprogram'), version: z.literal(1), generatedAt: z.string(), miniprograms: z.array(MiniprogramConfig), refused: z.array(RefusedRule) })
  .describe("final-version configuration of the old mini-programs");

export const miniprogramExporter: Exporter = {
  name: 'miniprogram',
  description: "the old mini-programs' final version: routes, notices and QR prefix rules",
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('miniprogram');
    const configs = new Map<string, MiniprogramConfig>();
    const qrByApp = new Map<string, number[]>(); // app → indexes of its QR rules
    const open = (rule: RedirectRule): z.infer<typeof Open> => {
      if (rule.action === 'pending') return { type: 'keep' };
      if (rule.action !== 'redirect') return { type: 'notice', text: noticeText(ctx.unifiedApp.name, rule.action), url: rule.destination! };
      const mp = ctx.options.unifiedMiniprogram;
      return mp ? { type: 'miniprogram', appId: mp.appId, path: `${mp.webviewPage}?url=${encodeURIComponent(rule.destination!)}` } : { type: 'web', url: rule.destination! };
    };
    for (let i = 0; i < ctx.rules.length; i++) {
      const rule = ctx.rules[i]!;
      if (rule.kind === 'qrcode') {
        if (!qrByApp.has(rule.appId)) qrByApp.set(rule.appId, []);
        qrByApp.get(rule.appId)!.push(i);
        continue;
      }
      if (rule.kind !== 'miniprogram') {
        res.skipped++;
        continue;
      }
      const bad = recheck(ctx, i);
      if (bad) {
        res.refused.push(bad);
        continue;
      }
      const ep = ctx.entryPoints.get(rule.entryPointId);
      const mp = ep?.miniprogram ?? splitAddress(rule.source);
      if (!mp) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_MINIPROGRAM_SOURCE', 'not an appId:path mini-program address'));
        continue;
      }
      let c = configs.get(mp.appId);
      if (!c) {
        c = { appId: mp.appId, yimenApp: rule.appId, routes: [], fallback: { type: 'notice', text: noticeText(ctx.unifiedApp.name, 'notice'), url: ctx.noticeFor(rule.appId) }, qrPrefixes: [], qrRoutes: [] };
        configs.set(mp.appId, c);
      }
      const [page, q = ''] = mp.path.replace(/^\//, '').split('?', 2) as [string, string?];
      c.routes.push({ entryPointId: rule.entryPointId, page, query: Object.fromEntries(new URLSearchParams(q)), action: rule.action, open: open(rule) });
      res.rules++;
    }
    // printed QR codes of an app that has a mini-program: prefix rules into its (first) mini-program
    for (const [appId, qrs] of qrByApp) {
      const c = [...configs.values()].find((x) => x.yimenApp === appId);
      if (!c) {
        res.skipped += qrs.length;
        continue;
      }
      const urls: string[] = [];
      for (const i of qrs) {
        const rule = ctx.rules[i]!;
        const u = admitSource(ctx, i, res, { unparsable: { code: 'E_EXPORT_MINIPROGRAM_SOURCE', reason: 'the QR code is not a URL' } });
        if (!u) continue;
        urls.push(u.href);
        c.qrRoutes.push({ entryPointId: rule.entryPointId, url: u.href, action: rule.action, open: open(rule) });
        res.rules++;
      }
      c.qrPrefixes = qrPrefixes(urls, ctx.options.miniprogramQrPage, c.appId);
    }
    const dir = join(ctx.outDir, 'miniprogram');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'miniprogram.json');
    await writeJsonWithArray(file, { kind: 'yimen-miniprogram', version: 1, generatedAt: ctx.at }, 'miniprograms', configs.values(), { refused: res.refused });
    writeSchema(join(dir, 'miniprogram.schema.json'), 'miniprogram.schema.json', MiniprogramFile);
    res.files.push({ path: file, rules: res.rules });
    return res;
  },
};

function splitAddress(address: string): { appId: string; path: string } | undefined {
  const i = address.indexOf(':');
  return i > 0 ? { appId: address.slice(0, i), path: address.slice(i + 1) || '/' } : undefined;
}

/** the folder prefixes of the QR URLs (ending in "/"); folded to one per host beyond the limit */
export function qrPrefixes(urls: string[], page: string, miniprogram: string): MiniprogramConfig['qrPrefixes'] {
  const build = (prefixOf: (u: URL) => string) => {
    const m = new Map<string, string[]>();
    for (const s of urls) {
      const p = prefixOf(new URL(s));
      if (!m.has(p)) m.set(p, []);
      const l = m.get(p)!;
      if (l.length < 5) l.push(s);
    }
    // a prefix inside another is already covered
    const keys = [...m.keys()].sort();
    const kept = keys.filter((k) => !keys.some((o) => o !== k && k.startsWith(o)));
    return kept.map((prefix) => ({ prefix, page, testLinks: [...m.entries()].filter(([k]) => k.startsWith(prefix)).flatMap(([, v]) => v).slice(0, 5) }));
  };
  let out = build((u) => `${u.protocol}//${u.host}${u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1)}`);
  if (out.length > MAX_QR_PREFIXES) out = build((u) => `${u.protocol}//${u.host}/`);
  if (out.length > MAX_QR_PREFIXES)
    throw new YimenError('E_EXPORT_MINIPROGRAM_QR_PREFIXES', `the QR codes of mini-program ${miniprogram} live on ${out.length} hosts: more than the ${MAX_QR_PREFIXES} prefix rules a mini-program may have`, {
      hint: 'serve the other hosts with the nginx export (their QR codes then open the web page), or move them under fewer hosts',
    });
  return out;
}
