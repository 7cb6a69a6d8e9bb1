// Renders the listings (`yimen services list`, `decisions list`, `entry-points list`, `aliases list`)
// and the duplicate clusters (`yimen decide --clusters`) as tables; --json returns the rows as they are.
import type { DecisionRow, EntryPointRow, ServiceRow } from '../../decide/listings.js';
import type { Cluster } from '../../decide/stage.js';
import type { NameAlias } from '../../store/store.js';
import { renderTable } from './table.js';

const count = (n: number, what: string) => `${n} ${what}`;

export function renderServices(rows: ServiceRow[]): string {
  if (!rows.length) return 'no services match';
  return [
    renderTable(
      ['service', 'app', 'name', 'visits', 'issues', 'disposition', 'reason'],
      rows.map((r) => [r.id, r.appId, r.name, r.monthlyVisits ?? '—', r.errors ? `${r.errors} error(s)` : r.warnings ? `${r.warnings} warning(s)` : '', r.disposition ? `${r.disposition}${r.target ? ` → ${r.target}` : ''}` : '—', r.reason ?? '']),
    ),
    count(rows.length, 'services'),
  ].join('\n');
}

export function renderDecisions(rows: DecisionRow[]): string {
  if (!rows.length) return 'no decisions match';
  return [
    renderTable(
      ['service', 'app', 'name', 'action', 'target', 'by', 'reason'],
      rows.map((r) => [r.serviceId, r.appId, r.name, r.action, r.target ? `${r.target}${r.targetName ? `\n${r.targetName}` : ''}` : '', r.decidedBy === 'rule' ? `rule ${r.rule ?? ''}` : r.decidedBy, r.reason]),
    ),
    count(rows.length, 'decisions'),
  ].join('\n');
}

export function renderEntryPoints(rows: EntryPointRow[]): string {
  if (!rows.length) return 'no entry points match';
  return [
    renderTable(
      ['entry point', 'app', 'kind', 'address', 'service', 'disposition'],
      rows.map((r) => [r.id, r.appId, r.kind, r.address, r.serviceName ?? '(app level)', r.disposition ?? '—']),
    ),
    count(rows.length, 'entry points'),
  ].join('\n');
}

export function renderAliases(rows: NameAlias[]): string {
  if (!rows.length) return 'no aliases taught yet: `yimen decide SERVICE --action merge --to CODE` records one';
  return [renderTable(['name', 'catalog code', 'taught by', 'at', 'from service'], rows.map((a) => [a.name, a.code, a.actor, a.at, a.serviceId ?? ''])), count(rows.length, 'aliases')].join('\n');
}

export function renderClusters(clusters: Cluster[]): string {
  if (!clusters.length) return 'no duplicate clusters';
  const out: string[] = [];
  for (const c of clusters) {
    out.push(`${c.kind === 'service' ? 'migrates once' : 'catalog item'} ${c.target} ${c.name}`);
    for (const m of c.members) out.push(`  ${m.appId}  ${m.serviceId}  ${m.name}`);
  }
  const svc = clusters.filter((c) => c.kind === 'service').length;
  out.push(`${svc} clusters of one new service in several places, ${clusters.length - svc} catalog items shared by several apps`);
  return out.join('\n');
}
