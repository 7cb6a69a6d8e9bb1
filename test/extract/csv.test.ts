import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { splitCsv, CsvSplitter, type CsvRow } from '../../src/sdk/table/csv.js';

const cellsOf = (rows: CsvRow[]) => rows.map((r) => ('cells' in r ? r.cells : { error: r.error }));

describe('CSV splitter', () => {
  it('splits plain, quoted, multi-line and CRLF records, with line numbers', () => {
    const rows = splitCsv('\uFEFFa,b,c\r\n1,"x, y",3\r\n2,"多\n行",""\n3,"say ""hi""",\n');
    expect(cellsOf(rows)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', '3'],
      ['2', '多\n行', ''],
      ['3', 'say "hi"', ''],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('is lenient like relax_quotes: quotes inside a field are text, text after a closing quote is kept', () => {
    expect(cellsOf(splitCsv('a 5" b,c\n"q"x,y\n'))).toEqual([
      ['a 5" b', 'c'],
      ['qx', 'y'],
    ]);
  });

  it('reports an unclosed quote on its line and goes on with the next', () => {
    const rows = splitCsv('a,b\n"broken,1\nc,d\n');
    // the open quote swallows to the end: that line is an error, the next line is read again
    expect(rows[0]).toEqual({ line: 1, cells: ['a', 'b'] });
    expect(rows[1]).toMatchObject({ line: 2, error: expect.stringContaining('never closed') });
    expect(rows[2]).toEqual({ line: 3, cells: ['c', 'd'] });
  });

  it('limits a record\'s size', () => {
    const rows = splitCsv(`a\n"${'x'.repeat(200)}\nb\n`, { maxRecordChars: 50 });
    expect(cellsOf(rows)).toEqual([['a'], { error: expect.stringContaining('longer than 50') }, ['b']]);
  });

  it('reads lines ended by a lone CR (old Mac exports)', () => {
    expect(cellsOf(splitCsv('a,b\r1,2\r"x\ry",3\r'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['x\ny', '3'],
    ]);
  });

  it('reads TSV', () => {
    expect(cellsOf(splitCsv('a\tb\n"1\t2"\t3\n', { delimiter: '\t' }))).toEqual([
      ['a', 'b'],
      ['1\t2', '3'],
    ]);
  });

  it('agrees with csv-parse on well-formed CSV, however the input is chunked', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', '中', '文', ',', '"', '\n', '\r\n', ' ', '𠮷') , maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 6 }), (rows, cuts) => {
        const text = stringify(rows, { quoted_match: /[\r\n",]|^$/ });
        const expected = parse(text, { relax_column_count: true }) as string[][];
        const s = new CsvSplitter();
        const out: CsvRow[] = [];
        let at = 0;
        for (const c of [...cuts.map((x) => x % (text.length + 1))].sort((a, b) => a - b)) {
          s.push(text.slice(at, c), out);
          at = c;
        }
        s.push(text.slice(at), out);
        s.end(out);
        expect(cellsOf(out)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
