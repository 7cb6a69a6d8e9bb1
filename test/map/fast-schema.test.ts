// The schema's fast path (src/schema/service-fast.ts) against zod itself: whenever it answers, zod
// accepts the same candidate and returns the same tree (keys in the same order, undefined kept,
// fresh objects); it answers for every well-formed candidate, and for the real records.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CatalogService } from '../../src/schema/service.js';
import { catalogServiceFast, FAST_KEYS } from '../../src/schema/service-fast.js';
import { CASE_TYPES, CROSS_REGION_SCOPES, HANDLING_FORMS, LIMIT_UNITS, MATERIAL_FORMS, MATERIAL_NECESSITY } from '../../src/schema/enums.js';
import { serviceCandidate } from '../../src/map/validate.js';
import { guanganDrafts } from './normalizers/fixtures/guangan.js';

/** a tree with its key order and undefined values made visible */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return ['[]', v.length, ...Array.from(v, canon)];
  if (v && typeof v === 'object') return ['{}', ...Object.keys(v).map((k) => [k, canon((v as Record<string, unknown>)[k])])];
  if (v === undefined) return '(undefined)';
  if (typeof v === 'number' && Object.is(v, -0)) return '(-0)';
  return v;
}

/** the nested objects of the fast tree are fresh (as zod's are), except extras' values (zod passes them as they are) */
function freshFrom(out: unknown, input: unknown, path = ''): string | undefined {
  if (!out || typeof out !== 'object' || path.startsWith('extras.')) return undefined;
  if (out === input) return path || '(root)';
  for (const k of Object.keys(out)) {
    const bad = freshFrom((out as Record<string, unknown>)[k], input && typeof input === 'object' ? (input as Record<string, unknown>)[k] : undefined, path ? `${path}.${k}` : k);
    if (bad) return bad;
  }
  return undefined;
}

function same(candidate: unknown): 'fast' | 'zod' {
  const fast = catalogServiceFast(candidate);
  if (fast === undefined) return 'zod';
  const z = CatalogService.safeParse(candidate);
  expect(z.success, 'the fast path answered where zod refuses').toBe(true);
  expect(canon(fast)).toEqual(canon(z.data));
  expect(JSON.stringify(fast)).toBe(JSON.stringify(z.data));
  expect(freshFrom(fast, candidate)).toBeUndefined();
  return 'fast';
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const text = fc.oneof(fc.string(), fc.constantFrom('', ' ', '  公共服务 ', '\u3000x', 'a'.repeat(201), ' '.repeat(3) + 'b'.repeat(200)));
const num = fc.oneof(fc.double(), fc.integer({ min: -3, max: 10 }), fc.constantFrom(0, -0, 1.5, -0.5, Number.MAX_SAFE_INTEGER + 2, -Infinity, Infinity, NaN));
/** any value a field might hold, right or wrong */
const junk = fc.oneof(text, num, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([]), fc.constant({}), fc.constant(new Date(0)));
const rec = <T extends Record<string, fc.Arbitrary<unknown>>>(m: T, wrong = true) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record(m, { requiredKeys: [] }) },
    // a key present with undefined, an unknown key, a value of the wrong kind
    { weight: wrong ? 2 : 0, arbitrary: fc.tuple(fc.record(m, { requiredKeys: [] }), fc.constantFrom(...Object.keys(m), 'unknownKey'), junk).map(([o, k, v]) => ({ ...o, [k]: v })) },
  );
const codedLabel = rec({ code: text, label: text });
const limit = rec({ value: num, unit: fc.oneof(fc.constantFrom(...LIMIT_UNITS), text), text });
const material = rec({ name: text, form: fc.constantFrom(...MATERIAL_FORMS, 'x'), necessity: fc.constantFrom(...MATERIAL_NECESSITY), originals: num, copies: num, sourceChannel: text, note: text });
const issue = rec({ field: text, severity: fc.constantFrom('error', 'warning', 'info'), code: text, message: text });
const source = rec({ adapter: text, stream: text, sourceKey: text, locator: text, extractedAt: text, contentHash: text });
const fullSource = fc.record({ adapter: text, stream: text, sourceKey: text, locator: text, extractedAt: text, contentHash: text });

/** a candidate with any subset of the schema's keys, each right or wrong */
const anyCandidate = fc.record(
  {
    id: fc.oneof(text, junk), appId: text, source: fc.oneof(fullSource, source), name: text, aliases: fc.oneof(fc.array(text), fc.array(junk, { maxLength: 2 })),
    catalogCode: text, taskCode: text, localCode: text, taskType: codedLabel, agency: rec({ name: text, code: text }), division: rec({ code: text, name: text }),
    useLevel: codedLabel, serviceObjects: fc.array(codedLabel, { maxLength: 3 }), caseType: fc.constantFrom(...CASE_TYPES, 'x'), legalLimit: limit, promisedLimit: limit,
    onSiteVisits: num, acceptConditions: text, materials: fc.array(material, { maxLength: 3 }),
    fee: rec({ charged: fc.oneof(fc.boolean(), junk), items: fc.array(rec({ name: text, standard: text, basis: text }), { maxLength: 2 }) }),
    handlingForms: fc.array(fc.constantFrom(...HANDLING_FORMS, 'fax'), { maxLength: 3 }), online: rec({ available: fc.boolean(), depth: num, pcUrl: text, mobileUrl: text }),
    address: text, hours: text, consult: rec({ phone: text, url: text }), complaint: rec({ phone: text, url: text }), crossRegionScope: fc.constantFrom(...CROSS_REGION_SCOPES, 'x'),
    legalBasis: text, usage: rec({ monthlyVisits: num, registeredUsers: num, period: text }), entryPoints: fc.array(text, { maxLength: 3 }),
    extras: fc.oneof(fc.dictionary(fc.constantFrom('备注', 'a', '0', '12', '__proto__', 'toString'), junk), junk), issues: fc.oneof(fc.constant([]), fc.array(issue, { maxLength: 2 })),
    stray: junk,
  },
  { requiredKeys: [] },
);

const okText = fc.string({ maxLength: 20 });
const okName = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
const okInt = fc.nat({ max: 50 });
/** a candidate zod accepts as it is: the fast path must answer it */
const wellFormed = fc.record(
  {
    id: okText, appId: okText, source: fullSource.filter((s) => Object.values(s).every((v) => typeof v === 'string')).map((s) => s as Record<string, string>), name: okName,
    catalogCode: okText, taskType: fc.record({ code: okText, label: okText }, { requiredKeys: ['label'] }), agency: fc.record({ name: okText, code: okText }, { requiredKeys: ['name'] }),
    division: fc.record({ code: okText, name: okText }, { requiredKeys: ['code'] }), serviceObjects: fc.array(fc.record({ code: okText, label: okText }, { requiredKeys: ['label'] }), { maxLength: 2 }),
    caseType: fc.constantFrom(...CASE_TYPES), promisedLimit: fc.record({ value: okInt, unit: fc.constantFrom(...LIMIT_UNITS), text: okText }, { requiredKeys: ['value', 'unit'] }),
    onSiteVisits: okInt, materials: fc.array(fc.record({ name: okName, form: fc.constantFrom(...MATERIAL_FORMS), copies: okInt }, { requiredKeys: ['name'] }), { maxLength: 2 }),
    fee: fc.record({ charged: fc.boolean(), items: fc.array(fc.record({ name: okText }), { maxLength: 2 }) }, { requiredKeys: ['charged'] }),
    handlingForms: fc.array(fc.constantFrom(...HANDLING_FORMS), { maxLength: 2 }), online: fc.record({ available: fc.boolean(), depth: fc.integer({ min: 0, max: 4 }), pcUrl: okText }, { requiredKeys: ['available'] }),
    consult: fc.record({ phone: okText }), usage: fc.record({ monthlyVisits: okInt, period: okText }, { requiredKeys: [] }), entryPoints: fc.array(okText, { maxLength: 2 }),
    extras: fc.dictionary(okText.filter((k) => k !== '__proto__'), fc.oneof(okText, okInt, fc.constant(null), fc.array(okText, { maxLength: 2 })), { noNullPrototype: true }), issues: fc.constant([]),
  },
  { requiredKeys: ['id', 'appId', 'source', 'name'] },
);

const SUBKEYS = ['code', 'label', 'name', 'value', 'unit', 'text', 'available', 'depth', 'charged', 'items', 'monthlyVisits', 'adapter', 'locator', 'contentHash', 'x', '__proto__'];
/** a well-formed candidate with up to three values made wrong (or odd), at the top or one level down */
const mutated = fc
  .tuple(wellFormed, fc.array(fc.tuple(fc.constantFrom(...FAST_KEYS, 'stray'), fc.option(fc.constantFrom(...SUBKEYS), { nil: undefined }), junk), { maxLength: 3 }))
  .map(([c, edits]) => {
    const o: Record<string, unknown> = { ...c };
    for (const [k, sub, v] of edits) {
      const cur = o[k];
      if (sub === undefined || !cur || typeof cur !== 'object') o[k] = v;
      else if (Array.isArray(cur)) o[k] = cur.length ? [{ ...(cur[0] as object), [sub]: v }, ...cur.slice(1)] : [v];
      else o[k] = Object.defineProperty({ ...(cur as object) }, sub, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return o;
  });

describe('the schema fast path', () => {
  it('follows the schema: the same keys in the same order', () => {
    expect([...FAST_KEYS]).toEqual(Object.keys(CatalogService.shape));
  });

  it('gives what zod gives whenever it answers, on random candidates right and wrong', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.oneof(anyCandidate, mutated), (c) => {
        if (same(c) === 'fast') fast++;
      }),
      { numRuns: 4000 },
    );
    // the generator is not all junk: some candidates take the fast path
    expect(fast).toBeGreaterThan(0);
  });

  it('answers every well-formed candidate, with what zod gives', () => {
    fc.assert(
      fc.property(wellFormed, (c) => {
        expect(same(c)).toBe('fast');
      }),
      { numRuns: 1000 },
    );
  });

  it('gives what zod gives for every field set to each edge value', () => {
    const full: Record<string, unknown> = {
      id: 'a-1', appId: 'a', source: { adapter: 'x', stream: 's', sourceKey: 'k', locator: 'L', extractedAt: 'T', contentHash: 'h' }, name: '失业登记', aliases: ['x'],
      catalogCode: 'c', taskCode: 't', localCode: 'l', taskType: { code: '01', label: '行政许可' }, agency: { name: 'n', code: 'c' }, division: { code: '511602', name: 'n' },
      useLevel: { label: 'l' }, serviceObjects: [{ code: '1', label: '自然人' }], caseType: 'promised', legalLimit: { value: 20, unit: 'workday' }, promisedLimit: { value: 5, unit: 'day', text: '5天' },
      onSiteVisits: 1, acceptConditions: 'a', materials: [{ name: 'm', form: 'paper', necessity: 'required', originals: 1, copies: 2, sourceChannel: 's', note: 'n' }],
      fee: { charged: true, items: [{ name: 'f', standard: 's', basis: 'b' }] }, handlingForms: ['window'], online: { available: true, depth: 4, pcUrl: 'p', mobileUrl: 'm' },
      address: 'a', hours: 'h', consult: { phone: 'p', url: 'u' }, complaint: { phone: 'p' }, crossRegionScope: 'none', legalBasis: 'l',
      usage: { monthlyVisits: 3, registeredUsers: 4, period: 'p' }, entryPoints: ['e'], extras: { 备注: 'x', 2: 'y' }, issues: [{ field: 'f', severity: 'warning', code: 'c', message: 'm' }],
    };
    expect(same(full)).toBe('fast');
    const values = [-1, -0.5, -0, 0, 0.5, 1, 4, 5, 200, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, '', ' ', ' x ', 'x'.repeat(201), null, undefined, true, {}, [], ['x'], [1], new Date(0), 'day', 'paper', 'required', 'window', 'error'];
    const paths = new Set<string>();
    const walk = (v: unknown, path: string[]): void => {
      if (path.length) paths.add(path.join('\u0000'));
      if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
    };
    walk(full, []);
    let n = 0;
    for (const p of paths) {
      const keys = p.split('\u0000');
      for (const v of values) {
        const c = structuredClone(full);
        let cur = c as Record<string, unknown>;
        for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
        cur[keys.at(-1)!] = v;
        same(c);
        delete cur[keys.at(-1)!];
        same(c);
        n++;
      }
    }
    expect(n).toBeGreaterThan(1000);
  });

  it('leaves to zod what it does not take as it is', () => {
    const base = { id: 'a-1', appId: 'a', source: { adapter: 'x', stream: 's', sourceKey: 'k', locator: 'L', extractedAt: 'T', contentHash: 'h' }, name: ' 失业登记 ' };
    expect(catalogServiceFast(base)?.name).toBe('失业登记');
    for (const bad of [{ name: '  ' }, { name: 'x'.repeat(201) }, { promisedLimit: { value: -1, unit: 'day' } }, { onSiteVisits: 1.5 }, { usage: { monthlyVisits: Infinity } }, { extras: new Map() }, { extras: { [Symbol('s')]: 1 } }, { caseType: 'x' }, { source: { adapter: 'x' } }]) {
      expect(catalogServiceFast({ ...base, ...bad })).toBeUndefined();
    }
  });

  it('takes the real records (1,135 items of 广安区) and gives zod’s trees for them', () => {
    const drafts = guanganDrafts();
    let fast = 0;
    for (const d of drafts) if (same(serviceCandidate(d, { appDivision: '511602' }).candidate) === 'fast') fast++;
    expect(fast).toBe(drafts.length);
  });
});
