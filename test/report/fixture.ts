// A reporting workspace for the tests: a copy of examples/jiangsu run through the whole pipeline
// in process, then hostile values injected where a report shows source data: service names,
// reasons, a publication URL, an entry point address, a quarantine reason.
import { join } from 'node:path';
import { exampleCopy } from '../helpers/cli.js';
import { loadWorkspace, type Workspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { runPipeline } from '../../src/pipeline.js';
import type { Store } from '../../src/store/store.js';

export const TODAY = '2026-11-28';

export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=1;alert(1)">窗口',
  script: '</script><script>window.__pwned=2;alert(2)</script>办理',
  js: 'javascript:alert(3)',
  rtl: '\u202Eexe.evil 社保查询',
  formula: '=HYPERLINK("http://evil.example","点我")',
  control: 'bell\u0001and\u000bvt 控制字符',
};

export interface Fixture {
  dir: string;
  ws: Workspace;
  store: Store;
  hostileIds: string[];
}

export async function reportFixture(): Promise<Fixture> {
  const dir = exampleCopy('jiangsu');
  const ws = await loadWorkspace(dir);
  const store = openSqliteStore(ws.paths.db);
  await runPipeline(ws, store, { actor: 'test-runner' });
  const base = store.services.list('wujiang')[0]!;
  const dec = store.decisions.get(base.id)!;
  const hostileIds: string[] = [];
  store.tx(() => {
    Object.values(HOSTILE).forEach((name, i) => {
      const id = `wujiang-hostile-${i}`;
      hostileIds.push(id);
      store.services.upsert({ ...base, id, name, source: { ...base.source, sourceKey: `H${i}`, locator: `${HOSTILE.script}#R${i}` } }, `h${i}`);
      store.decisions.upsert({ ...dec, serviceId: id, action: i % 2 ? 'review' : 'migrate', reason: `${HOSTILE.img} ${HOSTILE.formula}`, decidedBy: 'matcher', candidates: [] });
      if (i === 2) {
        store.publications.upsert({ serviceId: id, appId: 'wujiang', target: 'local', externalId: `x${i}`, contentHash: 'h', status: 'listed', url: HOSTILE.js, at: new Date().toISOString() });
      }
    });
    store.entryPoints.upsert({ id: 'wujiang:web:hostile', appId: 'wujiang', kind: 'web', address: HOSTILE.js, label: HOSTILE.img, locator: 'x' } as never);
    store.quarantine.add({ appId: 'wujiang', stage: 'map', locator: HOSTILE.script, reason: HOSTILE.img, field: HOSTILE.formula });
  });
  return { dir, ws, store, hostileIds };
}

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
