// The base catalog as the workspace store holds it, for readers outside a loaded workspace
// (`yimen catalog serve` serves it as GET /catalog/items).
import type { CatalogItem } from '../schema/index.js';
import { withExistingStore } from '../store/open.js';

/** the base catalog items stored at `dbPath`; none when the workspace has no store yet */
export function storedCatalogItems(dbPath: string): CatalogItem[] {
  return withExistingStore(dbPath, (s) => s.catalog.list()) ?? [];
}
