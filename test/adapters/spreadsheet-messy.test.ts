// Messy but real exports the spreadsheet adapter must not read wrongly in silence: each case here
// was once read wrong without a word (a value lost or changed, a note row made a service) or
// crashed the read.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { spreadsheetAdapter } from '../../adapters/spreadsheet/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

async function xlsx(dir: string, file: string, build: (ws: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('事项清单'));
  await wb.xlsx.writeFile(join(dir, file));
}

describe('spreadsheet: messy exports', () => {
  it('finds a key header written over two lines (Alt+Enter) or with a space, in CSV and XLSX, and its other columns by name', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'nl.csv'), '"事项\n编号","事项 名称",日期\nA1,甲,45292\nA2,乙,45293\n');
    await xlsx(d, 'nl.xlsx', (ws) => {
      ws.addRow(['事项\n编号', '事项名称']);
      ws.addRow(['A1', '甲']);
    });
    const c = await read(spreadsheetAdapter, { files: [{ path: 'nl.csv', key: '事项编号', dates: ['日期'], entryPoints: [{ column: '日期', label: '事项名称' }] }] }, d);
    expect(c.of('services').map((r) => r.key)).toEqual(['A1', 'A2']);
    expect(c.byKey('services', 'A1')!.data).toMatchObject({ 事项编号: 'A1', 日期: '2024-01-01' });
    expect(c.of('entryPoints')[0]!.data.label).toBe('甲');
    const x = await read(spreadsheetAdapter, { files: [{ path: 'nl.xlsx', key: '事项编号' }] }, d);
    expect(x.of('services').map((r) => r.key)).toEqual(['A1']);
  });

  it('keeps a value under a column whose header cell is blank, with a warning, instead of dropping it', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'blank.csv'), '编号,名称,,备注\nA1,甲,重要,x\nA2,乙,,y\n');
    await xlsx(d, 'blank.xlsx', (ws) => {
      ws.addRow(['编号', '名称', null, '备注']);
      ws.addRow(['A1', '甲', '重要', 'x']);
    });
    for (const file of ['blank.csv', 'blank.xlsx']) {
      const r = await read(spreadsheetAdapter, { files: [{ path: file, key: '编号' }] }, d);
      expect(r.byKey('services', 'A1')!.data).toEqual({ 编号: 'A1', 名称: '甲', 列3: '重要', 备注: 'x' });
      expect(r.logs.filter((l) => l.startsWith('warn') && l.includes('列3'))).toHaveLength(1);
    }
  });

  it('quarantines a merged section row and a note row under the table instead of making them services', async () => {
    const d = tempDir();
    await xlsx(d, 'sec.xlsx', (ws) => {
      ws.addRow(['编号', '名称', '部门']);
      ws.addRow(['一、行政许可', null, null]);
      ws.mergeCells('A2:C2');
      ws.addRow(['A1', '甲', '民政局']);
      ws.addRow(['注：本表由县政务服务管理办公室提供', null, null]);
      ws.mergeCells('A4:C4');
    });
    writeFileSync(join(d, 'note.csv'), '编号,名称,部门\nA1,甲,民政局\nA2,乙,\n注：本表由县政务服务管理办公室提供,,\n（以下空白）,,\n');
    // a name that starts like a heading, alone in its row, and a row whose name repeats its key, stay records
    writeFileSync(join(d, 'names.csv'), '事项名称,服务名称,部门\n第二类医疗器械经营备案,,\n社保查询,社保查询,\n');
    const n = await read(spreadsheetAdapter, { files: [{ path: 'names.csv', key: '事项名称' }] }, d);
    expect(n.of('services').map((r) => r.key)).toEqual(['第二类医疗器械经营备案', '社保查询']);
    expect(n.quarantined).toEqual([]);
    const x = await read(spreadsheetAdapter, { files: [{ path: 'sec.xlsx', key: '编号' }] }, d);
    expect(x.of('services').map((r) => r.key)).toEqual(['A1']);
    expect(x.quarantined.map((q) => q.locator)).toEqual(['sec.xlsx#事项清单!R2', 'sec.xlsx#事项清单!R4']);
    expect(x.quarantined[0]!.reason).toMatch(/not a service/);
    // fillDown must not give a note row the name and department of the service above it
    const c = await read(spreadsheetAdapter, { files: [{ path: 'note.csv', key: '编号', fillDown: ['部门'] }] }, d);
    expect(c.of('services').map((r) => [r.key, r.data['部门']])).toEqual([
      ['A1', '民政局'],
      ['A2', '民政局'],
    ]);
    expect(c.quarantined.map((q) => q.locator)).toEqual(['note.csv!R4', 'note.csv!R5']);
  });

  it('reads Excel text-forced cells (="0123") in a CSV as their text, keeping leading zeros', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'tf.csv'), '编号,名称,电话\n="0123",甲,="051288888888"\n"=""0456""",乙,=""\n');
    const r = await read(spreadsheetAdapter, { files: [{ path: 'tf.csv', key: '编号' }] }, d);
    expect(r.of('services').map((x) => [x.key, x.data['编号'], x.data['电话']])).toEqual([
      ['0123', '0123', '051288888888'],
      ['0456', '0456', ''],
    ]);
  });

  it('does not read a year (2024) or a year-month (202403) in a dates column as an Excel serial', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'dt.csv'), '编号,上线日期,统计月份\nA1,2024,202403\nA2,45292,45293\n');
    const r = await read(spreadsheetAdapter, { files: [{ path: 'dt.csv', key: '编号', dates: ['上线日期', '统计月份'] }] }, d);
    expect(r.of('services').map((x) => [x.data['上线日期'], x.data['统计月份']])).toEqual([
      ['2024', '202403'],
      ['2024-01-01', '2024-01-02'],
    ]);
  });

  it('says a UTF-16 text export is UTF-16, not that the key column is missing', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'u16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('编号\t名称\r\nA1\t甲\r\n', 'utf16le')]));
    const r = await read(spreadsheetAdapter, { files: [{ path: 'u16.txt', key: '编号', delimiter: '\t' }] }, d);
    expect(r.records).toEqual([]);
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]).toMatchObject({ locator: 'u16.txt', incomplete: true });
    expect(r.quarantined[0]!.reason).toMatch(/UTF-16/);
    const c = spreadsheetAdapter.spec.parse({ files: [{ path: 'u16.txt', key: '编号', delimiter: '\t' }] });
    const res = await spreadsheetAdapter.check(c, { root: d, appId: 't', env: {}, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toMatch(/UTF-16/);
  });
});
