// An app's sources and the built-in adapter names, apart from the yimen.yaml schema so that a
// workspace loaded from the config cache (config-cache.ts) checks them without loading zod.
/**
 * The built-in adapters by name: a light registry, so a workspace is checked without importing any
 * adapter's code (src/extract/registry.ts maps each name to its module and has one line per name).
 */
export const BUILTIN_ADAPTER_NAMES = ['spreadsheet', 'rest-json', 'html', 'manifest'] as const;
export type BuiltinAdapterName = (typeof BUILTIN_ADAPTER_NAMES)[number];

export function unknownAdapterHint(name: string): string {
  return `built-in adapters: ${BUILTIN_ADAPTER_NAMES.join(', ')}; a third-party one is named under adapters: in yimen.yaml or installed as yimen-adapter-${name}`;
}

/** an app's sources in reading order (source: is one) */
export function appSources<S>(app: { source?: S; sources?: S[] }): S[] {
  return app.sources ?? (app.source ? [app.source] : []);
}
