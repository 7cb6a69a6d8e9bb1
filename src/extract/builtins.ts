// The built-in adapters, by name: a dynamic import each, so a command loads only what it runs (and
// extract's read thread loads one without the rest of the registry).
import type { BuiltinAdapterName } from '../workspace/config.js';
import type { SourceAdapter } from '../sdk/index.js';

export const BUILTIN_LOADERS: Record<BuiltinAdapterName, () => Promise<SourceAdapter<any>>> = {
  spreadsheet: async () => (await import('../../adapters/spreadsheet/index.js')).spreadsheetAdapter,
  'rest-json': async () => (await import('../../adapters/rest-json/index.js')).restJsonAdapter,
  html: async () => (await import('../../adapters/html/index.js')).htmlAdapter,
  manifest: async () => (await import('../../adapters/manifest/index.js')).manifestAdapter,
};
