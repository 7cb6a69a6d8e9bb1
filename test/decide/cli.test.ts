// The decide / review / catalog import commands as a user runs them (the built CLI).
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { yimen, tempDir } from '../helpers/cli.js';
import { writeWorkspace, service, putServices } from '../fixtures/matching/workspace.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

let dir: string;
const ids: Record<string, string> = {};

beforeAll(() => {
  dir = tempDir('yimen-decide-cli-');
  writeWorkspace(dir, 'policy: { retireKeywords: [打卡], review: [k3] }');
  const store = openSqliteStore(join(dir, '.yimen', 'state.db'));
  const svcs = [
    service('alpha', 'k1', '社保参保登记'),
    service('alpha', 'k2', '每日打卡'),
    service('alpha', 'k3', '旧版功能'), // listed in policy.review
    service('alpha', 'k4', '智慧停车缴费'),
    service('beta', 'k5', '公积金提取'), // 租房 or 购房: review
  ];
  for (const s of svcs) ids[s.source.sourceKey] = s.id;
  putServices(store, svcs);
  store.close();
});

describe('yimen catalog import / decide / review', () => {
  it('imports the catalog, decides, lists review items, records people\'s decisions and takes a reviewed sheet back', async () => {
    let r = yimen(['catalog', 'import', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, items: 10 });
    r = yimen(['catalog', 'import'], { cwd: dir });
    expect(r.stdout).toContain('unchanged');

    r = yimen(['decide'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('alpha');
    r = yimen(['decide', '--json'], { cwd: dir });
    const sum = JSON.parse(r.stdout);
    expect(sum.totals).toMatchObject({ services: 5, new: 0, changed: 0 });
    expect(sum.totals.retire).toBe(1);

    r = yimen(['review', '--json'], { cwd: dir });
    const review = JSON.parse(r.stdout).items as Array<{ serviceId: string; candidates: unknown[] }>;
    const reviewIds = review.map((i) => i.serviceId).sort();
    expect(reviewIds).toEqual([ids.k3, ids.k5].sort());
    expect(review.find((i) => i.serviceId === ids.k5)!.candidates.length).toBeGreaterThanOrEqual(2);
    r = yimen(['review', '--app', 'beta'], { cwd: dir });
    expect(r.stdout).toContain('公积金提取');
    expect(r.stdout).not.toContain('旧版功能');

    // one person's decision from the command line
    r = yimen(['decide', ids.k5!, '--action', 'merge', '--to', '512C00533001', '--reason', '租房提取 is what the old app offered'], { cwd: dir, env: { YIMEN_ACTOR: 'carol' } });
    expect(r.code, r.stderr).toBe(0);
    r = yimen(['decide', ids.k5!, '--action', 'merge', '--to', 'NOPE', '--reason', 'x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NOPE');
    r = yimen(['decide', ids.k4!, '--action', 'retire'], { cwd: dir });
    expect(r.code).toBe(2);

    // the rest through the spreadsheet
    const xlsx = join(dir, 'review.xlsx');
    r = yimen(['review', '--export', xlsx], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sh = wb.worksheets[0]!;
    expect(sh.getRow(1).getCell(1).value).toBe('service id');
    expect(sh.rowCount).toBe(2); // header + the one review item left
    expect(sh.getRow(2).getCell(1).value).toBe(ids.k3);
    sh.getRow(2).getCell(8).value = 'retire';
    sh.getRow(2).getCell(10).value = 'replaced by the provincial app long ago';
    await wb.xlsx.writeFile(xlsx);
    r = yimen(['decide', '--import', xlsx, '--json'], { cwd: dir, env: { YIMEN_ACTOR: 'dave' } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ applied: 1, errors: [] });

    // people's decisions survive a re-run
    r = yimen(['decide', '--json'], { cwd: dir });
    expect(JSON.parse(r.stdout).totals).toMatchObject({ review: 0, new: 0, changed: 0 });
    r = yimen(['review'], { cwd: dir });
    expect(r.stdout).toContain('nothing to review');
    r = yimen(['log', '--action', 'decide', '--json'], { cwd: dir });
    const actors = JSON.parse(r.stdout).events.map((e: { actor: string }) => e.actor);
    expect(actors).toContain('carol');
    expect(actors).toContain('dave');
  }, 180_000); // many CLI spawns: slow on a shared 2-core machine
});
