// Validation of mapped services (DESIGN §6, §7): the canonical schema, then the codes (USCC check
// digits, region codes against the dated table, code lengths) and plausibility checks. Findings
// become `issues` on the service; an error-severity issue keeps it from being published.
import { CatalogService, type ServiceIssue } from '../schema/service.js';
import { catalogServiceFast } from '../schema/service-fast.js';
import {
  checkCatalogCode,
  checkOrgCode,
  checkRegionCode,
  checkTaskCode,
  checkUscc,
  codeForm,
  currentRegionCode,
  lookupRegion,
  REGION_TABLE,
  regionWithin,
} from '../codes/index.js';
import { formatPath } from '../workspace/issues.js';
import { TASK_TYPES } from '../schema/enums.js';

export const NAME_MAX = 200;
export const TEXT_MAX = 5000;

export interface ValidationContext {
  /** the app's division (6 digits, from yimen.yaml) */
  appDivision: string;
}

export interface ServiceDraft {
  id: string;
  appId: string;
  source: CatalogService['source'];
  fields: Record<string, unknown>;
  extras: Record<string, unknown>;
  entryPoints: string[];
  issues: ServiceIssue[];
}

const issue = (field: string, severity: 'error' | 'warning', code: string, message: string): ServiceIssue => ({ field, severity, code, message });

/**
 * Oversized text is truncated with a warning, so a hostile or broken cell cannot bloat the store:
 * the name at 200 characters, any other string (nested ones and extras too) at 5,000.
 */
function truncateStrings(fields: Record<string, unknown>, issues: ServiceIssue[], prefix = ''): void {
  const isArray = Array.isArray(fields);
  // keys, not entries, and a path made only for a value cut: this runs on every service
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    const max = !isArray && !prefix && k === 'name' ? NAME_MAX : TEXT_MAX;
    if (typeof v === 'string') {
      if (v.length > max) {
        const path = pathOf(isArray, prefix, k);
        fields[k] = v.slice(0, max);
        issues.push(issue(path, 'warning', 'truncated', `${path} had ${v.length} characters; kept the first ${max}`));
      }
    } else if (v && typeof v === 'object' && !(v instanceof Date) && tooLong(v, max)) {
      // shared (memoised) values are copied before they are cut
      const copy = (Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) }) as Record<string, unknown>;
      fields[k] = copy;
      truncateStrings(copy, issues, pathOf(isArray, prefix, k));
    }
  }
}

const pathOf = (isArray: boolean, prefix: string, k: string): string => (isArray ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k);

function tooLong(v: unknown, max: number): boolean {
  if (typeof v === 'string') return v.length > max;
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) if (tooLong((v as Record<string, unknown>)[k], max)) return true;
  }
  return false;
}

function deletePath(obj: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): void {
  if (!path.length) return;
  let cur: unknown = obj;
  for (const p of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<PropertyKey, unknown>)[p as string];
  }
  if (cur && typeof cur === 'object') {
    if (Array.isArray(cur) && typeof path.at(-1) === 'number') cur.splice(path.at(-1) as number, 1);
    else delete (cur as Record<PropertyKey, unknown>)[path.at(-1) as string];
  }
}

/**
 * Fills what a partly mapped object needs before the schema sees it: an agency with a code but no
 * name, a division with a name but no code (the app's), a task type with a code but no label.
 */
function completeParts(fields: Record<string, unknown>, issues: ServiceIssue[], ctx: ValidationContext): void {
  // objects here may be shared (memoised transform results): replaced, never mutated
  const division = fields.division as { code?: unknown; name?: unknown } | undefined;
  if (!division) fields.division = { code: ctx.appDivision };
  else if (division.code === undefined) fields.division = { ...division, code: ctx.appDivision };
  const agency = fields.agency as { name?: unknown; code?: unknown } | undefined;
  if (agency && agency.name === undefined) {
    fields.agency = { ...agency, name: '' };
    issues.push(issue('agency.name', 'warning', 'agency-name-missing', `实施主体 has a code (${String(agency.code)}) but no name`));
  }
  const online = fields.online as { available?: unknown; pcUrl?: unknown; mobileUrl?: unknown } | undefined;
  if (online && online.available === undefined) fields.online = { ...online, available: Boolean(online.pcUrl || online.mobileUrl) };
  const tt = fields.taskType as { code?: unknown; label?: unknown } | undefined;
  if (tt && tt.label === undefined) {
    const code = typeof tt.code === 'string' ? tt.code.padStart(2, '0') : undefined;
    if (code && code in TASK_TYPES) fields.taskType = { code, label: TASK_TYPES[code as keyof typeof TASK_TYPES] };
    else {
      fields.taskType = { ...tt, label: String(tt.code ?? '') };
      issues.push(issue('taskType', 'warning', 'task-type-unknown', `事项类型 code "${String(tt.code)}" is not a national code`));
    }
  }
}

/**
 * What the schema is given for a draft: its strings truncated, its parts completed (with the
 * issues that makes so far). Exported for the fast path's test (test/map/fast-schema.test.ts).
 */
export function serviceCandidate(draft: ServiceDraft, ctx: ValidationContext): { candidate: Record<string, unknown>; issues: ServiceIssue[] } {
  // a shallow copy: top-level values are replaced below, nested ones never mutated (zod's output is a fresh tree)
  const fields = { ...draft.fields };
  const issues = [...draft.issues];
  truncateStrings(fields, issues);
  const extras = { ...draft.extras };
  truncateStrings(extras, issues, 'extras');
  completeParts(fields, issues, ctx);
  const candidate: Record<string, unknown> = {
    id: draft.id,
    appId: draft.appId,
    source: draft.source,
    ...fields,
    entryPoints: draft.entryPoints,
    extras,
    issues: [],
  };
  return { candidate, issues };
}

/**
 * Turns a draft into a CatalogService: defaults from the app, the schema applied (a field the
 * schema refuses is dropped and reported as an error, so the rest of the service is kept), then
 * the code and plausibility checks. Returns undefined only when there is no name at all.
 */
export function buildService(draft: ServiceDraft, ctx: ValidationContext): CatalogService {
  const { candidate, issues } = serviceCandidate(draft, ctx);
  // the common candidate, which zod would take as it is, skips zod (the same tree); anything else,
  // and every error message, is zod's
  const fast = catalogServiceFast(candidate);
  let parsed: ReturnType<typeof CatalogService.safeParse> = fast ? { success: true, data: fast } : CatalogService.safeParse(candidate);
  for (let attempt = 0; !parsed.success && attempt < 20; attempt++) {
    for (const zi of parsed.error.issues) {
      const path = zi.path.filter((p) => typeof p !== 'symbol');
      // never drop the identity or the name: those are handled by the caller
      const top = String(path[0] ?? '');
      if (['id', 'appId', 'source', 'issues', 'extras', 'entryPoints'].includes(top)) throw new Error(`internal: ${formatPath(path)}: ${zi.message}`);
      if (top === 'name') continue;
      issues.push(issue(formatPath(path), 'error', 'schema', `${formatPath(path)}: ${zi.message}`));
      deletePath(candidate, path.length > 1 && top !== 'materials' && top !== 'serviceObjects' ? path.slice(0, 1) : path);
    }
    parsed = CatalogService.safeParse(candidate);
  }
  if (!parsed.success) throw new Error(`internal: service ${draft.id} does not fit the schema: ${parsed.error.issues[0]?.message}`);
  const s = parsed.data;
  // 办件类型 follows from the promised limit when the source does not say: 0 days is 即办件
  if (!s.caseType && s.promisedLimit) s.caseType = s.promisedLimit.value === 0 ? 'immediate' : 'promised';
  s.issues = [...issues, ...checkService(s, ctx)];
  return s;
}

/** Domain checks on a schema-valid service: codes, regions, limits, URLs. Fills division.name from the region table. */
export function checkService(s: CatalogService, ctx: ValidationContext): ServiceIssue[] {
  const out: ServiceIssue[] = [];
  if (s.catalogCode) for (const f of checkCatalogCode(s.catalogCode)) out.push(issue('catalogCode', f.severity, f.code, f.message));

  if (s.taskCode) {
    const t = checkTaskCode(s.taskCode);
    for (const f of t.findings) out.push(issue('taskCode', f.severity, f.code, f.message));
    if (t.uscc?.ok && !agrees(t.uscc.region, ctx.appDivision)) {
      out.push(issue('taskCode', 'warning', 'task-code-region-mismatch', `实施编码 ${s.taskCode}: its agency was registered in ${describeRegion(t.uscc.region)}, outside the app's division ${describeRegion(ctx.appDivision)}`));
    }
    if (t.parts?.area) {
      const r = checkRegionCode(t.parts.area);
      if (!r.ok) out.push(issue('taskCode', 'warning', `task-code-region-${r.problem}`, `实施编码 ${s.taskCode}: ${r.message}`));
      else if (!agrees(t.parts.area.slice(0, 6), ctx.appDivision)) {
        out.push(issue('taskCode', 'warning', 'task-code-region-mismatch', `实施编码 ${s.taskCode} names region ${describeRegion(t.parts.area.slice(0, 6))}, outside the app's division ${describeRegion(ctx.appDivision)}`));
      }
    }
  }

  if (s.agency?.code) {
    // classified in the form the checks read: a profile that maps the code without the `code` transform
    // leaves case, width and spaces as typed (" 1132…26 ", "00877836x"), which are no other kind of code
    const c = codeForm(s.agency.code);
    if (c.length === 18) {
      const u = checkUscc(c);
      if (!u.ok) out.push(issue('agency.code', 'error', `uscc-${u.problem}`, u.message));
      else if (!u.orgCodeOk) {
        out.push(issue('agency.code', 'warning', 'uscc-org-check-digit', `统一社会信用代码 ${c}: its positions 9–17 (${u.orgCode}) should be a 组织机构代码 (GB 11714) whose check digit is "${u.orgCodeExpected}", not "${u.orgCode[8]}"`));
      }
      if (u.ok && !agrees(u.region, ctx.appDivision)) {
        out.push(issue('agency.code', 'warning', 'agency-region-mismatch', `统一社会信用代码 ${c} was registered in ${describeRegion(u.region)}, outside the app's division ${describeRegion(ctx.appDivision)}`));
      }
    } else if (/^[0-9A-Z]{8}-?[0-9X]$/.test(c)) {
      const o = checkOrgCode(c);
      if (!o.ok) out.push(issue('agency.code', 'error', 'org-code-check-digit', `${o.message}; and a 统一社会信用代码 (18 characters) is expected`));
      else out.push(issue('agency.code', 'warning', 'agency-code-org', `"${c}" is a 9-character 组织机构代码, not an 18-character 统一社会信用代码: the agency's USCC embeds it (positions 9–17)`));
    } else {
      out.push(issue('agency.code', 'warning', 'agency-code-format', `"${c}" is not a 统一社会信用代码 (18 characters) nor a 组织机构代码 (9)`));
    }
  }

  if (s.division) {
    const r = checkRegionCode(s.division.code);
    if (r.ok) {
      if (r.code.length > 6) s.division.code = r.code.slice(0, 6);
      s.division.name ??= `${r.entry.fullName}${r.township ?? ''}${r.village ?? ''}`;
      if (!agrees(s.division.code, ctx.appDivision)) {
        out.push(issue('division.code', 'warning', 'division-outside-app', `行政区划 ${describeRegion(s.division.code)} is outside the app's division ${describeRegion(ctx.appDivision)}`));
      }
    } else {
      const severity = r.problem === 'format' || r.problem === 'unknown' ? 'error' : 'warning';
      out.push(issue('division.code', severity, `region-${r.problem}`, r.message));
      if (r.problem === 'township-unknown' || r.problem === 'village-unknown' || r.problem === 'statistical') s.division.name ??= r.entry?.fullName;
      if (r.problem === 'township-unknown' || r.problem === 'village-unknown') s.division.code = r.code.slice(0, 6);
    }
  }

  if (s.legalLimit && s.promisedLimit && s.legalLimit.unit === s.promisedLimit.unit && s.promisedLimit.value > s.legalLimit.value) {
    out.push(issue('promisedLimit', 'warning', 'promised-exceeds-legal', `承诺时限 ${s.promisedLimit.value} exceeds 法定时限 ${s.legalLimit.value} (${s.legalLimit.unit})`));
  }
  if (s.taskType && !s.taskType.code) out.push(issue('taskType', 'warning', 'task-type-uncoded', `事项类型 "${s.taskType.label}" has no national code`));

  for (const k of ['pcUrl', 'mobileUrl'] as const) {
    const u = s.online?.[k];
    if (u && !/^https?:\/\//i.test(u)) {
      out.push(issue(`online.${k}`, 'warning', 'url-refused', `"${u.slice(0, 80)}" is not an http(s) address: dropped`));
      delete s.online![k];
    }
  }
  for (const c of ['consult', 'complaint'] as const) {
    const u = s[c]?.url;
    if (u && !/^https?:\/\//i.test(u)) {
      out.push(issue(`${c}.url`, 'warning', 'url-refused', `"${u.slice(0, 80)}" is not an http(s) address: dropped`));
      delete s[c]!.url;
    }
  }
  return out;
}

/** Regions agree when one contains the other (a city agency serving a county app is fine). */
function agrees(a: string, b: string): boolean {
  return regionWithin(a, b) || regionWithin(b, a);
}

function describeRegion(code: string): string {
  const e = lookupRegion(currentRegionCode(code));
  if (e) return `${code} (${e.fullName})`;
  // not itself in the table (a 市辖区 code like 511301, an old code): name its prefecture at least
  const pref = lookupRegion(`${code.slice(0, 4)}00`) ?? lookupRegion(`${code.slice(0, 2)}0000`);
  return pref ? `${code} (in ${pref.fullName}; the code itself is not in the table)` : code;
}

export { REGION_TABLE };
