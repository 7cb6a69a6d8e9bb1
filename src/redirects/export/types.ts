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

/**
 * The second destination check, computed once per export and shared by the formats (seven formats
 * read the same 300,000 rules): a verdict by rule index, each distinct destination checked once.
 * Old addresses are parsed by each format, not kept: 300,000 parsed URLs held across formats cost
 * more in garbage collection than parsing them again.
 */
interface Prepared {
  verdicts: Array<RefusedRule | null | undefined>;
  byDestination: Map<string, DestinationRefusal | null>;
}
// kept on the export's context itself (asked once per rule per format: a property, not a WeakMap lookup)
const PREPARED = Symbol('prepared');

function prepared(ctx: ExportContext): Prepared {
  const c = ctx as ExportContext & { [PREPARED]?: Prepared };
  return (c[PREPARED] ??= { verdicts: new Array(ctx.rules.length).fill(undefined), byDestination: new Map() });
}

/** the second line of defence: rule `i` of the export (ctx.rules[i]) is refused by the format when its destination no longer passes */
export function recheck(ctx: ExportContext, i: number): RefusedRule | undefined {
  const p = prepared(ctx);
  let v = p.verdicts[i];
  if (v === undefined) {
    const rule = ctx.rules[i]!;
    v = null;
    if (rule.action !== 'pending' && rule.destination !== undefined) {
      let r = p.byDestination.get(rule.destination);
      if (r === undefined) p.byDestination.set(rule.destination, (r = checkDestination(rule.destination, ctx.unifiedApp.allowlist) ?? null));
      if (r) v = refusedRule(rule, r.code, refusalText(r, rule.destination));
    }
    p.verdicts[i] = v;
  }
  return v ?? undefined;
}

/** an old address as the URL parser reads it (its parts are read lazily, only those a format needs) */
export type ParsedSource = URL;

/** rule `i`'s old address parsed, or undefined when it is not a URL */
export function parseSource(ctx: ExportContext, i: number): ParsedSource | undefined {
  try {
    return new URL(ctx.rules[i]!.source);
  } catch {
    return undefined;
  }
}

/** the query of a parsed address as name/value pairs (decoded, as URLSearchParams reads them) */
export function sourceQuery(u: ParsedSource): Array<[string, string]> {
  return u.search.length > 1 ? [...u.searchParams] : [];
}

/**
 * The first steps every exporter of old addresses takes for rule `i`: the second destination check
 * (then the format's own check of the destination, if any), then the old address parsed once. A
 * refusal is recorded in `res` and the rule goes no further (undefined).
 */
export function admitSource(
  ctx: ExportContext,
  i: number,
  res: FormatResult,
  o: { unparsable: { code: string; reason: string }; destination?: (rule: RedirectRule) => RefusedRule | undefined },
): ParsedSource | undefined {
  const rule = ctx.rules[i]!;
  const bad = recheck(ctx, i) ?? o.destination?.(rule);
  if (bad) {
    res.refused.push(bad);
    return undefined;
  }
  const u = parseSource(ctx, i);
  if (!u) res.refused.push(refusedRule(rule, o.unparsable.code, o.unparsable.reason));
  return u;
}

export function emptyResult(format: string): FormatResult {
  return { format, files: [], rules: 0, refused: [], skipped: 0, notes: [] };
}
