// One pass, each stage once (docs/pipeline.md): `yimen run` on unchanged input changes nothing in
// any stage, and a change to one catalog row no service depends on changes no decision, even though
// the matcher's scores (evidence) move with the catalog.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCopy } from '../helpers/cli.js';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { runPipeline } from '../../src/pipeline.js';
import { STAGES, type Store } from '../../src/store/store.js';
import { decisionsStale } from '../../src/status/index.js';

let store: Store | undefined;
afterAll(() => store?.close());

describe('yimen run, one pass', () => {
  it('a second run reports 0 changes in every stage; one unrelated catalog row changes 0 decisions', async () => {
    const dir = exampleCopy('jiangsu');
    const ws = await loadWorkspace(dir);
    store = openSqliteStore(ws.paths.db);
    const first = await runPipeline(ws, store, { actor: 't' });
    for (const s of ['catalog', 'extract', 'map', 'decide', 'plan', 'publish', 'redirects'] as const) expect(first.changes[s], s).toBeGreaterThan(0);
    expect(decisionsStale(store)).toBe(false);
    // decide ran once, after map: one decide event per app, none from the catalog stage
    expect(store.events.list({ action: 'decide' }).length).toBe(ws.config.apps.length);

    const second = await runPipeline(ws, store, { actor: 't' });
    expect(Object.keys(second.changes).sort()).toEqual([...STAGES].sort());
    for (const s of STAGES) expect(second.changes[s], s).toBe(0);
    expect(second.decide.totals).toMatchObject({ new: 0, changed: 0 });

    // one catalog row that no decision targets becomes another item (another name and department)
    const targets = new Set(store.decisions.list().map((d) => d.target));
    const file = join(dir, 'catalog', 'base-catalog.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l, n) => n > 0 && l && !targets.has(l.split(',')[0]));
    const cols = lines[i]!.split(',');
    lines[i] = [cols[0], '古树名木迁移审批', cols[2], '区林业站', cols[4]].join(',');
    writeFileSync(file, lines.join('\n'));
    const before = new Map(store.decisions.list().map((d) => [d.serviceId, d]));

    const third = await runPipeline(ws, store, { actor: 't' });
    expect(third.catalog).toMatchObject({ changed: true, added: 0, removed: 0, updated: 1 });
    expect(third.changes).toMatchObject({ catalog: 1, extract: 0, map: 0, decide: 0, plan: 0, publish: 0, redirects: 0 });
    // the evidence was refreshed all the same: dispositions equal, and the store holds this run's scores
    let moved = 0;
    for (const d of store.decisions.list()) {
      const b = before.get(d.serviceId)!;
      expect([d.action, d.target, d.rule, d.decidedBy]).toEqual([b.action, b.target, b.rule, b.decidedBy]);
      if (d.score !== b.score || d.reason !== b.reason || JSON.stringify(d.candidates) !== JSON.stringify(b.candidates)) moved++;
    }
    expect(moved).toBeGreaterThan(0);
    expect(decisionsStale(store)).toBe(false);
  }, 120_000);
});
