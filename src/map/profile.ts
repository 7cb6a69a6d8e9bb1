// Mapping profiles (YAML): for each catalog field, the source column(s) to read (first non-empty
// wins), the transforms to apply, a default or a constant; columns to ignore; per-app overrides.
// Every error names the profile file (with its line), the field and the problem.
import { z } from 'zod';
import { dirname, join, relative, resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { ConfigError } from '../errors.js';
import { lineOf, parseYamlFile } from '../workspace/loader.js';
import { describeIssue, formatPath } from '../workspace/issues.js';
import { TRANSFORMS } from './normalizers/transforms.js';

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
  'usage.monthlyVisits': { transform: 'number', description: '月访问量' },
  'usage.registeredUsers': { transform: 'number', description: '注册用户数' },
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
      default: z.unknown().optional().describe('used when every source column is empty'),
      value: z.unknown().optional().describe('a constant: every service gets it'),
    })
    .strict(),
]);
const FieldsDoc = z.record(z.string(), FieldSpecDoc);
export const ProfileDoc = z
  .object({
    extends: z.string().min(1).optional().describe('a base profile (path relative to this file) whose fields, ignore and apps this one adds to and replaces'),
    fields: FieldsDoc.default({}),
    ignore: z.array(z.string().min(1)).default([]).describe('source columns deliberately not mapped (not counted as extras)'),
    apps: z
      .record(z.string(), z.object({ fields: FieldsDoc.default({}), ignore: z.array(z.string().min(1)).default([]) }).strict())
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
}

export interface MappingProfile {
  /** as shown in messages: the path relative to the workspace */
  file: string;
  rules: FieldRule[];
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
    ignore: [...new Set([...base.doc.ignore, ...own.ignore])],
    apps: { ...(base.doc.apps ?? {}) },
  };
  for (const [id, o] of Object.entries(own.apps ?? {})) {
    const b = merged.apps![id];
    merged.apps![id] = b ? { fields: { ...b.fields, ...o.fields }, ignore: [...new Set([...b.ignore, ...o.ignore])] } : o;
  }
  const fromOwn = (path: ReadonlyArray<PropertyKey>): boolean => {
    if (path[0] === 'fields') return typeof path[1] === 'string' && path[1] in own.fields;
    if (path[0] === 'apps') return typeof path[1] === 'string' && Boolean(own.apps?.[path[1]]);
    return true;
  };
  return { doc: merged, where: (path) => (fromOwn(path) ? where(path) : base.where(path)) };
}

const PROFILE_HINT = 'a profile has `fields:` (catalog field → column, or { from: [columns], transform, default, value }) and optional `ignore:`, `apps:` and `extends:`';

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
    if (!(field in CATALOG_FIELDS)) {
      const near = CATALOG_FIELD_NAMES.filter((n) => n.toLowerCase().includes(field.toLowerCase().split('.')[0]!.slice(0, 4)));
      throw new ConfigError(
        where(path),
        formatPath(path),
        `"${field}" is not a catalog field`,
        `${near.length ? `did you mean ${near.slice(0, 3).join(', ')}? ` : ''}catalog fields: ${CATALOG_FIELD_NAMES.join(', ')}; a source column you do not need goes under ignore:`,
      );
    }
    const path2 = field.split('.');
    const rule: FieldRule =
      typeof spec === 'string' ? { field, path: path2, from: [spec], transforms: [] } : { field, path: path2, from: asList(spec.from), transforms: asList(spec.transform) };
    if (typeof spec !== 'string') {
      if ('default' in spec) rule.default = spec.default;
      if ('value' in spec) rule.value = spec.value;
      if (!rule.from.length && !('value' in spec)) {
        throw new ConfigError(where(path), formatPath(path), `needs from: (source columns) or value: (a constant)`, `e.g. ${field}: { from: [列名] }`);
      }
      if (rule.from.length && 'value' in spec) {
        throw new ConfigError(where(path), formatPath(path), `has both from: and value:; value: is a constant for every service`, 'use default: for a fallback when the columns are empty');
      }
    }
    rule.transforms.forEach((t, i) => {
      if (!(t in TRANSFORMS)) {
        const p = typeof spec !== 'string' && Array.isArray(spec.transform) ? [...path, 'transform', i] : [...path, 'transform'];
        throw new ConfigError(where(p), formatPath(p), `unknown transform "${t}"`, `transforms: ${Object.keys(TRANSFORMS).join(', ')}`);
      }
    });
    if (!rule.transforms.length) rule.transforms = [CATALOG_FIELDS[field]!.transform];
    for (const c of rule.from) used.add(c.split('.')[0]!);
    rules.push(rule);
  }
  if (!rules.some((r) => r.field === 'name')) {
    throw new ConfigError(where(['fields']), 'fields.name', 'missing: every profile maps name (事项名称)', 'e.g. name: 事项名称');
  }
  return { file: displayName, rules, ignore, used };
}

/** The profile format as JSON Schema (for editors' YAML support; `yimen schema export` can offer it). */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProfileDoc, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
  // field names and transform names are closed lists: say so, so an editor can complete them
  schema.properties.fields!.propertyNames = { enum: CATALOG_FIELD_NAMES };
  return { $id: 'https://yimen.dev/schema/MappingProfile.json', title: 'yimen mapping profile', ...schema, transforms: Object.keys(TRANSFORMS) };
}
