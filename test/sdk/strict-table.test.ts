// Strict tables (src/sdk/table/strict.ts) through the one table reader: shifted rows, quotes never
// closed, total rows, XLSX cells beyond the header; and a property: for generated tables with
// random malformed rows every good row comes out, every bad row is quarantined, none is lost.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { readTable, shapeFault, isTotalRow, HeaderFinder, type TableRowOrError } from '../../src/sdk/table/index.js';

const dir = mkdtempSync(join(tmpdir(), 'yimen-strict-'));
let n = 0;

async function rowsOf(text: string, opts: { key?: string; ext?: string; notes?: string[] } = {}): Promise<TableRowOrError[]> {
  const file = join(dir, `t${n++}.${opts.ext ?? 'csv'}`);
  writeFileSync(file, text);
  const key = opts.key ?? '编码';
  const sheets = await readTable(file, { strict: { isKey: (c) => c === key }, onInfo: (m) => opts.notes?.push(m) });
  const out: TableRowOrError[] = [];
  for await (const b of sheets[0]!.batches) out.push(...b);
  return out;
}

const data = (rows: TableRowOrError[]) => rows.filter((r) => 'cells' in r).slice(1) as Array<{ row: number; cells: string[] }>;
const errors = (rows: TableRowOrError[]) => rows.filter((r) => 'error' in r) as Array<{ row: number; error: string; raw?: unknown }>;

describe('strict tables', () => {
  it('quarantines a row with one empty cell too many, naming both counts and keeping its raw text', async () => {
    const rows = await rowsOf('编码,名称,部门\nA1,甲,卫健局\nA2,乙,,卫健局\nA3,丙,民政局\n');
    expect(data(rows).map((r) => r.cells[0])).toEqual(['A1', 'A3']);
    const [e] = errors(rows);
    // the raw record says which service it was: its cells under the header's names, and its text
    expect(e).toMatchObject({ row: 3, raw: { 编码: 'A2', 名称: '乙', _extraCells: ['卫健局'], _raw: 'A2,乙,,卫健局' } });
    expect(e!.error).toMatch(/4 cells but the header has 3: one cell too many/);
  });

  it('quarantines a short row too', async () => {
    const rows = await rowsOf('编码,名称,部门\nA1,甲\n');
    expect(errors(rows)[0]!.error).toMatch(/2 cells but the header has 3: one cell missing/);
  });

  it('a quote never closed gives up its own line and the rows after it are read', async () => {
    const text = '编码,名称,备注\nA1,甲,"多行\n备注"\nA2,"乙,x\nA3,丙,"引号, 逗号"\nA4,丁,好\n';
    const rows = await rowsOf(text);
    expect(data(rows).map((r) => r.cells)).toEqual([
      ['A1', '甲', '多行\n备注'],
      ['A3', '丙', '引号, 逗号'],
      ['A4', '丁', '好'],
    ]);
    const [e] = errors(rows);
    expect(e).toMatchObject({ row: 4, raw: { 编码: 'A2', _raw: 'A2,"乙,x' } });
    expect(e!.error).toMatch(/quote/);
  });

  it('a quote never closed on the last line is quarantined with its line', async () => {
    const rows = await rowsOf('编码,名称,备注\r\nA1,甲,好\r\nA2,乙,"没有结束\r\n');
    expect(data(rows)).toHaveLength(1);
    expect(errors(rows)[0]).toMatchObject({ row: 3, raw: { 编码: 'A2', _raw: 'A2,乙,"没有结束' } });
  });

  it('skips a 合计 row with a note, not as a service', async () => {
    const notes: string[] = [];
    const rows = await rowsOf('编码,名称,访问量\nA1,甲,10\n合计,,10\n', { notes });
    expect(data(rows)).toHaveLength(1);
    expect(errors(rows)).toHaveLength(0);
    expect(notes.some((m) => /R3: a total row .*合计.* skipped/.test(m))).toBe(true);
    expect(isTotalRow(['', '小 计：', '3'])).toBe(true);
    expect(isTotalRow(['A1', '合计办理', '3'])).toBe(false);
  });

  it('XLSX: a cell beyond the header is an error row; padding is not', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['事项清单']);
    ws.addRow(['编码', '名称']);
    ws.addRow(['A1', '甲']);
    ws.addRow(['A2', '乙', '多出来的']);
    ws.addRow(['A3', '丙']);
    const file = join(dir, 'x.xlsx');
    await wb.xlsx.writeFile(file);
    const sheets = await readTable(file, { strict: { isKey: (c) => c === '编码' } });
    const out: TableRowOrError[] = [];
    for await (const b of sheets[0]!.batches) out.push(...b);
    expect(out.filter((r) => 'cells' in r).map((r) => (r as { cells: string[] }).cells[0])).toEqual(['事项清单', '编码', 'A1', 'A3']);
    expect(errors(out)).toHaveLength(1);
    expect(errors(out)[0]!.row).toBe(4);
    expect(errors(out)[0]!.error).toMatch(/beyond the header's last column \(column C holds "多出来的"/);
    expect(shapeFault(['a', 'b', ''], ['1', '2', ''], 'xlsx')).toBeUndefined();
  });

  describe('shifted rows (the cell count fits, the values sit a column to the side)', () => {
    const HEADER = ['编码', '名称', '基本编码', '链接', '更新日期', '备注'];
    const good = (i: number) => [`X${String(i).padStart(3, '0')}`, `事项${i}办理`, i % 4 === 0 ? `0020170190${String(i).padStart(2, '0')}` : '', `https://old.example.cn/s?id=${i}`, `2024-0${(i % 9) + 1}-1${i % 10}`, i % 7 === 0 ? '窗口办理' : ''];
    // row X016: the name split over two cells pushed every value right and lost the empty 备注
    const shifted = ['X016', '城乡居民养老保险参保登记', '（含代缴）', '', 'https://old.example.cn/s?id=16', '2024-01-12'];
    const body = () => {
      const rows = Array.from({ length: 40 }, (_, k) => good(k + 1));
      rows[15] = shifted;
      rows[20] = [...good(21).slice(0, 2), '见备注', ...good(21).slice(3)]; // one odd value: data, not a shift
      rows[24] = [...good(25).slice(0, 3), '', ...good(25).slice(4)]; // a link missing: data
      return rows;
    };
    const check = (out: TableRowOrError[]) => {
      const errs = errors(out);
      expect(errs.map((e) => e.row)).toEqual([HEADER_ROW + 16]);
      expect(errs[0]!.error).toMatch(/shifted one column to the right: 链接 is empty and its value seems to be in 更新日期, 更新日期 holds "https:\/\/old\.example\.cn\/s\?id=16" \(a link, like 链接\)/);
      expect(errs[0]!.raw).toMatchObject({ 编码: 'X016', 名称: '城乡居民养老保险参保登记' });
      // every other row comes out, in order
      const keys = out.filter((r) => 'cells' in r).map((r) => (r as { cells: string[] }).cells[0]).filter((c) => /^X\d/.test(c!));
      expect(keys).toEqual(Array.from({ length: 40 }, (_, k) => `X${String(k + 1).padStart(3, '0')}`).filter((k) => k !== 'X016'));
    };
    const HEADER_ROW = 1;

    it('CSV: quarantined with its row and the evidence; one odd value or one empty cell is not a shift', async () => {
      const csv = [HEADER, ...body()].map((r) => r.join(',')).join('\n') + '\n';
      check(await rowsOf(csv));
    });

    it('a row with one cell too many keeps its count fault, and its raw record is read the way the shapes say', async () => {
      const rows = Array.from({ length: 30 }, (_, k) => good(k + 1));
      rows[9] = ['X010', '事项10办理', '水利股', '', 'https://old.example.cn/s?id=10', '2024-02-10', ''];
      const out = await rowsOf([HEADER, ...rows].map((r) => r.join(',')).join('\n') + '\n');
      const [e] = errors(out);
      expect(e!.error).toMatch(/7 cells but the header has 6/);
      expect(e!.raw).toMatchObject({ 编码: 'X010', 名称: '事项10办理', 链接: 'https://old.example.cn/s?id=10', 更新日期: '2024-02-10', _asRead: { 链接: '' }, _raw: rows[9]!.join(',') });
      expect((e!.raw as { _realigned: string })._realigned).toMatch(/looks inserted/);
      expect(data(out)).toHaveLength(29);
    });

    it('two odd values that a shift would not explain (the cells between them fit their own columns) are data', async () => {
      const rows = Array.from({ length: 40 }, (_, k) => good(k + 1));
      rows[11] = [...good(12).slice(0, 2), '见备注', ...good(12).slice(3, 5), '2024-03-01'];
      const out = await rowsOf([HEADER, ...rows].map((r) => r.join(',')).join('\n') + '\n');
      expect(errors(out)).toEqual([]);
      expect(data(out)).toHaveLength(40);
    });

    it('XLSX: the same (its grid pads rows, so the count never tells)', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('清单');
      ws.addRow(HEADER);
      for (const r of body()) ws.addRow(r);
      const file = join(dir, 'shift.xlsx');
      await wb.xlsx.writeFile(file);
      const out: TableRowOrError[] = [];
      for await (const b of (await readTable(file, { strict: { isKey: (c) => c === '编码' } }))[0]!.batches) out.push(...b);
      check(out);
      const off: TableRowOrError[] = [];
      for await (const b of (await readTable(file, { strict: { isKey: (c) => c === '编码', shiftedRows: false } }))[0]!.batches) off.push(...b);
      expect(errors(off)).toEqual([]);
    });
  });

  it('by default, the check starts once an adapter\'s HeaderFinder has found the header', async () => {
    const file = join(dir, 'auto.csv');
    writeFileSync(file, '清单导出\n编码,名称\nA1,甲\nA2,乙,\nA3,丙\n合计,3\n');
    const [sheet] = await readTable(file);
    let header: string[] | undefined;
    const finder = new HeaderFinder({ isKey: (c) => c === '编码', onHeader: (h) => (header = h) });
    const data: string[] = [];
    const bad: Array<{ row: number; error: string }> = [];
    for await (const b of sheet!.batches) {
      for (const r of b) {
        if ('error' in r) bad.push(r);
        else if (!header) finder.feed(r.row, r.cells);
        else data.push(r.cells[0]!);
      }
    }
    expect(data).toEqual(['A1', 'A3']);
    expect(bad).toEqual([expect.objectContaining({ row: 4, error: expect.stringMatching(/3 cells but the header has 2: one cell too many/) })]);
  });

  // (a row of empty cells is a blank line whatever its count: passed on, and adapters skip it)
  // the property: good rows are written correctly quoted; bad rows are a wrong cell count or a
  // quote opened and never closed. A good cell never starts with a delimiter or a line break right
  // after its quote: after a quote never closed, such a cell is ambiguous to any reader.
  const cell = fc.oneof(
    fc.stringMatching(/^[a-z0-9一二三 ]{0,6}$/),
    fc.stringMatching(/^[a-z一二]{1,3}[,\n ][a-z0-9,\n]{0,4}$/),
  );
  const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  // a bad row is one line: junk that spans lines is one quarantined entry per line it spans
  const flat = fc.stringMatching(/^[a-z0-9一二三 ,]{0,6}$/);
  type Row = { bad: false; cells: string[] } | { bad: true; text: string };
  it('property: every good row comes out, every bad row is quarantined, none is lost', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((w) =>
          fc.tuple(
            fc.constant(w),
            fc.array(
              fc.oneof(
                { weight: 5, arbitrary: fc.array(cell, { minLength: w - 1, maxLength: w - 1 }).map((cs): Row => ({ bad: false, cells: cs })) },
                { weight: 1, arbitrary: fc.tuple(fc.array(flat, { minLength: w - 1, maxLength: w - 1 }), fc.constantFrom('', 'x')).map(([cs, extra]): Row => ({ bad: true, text: ['E', ...cs.map(quote), extra].join(',') })) },
                { weight: 1, arbitrary: fc.array(flat, { minLength: 0, maxLength: w - 2 }).map((cs): Row => ({ bad: true, text: ['S', ...cs].map(quote).join(',') })) },
                { weight: 1, arbitrary: fc.tuple(fc.array(flat, { minLength: w - 1, maxLength: w - 1 }), fc.stringMatching(/^[a-z一]{1,4}$/)).map(([cs, t]): Row => ({ bad: true, text: [...cs.map(quote), `"${t}`].join(',') })) },
              ),
              { maxLength: 12 },
            ),
            fc.constantFrom('\n', '\r\n'),
          ),
        ),
        async ([w, rows, eol]) => {
          const header = ['编码', ...Array.from({ length: w - 1 }, (_, i) => `列${i}`)];
          let k = 0;
          const lines = rows.map((r) => (r.bad ? r.text : [`K${k++}`, ...r.cells].map(quote).join(',')));
          const out = await rowsOf([header.join(','), ...lines].join(eol) + eol);
          const good = rows.filter((r) => !r.bad) as Array<{ cells: string[] }>;
          // a well-formed row whose values the shift check doubts (a digit among words, say) is
          // quarantined with that reason, never lost: its key names it
          const doubted = new Set(
            errors(out)
              .filter((e) => /look shifted/.test(e.error))
              .map((e) => (e.raw as Record<string, string>)['编码'])
              .filter((key) => /^K\d+$/.test(key ?? '')),
          );
          const got = data(out).map((r) => r.cells.slice(1));
          const kept = good.filter((_, i) => !doubted.has(`K${i}`));
          expect(got).toEqual(kept.map((g) => g.cells.map((c) => c.trim().replace(/\r/g, ''))));
          expect(errors(out)).toHaveLength(rows.length - good.length + doubted.size);
          for (const e of errors(out).filter((x) => doubted.has((x.raw as Record<string, string>)['编码']!))) {
            const raw = e.raw as Record<string, string>;
            const cells = good[Number(raw['编码']!.slice(1))]!.cells.map((c) => c.trim().replace(/\r/g, ''));
            expect(cells.map((_, i) => raw[`列${i}`])).toEqual(cells);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
