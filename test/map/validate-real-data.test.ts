// The mapper and validator on 1,135 real service items (广安区, Sichuan): real codes, real mess.
import { describe, expect, it } from 'vitest';
import { buildService } from '../../src/map/validate.js';
import { guanganDrafts } from './normalizers/fixtures/guangan.js';

const services = guanganDrafts().map((d) => buildService(d, { appDivision: '511602' }));
const count = (code: string) => services.filter((s) => s.issues.some((i) => i.code === code)).length;

describe('real data: 1,135 items of 广安区', () => {
  it('every row becomes a service with a coded task type and the 12-digit area read as 511602', () => {
    expect(services).toHaveLength(1135);
    const byType: Record<string, number> = {};
    for (const s of services) byType[s.taskType!.code!] = (byType[s.taskType!.code!] ?? 0) + 1;
    // the counts of the data's README, with the portal's numbering (1, 5, 7 …) turned into national codes
    expect(byType).toEqual({ '01': 536, '20': 348, '10': 182, '07': 50, '05': 9, '09': 8, '08': 2 });
    expect(services.every((s) => s.division?.code === '511602' && s.division.name === '四川省广安市广安区')).toBe(true);
    expect(services.every((s) => s.online?.available === true && s.online.pcUrl?.startsWith('http://www.sczwfw.gov.cn/'))).toBe(true);
  });

  it('reads the Sichuan 实施编码 layout and finds the malformed agency codes', () => {
    expect(count('task-code-provincial')).toBe(1132);
    // no known layout at all: E-000004-001-11511301008778386B, E-000021-001-1111111111111111, H-000185-001-4444444444
    expect(count('task-code-length')).toBe(3);
    // Sichuan layout whose agency part is an organisation code: 15 written 083372204, 16 written 00877868-5
    expect(count('task-code-org')).toBe(31);
    // USCCs whose check digit is wrong: they cannot be published until fixed
    expect(count('task-code-uscc')).toBe(7);
    // dept_code: 9-character organisation codes are recognised (and one has a wrong check digit)
    expect(count('agency-code-org')).toBe(577);
    expect(count('org-code-check-digit')).toBe(1);
    // every valid USCC in the data embeds a valid GB 11714 organisation code
    expect(count('uscc-org-check-digit')).toBe(0);
    const invalid = services.filter((s) => s.issues.some((i) => i.severity === 'error'));
    expect(invalid).toHaveLength(8);
  });
});
