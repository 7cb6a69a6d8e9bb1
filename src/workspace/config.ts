// The yimen.yaml schema (DESIGN §5). Secrets never sit in the file: it names environment variables.
import { z } from 'zod';

const isoDate = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2025-12-31'), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code in quotes, like "320509"');

export const Timeline = z
  .object({ announce: isoDate.optional(), redirect: isoDate.optional(), shutdown: isoDate.optional() })
  .strict();

export const AppSource = z
  .object({
    adapter: z.string().min(1).describe('a built-in adapter (rest-json, spreadsheet, html, manifest) or one loaded from adapters:'),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const AppConfig = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, like wujiang'),
    name: z.string().min(1),
    division: divisionCode,
    owner: z.object({ name: z.string().min(1), code: z.string().optional() }).strict().optional(),
    source: AppSource,
    profile: z.string().min(1).describe('path of the mapping profile, relative to yimen.yaml'),
    timeline: Timeline.optional(),
  })
  .strict();
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
    retireKeywords: z.array(z.string().min(1)).default(['打卡', '签到', '学习时长', '积分排名', '点赞', '转发']),
    lowUsageMonthlyVisits: z.number().nonnegative().optional(),
    lowUsageAction: z.enum(['retire', 'review']).default('review'),
    retire: z.array(z.string()).default([]).describe('service ids or source keys to retire'),
    review: z.array(z.string()).default([]).describe('service ids or source keys that a person must decide'),
  })
  .strict();

export const MatchingConfig = z
  .object({
    mergeThreshold: z.number().min(0).max(1).default(0.9),
    reviewThreshold: z.number().min(0).max(1).default(0.6),
    synonyms: z.record(z.string(), z.string()).default({}).describe('abbreviation → full form, added to the shipped table'),
  })
  .strict();

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

export const WorkspaceConfig = z
  .object({
    programme: z.string().min(1),
    province: z.string().regex(/^\d{2}$/, 'a 2-digit province code in quotes, like "32"'),
    unifiedApp: z
      .object({
        name: z.string().min(1),
        serviceUrl: z.string().includes('{', { message: 'a URL template with {catalogCode}' }),
        noticeUrl: z.string().min(1),
        homeUrl: z.string().optional(),
        allowlist: z.array(z.string().min(1)).min(1),
      })
      .strict(),
    catalog: z.object({ source: z.string().min(1), profile: z.string().optional() }).strict().optional(),
    target: TargetConfig.default({ type: 'local' }),
    policy: PolicyConfig.default(PolicyConfig.parse({})),
    matching: MatchingConfig.default(MatchingConfig.parse({})),
    redirects: RedirectsConfig.default(RedirectsConfig.parse({})),
    adapters: z.record(z.string(), z.string()).default({}).describe('third-party adapters: name → path or npm package'),
    apps: z.array(AppConfig).min(1),
  })
  .strict();
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
