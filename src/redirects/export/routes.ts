// Deep-link route table for the old app's final release: the app keeps answering its own links
// (custom scheme and its https pages) and sends each to the new destination or shows a notice.
// Routes match scheme + host + exact path + the listed query values; the last route of each app
// is a catch-all notice, so no old link opens a dead page. routes.json with routes.schema.json.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REDIRECT_ACTIONS } from '../../schema/index.js';
import { writeJsonWithArray, writeSchema } from './json-file.js';
import { noticeText } from './notice-text.js';
import { RefusedRule, admitSource, emptyResult, sourceQuery, type ExportContext, type Exporter, type FormatResult } from './types.js';

export const Route = z.object({
  appId: z.string(),
  entryPointId: z.string().optional(),
  scheme: z.string().describe('lower-case scheme without ":", or "*"'),
  host: z.string().describe('lower-case host (for custom schemes, the first part after //), "" or "*"'),
  path: z.string().describe('exact path (case kept), or "*" for the catch-all'),
  query: z.record(z.string(), z.string()).describe('significant parameters: all must be present with these values'),
  fragment: z.string().optional().describe('for pages that route after "#" (single-page apps): the part after "#", matched exactly'),
  action: z.enum(REDIRECT_ACTIONS).describe('pending: the page stays in the old app'),
  open: z.string().optional().describe('URL to open (redirect), or the notice page'),
  notice: z.string().optional().describe('text to show (notice, unresolved), or a line shown while opening'),
});
export type Route = z.infer<typeof Route>;

export const RoutesFile = z
  .object({
    kind: z.literal('yimen-routes'),
    version: z.literal(1),
    generatedAt: z.string(),
    routes: z.array(Route).describe('in order: first match wins; each app ends with a catch-all'),
    refused: z.array(RefusedRule),
  })
  .describe('deep-link route table for the final release of an old app');

export const routesExporter: Exporter = {
  name: 'routes',
  description: "deep-link route table for the old app's final release (routes.json + schema)",
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('routes');
    const dir = join(ctx.outDir, 'routes');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'routes.json');
    // streamed: each route is written as it is made, never 300,000 route objects held at once
    await writeJsonWithArray(file, { kind: 'yimen-routes', version: 1, generatedAt: ctx.at }, 'routes', routes(ctx, res), { refused: res.refused });
    writeSchema(join(dir, 'routes.schema.json'), 'routes.schema.json', RoutesFile);
    res.files.push({ path: file, rules: res.rules });
    return res;
  },
};

function* routes(ctx: ExportContext, res: FormatResult): Generator<Route> {
  const schemesByApp = new Map<string, Set<string>>();
  const texts = new Map<string, string>();
  const text = (action: Route['action']) => {
    let t = texts.get(action);
    if (t === undefined) texts.set(action, (t = noticeText(ctx.unifiedApp.name, action)));
    return t;
  };
  for (let i = 0; i < ctx.rules.length; i++) {
    const rule = ctx.rules[i]!;
    if (rule.kind !== 'deeplink' && rule.kind !== 'web' && rule.kind !== 'qrcode') {
      res.skipped++;
      continue;
    }
    const u = admitSource(ctx, i, res, { unparsable: { code: 'E_EXPORT_ROUTES_SOURCE', reason: 'the old link cannot be parsed' } });
    if (!u) continue;
    const scheme = u.protocol.slice(0, -1).toLowerCase();
    let schemes = schemesByApp.get(rule.appId);
    if (!schemes) schemesByApp.set(rule.appId, (schemes = new Set()));
    schemes.add(scheme);
    res.rules++;
    yield {
      appId: rule.appId,
      entryPointId: rule.entryPointId,
      scheme,
      host: u.host.toLowerCase(),
      path: safeDecode(u.pathname),
      query: u.search.length > 1 ? Object.fromEntries(sourceQuery(u)) : {},
      ...(u.hash.length > 1 ? { fragment: u.hash.slice(1) } : {}),
      action: rule.action,
      ...(rule.action === 'pending' ? {} : { open: rule.destination, notice: text(rule.action) }),
    };
  }
  for (const [appId, schemes] of schemesByApp)
    for (const scheme of schemes) {
      res.rules++;
      yield { appId, scheme, host: '*', path: '*', query: {}, action: 'notice', open: ctx.noticeFor(appId), notice: text('notice') };
    }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
