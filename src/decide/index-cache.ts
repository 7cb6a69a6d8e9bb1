// The catalog's match index, built once per catalog version and kept in the store (migration 15),
// so a run, or a small app, does not pay for normalising ten thousand catalog names again. The key
// is the catalog's content and the effective dictionary; a cached index is also checked against a
// fresh derivation of a sample of names, so a changed normaliser never serves a stale index.
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { CatalogItem } from '../schema/index.js';
import { Matcher, type NameIndex } from '../map/match/matcher.js';
import { charStarts, decodeCatalogDump, dumpRow, encodeCatalogDump } from '../map/match/index-dump.js';
import { synonymTable } from '../map/synonyms.js';
import { NORMALISER_VERSION } from '../map/match/normalize.js';
import { catalogDoc, contextFrom, type MatchContext } from './propose.js';

/** bump when the dump's shape changes */
const DUMP_FORMAT = 2;
/** names re-derived to check a cached index against the code that reads it */
const SAMPLE = 24;

/** The catalog version the index is built for: its items, the dictionary and the normaliser's version. */
export function catalogIndexKey(items: CatalogItem[], synonyms: Record<string, string> = {}): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([DUMP_FORMAT, NORMALISER_VERSION, synonymTable(synonyms)]));
  for (const it of items) h.update(JSON.stringify(catalogDoc(it))).update('\n');
  return h.digest('hex');
}

export interface CachedContext {
  ctx: MatchContext;
  /** the catalog version (catalogIndexKey) */
  key: string;
  /** a digest of the index itself: changes when the normaliser derives other names from the same catalog */
  digest: string;
  /** 'cached': read from the store; 'built': built now and stored */
  index: 'cached' | 'built';
  /** the index as the store keeps it (what a worker thread restores its own copy from) */
  dump: Uint8Array;
}

/** The match context for the store's catalog: the cached index when it is current, else built and cached. */
export function cachedMatchContext(store: Store, items: CatalogItem[], synonyms: Record<string, string> = {}, aliases: Array<{ name: string; code: string }> = []): CachedContext {
  const key = catalogIndexKey(items, synonyms);
  const docs = items.map(catalogDoc);
  const stored = store.matchIndex.get(key);
  // text: the JSON form of an earlier version (its key differs anyway): built again
  if (stored && typeof stored !== 'string') {
    const matcher = new Matcher({ synonyms });
    const catalog = restore(matcher, docs, stored);
    if (catalog) return { ctx: contextFrom(matcher, catalog, items, synonyms, aliases), key, digest: sha1(stored), index: 'cached', dump: stored };
  }
  const matcher = new Matcher({ synonyms });
  const catalog = matcher.catalogIndex(docs);
  const dump = encodeCatalogDump(matcher.dumpCatalog(docs));
  store.matchIndex.put(key, dump);
  return { ctx: contextFrom(matcher, catalog, items, synonyms, aliases), key, digest: sha1(dump), index: 'built', dump };
}

/**
 * The cached index without writing or building (decide's worker thread, on its own read-only
 * connection): the context when the store's cache is current, else undefined. A current cache
 * restores to what a build gives (that is what makes it current), so it is the index
 * cachedMatchContext gives the main thread. Where there is none (a first run, a new catalog) the
 * main thread builds it and sends its dump: built once, not on both threads.
 */
export function readCachedContext(store: Store, items: CatalogItem[], synonyms: Record<string, string> = {}, aliases: Array<{ name: string; code: string }> = []): MatchContext | undefined {
  const stored = store.matchIndex.get(catalogIndexKey(items, synonyms));
  if (stored === undefined || typeof stored === 'string') return undefined;
  return contextOfDump(stored, items, synonyms, aliases);
}

/** the context around the index a dump holds (undefined: not a dump this code reads, or stale) */
export function contextOfDump(dump: Uint8Array, items: CatalogItem[], synonyms: Record<string, string> = {}, aliases: Array<{ name: string; code: string }> = []): MatchContext | undefined {
  const matcher = new Matcher({ synonyms });
  const catalog = restore(matcher, items.map(catalogDoc), dump);
  return catalog ? contextFrom(matcher, catalog, items, synonyms, aliases) : undefined;
}

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

/** the catalog index from the store's bytes, when they are a dump of this code's making */
export function restore(matcher: Matcher, docs: ReturnType<typeof catalogDoc>[], stored: Uint8Array): NameIndex | undefined {
  const dump = decodeCatalogDump(stored);
  if (!dump) return undefined;
  const catalog = matcher.restoreCatalog(docs, dump);
  // a sample spread over the catalog, derived afresh with the restored weights: any difference
  // (the normaliser or the scoring changed since the dump) and the index is built again
  const step = Math.max(1, Math.floor(dump.names.length / SAMPLE));
  const at = charStarts(dump);
  for (let i = 0; i < dump.names.length; i += step) {
    if (JSON.stringify(matcher.derivedDump(dump.names[i]!)) !== JSON.stringify(dumpRow(dump, i, at[i]!))) return undefined;
  }
  return catalog;
}
