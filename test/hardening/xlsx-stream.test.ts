// The streamed XLSX reader (src/sdk/table/xlsx.ts) on workbooks written by hand (a stored ZIP, so
// each test says exactly what XML the sheet holds): gaps, namespace prefixes, inline and rich text,
// dates, merged ranges and hyperlinks after the rows; and hostile ones: a directory that lies about
// a part's size, malformed XML halfway, rows out of order, a cell over the cap. Never a crash: a
// refusal (E_TABLE_…) before the first row, or an error row, and every good row before it kept.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTable, type TableRowOrError } from '../../src/sdk/table/index.js';

/** a ZIP of the given parts (deflated), optionally declaring a false expanded size for some */
function zip(parts: Record<string, string>, lie: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const size = lie[name] ?? raw.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc32(raw), 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc32(raw), 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    central.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function workbook(sheet: string, more: { strings?: string[]; styles?: string; sheetRels?: string; lie?: Record<string, number> } = {}): string {
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${sheet}`,
    'xl/sharedStrings.xml': `<?xml version="1.0"?><sst ${NS}>${(more.strings ?? []).map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join('')}</sst>`,
    'xl/styles.xml': more.styles ?? `<?xml version="1.0"?><styleSheet ${NS}><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
  };
  if (more.sheetRels) parts['xl/worksheets/_rels/sheet1.xml.rels'] = more.sheetRels;
  const file = join(mkdtempSync(join(tmpdir(), 'yimen-xlsx-')), 'w.xlsx');
  writeFileSync(file, zip(parts, more.lie));
  return file;
}

async function rows(file: string, opts: Parameters<typeof readTable>[1] = {}): Promise<TableRowOrError[]> {
  const out: TableRowOrError[] = [];
  for (const sh of await readTable(file, { strict: false, ...opts })) for await (const b of sh.batches) for (const r of b) out.push(r);
  return out;
}

describe('streamed XLSX reader', () => {
  it('reads gaps, prefixes, inline and rich text, numbers, booleans, dates, merged ranges and hyperlinks', async () => {
    const sheet = `<x:worksheet ${NS.replace('xmlns=', 'xmlns:x=')}><x:dimension ref="A1:D6"/><x:sheetData>
      <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:r><x:t>事项</x:t></x:r><x:r><x:t xml:space="preserve">名称 </x:t></x:r><x:rPh><x:t>shixiang</x:t></x:rPh></x:is></x:c><x:c r="C1" t="str"><x:v>链接</x:v></x:c><x:c r="D1" t="s"><x:v>1</x:v></x:c></x:row>
      <x:row r="2"><x:c r="A2"><x:v>12.5</x:v></x:c><x:c r="B2" t="b"><x:v>1</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>官网 &amp; &lt;H5&gt;</x:t></x:is></x:c><x:c r="D2" s="1"><x:v>45717</x:v></x:c></x:row>
      <x:row r="4"><x:c r="A4" t="e"><x:v>#N/A</x:v></x:c><x:c r="B4"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="C4"><x:f>A1</x:f></x:c></x:row>
      <x:row r="5"><x:c r="A5" t="s"><x:v>2</x:v></x:c><x:c r="C5"/></x:row>
      </x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A5:B6"/></x:mergeCells>
      <x:hyperlinks><x:hyperlink ref="C2" r:id="rId9"/><x:hyperlink ref="A5" location="'清单'!A1"/></x:hyperlinks></x:worksheet>`;
    const styles = `<?xml version="1.0"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`;
    const sheetRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/hyperlink" Target="https://h5.example.gov.cn/?a=1&amp;b=2" TargetMode="External"/></Relationships>`;
    const file = workbook(sheet, { strings: ['编号', '  日期 ', '合并'], styles, sheetRels });
    const got = await rows(file);
    expect(got).toEqual([
      { row: 1, cells: ['编号', '事项名称', '链接', '日期'] },
      { row: 2, cells: ['12.5', 'true', '官网 & <H5>', '2025-03-01'], links: [undefined, undefined, 'https://h5.example.gov.cn/?a=1&b=2', undefined] },
      { row: 3, cells: ['', '', '', ''] },
      // an error cell keeps its error text, as Excel shows it
      { row: 4, cells: ['#N/A', '2', '', ''] },
      // the merged range reaches no further than the sheet's last row (row 6 has no cells of its own)
      { row: 5, cells: ['合并', '合并', '', ''], links: ["#'清单'!A1", "#'清单'!A1", undefined, undefined] },
    ]);
  });

  it('a part that inflates past its cap, whatever the directory declares, is refused (E_TABLE_TOO_BIG), not read into memory', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>k${i}</t></is></c></row>`).join('');
    const file = workbook(`<worksheet ${NS}><sheetData>${body}</sheetData></worksheet>`, { lie: { 'xl/worksheets/sheet1.xml': 100 } });
    await expect(readTable(file, { maxPartBytes: 20_000 })).rejects.toMatchObject({ code: 'E_TABLE_TOO_BIG', hint: expect.stringContaining('maxPartBytes') });
    expect(await rows(file)).toHaveLength(2000);
  });

  it('malformed XML halfway: the rows before it, then one incomplete error row', async () => {
    const good = Array.from({ length: 1500 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>k${i}</t></is></c></row>`).join('');
    const file = workbook(`<worksheet ${NS}><sheetData>${good}<row r="1501"><c r="A1501"><v>1</v></c></rowx></sheetData></worksheet>`);
    const got = await rows(file);
    expect(got.filter((r) => 'cells' in r)).toHaveLength(1500);
    const last = got.at(-1)!;
    expect(last).toMatchObject({ row: 1501, incomplete: true, error: expect.stringMatching(/not a readable XLSX|unreadable/) });
    expect(got.filter((r) => 'error' in r)).toHaveLength(1);
  });

  it('a row out of order or over the row cap ends the sheet with an incomplete error row; a cell over the cap is an error row', async () => {
    const file = workbook(`<worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="4"><c r="A4"><v>4</v></c></row></sheetData></worksheet>`);
    const got = await rows(file);
    expect(got.map((r) => ('cells' in r ? r.cells[0] : 'error'))).toEqual(['1', '', '3', 'error']);
    expect(got.at(-1)).toMatchObject({ row: 2, incomplete: true, error: expect.stringContaining('row 2 comes after row 3') });
    // the dimension and the row numbers are the reader's own count, not a declared one
    const many = workbook(`<worksheet ${NS}><dimension ref="A1:A2"/><sheetData>${Array.from({ length: 50 }, (_, i) => `<row><c><v>${i}</v></c></row>`).join('')}</sheetData></worksheet>`);
    await expect(readTable(many, { maxRows: 10 })).rejects.toMatchObject({ code: 'E_TABLE_TOO_BIG', message: expect.stringContaining('50 rows') });
    const long = workbook(`<worksheet ${NS}><sheetData><row><c t="inlineStr"><is><t>${'长'.repeat(5000)}</t></is></c><c><v>1</v></c></row><row><c><v>2</v></c></row></sheetData></worksheet>`);
    const got2 = await rows(long, { maxCellChars: 1000 });
    expect(got2[0]).toMatchObject({ row: 1, error: expect.stringContaining('over the cap of 1000 (maxCellChars)') });
    expect(got2[1]).toEqual({ row: 2, cells: ['2', ''] });
  });
});
