// The normaliser's hostile-character pass (src/text sanitizeText/sanitizeRecord, applied at extract
// ingest): zero-width characters removed, lone surrogates replaced, control and bidi characters
// removed, each change a warning in the extract summary with the record's locator; and a value
// that only becomes formula-like once normalised is still guarded by the one export guard
// (safeCell: every XLSX yimen writes and the QR CSV go through it).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps } from '../../src/extract/runner.js';
import { cleanText, sanitizeRecord, sanitizeText } from '../../src/text/index.js';
import { safeCell, cellText } from '../../src/report/xlsx/cells.js';
import { makeWorkspace } from '../extract/workspace.js';

describe('normaliser: hostile characters', () => {
  it('takes out zero-width, bidi and control characters, replaces lone surrogates, and says what it did', () => {
    expect(sanitizeText('社保\u200b卡')).toEqual({ text: '社保卡', changes: ['1 zero-width character(s) removed'] });
    expect(sanitizeText('a\uD800b').text).toBe('a\uFFFDb');
    expect(sanitizeText('\u001b[31m红\u202e')).toEqual({ text: '[31m红', changes: ['1 bidi control(s) removed', '1 control character(s) removed'] });
    // what is not hostile stays the same string: tabs, line breaks, emoji (a valid pair), ZWJ
    for (const s of ['行\n一\t二\r', '😀', '👨\u200d👩', '普通文本']) expect(sanitizeText(s)).toEqual({ text: s, changes: [] });
    const rec = { 名称: '\u200b生育登记', rows: [{ url: 'https://a.example/\u0000x' }], ['key\u200b']: 1, n: 3 };
    const r = sanitizeRecord(rec);
    expect(r.data).toEqual({ 名称: '生育登记', rows: [{ url: 'https://a.example/x' }], key: 1, n: 3 });
    expect(r.changes.map((c) => c.field)).toEqual(['名称', 'rows[0].url', 'key (its name)']);
    const same = { a: 'x', b: [1, 'y'] };
    expect(sanitizeRecord(same).data).toBe(same);
    // characters beyond U+FFFF (valid pairs) are clean, in values and keys; a lone half is not
    const wide = { 名称: '𠮷祥社区证明开具', ['😀']: '😀' };
    expect(sanitizeRecord(wide)).toEqual({ data: wide, changes: [] });
    expect(sanitizeRecord(wide).data).toBe(wide);
    expect(sanitizeRecord({ a: '𠮷\uD842' }).changes.map((c) => c.field)).toEqual(['a']);
    // the hot path says what the full walk says, for any record of strings
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('𠮷', '\uD842', '\uDFB7', '\u200b', '\u0007', 'a'));
    fc.assert(
      fc.property(fc.dictionary(text, text, { maxKeys: 5 }), (r) => {
        const got = sanitizeRecord(r);
        const walked = Object.entries(r).flatMap(([k, v]) => [sanitizeText(k), sanitizeText(v)]);
        expect(got.changes.length > 0).toBe(walked.some((x) => x.changes.length > 0));
        if (!got.changes.length) expect(got.data).toBe(r);
      }),
      { numRuns: 500 },
    );
  });

  it('extract: each changed record is a warning with its locator; the stored text is clean', async () => {
    const csv = '事项编号,事项名称,H5地址\nA1,社保\u200b卡申领,https://h5.example.gov.cn/a1\nA2,正常事项,https://h5.example.gov.cn/a2\nA3,\u202e领取\u0007,https://h5.example.gov.cn/a3\n';
    const root = makeWorkspace([{ id: 'zw', adapter: 'spreadsheet', config: { files: [{ path: 'exports/s.csv', key: '事项编号' }] } }], { 'exports/s.csv': csv });
    const ws = await loadWorkspace(root);
    const store = openSqliteStore(ws.paths.db);
    try {
      const s = await extractApps(ws, store, { actor: 't' });
      expect(s.ok).toBe(true);
      const warnings = s.apps[0]!.warnings.filter((w) => w.includes('normaliser'));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/^s\.csv!R2: text changed by the normaliser: 事项名称: 1 zero-width character\(s\) removed/);
      expect(warnings[1]).toMatch(/^s\.csv!R4: .*事项名称: 1 bidi control\(s\) removed, 1 control character\(s\) removed/);
      const a1 = [...store.raw.list('zw', 'services')].find((r) => r.key === 'A1') as unknown as { data: Record<string, unknown> } | undefined;
      expect(a1?.data.事项名称).toBe('社保卡申领');
    } finally {
      store.close();
    }
  });

  it('a value that becomes formula-like once normalised is still guarded in every export', () => {
    const hidden = fc.constantFrom('\u200b', '\u0000', '\uFEFF', '\u202e', '\u2060', '\u0007', ' ', '\u3000', '\u200b\u0000 ');
    const formula = fc.tuple(fc.constantFrom('=', '+', '-', '@'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(hidden, formula, (h, [start, rest]) => {
        const source = `${h}${start}${rest}`;
        const normalised = cleanText(sanitizeText(source).text, { inner: 'keep' });
        if (!/^[=+\-@]/.test(normalised)) return;
        const cell = safeCell(normalised);
        expect(typeof cell).toBe('string');
        // the apostrophe makes Excel show it as text; the text reads back as it was
        expect((cell as string).startsWith("'")).toBe(true);
        expect(cellText((cell as string).slice(1))).toBe(normalised);
      }),
      { seed: 15, numRuns: 2000 },
    );
  });
});
