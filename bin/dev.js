#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx, without a build. oclif's own source
// mapping warns for every command when rootDir is '.', so commands are pointed at src/ directly.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { execute, settings } from '@oclif/core';

register();
settings.enableAutoTranspile = false; // tsx is registered above
const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif.commands = './src/commands';
await execute({ development: true, dir: import.meta.url, loadOptions: { root, pjson } });
