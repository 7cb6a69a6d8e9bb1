// Renders `yimen catalog import` (what changed in the base catalog) and `catalog serve`'s banner.
import type { CatalogImportSummary } from '../../catalog/import.js';

export function renderCatalogImport(s: CatalogImportSummary): string {
  if (!s.changed) return `base catalog unchanged (${s.items} items from ${s.source}): nothing to do`;
  const out = [
    `imported ${s.items} catalog items from ${s.source}` + (s.previous !== undefined ? ` (was ${s.previous}: ${s.added} added, ${s.removed} removed, ${s.renamed} renamed)` : ''),
  ];
  if (s.quarantined) out.push(`${s.quarantined} rows quarantined (no code, no name or a duplicate code): see \`yimen quarantine --app _catalog\``);
  if (s.decisionsToRecheck) out.push(`${s.decisionsToRecheck} decisions were made on the previous catalog: \`yimen decide\` (or \`yimen run\`) re-checks them`);
  if (s.orphanedPersonMerges.length) {
    out.push(`warning: ${s.orphanedPersonMerges.length} people's merge decisions point at codes no longer in the catalog: ${s.orphanedPersonMerges.slice(0, 10).join(', ')}`);
  }
  return out.join('\n');
}

export interface ServeBanner {
  url: string;
  items: number;
  db?: string;
  latency: number;
  errorRate: number;
  rateLimit?: number;
}

export function renderServeBanner(b: ServeBanner): string {
  return [
    `catalog API listening on ${b.url}`,
    `  ${b.items} base catalog items; ${b.db ? `data in ${b.db}` : 'data in memory'}${b.latency ? `; latency ${b.latency} ms` : ''}${b.errorRate ? `; error rate ${b.errorRate}` : ''}${
      b.rateLimit ? `; rate limit ${b.rateLimit}/s` : ''
    }; Ctrl-C stops it`,
  ].join('\n');
}

export function renderServeStopped(stats: { requests: number; injected5xx: number; rateLimited: number; replayed: number }): string {
  return `stopped after ${stats.requests} requests (${stats.injected5xx} injected 5xx, ${stats.rateLimited} rate-limited, ${stats.replayed} replayed)`;
}
