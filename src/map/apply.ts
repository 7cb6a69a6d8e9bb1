// Applies a mapping profile to one raw record: reads the source columns, runs the transforms,
// routes values to fields by pattern, builds the catalog fields, keeps unmapped columns in extras. Pure: no store, no I/O.
import { transformFor } from './normalizers/transforms.js';
import { type Finding, type Normalized } from './normalizers/result.js';
import { textOf } from '../text/index.js';
import { matchText, type MappingProfile, type RouteRule } from './profile.js';
import type { ServiceIssue } from '../schema/service.js';

export interface Applied {
  /** catalog fields as a nested object (name, agency: {name, code}, …) */
  fields: Record<string, unknown>;
  extras: Record<string, unknown>;
  issues: ServiceIssue[];
}

/** Non-empty: a value a person would call filled in. */
function present(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return textOf(v) !== undefined;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v).length > 0;
  return true;
}

/** A column by its exact name, else a dotted path into nested JSON (`guide.phone`). */
export function readPath(data: Record<string, unknown>, path: string): unknown {
  if (path in data) return data[path];
  if (!path.includes('.')) return undefined;
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function setPath(target: Record<string, unknown>, path: string | readonly string[], value: unknown): void {
  const parts = typeof path === 'string' ? path.split('.') : path;
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === undefined || next === null || typeof next !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

// Source columns repeat the same few values (承诺时限, 是否收费, 服务对象 …): transform results are
// memoised per transform and text. Results are shared, so nothing downstream may mutate them.
const MEMO_MAX = 20_000;
const memo = new Map<string, Map<string, Normalized<unknown>>>();

function transformOnce(name: string, v: unknown, field: string): Normalized<unknown> {
  const { fn, key } = transformFor(name, field);
  if (typeof v !== 'string' || v.length > 300) return fn(v);
  let m = memo.get(key);
  if (!m) memo.set(key, (m = new Map()));
  let r = m.get(v);
  if (!r) {
    r = fn(v);
    if (m.size >= MEMO_MAX) m.clear();
    m.set(v, r);
  }
  return r;
}

function runTransforms(names: string[], v: unknown, field: string, issues: ServiceIssue[]): unknown {
  let cur = v;
  for (const n of names) {
    const r = transformOnce(n, cur, field);
    for (const f of r.findings ?? []) issues.push(toIssue(field, f));
    // a filled value the transform silently made nothing of (an object where text was expected) is said, not lost
    if (r.value === undefined && !r.findings?.length && cur !== null && typeof cur === 'object' && present(cur)) {
      issues.push({ field, severity: 'warning', code: 'value-not-understood', message: `${n} cannot read ${JSON.stringify(cur).slice(0, 120)}` });
    }
    cur = r.value;
    if (cur === undefined) break;
  }
  return cur;
}

const toIssue = (field: string, f: Finding): ServiceIssue => ({ field, severity: f.severity, code: f.code, message: f.message });

/** Applies `profile` to one record's data. `autoIgnore`: columns the adapter already used (entry points). */
export function applyProfile(profile: MappingProfile, data: Record<string, unknown>, autoIgnore: ReadonlySet<string> = new Set()): Applied {
  const fields: Record<string, unknown> = {};
  const issues: ServiceIssue[] = [];
  for (const rule of profile.rules) {
    let value: unknown;
    if ('value' in rule && rule.from.length === 0) {
      value = runTransforms(rule.transforms, rule.value, rule.field, issues);
    } else {
      let raw: unknown;
      let refused: { col: string; v: unknown } | undefined;
      for (const col of rule.from) {
        const v = readPath(data, col);
        if (!present(v)) continue;
        if (rule.match && !rule.match.test(matchText(v))) {
          refused ??= { col, v };
          continue;
        }
        raw = v;
        break;
      }
      if (raw === undefined && refused && !rule.refusedGoesElsewhere) {
        issues.push({ field: rule.field, severity: 'warning', code: 'value-not-matched', message: `${refused.col} "${String(refused.v).slice(0, 80)}" does not match ${rule.match}: not used for ${rule.field}` });
      }
      if (raw !== undefined) value = runTransforms(rule.transforms, raw, rule.field, issues);
      if (value === undefined && rule.default !== undefined) value = runTransforms(rule.transforms, rule.default, rule.field, []);
    }
    if (value !== undefined) {
      if (rule.path.length === 1) fields[rule.field] = value;
      else setPath(fields, rule.path, value);
    }
  }
  const extras: Record<string, unknown> = {};
  for (const route of profile.routes) routeOne(route, data, fields, extras, issues);
  for (const [k, v] of Object.entries(data)) {
    if (profile.used.has(k) || profile.ignore.has(k) || autoIgnore.has(k)) continue;
    if (present(v)) extras[k] = v;
  }
  return { fields, extras, issues };
}

function readPathOf(target: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = target;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/**
 * Sends the route's value to the first target whose pattern it matches. A field already filled
 * (by `fields:` or an earlier route) keeps its value. A value no target takes is kept in extras
 * with a warning: never published under the wrong field, never lost.
 */
function routeOne(route: RouteRule, data: Record<string, unknown>, fields: Record<string, unknown>, extras: Record<string, unknown>, issues: ServiceIssue[]): void {
  let col: string | undefined;
  let raw: unknown;
  for (const c of route.from) {
    const v = readPath(data, c);
    if (present(v)) {
      col = c;
      raw = v;
      break;
    }
  }
  if (col === undefined) return;
  const text = matchText(raw);
  const target = route.to.find((t) => !t.match || t.match.test(text));
  if (!target) {
    extras[col] = raw;
    issues.push({ field: route.to[0]!.field, severity: 'warning', code: 'route-unmatched', message: `${col} "${String(raw).slice(0, 80)}" matches no route (${route.to.map((t) => `${t.field}: ${t.match}`).join(', ')}): kept in extras` });
    return;
  }
  if (readPathOf(fields, target.path) !== undefined) return;
  const value = runTransforms(target.transforms, raw, target.field, issues);
  if (value !== undefined) setPath(fields, target.path, value);
}
