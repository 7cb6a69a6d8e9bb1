// The instant commands load only what they use (DESIGN §14, issue 16): `--version`, `status`, `log`
// and `help` run the built CLI with a tracer preloaded (trace-loads.mjs: ESM resolutions and the
// CommonJS require cache) and must not load a spreadsheet, HTML, chart, browser, QR or matcher
// module; and oclif.manifest.json, what makes that possible, is current and points at real files.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT, exampleCopy, tempDir } from '../helpers/cli.js';

const TRACE = join(ROOT, 'test', 'startup', 'trace-loads.mjs');
const HEAVY = /\/node_modules\/(exceljs|cheerio|echarts|zrender|playwright-core|qrcode|fuse\.js)\/|\/dist\/src\/(map|decide|report|extract|publish|redirects\/export)\/|\/dist\/adapters\//;

function loads(args: string[]): string[] {
  const file = join(tempDir(), 'loads.txt');
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, YIMEN_TRACE_LOADS: file, YIMEN_ACTOR: 'test-runner', NO_COLOR: '1', NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))];
}

describe('instant commands', () => {
  const ws = exampleCopy();
  const cases: Array<[string, string[], RegExp]> = [
    ['--version', ['--version'], /\/node_modules\/@oclif\/core\//],
    ['status', ['status', '-w', ws], /\/node_modules\/better-sqlite3\/.*|\/dist\/src\/status\/index\.js$/],
    ['log', ['log', '-w', ws], /\/dist\/src\/commands\/log\.js$/],
    ['help', ['help'], /\/node_modules\/@oclif\/plugin-help\//],
  ];
  for (const [name, args, expected] of cases) {
    it(`${name} loads no heavy module`, () => {
      const seen = loads(args);
      // the tracer saw the command's own modules, so an empty list is not a pass
      expect(seen.some((u) => expected.test(u))).toBe(true);
      expect(seen.filter((u) => HEAVY.test(u))).toEqual([]);
      if (name === '--version') expect(seen.filter((u) => u.includes('/dist/src/'))).toEqual([]);
    });
  }

  it('status on a workspace read before loads neither yaml nor zod (the config cache)', () => {
    const seen = () => loads(['status', '-w', ws]).filter((u) => /\/node_modules\/(yaml|zod)\//.test(u));
    loads(['status', '-w', ws]); // the state folder exists from here on, so the cache is written
    expect(seen()).toEqual([]);
    writeFileSync(join(ws, 'yimen.yaml'), readFileSync(join(ws, 'yimen.yaml'), 'utf8') + '\n# edited\n');
    expect(seen().length).toBeGreaterThan(0); // an edited file is read in full once
    expect(seen()).toEqual([]);
  });

  it("decide's worker thread loads no zod (its start-up is paid before it proposes a batch)", () => {
    const file = join(tempDir(), 'loads.txt');
    // imported outside a worker it throws at its first line (no workerData), after every static
    // import was resolved: the tracer has seen them all
    const worker = pathToFileURL(join(ROOT, 'dist', 'src', 'decide', 'propose-worker.js')).href;
    const r = spawnSync(process.execPath, ['--import', TRACE, '--input-type=module', '-e', `await import(${JSON.stringify(worker)}).catch(() => {})`], { cwd: ROOT, env: { ...process.env, YIMEN_TRACE_LOADS: file }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const seen = readFileSync(file, 'utf8').split('\n');
    expect(seen.some((u) => u.includes('/dist/src/map/match/matcher.js'))).toBe(true);
    expect(seen.filter((u) => /\/node_modules\/zod\//.test(u))).toEqual([]);
  });

  it('the tracer sees a heavy module when one is loaded', () => {
    // a positive control: what the checks above look for is what the tracer records
    const file = join(tempDir(), 'loads.txt');
    const r = spawnSync(process.execPath, ['--import', TRACE, '-e', "await import('exceljs'); await import('cheerio')"], { cwd: ROOT, env: { ...process.env, YIMEN_TRACE_LOADS: file }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const heavy = readFileSync(file, 'utf8').split('\n').filter((u) => HEAVY.test(u));
    expect(heavy.some((u) => u.includes('/exceljs/'))).toBe(true);
    expect(heavy.some((u) => u.includes('/cheerio/'))).toBe(true);
  });
});

describe('oclif.manifest.json', () => {
  it('is current with the commands (scripts/oclif-manifest.ts --check)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'oclif-manifest.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('names every command with a built file oclif can import', () => {
    const m = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'));
    const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(m.version).toBe(pjson.version);
    expect(pjson.files).toContain('oclif.manifest.json');
    const ids = Object.keys(m.commands);
    expect(ids).toContain('status');
    for (const id of ids) {
      const c = m.commands[id];
      expect(c.isESM, id).toBe(true);
      expect(existsSync(join(ROOT, ...c.relativePath)), `${id}: ${c.relativePath.join('/')}`).toBe(true);
    }
  });
});
