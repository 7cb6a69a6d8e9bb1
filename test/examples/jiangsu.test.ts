// The bundled example examples/jiangsu: its yimen.yaml loads, its exports are what the README says
// (GB18030 really GB18030, title rows, bad rows), its profiles name real columns, its base catalog
// has the documented format and attribution, and the generator script reproduces it.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import ExcelJS from 'exceljs';
import { ROOT, tempDir, yimen, exampleCopy } from '../helpers/cli.js';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { AdapterMessage } from '../../src/sdk/index.js';
import { resolveAppAdapter } from '../../src/extract/registry.js';
import { normaliseKind } from '../../src/extract/entry-points.js';

const EX = join(ROOT, 'examples', 'jiangsu');
const SHARED = resolve(ROOT, '..', 'shared', 'data', 'sichuan-guangan-service-guides.csv');

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function usccValid(c: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c)) return false;
  let s = 0;
  for (let i = 0; i < 17; i++) s += USCC_CHARS.indexOf(c[i]!) * USCC_W[i]!;
  return USCC_CHARS[(31 - (s % 31)) % 31] === c[17];
}

async function readApp(appId: string) {
  const ws = await loadWorkspace(EX);
  const { adapter, config } = await resolveAppAdapter(ws, appId);
  const msgs: AdapterMessage[] = [];
  const noop = () => {};
  for await (const m of adapter.read(config, { root: ws.root, appId, env: {}, log: { info: noop, warn: noop, debug: noop, error: noop } } as never)) msgs.push(m);
  const records = (stream: string) => msgs.filter((m): m is Extract<AdapterMessage, { type: 'record' }> => m.type === 'record' && m.stream === stream);
  const quarantined = msgs.filter((m) => m.type === 'quarantine') as Array<{ locator: string; reason: string }>;
  return { services: records('services'), entryPoints: records('entryPoints'), quarantined };
}

describe('examples/jiangsu', () => {
  it('yimen.yaml loads with four apps, policy, timelines and the local target', async () => {
    const ws = await loadWorkspace(EX);
    const c = ws.config;
    expect(c.programme).toBe('江苏省县级政务App整合');
    expect(c.apps.map((a) => [a.id, a.name, a.division])).toEqual([
      ['wujiang', '智慧吴江', '320509'],
      ['liyang', '健康溧阳', '320481'],
      ['rugao', '如皋综合应急', '320682'],
      ['zhufengqiao', '住枫桥', '320505'],
    ]);
    expect(c.unifiedApp.serviceUrl).toBe('https://sfb.jszwfw.example.cn/service/{catalogCode}');
    expect(c.unifiedApp.noticeUrl).toBe('https://sfb.jszwfw.example.cn/notice/{appId}');
    expect(c.unifiedApp.allowlist).toContain('sfb.jszwfw.example.cn');
    expect(c.policy.lowUsageMonthlyVisits).toBe(50);
    expect(c.policy.lowUsageAction).toBe('review');
    expect(c.policy.retireKeywords).toEqual(expect.arrayContaining(['打卡', '签到', '学习时长', '积分排名', '点赞', '转发']));
    expect(c.target).toEqual({ type: 'local' });
    expect(c.catalog?.source).toBe('./catalog/base-catalog.csv');
    for (const a of c.apps) {
      const t = a.timeline!;
      expect(t.announce! < t.redirect! && t.redirect! < t.shutdown!, a.id).toBe(true);
      expect(t.shutdown! >= '2026-12-01' && t.shutdown! <= '2027-03-31', a.id).toBe(true);
    }
    // one shutdown is close to "today" in the story (2026-11-28): the at-risk app
    expect(c.apps.some((a) => a.timeline!.shutdown! <= '2026-12-31')).toBe(true);
  });

  it('the 健康溧阳 export really is GB18030: not valid UTF-8, and iconv-lite gb18030 decodes it', () => {
    const bytes = readFileSync(join(EX, 'exports', 'liyang-services.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'gb18030');
    expect(text).not.toContain('\uFFFD');
    expect(text.startsWith('健康溧阳APP服务目录')).toBe(true);
    for (const s of ['五个工作日', '即时办结', '承诺3天', '(0519)87654321', '1.身份证；2.户口簿', '12,860']) expect(text).toContain(s);
    expect(iconv.encode(text, 'gb18030').equals(bytes)).toBe(true);
    // a 4-byte GB18030 character (U+20BB7, outside GBK): gbk would lose it
    expect(text).toContain('𠮷');
    expect(iconv.decode(bytes, 'gbk')).not.toContain('𠮷');
  });

  it('智慧吴江: title rows above the header, 39 services, the duplicate key quarantined with its locator', async () => {
    const { services, entryPoints, quarantined } = await readApp('wujiang');
    expect(services).toHaveLength(39);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]!.locator).toMatch(/wujiang-services\.xlsx#事项清单!R44/);
    expect(quarantined[0]!.reason).toContain('WJ-0005');
    // the row without a name gets through extract: map quarantines it
    expect(services.filter((s) => !String((s.data as Record<string, unknown>)['事项名称'] ?? '').trim())).toHaveLength(1);
    expect(entryPoints.length).toBe(39);
    for (const e of entryPoints) expect(String((e.data as { address: string }).address)).toMatch(/^https:\/\/app\.wujiang\.example\.cn\/h5\/service\/\d+$/);
    // agency codes: valid check digits, except the one deliberately wrong
    const codes = new Set(services.map((s) => String((s.data as Record<string, unknown>)['实施主体编码'])));
    const invalid = [...codes].filter((c) => !usccValid(c));
    expect(invalid).toHaveLength(1);
  });

  it('健康溧阳, 如皋综合应急 and 住枫桥 read as documented', async () => {
    const ly = await readApp('liyang');
    expect(ly.services).toHaveLength(24);
    expect(ly.quarantined).toHaveLength(0);
    const rg = await readApp('rugao');
    expect(rg.services).toHaveLength(17);
    const names = rg.services.map((s) => String((s.data as Record<string, unknown>)['功能名称']));
    for (const k of ['打卡', '签到', '学习时长', '积分排名', '点赞']) expect(names.some((n) => n.includes(k)), k).toBe(true);
    const zf = await readApp('zhufengqiao');
    expect(zf.services).toHaveLength(9);
    // kinds as the street office wrote them (网页, 应用商店, 小程序 …), as the extract runner reads them
    const kinds = new Set(zf.entryPoints.map((e) => normaliseKind((e.data as { kind: string }).kind)));
    for (const k of ['web', 'qrcode', 'miniprogram', 'appstore', 'deeplink']) expect(kinds.has(k), k).toBe(true);
  });

  it('every profile reads columns the export has; unmapped columns are the documented extras', async () => {
    const extras: Record<string, string[]> = {
      wujiang: ['所属分类', '上架状态'],
      liyang: ['上线时间'],
      rugao: ['是否强制使用', '考核分值'],
      zhufengqiao: [],
    };
    for (const appId of Object.keys(extras)) {
      const profile = parseYaml(readFileSync(join(EX, 'profiles', `${appId}.yaml`), 'utf8')) as { fields: Record<string, string | { from?: string[] }>; ignore?: string[] };
      const { services } = await readApp(appId);
      const columns = Object.keys(services[0]!.data as object);
      const mapped = new Set<string>();
      for (const [field, spec] of Object.entries(profile.fields)) {
        const from = typeof spec === 'string' ? [spec] : (spec.from ?? []);
        // 行政区划 is absent on purpose: the division comes from the profile's default
        const present = from.filter((c) => columns.includes(c));
        if (field !== 'division.code') expect(present.length, `${appId}: ${field} reads ${from.join('/')}`).toBeGreaterThan(0);
        present.forEach((c) => mapped.add(c));
      }
      for (const c of profile.ignore ?? []) {
        expect(columns, `${appId}: ignored column ${c}`).toContain(c);
        mapped.add(c);
      }
      expect(columns.filter((c) => !mapped.has(c)).sort(), appId).toEqual([...extras[appId]!].sort());
    }
  });

  it('the base catalog has the documented header, a few hundred unique 12-character codes, and its attribution', () => {
    const text = readFileSync(join(EX, 'catalog', 'base-catalog.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('基本编码,事项名称,事项类型,实施部门,行政区划');
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(300);
    const codes = rows.map((r) => r['基本编码']!);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[0-9A-Z]{12}$/);
    expect(new Set(rows.map((r) => r['事项名称'])).size).toBe(rows.length);
    const attribution = readFileSync(join(EX, 'catalog', 'ATTRIBUTION.md'), 'utf8');
    for (const s of ['v-luobo/zwfw', '11bd626', 'Apache License 2.0']) expect(attribution).toContain(s);
    if (existsSync(SHARED)) {
      // real items: every name is in the source data
      const source = new Set((parseCsv(readFileSync(SHARED, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => r.name));
      for (const r of rows) expect(source.has(r['事项名称']!), r['事项名称']).toBe(true);
    }
  });

  it('`yimen run` shows what the scenario is built to show, and a second run changes nothing', () => {
    const dir = exampleCopy('jiangsu');
    const r = yimen(['run', '-w', dir, '--json']);
    expect(r.code === 0 || r.code === 3, r.stderr).toBe(true);
    const status = JSON.parse(yimen(['status', '-w', dir, '--json']).stdout) as { apps: Array<Record<string, number | string>> };
    const app = (id: string) => status.apps.find((a) => a.appId === id)!;
    // counts fixed by the data, whatever the matcher's tuning
    expect([app('wujiang').extracted, app('wujiang').quarantined, app('wujiang').services, app('wujiang').invalid]).toEqual([39, 2, 38, 1]);
    expect(app('rugao').retire).toBe(8);
    expect(app('liyang').retire).toBe(1);
    // 社区活动签到, and 垃圾分类积分兑换 since the shipped points-and-rankings category (积分兑换)
    expect(app('zhufengqiao').retire).toBe(2);
    expect(app('wujiang').retire).toBe(0);
    for (const k of ['migrate', 'merge', 'review']) {
      // 住枫桥's one review item (垃圾分类积分兑换, low usage) is retired since formality rules come first
      for (const a of status.apps) if (!(a.appId === 'zhufengqiao' && k === 'review')) expect(Number(a[k]), `${a.appId} ${k}`).toBeGreaterThan(0);
    }
    // the duplicating app mostly merges; the health app mostly migrates
    expect(Number(app('wujiang').merge)).toBeGreaterThan(Number(app('wujiang').migrate) * 3);
    expect(Number(app('liyang').migrate)).toBeGreaterThan(Number(app('liyang').merge));

    // decisions by service name, for the rows built to show one thing each
    const store = openSqliteStore(join(dir, '.yimen', 'state.db'));
    let byName: Map<string, { action: string; rule?: string; target?: string }>;
    try {
      const names = new Map(store.services.list().map((s) => [s.id, `${s.appId}/${s.name}`]));
      byName = new Map(store.decisions.list().map((d) => [names.get(d.serviceId)!, d]));
    } finally {
      store.close();
    }
    const d = (k: string) => {
      expect(byName.has(k), k).toBe(true);
      return byName.get(k)!;
    };
    for (const n of ['失业保险金申领', '居住证办理', '户口迁移审批', '教师资格认定']) expect(d(`wujiang/${n}`)).toMatchObject({ action: 'merge', rule: 'exact-code' });
    for (const n of ['社保卡申领', '医保电子凭证申领', '门诊费用报销', '临时救助']) expect(d(`wujiang/${n}`).action, n).toBe('merge');
    for (const n of ['公积金缴存证明打印', '东太湖景区停车预约']) expect(d(`wujiang/${n}`).action, n).toBe('migrate');
    expect(d('wujiang/吴江区非遗项目申报').action).toBe('review'); // low usage, not in the catalog (lowUsageAction: review)
    // low usage with a confident catalog match merges: a redirect serves its few users
    expect(d('wujiang/公证业务预约')).toMatchObject({ action: 'merge', rule: 'name-match' });
    for (const n of ['每日安全打卡', '网格员巡查签到', '应急知识学习时长统计', '学习积分排名', '安全宣传点赞转发任务']) expect(d(`rugao/${n}`).action, n).toBe('retire');
    expect(d('rugao/生产经营单位生产安全事故应急预案备案')).toMatchObject({ action: 'merge', rule: 'exact-code' });
    expect(d('liyang/居民健康知识学习打卡').action).toBe('retire');
    for (const n of ['家庭医生签约', '检验检查报告查询', '预约挂号（溧阳市人民医院）']) expect(d(`liyang/${n}`).action, n).toBe('migrate');
    for (const n of ['出生医学证明首次签发', '门诊费用报销']) expect(d(`liyang/${n}`).action, n).toBe('merge');
    expect(d('zhufengqiao/社区活动签到').action).toBe('retire');
    // a service the base catalog lacks but another app brings: a duplicate across apps
    expect(d('zhufengqiao/住房公积金提取（租房）')).toMatchObject({ action: 'merge', rule: 'duplicate' });
    expect(d('zhufengqiao/住房公积金提取（租房）').target).toMatch(/^wujiang-/);

    const pick = (a: Record<string, unknown>) => [a.appId, a.extracted, a.quarantined, a.services, a.invalid, a.migrate, a.merge, a.retire, a.review];
    const again = yimen(['run', '-w', dir, '--json']);
    expect(again.code === 0 || again.code === 3, again.stderr).toBe(true);
    const status2 = JSON.parse(yimen(['status', '-w', dir, '--json']).stdout) as { apps: Array<Record<string, unknown>> };
    expect(status2.apps.map(pick)).toEqual(status.apps.map(pick));
  });

  it.skipIf(!existsSync(SHARED))('scripts/make-example.ts reproduces the committed data', async () => {
    const out = tempDir();
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'make-example.ts'), '--out', out], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['catalog/base-catalog.csv', ...readdirSync(join(EX, 'exports')).filter((n) => n.endsWith('.csv')).map((n) => `exports/${n}`)]) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(EX, f))), f).toBe(true);
    }
    for (const f of ['exports/wujiang-services.xlsx', 'exports/rugao-features.xlsx']) {
      expect(await xlsxCells(join(out, f)), f).toEqual(await xlsxCells(join(EX, f)));
    }
  });
});

/** cell values and merged ranges of every sheet (the zip's timestamps differ between runs) */
async function xlsxCells(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets.map((ws) => ({
    name: ws.name,
    merges: (ws.model as { merges?: string[] }).merges ?? [],
    rows: ws.getSheetValues().map((r) => (Array.isArray(r) ? r.map((v) => (v == null ? null : v)) : r)),
  }));
}
