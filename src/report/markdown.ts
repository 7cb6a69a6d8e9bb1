// The Markdown summary for pasting into a message: where the programme stands, what blocks it,
// and (with --since / --compare) what changed, per app and in total. Names are escaped for
// Markdown so a service or app name cannot become a link or a heading.
import type { ReportModel } from './model.js';
import type { ChangeReport } from './changes.js';
import { fill, labels, type Lang } from './i18n.js';

const n = (v: number) => v.toLocaleString('en');

/** Markdown-inert text: the punctuation that makes links, emphasis, tables and HTML is escaped */
export function mdText(s: string): string {
  return s
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`)
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`);
}

export function renderMarkdown(m: ReportModel, changes: ChangeReport | undefined, lang: Lang = 'zh'): string {
  const L = labels(lang);
  const t = m.region.totals;
  const out: string[] = [];
  out.push(`## ${mdText(m.programme)} · ${L.title}`, '', `${L.asOf} ${m.asOf} (Asia/Shanghai)`, '');
  out.push(
    `- ${L.apps}: ${n(t.apps)}; ${L.services}: ${n(t.services)} (${L.migrate} ${n(t.migrate)}, ${L.merge} ${n(t.merge)}, ${L.retire} ${n(t.retire)}, ${L.review} ${n(t.review)}, ${L.undecided} ${n(t.undecided)})`,
    `- ${L.published}: ${n(t.published)} / ${n(t.migrate)}; ${L.unresolved}: ${n(t.unresolved)} / ${n(t.entryPoints)}`,
    `- ${L.atRisk}: ${t.atRisk}; ${L.overdue}: ${t.overdue}; ${L.blockers}: ${t.blockers}`,
  );
  if (changes) {
    const c = changes.totals;
    out.push('', `### ${L.changes}: ${changes.from.label} → ${changes.to.label}`, '');
    out.push(
      `- ${L.decided}: ${L.migrate} ${n(c.decided.migrate)}, ${L.merge} ${n(c.decided.merge)}, ${L.retire} ${n(c.decided.retire)}, ${L.review} ${n(c.decided.review)} (${L.decidedByNames.person} ${n(c.byPerson)})`,
      `- ${L.published}: ${n(c.published)}; ${L.unlisted}: ${n(c.unlisted)}; ${L.resolved}: ${n(c.resolved)}`,
      `- ${L.opened}: ${c.opened}; ${L.cleared}: ${c.cleared}`,
    );
    const moved = changes.apps.filter(
      (a) => a.decided.migrate + a.decided.merge + a.decided.retire + a.decided.review + a.published + a.unlisted + a.resolved + a.opened.length + a.cleared.length > 0,
    );
    if (moved.length) {
      out.push('', `| ${L.app} | ${L.decided} | ${L.retire} | ${L.published} | ${L.resolved} | ${L.opened} | ${L.cleared} |`, '|---|--:|--:|--:|--:|---|---|');
      const bn = L.blockerNames as Record<string, string>;
      for (const a of moved) {
        const dec = a.decided.migrate + a.decided.merge + a.decided.retire + a.decided.review;
        out.push(
          `| ${mdText(a.name)} | ${n(dec)} | ${n(a.decided.retire)} | ${n(a.published)} | ${n(a.resolved)} | ${a.opened.map((k) => bn[k] ?? k).join(', ')} | ${a.cleared.map((k) => bn[k] ?? k).join(', ')} |`,
        );
      }
    }
  }
  const risky = m.apps.filter((a) => a.timeline.overdue || a.timeline.atRisk);
  if (risky.length) {
    out.push('', `### ${L.atRisk} / ${L.overdue}`, '');
    for (const a of risky) {
      const d = a.timeline.daysToShutdown ?? 0;
      const when = a.timeline.overdue ? `${L.overdue} ${-d}${L.days}` : `${d}${L.days}`;
      out.push(`- ${mdText(a.name)} (${a.countyName}, ${L.shutdown} ${a.timeline.shutdown}, ${when}): ${a.blockers.map((b) => `${L.blockerNames[b.kind]} ${n(b.count)} → \`${b.command}\``).join('; ')}`);
    }
  }
  out.push('', fill(lang === 'en' ? '_Details: the HTML dashboard and the XLSX workbook._' : '_详情见 HTML 报告与 XLSX 工作簿。_', {}));
  return out.join('\n') + '\n';
}
