// Finds adapters: the built-ins (one registry line each), then third-party ones named in
// yimen.yaml (`adapters: { name: ./path-or-package }`), then npm packages `yimen-adapter-<name>`.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isAbsolute, join } from 'node:path';
import { resolveIn } from '../workspace/paths.js';
import { YimenError, ExitCode } from '../errors.js';
import type { SourceAdapter } from './contract.js';
import { spreadsheetAdapter } from '../../adapters/spreadsheet/index.js';
import { restJsonAdapter } from '../../adapters/rest-json/index.js';
import { htmlAdapter } from '../../adapters/html/index.js';
import { manifestAdapter } from '../../adapters/manifest/index.js';

export const BUILTIN_ADAPTERS: Record<string, SourceAdapter<any>> = {
  [spreadsheetAdapter.name]: spreadsheetAdapter,
  [restJsonAdapter.name]: restJsonAdapter,
  [htmlAdapter.name]: htmlAdapter,
  [manifestAdapter.name]: manifestAdapter,
};

function looksLikeAdapter(a: unknown): a is SourceAdapter<any> {
  const x = a as SourceAdapter<any> | undefined;
  return !!x && typeof x.name === 'string' && typeof x.read === 'function' && typeof x.check === 'function' && typeof x.discover === 'function' && !!x.spec;
}

export async function loadAdapter(name: string, root: string, configured: Record<string, string> = {}): Promise<SourceAdapter<any>> {
  const builtin = BUILTIN_ADAPTERS[name];
  if (builtin) return builtin;
  const spec = configured[name];
  const candidates: string[] = [];
  if (spec) candidates.push(spec.startsWith('.') || isAbsolute(spec) ? pathToFileURL(resolveIn(root, spec)).href : spec);
  else candidates.push(`yimen-adapter-${name}`);
  for (const c of candidates) {
    let mod: Record<string, unknown>;
    try {
      const resolved = c.startsWith('file:') ? c : pathToFileURL(createRequire(join(root, 'package.json')).resolve(c)).href;
      mod = (await import(resolved)) as Record<string, unknown>;
    } catch (e) {
      if (spec) {
        throw new YimenError('E_ADAPTER_LOAD', `adapter "${name}" could not be loaded from ${spec}: ${(e as Error).message}`, {
          hint: 'the path is relative to yimen.yaml; the module must export an adapter (default export or `adapter`)',
          exitCode: ExitCode.usage,
        });
      }
      break;
    }
    const a = mod.default ?? mod.adapter;
    if (looksLikeAdapter(a)) return a;
    throw new YimenError('E_ADAPTER_SHAPE', `${c} does not export a yimen adapter (name, spec, check, discover, read)`, {
      hint: 'export default defineAdapter({...}) from the module',
      exitCode: ExitCode.usage,
    });
  }
  throw new YimenError('E_ADAPTER_UNKNOWN', `unknown adapter "${name}"`, {
    hint: `built-in adapters: ${Object.keys(BUILTIN_ADAPTERS).join(', ')}; a third-party one is named under adapters: in yimen.yaml or installed as yimen-adapter-${name}`,
    exitCode: ExitCode.usage,
  });
}
