#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx, without a build. oclif's own source
// mapping warns for every command when rootDir is '.', so commands are pointed at src/ directly.
// Adapters import `yimen/sdk`, which package.json maps to dist/: here it must mean the sources.
// oclif.manifest.json points at dist/: here the commands are found in src/, so the plugins are
// loaded by hand with the manifest ignored (and the help plugin beside them).
import { readFileSync } from 'node:fs';
import { register as registerHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { execute, settings, Plugin } from '@oclif/core';

register();
const sources = {
  'yimen/sdk': new URL('../src/sdk/index.ts', import.meta.url).href,
  'yimen/sdk/testkit': new URL('../src/sdk/testkit.ts', import.meta.url).href,
  'yimen/testkit': new URL('../src/sdk/testkit.ts', import.meta.url).href,
};
// registered after tsx, so it answers first; tsx then loads the .ts file it names
registerHook(
  'data:text/javascript,' +
    encodeURIComponent(`const map = ${JSON.stringify(sources)};
export async function resolve(specifier, context, next) {
  if (Object.prototype.hasOwnProperty.call(map, specifier)) return { url: map[specifier], shortCircuit: true };
  return next(specifier, context);
}`),
);
settings.enableAutoTranspile = false; // tsx is registered above
const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif.commands = './src/commands';
const plugin = new Plugin({ root, pjson, type: 'core', isRoot: true, ignoreManifest: true });
await plugin.load();
const plugins = new Map([[plugin.name, plugin]]);
for (const name of pjson.oclif.plugins ?? []) {
  const p = new Plugin({ name, root, type: 'core', parent: plugin });
  await p.load();
  plugins.set(p.name, p);
}
await execute({ development: true, dir: import.meta.url, loadOptions: { root, pjson, plugins } });
