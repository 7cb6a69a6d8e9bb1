// What every exporter gets and gives back (DESIGN §11): the plan's rules with their entry points,
// and a summary of files written and rules refused. Exporters are pure about the plan and do
// their own file I/O into `outDir`; each re-checks every destination (destination.ts).
import { z } from 'zod';
import type { EntryPoint, RedirectRule } from '../../schema/index.js';
import { checkDestination, refusalText, type DestinationRefusal } from '../destination.js';

export interface ExportOptions {
  /** Cloudflare Bulk Redirects: items per list (the account's quota) */
  cloudflareQuota: number;
  /** nginx `listen` parameters of every server block */
  nginxListen: string[];
  /** the unified app's mini-program and its web-view page, when the old mini-program should open it */
  unifiedMiniprogram?: { appId: string; webviewPage: string };
  /** the page of the old mini-program's final version that receives scanned ordinary-link QR codes */
  miniprogramQrPage: string;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = {
  cloudflareQuota: 10_000,
  nginxListen: ['80'],
  miniprogramQrPage: 'pages/yimen/redirect',
};

export interface ExportContext {
  /** the rules of the selected apps, in plan order */
  rules: RedirectRule[];
  entryPoints: Map<string, EntryPoint>;
  apps: Array<{ id: string; name: string }>;
  unifiedApp: { name: string; noticeUrl: string; allowlist: string[] };
  /** the notice page of an app (unifiedApp.noticeUrl filled) */
  noticeFor(appId: string): string;
  outDir: string;
  options: ExportOptions;
  /** the time of the export, for file headers */
  at: string;
}

export const RefusedRule = z.object({
  entryPointId: z.string(),
  appId: z.string(),
  source: z.string().describe('the old address'),
  code: z.string().describe('E_DEST_… (destination refused) or E_EXPORT_… (the format cannot carry it)'),
  reason: z.string(),
});
export type RefusedRule = z.infer<typeof RefusedRule>;

export interface FormatResult {
  format: string;
  files: Array<{ path: string; rules: number }>;
  /** rules written */
  rules: number;
  refused: RefusedRule[];
  /** rules this format does not carry (other kinds, pending), not an error */
  skipped: number;
  notes: string[];
}

export interface Exporter {
  name: string;
  description: string;
  run(ctx: ExportContext): Promise<FormatResult>;
}

export function refusedRule(rule: RedirectRule, code: string, reason: string): RefusedRule {
  return { entryPointId: rule.entryPointId, appId: rule.appId, source: rule.source, code, reason };
}

// destinations repeat (every notice of an app, every entry point of a service): check each once
const checked = new WeakMap<string[], Map<string, DestinationRefusal | null>>();

/** the second line of defence: a rule whose destination no longer passes is refused by the format */
export function recheck(ctx: ExportContext, rule: RedirectRule): RefusedRule | undefined {
  if (rule.action === 'pending' || rule.destination === undefined) return undefined;
  let memo = checked.get(ctx.unifiedApp.allowlist);
  if (!memo) checked.set(ctx.unifiedApp.allowlist, (memo = new Map()));
  let r = memo.get(rule.destination);
  if (r === undefined) memo.set(rule.destination, (r = checkDestination(rule.destination, ctx.unifiedApp.allowlist) ?? null));
  return r ? refusedRule(rule, r.code, refusalText(r, rule.destination)) : undefined;
}

/** the parts of an old address the exporters use */
export interface ParsedSource {
  protocol: string;
  host: string;
  hostname: string;
  pathname: string;
  search: string;
  hash: string;
  href: string;
  userinfo: boolean;
  query: Array<[string, string]>;
}

const parsedByExport = new WeakMap<ExportContext, Map<string, ParsedSource | null>>();

/** an old address parsed once per export (several formats read the same 300,000 URLs), or undefined when it is not a URL */
export function parseSource(ctx: ExportContext, source: string): ParsedSource | undefined {
  let parsedSources = parsedByExport.get(ctx);
  if (!parsedSources) parsedByExport.set(ctx, (parsedSources = new Map()));
  let p = parsedSources.get(source);
  if (p === undefined) {
    try {
      const u = new URL(source);
      p = { protocol: u.protocol, host: u.host, hostname: u.hostname, pathname: u.pathname, search: u.search, hash: u.hash, href: u.href, userinfo: Boolean(u.username || u.password), query: [...u.searchParams] };
    } catch {
      p = null;
    }
    parsedSources.set(source, p);
  }
  return p ?? undefined;
}

/**
 * The first steps every exporter of old addresses takes: the second destination check (then the
 * format's own check of the destination, if any), then the old address parsed once. A refusal is
 * recorded in `res` and the rule goes no further (undefined).
 */
export function admitSource(
  ctx: ExportContext,
  rule: RedirectRule,
  res: FormatResult,
  o: { unparsable: { code: string; reason: string }; destination?: (rule: RedirectRule) => RefusedRule | undefined },
): ParsedSource | undefined {
  const bad = recheck(ctx, rule) ?? o.destination?.(rule);
  if (bad) {
    res.refused.push(bad);
    return undefined;
  }
  const u = parseSource(ctx, rule.source);
  if (!u) res.refused.push(refusedRule(rule, o.unparsable.code, o.unparsable.reason));
  return u;
}

export function emptyResult(format: string): FormatResult {
  return { format, files: [], rules: 0, refused: [], skipped: 0, notes: [] };
}
