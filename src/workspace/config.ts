// The yimen.yaml schema (DESIGN §5). Secrets never sit in the file: it names environment variables.
import { z } from 'zod';
import { hostAllowed } from '../schema/entry-address.js';
import { appSources } from './app-sources.js';

// Caps keep hostile or mistaken input from stalling a run (a 1 MB app name made `run` hang).
export const LIMITS = { name: 200, text: 2_000, url: 2_048, listItems: 10_000 } as const;
const name = z.string().trim().min(1).max(LIMITS.name, `at most ${LIMITS.name} characters`);

/** A real calendar day: 2026-13-45 and 2026-02-30 are refused, not rolled over. */
function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
const isoDate = z.union([
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2025-12-31')
    .refine(isCalendarDay, { message: 'not a calendar date (month 01-12, a day that month has)' }),
  // YAML reads an unquoted 2025-12-31 as a date; an impossible one stays a string and fails above
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);
const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code in quotes, like "320509"');

export const Timeline = z
  .object({ announce: isoDate.optional(), redirect: isoDate.optional(), shutdown: isoDate.optional() })
  .strict()
  .superRefine((t, ctx) => {
    // announce → redirect → shutdown: a later step before an earlier one is a typo, not a plan
    const order = (['announce', 'redirect', 'shutdown'] as const).filter((k) => t[k]);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      if (t[b]! < t[a]!) ctx.addIssue({ code: 'custom', path: [b], message: `${b} ${t[b]} is before ${a} ${t[a]}: the order is announce → redirect → shutdown` });
    }
  });

export { BUILTIN_ADAPTER_NAMES, type BuiltinAdapterName, unknownAdapterHint, appSources } from './app-sources.js';

export const AppSource = z
  .object({
    adapter: z.string().min(1).describe('a built-in adapter (rest-json, spreadsheet, html, manifest) or one loaded from adapters:'),
    config: z.record(z.string(), z.unknown()).default({}),
    profile: z.string().min(1).optional().describe("this source's mapping profile (relative to yimen.yaml); default: the app's profile"),
  })
  .strict();

const kindList = z.array(z.string().min(1).max(LIMITS.name)).max(100);

/** How an app's entry points are made canonical and which need no rule (DESIGN §11, docs/adapters.md). */
export const EntryPointsConfig = z
  .object({
    significantParams: z
      .object({ web: kindList.optional(), qrcode: kindList.optional(), deeplink: kindList.optional(), miniprogram: kindList.optional(), appstore: kindList.optional() })
      .strict()
      .default({})
      .describe('query parameters that name the page, per kind (qrcode falls back to web); the rest are dropped'),
    keepFragment: z.boolean().default(true).describe('keep client routes after # (#/… or #!/…): a hash-routed page is one entry point per route; false drops every fragment'),
    ownHosts: z.array(z.string().min(1).max(LIMITS.name)).max(1000).default([]).describe('the app\'s own hosts (*.x.cn for subdomains), URL schemes (scheme://) and mini-program appIds; any other is external'),
    unifiedHosts: z.array(z.string().min(1).max(LIMITS.name)).max(1000).default([]).describe('hosts already on the unified app, besides unifiedApp.allowlist: already migrated'),
  })
  .strict();
export type EntryPointsConfig = z.infer<typeof EntryPointsConfig>;

/** A secondary table joined to an app's records by key or name before they are stored (docs/adapters.md). */
export const JoinConfig = z
  .object({
    file: z.string().min(1).describe('a CSV, TSV or XLSX file, relative to yimen.yaml'),
    sheet: z.string().optional(),
    headerRow: z.number().int().min(1).optional(),
    stream: z.string().default('services').describe('the stream whose records get the fields'),
    on: z.object({ left: z.string().min(1).describe('the field of the record'), right: z.string().min(1).describe('the column of the table') }).strict(),
    fields: z.array(z.string().min(1)).min(1).describe('columns copied onto the record (as name, or "column as field")'),
  })
  .strict();
export type JoinConfig = z.infer<typeof JoinConfig>;

export const AppConfig = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, like wujiang'),
    name,
    division: divisionCode,
    owner: z.object({ name, code: z.string().max(64).optional() }).strict().optional(),
    source: AppSource.optional(),
    sources: z.array(AppSource).min(1).max(50).optional().describe('several sources, read in order; records merge by key'),
    joins: z.array(JoinConfig).max(50).default([]),
    entryPoints: EntryPointsConfig.default(EntryPointsConfig.parse({})),
    profile: z.string().min(1).optional().describe('path of the mapping profile, relative to yimen.yaml (optional when every source names its own)'),
    timeline: Timeline.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (!a.source && !a.sources) ctx.addIssue({ code: 'custom', path: ['source'], message: 'an app needs a source {adapter, config} (or sources: a list of them)' });
    if (a.source && a.sources) ctx.addIssue({ code: 'custom', path: ['sources'], message: 'give source or sources, not both' });
    // every source is mapped by its own profile or the app's: one of the two must be there
    if (!a.profile && (a.source || a.sources) && appSources(a).some((x) => !x.profile)) {
      ctx.addIssue({ code: 'custom', path: ['profile'], message: 'an app needs profile: (the mapping profile), or a profile: on every source' });
    }
  });

/** the mapping profile of each of an app's sources, in reading order: its own, else the app's */
export function sourceProfiles(app: AppConfig): string[] {
  return appSources(app).map((x) => x.profile ?? app.profile!);
}
export type AppSourceConfig = z.infer<typeof AppSource>;
export type AppConfig = z.infer<typeof AppConfig>;

export const TargetConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('local') }).strict(),
  z
    .object({
      type: z.literal('http'),
      baseUrl: z.url(),
      tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'the NAME of an environment variable, like SUFUBAN_TOKEN').optional(),
      concurrency: z.number().int().min(1).max(256).optional(),
      rateLimit: z.number().positive().optional().describe('requests per second, shared by all requests'),
      retries: z.number().int().min(0).max(20).optional().describe('retries per request on network errors, 408, 429 and 5xx (default 4)'),
    })
    .strict(),
  z.object({ type: z.literal('package'), out: z.string().default('out/package') }).strict(),
]);
export type TargetConfig = z.infer<typeof TargetConfig>;

export const PolicyConfig = z
  .object({
    retireKeywords: z.array(z.string().min(1).max(LIMITS.name)).max(LIMITS.listItems).default(['打卡', '签到', '学习时长', '积分排名', '点赞', '转发']),
    lowUsageMonthlyVisits: z.number().nonnegative().optional(),
    lowUsageAction: z
      .enum(['retire', 'review'])
      .default('review')
      .describe('a low-usage service with no confident catalog match: retire (recommended) or review; a matched one always merges'),
    formalityCategories: z
      .array(z.enum(['check-in', 'study-time', 'points-ranking', 'likes-shares']))
      .optional()
      .describe('the shipped formality categories to apply (default: all); retireKeywords adds literal words'),
    keywordExceptions: z.array(z.string().min(1).max(LIMITS.name)).max(LIMITS.listItems).default([]).describe('names containing any of these are never retired by a keyword'),
    retire: z.array(z.string()).default([]).describe('service ids or source keys to retire'),
    review: z.array(z.string()).default([]).describe('service ids or source keys that a person must decide'),
  })
  .strict();

export const MatchingConfig = z
  .object({
    mergeThreshold: z.number().min(0).max(1).default(0.9),
    reviewThreshold: z.number().min(0).max(1).default(0.6),
    synonyms: z.record(z.string().max(LIMITS.name), z.string().max(LIMITS.name)).default({}).describe('abbreviation → full form, added to the shipped table'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.reviewThreshold > m.mergeThreshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['reviewThreshold'],
        message: `reviewThreshold ${m.reviewThreshold} is above mergeThreshold ${m.mergeThreshold}: scores between the two go to review, so review must be the lower one`,
      });
    }
  });

/** What `yimen redirects hits import` drops as noise, and when status calls a rule overdue. */
export const HitsConfig = z
  .object({
    botAgents: z
      .array(z.string().min(1))
      .default(['bot', 'spider', 'crawl', 'slurp', 'curl', 'wget', 'python-requests', 'go-http-client', 'headlesschrome', 'uptime', 'monitor', 'bytespider', 'yisouspider'])
      .describe('user agents containing any of these (case-insensitive) are not citizens'),
    assetExtensions: z
      .array(z.string().min(1))
      .default(['js', 'css', 'png', 'jpg', 'jpeg', 'gif', 'ico', 'svg', 'webp', 'woff', 'woff2', 'ttf', 'eot', 'map', 'mp4', 'mp3'])
      .describe('paths ending in these extensions are page assets, not entry points'),
    healthPaths: z
      .array(z.string().min(1))
      .default(['/health', '/healthz', '/ping', '/status', '/robots.txt', '/favicon.ico', '/nginx_status', '/server-status'])
      .describe('load-balancer and monitoring paths'),
    methods: z.array(z.string().min(1)).default(['GET', 'HEAD']),
  })
  .strict();
export type HitsConfig = z.infer<typeof HitsConfig>;

export const RedirectsConfig = z
  .object({
    hits: HitsConfig.default(HitsConfig.parse({})),
    /** status calls unverified or failing rules overdue this many days before shutdown */
    verifyBeforeShutdownDays: z.number().int().min(0).default(14),
  })
  .strict();
export type RedirectsConfig = z.infer<typeof RedirectsConfig>;

/** What extract refuses to believe (docs/hardening.md). */
export const ExtractConfig = z
  .object({
    shrinkGuard: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('refuse a full read that keeps fewer than this share of a stream\'s records from its last snapshot (0 turns the guard off); --accept-shrink confirms'),
  })
  .strict();
export type ExtractConfig = z.infer<typeof ExtractConfig>;

export const WorkspaceConfig = z
  .object({
    programme: name,
    province: z.string().regex(/^\d{2}$/, 'a 2-digit province code in quotes, like "32"'),
    unifiedApp: z
      .object({
        name,
        serviceUrl: z
          .string()
          .max(LIMITS.url)
          .includes('{catalogCode}', { message: 'a URL template with {catalogCode}: without it every service would redirect to the same page' }),
        noticeUrl: z.string().min(1).max(LIMITS.url),
        homeUrl: z.string().max(LIMITS.url).optional(),
        allowlist: z
          .array(z.string().regex(/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i, 'a host name like sfb.example.gov.cn, or *.example.gov.cn for its subdomains'))
          .min(1),
      })
      .strict(),
    catalog: z.object({ source: z.string().min(1), profile: z.string().optional() }).strict().optional(),
    target: TargetConfig.default({ type: 'local' }),
    policy: PolicyConfig.default(PolicyConfig.parse({})),
    matching: MatchingConfig.default(MatchingConfig.parse({})),
    redirects: RedirectsConfig.default(RedirectsConfig.parse({})),
    extract: ExtractConfig.default(ExtractConfig.parse({})),
    adapters: z.record(z.string(), z.string()).default({}).describe('third-party adapters: name → path or npm package'),
    apps: z.array(AppConfig).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    // the templates are redirect destinations like any other: checked against the allowlist here,
    // so a bad notice page never reaches a rule
    for (const key of ['serviceUrl', 'noticeUrl', 'homeUrl'] as const) {
      const v = c.unifiedApp[key];
      if (v === undefined) continue;
      const problem = templateProblem(v, c.unifiedApp.allowlist);
      if (problem) ctx.addIssue({ code: 'custom', path: ['unifiedApp', key], message: problem });
    }
  });
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;

/** Why a destination template cannot be used, or undefined. Placeholders are filled with a sample first. */
export function templateProblem(template: string, allowlist: readonly string[]): string | undefined {
  const sample = template.replace(/\{(\w+)\}/g, 'x');
  if (/^\s*\/\//.test(sample)) return 'a protocol-relative URL (//host/…): write https://host/…';
  if (/[\\\u0000-\u001f\u007f\s]/.test(sample)) return 'holds a backslash, a space or a control character';
  let u: URL;
  try {
    u = new URL(sample);
  } catch {
    return 'not an absolute URL: write it as https://host/path';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `scheme ${u.protocol} is not allowed: only https (or http)`;
  if (u.username || u.password) return 'holds a user name or password before the host (https://user@host): a classic way to disguise the real host';
  const host = u.hostname.toLowerCase();
  if (!hostAllowed(host, allowlist)) return `host ${host} is not on unifiedApp.allowlist (${allowlist.join(', ')})`;
  return undefined;
}
