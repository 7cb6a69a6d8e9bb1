// Renders `yimen adapters list` (each adapter, its streams and config fields) and `adapters check`.
import type { AppCheck } from '../../extract/check.js';
import type { AdapterDescription } from '../../extract/describe.js';
import { renderTable } from './table.js';

export function renderAdapterList(adapters: AdapterDescription[], opts: { fields?: boolean }): string {
  const out = [
    renderTable(
      ['adapter', 'version', 'from', 'streams', 'config fields'],
      adapters.map((a) => [a.name, a.version, a.source, a.streams.join(', '), topFields(a)]),
    ),
  ];
  if (opts.fields) {
    for (const a of adapters) {
      out.push(`\n${a.name}: ${a.description}`);
      out.push(
        renderTable(
          ['field', 'type', 'required', 'default', 'description'],
          a.fields.map((f) => [f.path, f.type, f.required ? 'yes' : '', f.default === undefined ? '' : JSON.stringify(f.default), f.description ?? '']),
        ),
      );
    }
  } else out.push('`yimen adapters list --fields` shows every config field');
  return out.join('\n');
}

function topFields(a: AdapterDescription): string {
  const top = a.fields.filter((f) => !f.path.includes('.'));
  const nested = new Map<string, string[]>();
  for (const f of a.fields) {
    const m = /^([^.]+)\.([^.{]+)$/.exec(f.path);
    if (m) nested.set(m[1]!, [...(nested.get(m[1]!) ?? []), m[2]!]);
  }
  return top.map((f) => (nested.has(f.path) ? `${f.path} {${nested.get(f.path)!.join(', ')}}` : f.path)).join('; ');
}

/** stdout for an app whose sources all answer; for one that does not, see adapterCheckFailure */
export function renderAdapterCheck(r: AppCheck): string {
  if (!r.ok) return '';
  const several = r.sources.length > 1;
  const out = [`ok: ${r.appId} (${r.adapter} ${r.version})${!several && r.message ? `: ${r.message}` : ''}`];
  if (several) for (const s of r.sources) out.push(`  source ${s.index + 1} (${s.adapter} ${s.version}): ok${s.message ? `: ${s.message}` : ''}`);
  if (r.streams.length) {
    const rows = r.sources.flatMap((s) => s.streams.map((x) => [...(several ? [String(s.index + 1)] : []), x.name, x.primaryKey.join(', '), x.cursorField ?? '']));
    out.push(renderTable([...(several ? ['source'] : []), 'stream', 'primary key', 'cursor'], rows));
  }
  return out.join('\n');
}

/** stderr when a source does not answer: each source's verdict (several), why, and what to do */
export function adapterCheckFailure(r: AppCheck): string {
  if (r.ok) return '';
  if (r.sources.length <= 1) return `not ok: ${r.appId} (${r.adapter}): ${r.reason}\n${r.hint ? `hint: ${r.hint}\n` : ''}`;
  const lines = [`not ok: ${r.appId} (${r.adapter})`];
  for (const s of r.sources) {
    lines.push(`  source ${s.index + 1} (${s.adapter}): ${s.ok ? 'ok' : `not ok: ${s.reason}`}`);
    if (!s.ok && s.hint) lines.push(`    hint: ${s.hint}`);
  }
  return lines.join('\n') + '\n';
}
