// yimen's own version, read once from its package.json: stage skip keys include it, so an
// upgrade (new scoring, policy or mapping code) never reuses a skip recorded by an older yimen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './template.js';

let cached: string | undefined;

export function yimenVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0';
  return cached;
}
