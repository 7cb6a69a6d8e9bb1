// Records every module a process loads, for the startup test and bench/startup: preload it with
// `node --import ./test/startup/trace-loads.mjs …` and YIMEN_TRACE_LOADS=<file>. ESM resolutions
// come from a loader hook (its own thread: it appends to the file); CommonJS modules from the
// require cache at exit, since require() inside CommonJS never reaches the ESM hooks on Node 20.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.YIMEN_TRACE_LOADS;
if (file) {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`import { appendFileSync } from 'node:fs';
const file = ${JSON.stringify(file)};
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith('file:')) appendFileSync(file, r.url + '\\n');
  return r;
}`),
  );
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const paths = Object.keys(require.cache).map((p) => 'file://' + p);
    if (paths.length) appendFileSync(file, paths.join('\n') + '\n');
  });
}
