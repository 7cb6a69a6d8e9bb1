// Writes oclif.manifest.json, the command metadata oclif reads at start instead of importing every
// command module (what `oclif manifest` does; the oclif CLI needs Node 22, so this is the
// equivalent, through @oclif/core's own Plugin loader). Without it `yimen --version` imports all
// commands and everything they import. It is built from the sources (src/commands under tsx) and
// points at the compiled files (dist/…/*.js), so `--check` works before a build: it writes nothing
// and fails when the file is not current, so CI catches a command changed without its manifest.
//   npx tsx scripts/oclif-manifest.ts [--check]      (npm run manifest [-- --check]; npm run build runs it)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Plugin, settings, type Interfaces } from '@oclif/core';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'oclif.manifest.json');

export async function buildManifest(): Promise<Interfaces.Manifest> {
  settings.enableAutoTranspile = false; // run under tsx: the sources load as they are
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const built: string = pjson.oclif.commands; // ./dist/src/commands
  pjson.oclif.commands = './src/commands';
  // the same options `oclif manifest` uses: never read an old manifest, fail on a broken command
  const plugin = new Plugin({ root: ROOT, pjson, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
  await plugin.load();
  const dist = built.replace(/^\.\//, '').split('/');
  const commands: Interfaces.Manifest['commands'] = {};
  for (const id of Object.keys(plugin.manifest.commands).sort()) {
    const c = plugin.manifest.commands[id]!;
    // src/commands/a/b.ts → dist/src/commands/a/b.js: the file the installed CLI imports
    const rel = c.relativePath!;
    const at = rel.indexOf('commands');
    const relativePath = [...dist, ...rel.slice(at + 1)];
    relativePath[relativePath.length - 1] = relativePath.at(-1)!.replace(/\.ts$/, '.js');
    commands[id] = { ...c, relativePath };
  }
  return { commands, version: plugin.manifest.version };
}

async function main(): Promise<void> {
  const text = JSON.stringify(await buildManifest(), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    const have = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
    if (have !== text) {
      process.stderr.write('oclif.manifest.json is not current: run `npm run manifest` and commit the result\n');
      process.exit(1);
    }
    process.stdout.write('oclif.manifest.json is current\n');
    return;
  }
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
