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

/** CatalogService.parse(candidate) when zod would accept it as it is, else undefined (ask zod).
 *  Written out key by key (each key's load its own), in the schema's order: the output's order. */
export function catalogServiceFast(input: unknown): Service | undefined {
  if (!isObj(input)) return undefined;
  const i = input as Record<(typeof FAST_KEYS)[number], unknown>;
  const o: Obj = {};
  let v: unknown;
  let r: unknown;
  v = i.id;
  if (typeof v !== 'string' || !('id' in i)) return undefined;
  o.id = v;
  v = i.appId;
  if (typeof v !== 'string' || !('appId' in i)) return undefined;
  o.appId = v;
  if (!('source' in i) || (r = source(i.source)) === NO) return undefined;
  o.source = r;
  if (!('name' in i) || (r = name(i.name)) === NO) return undefined;
  o.name = r;
  if ((r = arrayOf(i.aliases, str, true)) === NO) return undefined;
  o.aliases = r;
  v = i.catalogCode;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.catalogCode = v;
  } else if ('catalogCode' in i) o.catalogCode = undefined;
  v = i.taskCode;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.taskCode = v;
  } else if ('taskCode' in i) o.taskCode = undefined;
  v = i.localCode;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.localCode = v;
  } else if ('localCode' in i) o.localCode = undefined;
  v = i.taskType;
  if (v !== undefined) {
    if ((r = codedLabel(v)) === NO) return undefined;
    o.taskType = r;
  } else if ('taskType' in i) o.taskType = undefined;
  v = i.agency;
  if (v !== undefined) {
    if ((r = agency(v)) === NO) return undefined;
    o.agency = r;
  } else if ('agency' in i) o.agency = undefined;
  v = i.division;
  if (v !== undefined) {
    if ((r = division(v)) === NO) return undefined;
    o.division = r;
  } else if ('division' in i) o.division = undefined;
  v = i.useLevel;
  if (v !== undefined) {
    if ((r = codedLabel(v)) === NO) return undefined;
    o.useLevel = r;
  } else if ('useLevel' in i) o.useLevel = undefined;
  if ((r = arrayOf(i.serviceObjects, codedLabel, true)) === NO) return undefined;
  o.serviceObjects = r;
  v = i.caseType;
  if (v !== undefined) {
    if ((r = caseType(v)) === NO) return undefined;
    o.caseType = r;
  } else if ('caseType' in i) o.caseType = undefined;
  v = i.legalLimit;
  if (v !== undefined) {
    if ((r = timeLimit(v)) === NO) return undefined;
    o.legalLimit = r;
  } else if ('legalLimit' in i) o.legalLimit = undefined;
  v = i.promisedLimit;
  if (v !== undefined) {
    if ((r = timeLimit(v)) === NO) return undefined;
    o.promisedLimit = r;
  } else if ('promisedLimit' in i) o.promisedLimit = undefined;
  v = i.onSiteVisits;
  if (v !== undefined) {
    if ((r = nonnegInt(v)) === NO) return undefined;
    o.onSiteVisits = r;
  } else if ('onSiteVisits' in i) o.onSiteVisits = undefined;
  v = i.acceptConditions;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.acceptConditions = v;
  } else if ('acceptConditions' in i) o.acceptConditions = undefined;
  if ((r = arrayOf(i.materials, material, true)) === NO) return undefined;
  o.materials = r;
  v = i.fee;
  if (v !== undefined) {
    if ((r = fee(v)) === NO) return undefined;
    o.fee = r;
  } else if ('fee' in i) o.fee = undefined;
  if ((r = arrayOf(i.handlingForms, handlingForm, true)) === NO) return undefined;
  o.handlingForms = r;
  v = i.online;
  if (v !== undefined) {
    if ((r = online(v)) === NO) return undefined;
    o.online = r;
  } else if ('online' in i) o.online = undefined;
  v = i.address;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.address = v;
  } else if ('address' in i) o.address = undefined;
  v = i.hours;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.hours = v;
  } else if ('hours' in i) o.hours = undefined;
  v = i.consult;
  if (v !== undefined) {
    if ((r = contact(v)) === NO) return undefined;
    o.consult = r;
  } else if ('consult' in i) o.consult = undefined;
  v = i.complaint;
  if (v !== undefined) {
    if ((r = contact(v)) === NO) return undefined;
    o.complaint = r;
  } else if ('complaint' in i) o.complaint = undefined;
  v = i.crossRegionScope;
  if (v !== undefined) {
    if ((r = scope(v)) === NO) return undefined;
    o.crossRegionScope = r;
  } else if ('crossRegionScope' in i) o.crossRegionScope = undefined;
  v = i.legalBasis;
  if (v !== undefined) {
    if (typeof v !== 'string') return undefined;
    o.legalBasis = v;
  } else if ('legalBasis' in i) o.legalBasis = undefined;
  v = i.usage;
  if (v !== undefined) {
    if ((r = usage(v)) === NO) return undefined;
    o.usage = r;
  } else if ('usage' in i) o.usage = undefined;
  if ((r = arrayOf(i.entryPoints, str, true)) === NO) return undefined;
  o.entryPoints = r;
  if ((r = extras(i.extras)) === NO) return undefined;
  o.extras = r;
  if ((r = arrayOf(i.issues, issue, true)) === NO) return undefined;
  o.issues = r;
  return o as Service;
}
