// Profiles one extract of a generated CSV (bench/extract/run.ts makes it): run under
// `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/extract/profile.ts FILE`, then read the
// profile with bench/map/prof-top.ts.
import { extractOnce } from './workspace.js';

const t = Date.now();
const r = await extractOnce(process.argv[2]!, { entryPoints: process.argv.includes('--entry-points') });
console.log(r, (Date.now() - t) / 1000, 's');
