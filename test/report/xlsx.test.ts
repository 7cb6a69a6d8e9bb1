// The XLSX workbook read back with exceljs: the eight sheets, frozen headers, filters, dates as
// dates, every service and entry point, hostile names as text (no formula, control characters
// escaped so the file stays valid XML); the Markdown summary and what changed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { buildReportModel, generateReport, writeWorkbook, type ReportResult } from '../../src/report/index.js';
import { ReportLists } from '../../src/report/model.js';
import { xmlSafeText as xmlSafe } from '../../src/report/xlsx/cells.js';
import { resolvePoint } from '../../src/report/changes.js';
import { HOSTILE, TODAY, reportFixture, type Fixture } from './fixture.js';

describe('XLSX workbook and Markdown summary', () => {
  let fx: Fixture;
  let r: ReportResult;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    fx = await reportFixture();
    r = await generateReport(fx.ws, fx.store, { out: join(fx.dir, 'out', 'report'), formats: ['xlsx', 'md'], lang: 'zh', today: TODAY, since: '2020-01-01' });
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.files.find((f) => f.format === 'xlsx')!.path);
  }, 120_000);
  afterAll(() => fx?.store.close());

  it('has the eight sheets with frozen headers and filters', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['总览', '按地区', '按应用', '事项明细', '入口与跳转', '待人工审核', '隔离记录', '时间线']);
    for (const w of wb.worksheets) {
      expect(w.views[0], w.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(w.autoFilter, w.name).toBeTruthy();
      expect(w.getColumn(1).width, w.name).toBeGreaterThan(5);
    }
  });

  it('lists every service and entry point; dates are dates', () => {
    const sv = wb.getWorksheet('事项明细')!;
    expect(sv.rowCount - 1).toBe(fx.store.services.count());
    const ep = wb.getWorksheet('入口与跳转')!;
    expect(ep.rowCount - 1).toBe(fx.store.entryPoints.list().length);
    const tl = wb.getWorksheet('时间线')!;
    const shutdown = tl.getRow(2).getCell(6).value;
    expect(shutdown).toBeInstanceOf(Date);
    expect(tl.getColumn(6).numFmt ?? tl.getRow(2).getCell(6).numFmt).toBe('yyyy-mm-dd');
    expect(sv.getRow(2).getCell(10).value).toBeInstanceOf(Date); // decided at
    const apps = wb.getWorksheet('按应用')!;
    expect(apps.getRow(1).getCell(1).value).toBe('编号');
    const wj = apps.getRows(2, apps.rowCount - 1)!.find((row) => row.getCell(1).value === 'wujiang')!;
    expect(String(wj.getCell(24).value)).toContain('yimen review --app wujiang');
  });

  it('holds hostile names as text: no formula, control characters escaped', () => {
    const sv = wb.getWorksheet('事项明细')!;
    const byId = new Map(sv.getRows(2, sv.rowCount - 1)!.map((row) => [String(row.getCell(1).value), row]));
    const name = (i: number) => byId.get(fx.hostileIds[i]!)!.getCell(3);
    expect(name(0).value).toBe(HOSTILE.img);
    expect(name(1).value).toBe(HOSTILE.script);
    expect(name(4).value).toBe(`'${HOSTILE.formula}`);
    expect(name(4).type).not.toBe(ExcelJS.ValueType.Formula);
    expect(String(name(5).value)).toMatch(/^bell(_x0001_|\u0001)and(_x000B_|\u000b)vt/);
    for (const w of wb.worksheets)
      w.eachRow((row) =>
        row.eachCell((c) => {
          expect(c.type, `${w.name}!${c.address}`).not.toBe(ExcelJS.ValueType.Formula);
        }),
      );
    expect(xmlSafe('a\u0000b_x0041_c\uFFFF')).toBe('a_x0000_b_x005F_x0041_c_xFFFF_');
  });

  it('fills the dashboard lists from the workbook pass as the model alone would', async () => {
    const opts = { today: TODAY, tableLimit: 7, listLimit: 3 };
    const full = buildReportModel(fx.ws, fx.store, opts);
    const light = buildReportModel(fx.ws, fx.store, { ...opts, lists: false });
    expect(light.table.rows).toEqual([]);
    expect(light.table.total).toBe(full.table.total);
    const lists = new ReportLists(light, opts);
    await writeWorkbook(join(fx.dir, 'out', 'shared.xlsx'), light, fx.ws, fx.store, 'zh', lists);
    lists.fill();
    expect(light.table).toEqual(full.table);
    expect(light.apps.map((a) => [a.reviewQueue, a.unresolved, a.quarantine])).toEqual(full.apps.map((a) => [a.reviewQueue, a.unresolved, a.quarantine]));
    expect(full.table.rows.length).toBe(7);
    expect(full.apps.some((a) => a.reviewQueue.items.length && a.unresolved.items.length)).toBe(true);
  });

  it('writes a Markdown summary with what changed, names escaped', () => {
    const md = r.markdown!;
    expect(md).toContain('## 江苏省县级政务App整合');
    expect(md).toContain('### 变化: 2020-01-01 → now');
    expect(md).toMatch(/已决定: 迁移 \d+/);
    expect(md).toContain('智慧吴江');
    expect(md).toContain('`yimen review --app wujiang`');
    expect(r.changes!.totals.published).toBeGreaterThan(0);
    expect(r.changes!.totals.resolved).toBeGreaterThan(0);
    expect(r.changes!.apps.find((a) => a.appId === 'wujiang')!.opened).toContain('review');
  });

  it('compares two points of the event log', async () => {
    const events = fx.store.events.list();
    const first = events[0]!.id;
    const last = events.at(-1)!.id;
    const c = await generateReport(fx.ws, fx.store, { out: join(fx.dir, 'out', 'cmp'), formats: ['md'], lang: 'en', today: TODAY, compare: [`#${first}`, `#${last}`] });
    expect(c.changes!.from.label).toBe(`#${first}`);
    expect(c.markdown).toContain('### Changes');
    // before the first event nothing blocked; at the last one the decide and redirects events show review and unresolved
    const wj = c.changes!.apps.find((a) => a.appId === 'wujiang')!;
    expect(wj.blockersBefore).toEqual({});
    expect(wj.blockersAfter.review).toBeGreaterThan(0);
    expect(() => resolvePoint(fx.store, 'last tuesday')).toThrow(/neither a date/);
    expect(() => resolvePoint(fx.store, '#999999')).toThrow(/no event/);
    expect(resolvePoint(fx.store, '2026-11-23').at).toBe('2026-11-22T16:00:00.000Z');
  });
});

describe('yimen report (the built CLI)', () => {
  it('--format md alone prints the summary; --json returns the files', async () => {
    const { yimen } = await import('../helpers/cli.js');
    const fx = await reportFixture();
    fx.store.close();
    const md = yimen(['report', '-w', fx.dir, '--format', 'md', '--since', '2020-01-01']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('### 变化: 2020-01-01 → now');
    const js = yimen(['report', '-w', fx.dir, '--out', join(fx.dir, 'r'), '--lang', 'en', '--json']);
    expect(js.code, js.stderr).toBe(0);
    const out = JSON.parse(js.stdout) as ReportResult;
    expect(out.files.map((f) => f.format)).toEqual(['html', 'xlsx']);
    const bad = yimen(['report', '-w', fx.dir, '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_REPORT_POINT');
  });
});
