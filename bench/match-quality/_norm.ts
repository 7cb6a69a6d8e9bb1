import { Matcher } from '../../src/map/match/matcher.js';
const m = new Matcher();
for (const n of process.argv.slice(2)) console.log(n, '→', m.normalize(n));
