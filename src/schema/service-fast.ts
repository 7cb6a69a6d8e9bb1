// A fast path beside CatalogService's zod schema (service.ts), for map's hot loop: for a candidate
// that zod would accept as it is, it returns the very tree zod's parse returns (fresh objects and
// arrays, keys in the schema's order, a key present with undefined kept, defaults filled, the name
// trimmed, extras' values as given); for anything else (any value zod would refuse, an object it
// would treat specially) it returns undefined and the caller asks zod, whose errors stay the only
// ones. It mirrors zod 4's object rules: a required key must be present, an optional key is copied
// when present (`k in input`) even as undefined, a defaulted key always is. test/map/fast-schema.test.ts
// compares both on random and real candidates, and checks it follows the schema's keys.
import type { CatalogService as Service } from './service.js';
import { CASE_TYPES, CROSS_REGION_SCOPES, HANDLING_FORMS, LIMIT_UNITS, MATERIAL_FORMS, MATERIAL_NECESSITY } from './enums.js';

type Obj = Record<string, unknown>;
/** a value zod would not take as it is: the caller asks zod */
const NO = Symbol('not on the fast path');
type Out<T> = T | typeof NO;

/** the top-level keys in the schema's order (the test holds this to CatalogService.shape) */
export const FAST_KEYS = [
  'id', 'appId', 'source', 'name', 'aliases', 'catalogCode', 'taskCode', 'localCode', 'taskType', 'agency', 'division', 'useLevel',
  'serviceObjects', 'caseType', 'legalLimit', 'promisedLimit', 'onSiteVisits', 'acceptConditions', 'materials', 'fee', 'handlingForms',
  'online', 'address', 'hours', 'consult', 'complaint', 'crossRegionScope', 'legalBasis', 'usage', 'entryPoints', 'extras', 'issues',
] as const;

const NAME_MAX = 200;
const caseTypes = new Set<unknown>(CASE_TYPES);
const scopes = new Set<unknown>(CROSS_REGION_SCOPES);
const forms = new Set<unknown>(HANDLING_FORMS);
const units = new Set<unknown>(LIMIT_UNITS);
const materialForms = new Set<unknown>(MATERIAL_FORMS);
const necessities = new Set<unknown>(MATERIAL_NECESSITY);
const severities = new Set<unknown>(['error', 'warning']);

/** zod's object test (util.isObject): any non-null object but an array */
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): Out<string> => (typeof v === 'string' ? v : NO);
/** z.number(): finite */
const nonneg = (v: unknown): Out<number> => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : NO);
/** z.number().int().nonnegative(): a safe integer */
const nonnegInt = (v: unknown): Out<number> => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : NO);
const bool = (v: unknown): Out<boolean> => (typeof v === 'boolean' ? v : NO);
const member = (set: Set<unknown>) => (v: unknown): Out<unknown> => (set.has(v) ? v : NO);

/** a required key: present and valid */
function req<T>(out: Obj, input: Obj, k: string, parse: (v: unknown) => Out<T>): boolean {
  if (!(k in input)) return false;
  const r = parse(input[k]);
  if (r === NO) return false;
  out[k] = r;
  return true;
}

/** an optional key: copied when present (undefined as undefined), else left out */
function opt<T>(out: Obj, input: Obj, k: string, parse: (v: unknown) => Out<T>): boolean {
  const v = input[k];
  if (v === undefined) {
    if (k in input) out[k] = undefined;
    return true;
  }
  const r = parse(v);
  if (r === NO) return false;
  out[k] = r;
  return true;
}

/** a key with an empty array as default: a fresh array either way */
function list<T>(out: Obj, input: Obj, k: string, parse: (v: unknown) => Out<T>): boolean {
  const r = arrayOf(input[k], parse, true);
  if (r === NO) return false;
  out[k] = r;
  return true;
}

/** a key with a default: `parse` gives it for undefined; always set */
function defaulted<T>(out: Obj, input: Obj, k: string, parse: (v: unknown) => Out<T>): boolean {
  const r = parse(input[k]);
  if (r === NO) return false;
  out[k] = r;
  return true;
}

function arrayOf<T>(v: unknown, parse: (v: unknown) => Out<T>, orEmpty: boolean): Out<T[]> {
  if (v === undefined && orEmpty) return [];
  if (!Array.isArray(v)) return NO;
  const a = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) {
    const r = parse(v[i]);
    if (r === NO) return NO;
    a[i] = r;
  }
  return a;
}

const codedLabel = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return opt(o, v, 'code', str) && req(o, v, 'label', str) ? o : NO;
};
const timeLimit = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'value', nonneg) && req(o, v, 'unit', member(units)) && opt(o, v, 'text', str) ? o : NO;
};
const contact = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return opt(o, v, 'phone', str) && opt(o, v, 'url', str) ? o : NO;
};
const source = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'adapter', str) && req(o, v, 'stream', str) && req(o, v, 'sourceKey', str) && req(o, v, 'locator', str) && req(o, v, 'extractedAt', str) && req(o, v, 'contentHash', str)
    ? o
    : NO;
};
const agency = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'name', str) && opt(o, v, 'code', str) ? o : NO;
};
const division = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'code', str) && opt(o, v, 'name', str) ? o : NO;
};
const nonEmpty = (v: unknown): Out<string> => (typeof v === 'string' && v.length >= 1 ? v : NO);
const material = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'name', nonEmpty) && opt(o, v, 'form', member(materialForms)) && opt(o, v, 'necessity', member(necessities)) && opt(o, v, 'originals', nonnegInt) &&
    opt(o, v, 'copies', nonnegInt) && opt(o, v, 'sourceChannel', str) && opt(o, v, 'note', str)
    ? o
    : NO;
};
const feeItem = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'name', str) && opt(o, v, 'standard', str) && opt(o, v, 'basis', str) ? o : NO;
};
const fee = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'charged', bool) && list(o, v, 'items', feeItem) ? o : NO;
};
const depth = (v: unknown): Out<number> => (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 4 ? (v as number) : NO);
const online = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'available', bool) && opt(o, v, 'depth', depth) && opt(o, v, 'pcUrl', str) && opt(o, v, 'mobileUrl', str) ? o : NO;
};
const usage = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return opt(o, v, 'monthlyVisits', nonneg) && opt(o, v, 'registeredUsers', nonneg) && opt(o, v, 'period', str) ? o : NO;
};
const issue = (v: unknown): Out<Obj> => {
  if (!isObj(v)) return NO;
  const o: Obj = {};
  return req(o, v, 'field', str) && req(o, v, 'severity', member(severities)) && req(o, v, 'code', str) && req(o, v, 'message', str) ? o : NO;
};
/** the trimmed name, 1 to 200 characters after trimming (zod trims, then checks) */
const name = (v: unknown): Out<string> => {
  if (typeof v !== 'string') return NO;
  const t = v.trim();
  return t.length >= 1 && t.length <= NAME_MAX ? t : NO;
};
/** z.record(z.string(), z.unknown()) of a plain object: its enumerable string keys, values as they are */
const extras = (v: unknown): Out<Obj> => {
  if (v === undefined) return {};
  // zod asks for a plain object; the fast path takes only the plainest (anything else: zod decides)
  if (!isObj(v) || Object.getPrototypeOf(v) !== Object.prototype) return NO;
  const o: Obj = {};
  for (const k of Reflect.ownKeys(v)) {
    if (typeof k !== 'string') return NO;
    if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(v, k)) continue;
    o[k] = v[k];
  }
  return o;
};
const caseType = member(caseTypes);
const scope = member(scopes);
const handlingForm = member(forms);

/** CatalogService.parse(candidate) when zod would accept it as it is, else undefined (ask zod) */
export function catalogServiceFast(input: unknown): Service | undefined {
  if (!isObj(input)) return undefined;
  const o: Obj = {};
  const ok =
    req(o, input, 'id', str) &&
    req(o, input, 'appId', str) &&
    req(o, input, 'source', source) &&
    req(o, input, 'name', name) &&
    list(o, input, 'aliases', str) &&
    opt(o, input, 'catalogCode', str) &&
    opt(o, input, 'taskCode', str) &&
    opt(o, input, 'localCode', str) &&
    opt(o, input, 'taskType', codedLabel) &&
    opt(o, input, 'agency', agency) &&
    opt(o, input, 'division', division) &&
    opt(o, input, 'useLevel', codedLabel) &&
    list(o, input, 'serviceObjects', codedLabel) &&
    opt(o, input, 'caseType', caseType) &&
    opt(o, input, 'legalLimit', timeLimit) &&
    opt(o, input, 'promisedLimit', timeLimit) &&
    opt(o, input, 'onSiteVisits', nonnegInt) &&
    opt(o, input, 'acceptConditions', str) &&
    list(o, input, 'materials', material) &&
    opt(o, input, 'fee', fee) &&
    list(o, input, 'handlingForms', handlingForm) &&
    opt(o, input, 'online', online) &&
    opt(o, input, 'address', str) &&
    opt(o, input, 'hours', str) &&
    opt(o, input, 'consult', contact) &&
    opt(o, input, 'complaint', contact) &&
    opt(o, input, 'crossRegionScope', scope) &&
    opt(o, input, 'legalBasis', str) &&
    opt(o, input, 'usage', usage) &&
    list(o, input, 'entryPoints', str) &&
    defaulted(o, input, 'extras', extras) &&
    list(o, input, 'issues', issue);
  return ok ? (o as Service) : undefined;
}
