import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { runExporters, type ExportInputs, type ExportSummary } from '../../src/redirects/export.js';
import { EXPORT_FORMATS } from '../../src/redirects/export/index.js';
import { RedirectsFile } from '../../src/redirects/export/json.js';
import { RoutesFile } from '../../src/redirects/export/routes.js';
import { MiniprogramFile, qrPrefixes } from '../../src/redirects/export/miniprogram.js';
import { QrInventoryFile } from '../../src/redirects/export/qr.js';
import { xmlSafeText } from '../../src/report/xlsx/cells.js';
import { tempDir } from '../helpers/cli.js';
import { exportPlan, HOSTILE_FROM, NOTICE } from './export-plan.js';
import { HOSTILE_DESTINATIONS } from '../fixtures/hostile-destinations.js';
import type { RedirectRule } from '../../src/schema/index.js';

const hostileRows = HOSTILE_DESTINATIONS.filter((h) => h.url);
let dir: string;
const at = (...p: string[]) => join(dir, ...p);
const json = (...p: string[]) => JSON.parse(readFileSync(at(...p), 'utf8'));
let summary: ExportSummary;
const format = (f: string) => summary.formats.find((x) => x.format === f)!;

/** the plan with the hostile rules turned into another kind, so every exporter meets the table */
function planAs(kind: RedirectRule['kind']): ExportInputs {
  const p = exportPlan();
  p.rules = p.rules.map((r, i) => (i < HOSTILE_FROM ? r : { ...r, kind, source: kind === 'miniprogram' ? `wxbad:pages/h/${i}` : r.source }));
  return p;
}

beforeAll(async () => {
  dir = tempDir('yimen-export-');
  summary = await runExporters(exportPlan(), { formats: EXPORT_FORMATS, outDir: dir, options: { cloudflareQuota: 5 } });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every exporter refuses the hostile-destination table', () => {
  it.each(EXPORT_FORMATS)('%s', async (f) => {
    const kind = f === 'qr' ? 'qrcode' : f === 'miniprogram' ? 'miniprogram' : f === 'routes' ? 'deeplink' : 'web';
    const s = await runExporters(planAs(kind), { formats: [f], outDir: at('hostile', f) });
    const refused = new Map(s.formats[0]!.refused.map((r) => [r.entryPointId, r]));
    hostileRows.forEach((h, i) => expect(refused.get(`wj-ep-${HOSTILE_FROM + i}`)?.code, `${f}: ${h.name}`).toBe(h.code));
    // and no hostile destination appears in any file the format wrote
    for (const file of s.formats[0]!.files) {
      if (file.path.endsWith('.xlsx')) continue;
      const text = readFileSync(file.path, 'utf8');
      const body = text.split('"refused"')[0]!;
      for (const h of hostileRows) if (h.url.length > 12) expect(body.includes(h.url), `${f} wrote ${h.name}`).toBe(false);
    }
  });
});

describe('cloudflare', () => {
  it('writes headerless 7-column lists split by the quota, without queries or duplicates', () => {
    const files = readdirSync(at('cloudflare')).sort();
    expect(files.length).toBeGreaterThan(1);
    const rows = files.flatMap((f) => {
      const r = parse(readFileSync(at('cloudflare', f), 'utf8')) as string[][];
      expect(r.length).toBeLessThanOrEqual(5);
      return r;
    });
    expect(rows[0]).toEqual(['old.example.cn/h5/svc/1', 'https://sfb.example.cn/service/1', '301', 'false', 'false', 'false', 'false']);
    for (const r of rows) {
      expect(r).toHaveLength(7);
      expect(r[0]).not.toContain('?');
    }
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    expect(rows.find((r) => r[0] === 'old.example.cn/h5/svc/2')?.[2]).toBe('302');
    expect(rows.some((r) => r[0]!.includes('a%22b;return'))).toBe(true);
    const codes = format('cloudflare').refused.map((r) => r.code);
    expect(codes).toContain('E_EXPORT_CLOUDFLARE_QUERY');
    expect(codes).toContain('E_EXPORT_CLOUDFLARE_FRAGMENT');
  });

  it('refuses more than 16 sources with the same host and path, and a bad quota', async () => {
    const p = exportPlan();
    p.rules = Array.from({ length: 20 }, (_, i) => ({ ...p.rules[0]!, entryPointId: `e${i}`, source: `https://old.example.cn:${8000 + i}/same` }));
    const s = await runExporters(p, { formats: ['cloudflare'], outDir: at('cf16') });
    expect(s.formats[0]!.rules).toBe(16);
    expect(s.formats[0]!.refused.map((r) => r.code)).toEqual(Array(4).fill('E_EXPORT_CLOUDFLARE_HOST_PATH'));
    await expect(runExporters(p, { formats: ['cloudflare'], outDir: at('cf0'), options: { cloudflareQuota: 0 } })).rejects.toMatchObject({ code: 'E_EXPORT_CLOUDFLARE_QUOTA' });
  });
});

describe('json', () => {
  it('writes the plan in its schema, with the JSON Schema beside it', () => {
    const doc = RedirectsFile.parse(json('json', 'redirects.json'));
    expect(doc.rules.length + doc.refused.length).toBe(exportPlan().rules.length);
    expect(doc.rules.some((r) => r.action === 'pending')).toBe(true);
    const schema = json('json', 'redirects.schema.json');
    expect(schema.properties.rules.type).toBe('array');
  });
});

describe('routes', () => {
  it('routes old deep links to the new destination, with a notice catch-all per scheme', () => {
    const doc = RoutesFile.parse(json('routes', 'routes.json'));
    expect(doc.routes.find((r) => r.scheme === 'wjapp' && r.host === 'service')).toMatchObject({ path: '/detail', query: { id: '3' }, action: 'redirect', open: 'https://sfb.example.cn/service/3' });
    const last = doc.routes.filter((r) => r.appId === 'wj').slice(-2);
    expect(last.every((r) => r.path === '*' && r.action === 'notice' && r.open === NOTICE('wj'))).toBe(true);
    expect(existsSync(at('routes', 'routes.schema.json'))).toBe(true);
    expect(doc.routes.find((r) => r.fragment)).toMatchObject({ path: '/m/', fragment: '/service?id=5001', open: 'https://sfb.example.cn/service/5001' });
  });
});

describe('miniprogram', () => {
  it('routes pages with their query and adds QR prefix rules ending in /', () => {
    const doc = MiniprogramFile.parse(json('miniprogram', 'miniprogram.json'));
    const mp = doc.miniprograms[0]!;
    expect(mp.appId).toBe('wx0123456789abcdef');
    expect(mp.routes[0]).toMatchObject({ page: 'pages/svc/detail', query: { id: '3' }, open: { type: 'web', url: 'https://sfb.example.cn/service/3' } });
    expect(mp.routes[1]!.open).toMatchObject({ type: 'notice', url: NOTICE('wj') });
    expect(mp.qrPrefixes.map((p) => p.prefix)).toEqual(['https://qr.example.cn/p/']);
    expect(mp.qrRoutes).toHaveLength(3);
  });

  it('opens the unified mini-program when one is given', async () => {
    const s = await runExporters(exportPlan(), { formats: ['miniprogram'], outDir: at('mp2'), options: { unifiedMiniprogram: { appId: 'wxsfb', webviewPage: 'pages/web/index' } } });
    const doc = JSON.parse(readFileSync(s.formats[0]!.files[0]!.path, 'utf8'));
    expect(doc.miniprograms[0].routes[0].open).toEqual({ type: 'miniprogram', appId: 'wxsfb', path: `pages/web/index?url=${encodeURIComponent('https://sfb.example.cn/service/3')}` });
  });

  it('folds QR prefixes per host beyond 100 and refuses more than 100 hosts', () => {
    const many = Array.from({ length: 150 }, (_, i) => `https://qr.example.cn/d${i}/x`);
    expect(qrPrefixes(many, 'p', 'wx')).toEqual([expect.objectContaining({ prefix: 'https://qr.example.cn/' })]);
    const hosts = Array.from({ length: 101 }, (_, i) => `https://h${i}.example.cn/x`);
    expect(() => qrPrefixes(hosts, 'p', 'wx')).toThrow(expect.objectContaining({ code: 'E_EXPORT_MINIPROGRAM_QR_PREFIXES' }));
  });
});

describe('xlsx', () => {
  it('has a summary and one sheet per app, formula-safe', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('xlsx', 'redirects.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总 summary', 'wj', 'zfq']);
    const wj = wb.getWorksheet('wj')!;
    expect(wj.getRow(1).values).toContain('访问量 hits');
    expect(wj.getRow(1).values).toContain('验证 verification');
    const cells = wj.getSheetValues().flat().filter((v): v is string => typeof v === 'string');
    expect(cells).toContain('\'=HYPERLINK("http://evil")');
    expect(cells).toContain("'=1+1 海报");
    expect(cells.some((c) => /^[=+@]/.test(c))).toBe(false);
    expect(wb.getWorksheet('汇总 summary')!.getRow(2).values).toEqual(expect.arrayContaining(['wj', '智慧吴江']));
  });

  it('writes XML-forbidden characters as _xHHHH_', () => {
    expect(xmlSafeText('a\u0001b\u001fc')).toBe('a_x0001_b_x001F_c');
    expect(xmlSafeText('keep _x0041_ literal')).toBe('keep _x005F_x0041_ literal');
    expect(xmlSafeText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});

describe('qr', () => {
  it('lists every printed code with where it is and the rule, and draws reprints', () => {
    const doc = QrInventoryFile.parse(json('qr', 'qr-inventory.json'));
    expect(doc.codes).toHaveLength(3);
    const a1 = doc.codes.find((c) => c.url.endsWith('/p/a1'))!;
    expect(a1).toMatchObject({ printedAt: '社区服务站门口', action: 'redirect', destination: 'https://sfb.example.cn/service/1' });
    expect(readFileSync(at('qr', 'images', `${a1.reprint}.svg`), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(at('qr', 'images', `${a1.reprint}.png`)).subarray(1, 4).toString()).toBe('PNG');
    const csv = parse(readFileSync(at('qr', 'qr-inventory.csv'), 'utf8'), { bom: true }) as string[][];
    expect(csv[0]![0]).toBe('entry point');
    expect(csv.some((r) => r[3] === "'=1+1 海报")).toBe(true);
  });
});

describe('export errors', () => {
  it('refuses an unknown format and a notice page off the allowlist', async () => {
    await expect(runExporters(exportPlan(), { formats: ['apache'], outDir: at('x') })).rejects.toMatchObject({ code: 'E_EXPORT_FORMAT' });
    const p = exportPlan();
    p.unifiedApp = { ...p.unifiedApp, noticeUrl: 'https://evil.example.com/{appId}' };
    await expect(runExporters(p, { formats: ['json'], outDir: at('y') })).rejects.toMatchObject({ code: 'E_EXPORT_NOTICE_URL' });
  });
});
