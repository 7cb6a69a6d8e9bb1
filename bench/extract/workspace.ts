// The extract benches' workspace: one app whose spreadsheet source is the generated file, an
// empty profile, a real store; extract once (with the build: run `npm run build` first) and count
// what was stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchSource {
  /** declare the H5地址 column as web entry points */
  entryPoints: boolean;
  headerRows?: number;
}

/** a database's size in bytes: its pages (after a commit's checkpoint, every row's) */
export const dbBytes = (db: import('better-sqlite3').Database): number => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);

/**
 * extracts `file` into a fresh store; `onStart` runs just before the extract and `onEnd` as it
 * returns (its last commit done), before the bench counts what was stored and closes the store
 */
export async function extractOnce(file: string, src: BenchSource, onStart: () => void = () => {}, onEnd: () => void = () => {}): Promise<{ stored: number; bytes: number }> {
  // the build, as `yimen extract` runs it: its read thread then starts from compiled modules, not
  // through tsx's loader (which would compile every module again in the thread)
  // YIMEN_BENCH_DIST: another build's dist/src (an absolute path), to compare two builds in the same minutes
  const dist = process.env.YIMEN_BENCH_DIST ?? '../../dist/src';
  const { loadWorkspace } = (await import(`${dist}/workspace/loader.js`)) as typeof import('../../src/workspace/loader.js');
  const { openSqliteStore } = (await import(`${dist}/store/sqlite.js`)) as typeof import('../../src/store/sqlite.js');
  const { extractApps } = (await import(`${dist}/extract/runner.js`)) as typeof import('../../src/extract/runner.js');
  const ws = mkdtempSync(join(tmpdir(), 'yimen-bench-'));
  try {
    writeFileSync(
      join(ws, 'yimen.yaml'),
      [
        'programme: bench',
        'province: "32"',
        'unifiedApp: { name: 苏服办, serviceUrl: "https://sfb.example/item/{catalogCode}", noticeUrl: "https://sfb.example/notice", allowlist: [sfb.example] }',
        'apps:',
        '  - id: wujiang',
        '    name: 智慧吴江',
        '    division: "320509"',
        '    profile: profile.yaml',
        '    source:',
        '      adapter: spreadsheet',
        '      config:',
        '        files:',
        `          - path: ${JSON.stringify(file)}`,
        '            key: 事项编号',
        ...(src.headerRows !== undefined ? [`            headerRows: ${src.headerRows}`] : []),
        ...(src.entryPoints ? ['            entryPoints: [{ column: H5地址, kind: web }]'] : []),
      ].join('\n'),
    );
    writeFileSync(join(ws, 'profile.yaml'), 'fields: {}\n');
    const w = await loadWorkspace(ws);
    const store = openSqliteStore(w.paths.db);
    onStart();
    const s = await extractApps(w, store, { actor: 'bench' });
    onEnd();
    const stored = store.raw.count('wujiang', 'services');
    // the file's pages after the extract's commit (its checkpoint done): what the rows take
    const bytes = dbBytes((store as unknown as { db: import('better-sqlite3').Database }).db);
    store.close();
    if (!s.ok) throw new Error(JSON.stringify(s.apps[0]?.error));
    return { stored, bytes };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
