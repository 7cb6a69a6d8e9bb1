// The package target: an XLSX in the import-template layout, the same items as JSON, and a manifest
// whose sha256 sums match the files; unlisted items stay in the package marked 下架.
import { describe, it, expect, beforeAll } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { yimen, ROOT } from '../helpers/cli.js';
import { makeWorkspace, seed } from './fixture.js';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'publish.js'))) execSync('npx tsc -p .', { cwd: ROOT });
});

describe('publish to an import package', () => {
  it('writes services.xlsx, services.json and a manifest of checksums', async () => {
    const ws = makeWorkspace({ type: 'package', out: 'out/pkg' });
    seed(ws, 4, { rename: (i) => (i === 4 ? '=HYPERLINK("http://evil")' : undefined) });
    let r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.create).toBe(4);

    const dir = join(ws, 'out', 'pkg');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.counts).toEqual({ items: 4, listed: 4, unlisted: 0 });
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(['services.json', 'services.xlsx']);
    for (const f of manifest.files) expect(createHash('sha256').update(readFileSync(join(dir, f.path))).digest('hex')).toBe(f.sha256);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'services.xlsx'));
    const sheet = wb.getWorksheet('事项导入')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['外部编号', '状态', '事项名称', '基本编码']);
    expect(sheet.rowCount).toBe(5);
    const names = [2, 3, 4, 5].map((i) => String(sheet.getRow(i).getCell(3).value));
    // a cell that Excel would run as a formula is neutralised
    expect(names).toContain(`'=HYPERLINK("http://evil")`);

    // service 2 is now merged: the package keeps it, marked 下架 (unlisted)
    seed(ws, 4, { action: (i) => (i === 2 ? 'merge' : 'migrate'), rename: (i) => (i === 4 ? '=HYPERLINK("http://evil")' : undefined) });
    r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.unlist).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8'));
    expect(json.items.find((i: { externalId: string }) => i.externalId === 'demo-000000000002').status).toBe('unlisted');
    const m2 = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m2.counts).toEqual({ items: 4, listed: 3, unlisted: 1 });
    r = yimen(['plan', '--refresh', '--json', '--detailed-exitcode'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).drift).toEqual([]);
  });
});
