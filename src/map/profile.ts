// Mapping profiles (YAML): for each catalog field, the source column(s) to read (first non-empty
// wins), the transforms to apply, a default or a constant; routes that send a column's value to one
// field or another by pattern; columns to ignore; per-app overrides.
// Every error names the profile file (with its line), the field and the problem.
import { z } from 'zod';
import { dirname, join, relative, resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseYamlFile } from '../workspace/config-file.js';
import { lineOf } from '../workspace/config-lines.js';
import { describeIssue, formatPath } from '../workspace/issues.js';
import { TRANSFORMS } from './normalizers/transforms.js';
import { toHalfWidth } from '../text/index.js';

/** The catalog fields a profile may fill, with the transform used when the profile names none. */
export const CATALOG_FIELDS: Record<string, { transform: string; description: string }> = {
  name: { transform: 'text', description: '事项名称 (required)' },
  aliases: { transform: 'list', description: '别名' },
  catalogCode: { transform: 'code', description: '基本编码' },
  taskCode: { transform: 'code', description: '实施编码' },
  localCode: { transform: 'text', description: '地方编码, kept verbatim' },
  taskType: { transform: 'taskType', description: '事项类型 {code, label}' },
  'taskType.code': { transform: 'code', description: '事项类型 code' },
  'taskType.label': { transform: 'text', description: '事项类型 label' },
  'agency.name': { transform: 'text', description: '实施主体 name' },
  'agency.code': { transform: 'code', description: '实施主体 统一社会信用代码' },
  'division.code': { transform: 'code', description: '行政区划 code (GB/T 2260); default: the app\'s division' },
  'division.name': { transform: 'text', description: '行政区划 name; default: from the region table' },
  useLevel: { transform: 'useLevel', description: '行使层级' },
  serviceObjects: { transform: 'serviceObjects', description: '服务对象' },
  caseType: { transform: 'caseType', description: '办件类型' },
  legalLimit: { transform: 'timeLimit', description: '法定办结时限' },
  promisedLimit: { transform: 'timeLimit', description: '承诺办结时限' },
  onSiteVisits: { transform: 'visits', description: '到办事现场次数' },
  acceptConditions: { transform: 'prose', description: '受理条件' },
  materials: { transform: 'materials', description: '申请材料' },
  fee: { transform: 'fee', description: '收费' },
  'fee.charged': { transform: 'yesNo', description: '是否收费' },
  handlingForms: { transform: 'handlingForms', description: '办理形式' },
  'online.available': { transform: 'yesNo', description: '是否网办' },
  'online.depth': { transform: 'onlineDepth', description: '网办深度 0–4' },
  'online.pcUrl': { transform: 'text', description: 'PC 端办理地址' },
  'online.mobileUrl': { transform: 'text', description: '移动端办理地址' },
  address: { transform: 'text', description: '办理地点' },
  hours: { transform: 'text', description: '办理时间' },
  'consult.phone': { transform: 'phone', description: '咨询电话' },
  'consult.url': { transform: 'text', description: '咨询网址' },
  'complaint.phone': { transform: 'phone', description: '投诉电话' },
  'complaint.url': { transform: 'text', description: '投诉网址' },
  crossRegionScope: { transform: 'crossRegionScope', description: '通办范围' },
  legalBasis: { transform: 'prose', description: '设定依据' },
  'usage.monthlyVisits': { transform: 'count', description: '月访问量' },
  'usage.registeredUsers': { transform: 'count', description: '注册用户数' },
  'usage.period': { transform: 'text', description: '统计期间' },
};
export const CATALOG_FIELD_NAMES = Object.keys(CATALOG_FIELDS);

const names = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const FieldSpecDoc = z.union([
  z.string().min(1).describe('shorthand: one source column'),
  z
    .object({
      from: names.optional().describe('source columns (or dotted paths into JSON records); the first non-empty wins'),
      transform: names.optional().describe('a transform, or a list applied in order'),
      match: z.string().min(1).optional().describe('a regular expression: only values matching it (spaces removed, full-width made half-width) fill this field'),
      default: z.unknown().optional().describe('used when every source column is empty'),
      value: z.unknown().optional().describe('a constant: every service gets it'),
    })
    .strict(),
]);
const FieldsDoc = z.record(z.string(), FieldSpecDoc);
const RouteTargetDoc = z
  .object({
    field: z.string().min(1).describe('the catalog field the value goes to'),
    match: z.string().min(1).optional().describe('a regular expression the value must match (spaces removed, full-width made half-width); none: every value not taken above'),
    transform: names.optional().describe("a transform, or a list; default: the field's own"),
  })
  .strict();
const RouteDoc = z
  .object({
    from: names.describe('source columns (or dotted paths); the first non-empty is routed'),
    to: z.array(RouteTargetDoc).min(1).describe('targets tried in order: the first whose match: fits takes the value'),
  })
  .strict();
export const ProfileDoc = z
  .object({
    extends: z.string().min(1).optional().describe('a base profile (path relative to this file) whose fields, ignore and apps this one adds to and replaces'),
    fields: FieldsDoc.default({}),
    routes: z.array(RouteDoc).optional().describe('values sent to one field or another by pattern (catalog code vs local code, phone vs URL)'),
    ignore: z.array(z.string().min(1)).default([]).describe('source columns deliberately not mapped (not counted as extras)'),
    apps: z
      .record(z.string(), z.object({ fields: FieldsDoc.default({}), routes: z.array(RouteDoc).optional().describe("this app's routes, in place of the ones above"), ignore: z.array(z.string().min(1)).default([]) }).strict())
      .optional()
      .describe('per-app overrides: app id → fields and ignore added to (and replacing) the ones above'),
  })
  .strict();
export type ProfileDoc = z.infer<typeof ProfileDoc>;

export interface FieldRule {
  field: string;
  /** the field split on dots, once */
  path: string[];
  from: string[];
  transforms: string[];
  default?: unknown;
  value?: unknown;
  /** only values matching it (see matchText) fill the field */
  match?: RegExp;
  /** with match: another rule or route reads the same columns, so a value this one refuses is not lost */
  refusedGoesElsewhere?: boolean;
}

/** A route: the first non-empty of `from`, sent to the first target whose pattern it matches. */
export interface RouteRule {
  from: string[];
  /** the profile column list as written, for messages */
  label: string;
  to: Array<{ field: string; path: string[]; match?: RegExp; transforms: string[] }>;
}

export interface MappingProfile {
  /** as shown in messages: the path relative to the workspace */
  file: string;
  rules: FieldRule[];
  routes: RouteRule[];
  ignore: Set<string>;
  /** every column a rule reads: these never land in extras */
  used: Set<string>;
}


const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Reads and checks a profile. `file` is the absolute path, `displayName` what messages show,
 * `appId` selects the per-app overrides under `apps:`.
 */
export function loadProfile(file: string, displayName: string, appId?: string): MappingProfile {
  const { doc, where } = readProfileDoc(file, displayName, []);
  return resolveProfile(doc, displayName, appId, where);
}

type Where = (path: ReadonlyArray<PropertyKey>) => string;

/** Reads one profile file and, through `extends:`, its bases: the result is the merged document. */
function readProfileDoc(file: string, displayName: string, chain: string[]): { doc: ProfileDoc; where: Where } {
  const { doc: yamlDoc, data, lc } = parseYamlFile(file, displayName);
  const where: Where = (path) => {
    const line = lineOf(yamlDoc, lc, path);
    return line ? `${displayName}:${line}` : displayName;
  };
  const parsed = ProfileDoc.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(where(issue.path), formatPath(issue.path), describeIssue(issue, data), PROFILE_HINT);
  }
  const own = parsed.data;
  if (!own.extends) return { doc: own, where };
  const baseFile = resolve(dirname(file), own.extends);
  if (chain.includes(baseFile) || baseFile === file) {
    throw new ConfigError(where(['extends']), 'extends', `profiles extend each other in a loop: ${[...chain, file, baseFile].map((f) => relative(process.cwd(), f)).join(' → ')}`, 'one profile must be the base that extends nothing');
  }
  const baseName = join(dirname(displayName), own.extends);
  const base = readProfileDoc(baseFile, baseName, [...chain, file]);
  // field paths that came from the base: their errors name the base file
  const merged: ProfileDoc = {
    fields: { ...base.doc.fields, ...own.fields },
    // routes are one list: the child's replace the base's when it has any
    ...(own.routes ?? base.doc.routes ? { routes: own.routes ?? base.doc.routes } : {}),
    ignore: [...new Set([...base.doc.ignore, ...own.ignore])],
    apps: { ...(base.doc.apps ?? {}) },
  };
  for (const [id, o] of Object.entries(own.apps ?? {})) {
    const b = merged.apps![id];
    const routes = o.routes ?? b?.routes;
    merged.apps![id] = b ? { fields: { ...b.fields, ...o.fields }, ...(routes ? { routes } : {}), ignore: [...new Set([...b.ignore, ...o.ignore])] } : o;
  }
  const fromOwn = (path: ReadonlyArray<PropertyKey>): boolean => {
    if (path[0] === 'fields') return typeof path[1] === 'string' && path[1] in own.fields;
    if (path[0] === 'apps') return typeof path[1] === 'string' && Boolean(own.apps?.[path[1]]);
    if (path[0] === 'routes') return own.routes !== undefined;
    return true;
  };
  return { doc: merged, where: (path) => (fromOwn(path) ? where(path) : base.where(path)) };
}

const PROFILE_HINT = 'a profile has `fields:` (catalog field → column, or { from: [columns], transform, match, default, value }) and optional `routes:`, `ignore:`, `apps:` and `extends:`';

/** The form a value is matched in: half-width, no whitespace ("５１１６ 0200" → "51160200"). */
export function matchText(v: unknown): string {
  return toHalfWidth(typeof v === 'string' ? v : String(v)).replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
}

function compilePattern(src: string, at: string, path: PropertyKey[]): RegExp {
  try {
    return new RegExp(src, 'u');
  } catch (e) {
    throw new ConfigError(at, formatPath(path), `match: is not a valid regular expression: ${(e as Error).message}`, "write it in single quotes in YAML, e.g. match: '^\\d{12}$'");
  }
}

function checkField(field: string, at: string, path: PropertyKey[]): void {
  if (field in CATALOG_FIELDS) return;
  const near = CATALOG_FIELD_NAMES.filter((n) => n.toLowerCase().includes(field.toLowerCase().split('.')[0]!.slice(0, 4)));
  throw new ConfigError(
    at,
    formatPath(path),
    `"${field}" is not a catalog field`,
    `${near.length ? `did you mean ${near.slice(0, 3).join(', ')}? ` : ''}catalog fields: ${CATALOG_FIELD_NAMES.join(', ')}; a source column you do not need goes under ignore:`,
  );
}

function checkTransforms(transforms: string[], spec: unknown, at: (p: PropertyKey[]) => string, path: PropertyKey[]): void {
  transforms.forEach((t, i) => {
    if (!(t in TRANSFORMS)) {
      const p = Array.isArray((spec as { transform?: unknown } | undefined)?.transform) ? [...path, 'transform', i] : [...path, 'transform'];
      throw new ConfigError(at(p), formatPath(p), `unknown transform "${t}"`, `transforms: ${Object.keys(TRANSFORMS).join(', ')}`);
    }
  });
}

/** The field's transforms: its own default when none is named; counts stay counts ("number" on a usage field reads labels and units too). */
function effectiveTransforms(field: string, named: string[]): string[] {
  const own = CATALOG_FIELDS[field]!.transform;
  if (!named.length) return [own];
  return own === 'count' ? named.map((t) => (t === 'number' || t === 'integer' ? 'count' : t)) : named;
}

/** Checks field names and transforms and merges the per-app overrides. Pure: used by tests and by loadProfile. */
export function resolveProfile(
  doc: ProfileDoc,
  displayName: string,
  appId?: string,
  where: (path: ReadonlyArray<PropertyKey>) => string = () => displayName,
): MappingProfile {
  const merged: Record<string, { spec: z.infer<typeof FieldSpecDoc>; path: PropertyKey[] }> = {};
  for (const [f, spec] of Object.entries(doc.fields)) merged[f] = { spec, path: ['fields', f] };
  const ignore = new Set(doc.ignore);
  if (appId && doc.apps?.[appId]) {
    for (const [f, spec] of Object.entries(doc.apps[appId].fields)) merged[f] = { spec, path: ['apps', appId, 'fields', f] };
    for (const c of doc.apps[appId].ignore) ignore.add(c);
  }
  const rules: FieldRule[] = [];
  const used = new Set<string>();
  for (const [field, { spec, path }] of Object.entries(merged)) {
    checkField(field, where(path), path);
    const path2 = field.split('.');
    const rule: FieldRule =
      typeof spec === 'string' ? { field, path: path2, from: [spec], transforms: [] } : { field, path: path2, from: asList(spec.from), transforms: asList(spec.transform) };
    if (typeof spec !== 'string') {
      if ('default' in spec) rule.default = spec.default;
      if ('value' in spec) rule.value = spec.value;
      if (spec.match !== undefined) rule.match = compilePattern(spec.match, where([...path, 'match']), [...path, 'match']);
      if (!rule.from.length && !('value' in spec)) {
        throw new ConfigError(where(path), formatPath(path), `needs from: (source columns) or value: (a constant)`, `e.g. ${field}: { from: [列名] }`);
      }
      if (rule.from.length && 'value' in spec) {
        throw new ConfigError(where(path), formatPath(path), `has both from: and value:; value: is a constant for every service`, 'use default: for a fallback when the columns are empty');
      }
    }
    checkTransforms(rule.transforms, spec, where, path);
    rule.transforms = effectiveTransforms(field, rule.transforms);
    for (const c of rule.from) used.add(c.split('.')[0]!);
    rules.push(rule);
  }
  const appRoutes = appId ? doc.apps?.[appId]?.routes : undefined;
  const routesAt: PropertyKey[] = appRoutes ? ['apps', appId!, 'routes'] : ['routes'];
  const routes: RouteRule[] = (appRoutes ?? doc.routes ?? []).map((r, i) => {
    const from = asList(r.from);
    const to = r.to.map((t, j) => {
      const path: PropertyKey[] = [...routesAt, i, 'to', j];
      checkField(t.field, where([...path, 'field']), [...path, 'field']);
      if (t.match === undefined && j < r.to.length - 1) {
        throw new ConfigError(where(path), formatPath(path), `a target without match: takes every value, so the targets after it are never reached`, 'put the catch-all target last');
      }
      const transforms = asList(t.transform);
      checkTransforms(transforms, t, where, path);
      return {
        field: t.field,
        path: t.field.split('.'),
        ...(t.match !== undefined ? { match: compilePattern(t.match, where([...path, 'match']), [...path, 'match']) } : {}),
        transforms: effectiveTransforms(t.field, transforms),
      };
    });
    for (const c of from) used.add(c.split('.')[0]!);
    return { from, label: from.join(', '), to };
  });
  for (const r of rules) {
    if (!r.match) continue;
    const others = new Set([...rules.filter((o) => o !== r).flatMap((o) => o.from), ...routes.flatMap((o) => o.from)]);
    r.refusedGoesElsewhere = r.from.every((c) => others.has(c));
  }
  if (!rules.some((r) => r.field === 'name')) {
    throw new ConfigError(where(['fields']), 'fields.name', 'missing: every profile maps name (事项名称)', 'e.g. name: 事项名称');
  }
  return { file: displayName, rules, routes, ignore, used };
}

/**
 * An app's profile: the app's `profile:` when every source uses it, else one profile made of each
 * source's (`sources[].profile`, or the app's), in source order. Several sources' records are
 * merged by key at extract, the earlier source's values winning; the combined profile follows the
 * same rule: for each field the first source's profile that yields a value wins, a default applies
 * only when none does, and columns, ignores and routes are the union.
 */
export function loadAppProfile(root: string, app: { id: string; profile?: string; source?: { profile?: string }; sources?: Array<{ profile?: string }> }): MappingProfile {
  const files = [...new Set((app.sources ?? (app.source ? [app.source] : [])).map((x) => x.profile ?? app.profile!).filter(Boolean))];
  if (!files.length && app.profile) files.push(app.profile);
  const load = (f: string) => {
    const file = resolve(root, f);
    return loadProfile(file, relative(process.cwd(), file) || f, app.id);
  };
  return files.length === 1 ? load(files[0]!) : combineProfiles(files.map(load));
}

/** Several sources' profiles as one (see loadAppProfile): pure. */
export function combineProfiles(profiles: MappingProfile[]): MappingProfile {
  if (profiles.length === 1) return profiles[0]!;
  const byField = new Map<string, FieldRule[]>();
  for (const p of profiles) for (const r of p.rules) byField.set(r.field, [...(byField.get(r.field) ?? []), r]);
  const rules: FieldRule[] = [];
  // applyProfile lets a later rule overwrite an earlier one's value: the first source's rule goes
  // last, and a default becomes a constant that goes first, so it shows only when no rule yields
  for (const [field, rs] of byField) {
    const withDefault = rs.find((r) => r.default !== undefined);
    if (withDefault) rules.push({ field, path: withDefault.path, from: [], transforms: withDefault.transforms, value: withDefault.default });
    for (const r of [...rs].reverse()) {
      const { default: _d, ...rest } = r;
      rules.push(rest);
    }
  }
  return {
    file: profiles.map((p) => p.file).join(' + '),
    rules,
    routes: profiles.flatMap((p) => p.routes),
    ignore: new Set(profiles.flatMap((p) => [...p.ignore])),
    used: new Set(profiles.flatMap((p) => [...p.used])),
  };
}

/** The profile format as JSON Schema (for editors' YAML support; `yimen schema export` can offer it). */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProfileDoc, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
  // field names and transform names are closed lists: say so, so an editor can complete them
  schema.properties.fields!.propertyNames = { enum: CATALOG_FIELD_NAMES };
  const target = (schema.properties.routes as { items?: { properties?: { to?: { items?: { properties?: Record<string, Record<string, unknown>> } } } } } | undefined)?.items?.properties?.to?.items?.properties;
  if (target?.field) target.field = { ...target.field, enum: CATALOG_FIELD_NAMES };
  return { $id: 'https://yimen.dev/schema/MappingProfile.json', title: 'yimen mapping profile', ...schema, transforms: Object.keys(TRANSFORMS) };
}
