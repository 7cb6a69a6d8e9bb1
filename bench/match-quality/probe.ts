// Prints the verdict for every check-set name (or the names given), to compare two versions of the matcher.
//   npx tsx bench/match-quality/probe.ts [--dev] [名称 …]
import { buildMatchContext } from '../../src/decide/index.js';
import { verdict } from '../../src/map/match/matcher.js';
import { taskTypeCode } from '../../src/schema/task-type.js';
import { loadCatalog, loadDevSet } from './run.js';

const items = loadCatalog();
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const set = args.length ? args.map((name) => ({ name, department: undefined, taskType: undefined })) : loadDevSet(items, process.argv.includes('--dev') ? 'dev-set.tsv' : 'check-set.tsv');
const ctx = buildMatchContext(items);
for (const s of set) {
  const c = ctx.catalog.search({ id: '?', name: s.name, department: s.department, taskType: taskTypeCode(s.taskType) }, 3);
  const v = verdict(c, { mergeThreshold: 0.9, reviewThreshold: 0.6 });
  console.log(`${s.name}\t${v.action}\t${'target' in v ? (v.target ?? '') : ''}\t${c[0]?.name ?? ''} ${c[0]?.score ?? ''}`);
}
