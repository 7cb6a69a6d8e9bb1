// Property tests: arbitrary bytes into the CSV, XLSX and HTML readers give records or quarantine
// entries — never a crash, never a hang.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spreadsheetAdapter } from '../../adapters/spreadsheet/index.js';
import { htmlAdapter, itemsOf } from '../../adapters/html/index.js';
import { readAll } from 'yimen/sdk/testkit';
import type { AdapterMessage } from 'yimen/sdk';
import { fixtureDir } from './helpers.js';

let dir: string;
let xlsx: Buffer;
beforeAll(async () => {
  dir = await fixtureDir();
  xlsx = readFileSync(join(dir, 'services.xlsx'));
});

const ctx = () => ({ root: dir, appId: 'prop', env: {}, log: { info() {}, warn() {} } });
let n = 0;

async function readBytes(bytes: Uint8Array, name: string, extra: Record<string, unknown> = {}): Promise<AdapterMessage[]> {
  const file = `prop-${process.pid}-${n++}-${name}`;
  writeFileSync(join(dir, file), bytes);
  const config = spreadsheetAdapter.spec.parse({ files: [{ path: file, key: '编号', ...extra }] });
  const { messages } = await readAll(spreadsheetAdapter, config, ctx());
  return messages;
}

function wellFormed(messages: AdapterMessage[]): void {
  for (const m of messages) {
    expect(['record', 'quarantine', 'log', 'state']).toContain(m.type);
    if (m.type === 'quarantine') expect(m.reason.length).toBeGreaterThan(0);
    if (m.type === 'record') expect(m.key.length).toBeGreaterThan(0);
  }
}

describe('readers never crash or hang on arbitrary input', () => {
  it('CSV: arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const msgs = await readBytes(bytes, 'x.csv');
        wellFormed(msgs);
        // with no header there is nothing to read: one quarantine entry says so
        expect(msgs.filter((m) => m.type !== 'log').length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it('CSV: a header, then arbitrary text (quotes, delimiters, new lines, Chinese)', async () => {
    const cell = fc.stringMatching(/^[a-z0-9"',\t\r\n 中文事项；]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 40 }), fc.boolean(), async (rows, tsv) => {
        const text = '编号,名称\n' + rows.map((r) => r.join(tsv ? '\t' : ',')).join('\n');
        const msgs = await readBytes(Buffer.from(text), tsv ? 'x.tsv' : 'x.csv');
        wellFormed(msgs);
        // no more rows come out than lines went in
        expect(msgs.filter((m) => m.type === 'record' || m.type === 'quarantine').length).toBeLessThanOrEqual(text.split('\n').length);
      }),
      { numRuns: 60 },
    );
  });

  it('XLSX: arbitrary bytes, and a real workbook with bytes flipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const msgs = await readBytes(bytes, 'x.xlsx');
        wellFormed(msgs);
        expect(msgs.some((m) => m.type === 'quarantine' && m.incomplete)).toBe(true);
      }),
      { numRuns: 25 },
    );
    // a flip found by this property once: the central directory then declares a part of 553 MB,
    // over the expansion cap: the file is quarantined as incomplete, the read does not throw
    {
      const b = Buffer.from(xlsx);
      b[496064152 % b.length] = 33;
      const msgs = await readBytes(b, 'x.xlsx', { key: '事项编号', headerRows: 2 });
      wellFormed(msgs);
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const b = Buffer.from(xlsx);
        for (const [at, v] of flips) b[at % b.length] = v;
        const msgs = await readBytes(b, 'x.xlsx', { key: '事项编号', headerRows: 2 });
        wellFormed(msgs);
      }),
      { numRuns: 25 },
    );
  });

  it('HTML: arbitrary text and markup-like strings', async () => {
    const page = htmlAdapter.spec.parse({ pages: [{ file: 'x.html', items: 'li, a, div' }] }).pages[0]!;
    const markup = fc.array(fc.constantFrom('<li>', '</li>', '<a href="', '">', '</a>', 'javascript:x()', '../a', 'tel:1', '事项', '<div>', '"', "'", '<', '>', '&amp;', ' '), { maxLength: 60 }).map((a) => a.join(''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 500 }), markup), fc.constantFrom(undefined, 'https://h5.example.gov.cn/a/'), async (html, base) => {
        const msgs: AdapterMessage[] = [];
        for await (const m of itemsOf(html, page, 'x.html', base)) msgs.push(m);
        wellFormed(msgs);
      }),
      { numRuns: 100 },
    );
  });
});
