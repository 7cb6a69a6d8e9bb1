// bench/fidelity: runs yimen on the labelled practice migration (../shared/practice, or
// $YIMEN_PRACTICE) as a user would (the examples/hunan workspace), exports the decisions in the
// scorer's format and prints the scorer's figures per app and per trap tag.
//   npm run bench:fidelity [-- --json] [-- --out decisions.json] [-- --keep]
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { runPipeline } from '../../src/pipeline.js';
import { exportDecisions } from './export.js';
import { renderTable, scoreSlices } from './table.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const practice = resolve(process.env.YIMEN_PRACTICE ?? join(repo, '../shared/practice'));
const args = process.argv.slice(2);
const flag = (f: string) => args.includes(f);
const opt = (f: string) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);

/** The 浏阳 API, from the practice set's own server, on a free loopback port. */
async function serveLiuyang(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(practice, 'serve-liuyang.mjs')], {
    env: { ...process.env, LIUYANG_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    const t = setTimeout(() => fail(new Error('serve-liuyang.mjs did not start within 10 s')), 10_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /127\.0\.0\.1:(\d+)/.exec(out);
      if (m) (clearTimeout(t), ok(Number(m[1])));
    });
    child.on('exit', (c) => fail(new Error(`serve-liuyang.mjs exited with ${c}`)));
  });
  return { port, child };
}

async function main() {
  if (!existsSync(join(practice, 'gold.json'))) throw new Error(`no practice set at ${practice} (set YIMEN_PRACTICE)`);
  const dir = mkdtempSync(join(tmpdir(), 'yimen-fidelity-'));
  cpSync(join(repo, 'examples/hunan'), dir, { recursive: true, filter: (p) => !p.includes('.yimen') });
  const { port, child } = await serveLiuyang();
  const t0 = performance.now();
  try {
    const yaml = join(dir, 'yimen.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('http://127.0.0.1:8787', `http://127.0.0.1:${port}`));
    process.env.LIUYANG_API_KEY ??= 'practice-key';
    const ws = await loadWorkspace(dir);
    const store = openSqliteStore(ws.paths.db);
    await runPipeline(ws, store, { actor: 'bench', noPublish: true });
    store.close?.();
    const decisions = exportDecisions(ws.paths.db);
    const runMs = performance.now() - t0;
    const out = opt('--out') ?? join(dir, 'decisions.json');
    writeFileSync(out, JSON.stringify(decisions, null, 1));
    const res = scoreSlices(practice, out);
    if (flag('--json')) process.stdout.write(JSON.stringify(res, null, 1) + '\n');
    else process.stdout.write(renderTable(res) + `\n\n${decisions.length} decisions exported; pipeline ${(runMs / 1000).toFixed(1)} s, scoring ${((performance.now() - t0 - runMs) / 1000).toFixed(1)} s\n`);
    if (flag('--keep')) process.stderr.write(`workspace kept at ${dir}\n`);
  } finally {
    child.kill();
    if (!flag('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
