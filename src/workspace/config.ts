// The yimen.yaml schema (DESIGN §5). Secrets never sit in the file: it names environment variables.
import { z } from 'zod';

const isoDate = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2025-12-31'), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code in quotes, like "320509"');

export const Timeline = z
  .object({ announce: isoDate.optional(), redirect: isoDate.optional(), shutdown: isoDate.optional() })
  .strict();

/**
 * The built-in adapters by name: a light registry, so a workspace is checked without importing any
 * adapter's code (src/extract/registry.ts maps each name to its module and has one line per name).
 */
export const BUILTIN_ADAPTER_NAMES = ['spreadsheet', 'rest-json', 'html', 'manifest'] as const;
export type BuiltinAdapterName = (typeof BUILTIN_ADAPTER_NAMES)[number];

export function unknownAdapterHint(name: string): string {
  return `built-in adapters: ${BUILTIN_ADAPTER_NAMES.join(', ')}; a third-party one is named under adapters: in yimen.yaml or installed as yimen-adapter-${name}`;
}

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
    adapters: z.record(z.string(), z.string()).default({}).describe('third-party adapters: name → path or npm package'),
    apps: z.array(AppConfig).min(1),
  })
  .strict();
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
