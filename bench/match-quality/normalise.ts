// Prints what the matcher compares: each name after normalising with the shipped dictionary (a
// quick check that a new dictionary entry does not rewrite a longer word of another meaning).
// Run: npx tsx bench/match-quality/normalise.ts 违章建筑拆除 临时身份证明 停发养老金
import { Matcher } from '../../src/map/match/matcher.js';

const m = new Matcher();
for (const n of process.argv.slice(2)) console.log(`${n} → ${m.normalize(n)}`);
