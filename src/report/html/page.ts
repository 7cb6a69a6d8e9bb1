// The self-contained HTML dashboard: one file, no request to any network (a Content-Security-Policy
// forbids them), Chinese by default. Views are sections shown by the URL fragment (:target), so the
// drill-down province → city → county → app works without a script; charts are inline SVG. The one
// script (script.ts) only drives the service table.
import { createHash } from 'node:crypto';
import type { AppReport, ReportModel, RegionNode, ServiceTableRow } from '../model.js';
import { fill, labels, type Labels, type Lang } from '../i18n.js';
import { esc, jsonForScript, safeHref, visibleControls } from './escape.js';
import { COLORS, daysBars, donut, percentBars, stackedBars } from './charts.js';
import { TABLE_SCRIPT } from './script.js';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.5 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;color:#1f2937;background:#f5f6f8}
header{background:#0b3d91;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;opacity:.85;font-size:13px}
main{padding:12px 20px;max-width:1280px;margin:auto}.view{display:none}.view:target{display:block}body:not(:has(.view:target)) #overview{display:block}
nav.crumbs{font-size:13px;margin:4px 0 10px}nav.crumbs a{color:#0b3d91}h2{font-size:18px;margin:8px 0}h3{font-size:15px;margin:18px 0 6px}
.kpis{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.kpi{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;min-width:110px}.kpi b{display:block;font-size:20px}.kpi span{font-size:12px;color:#6b7280}
.kpi.bad b{color:#d93025}.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:6px}
table{border-collapse:collapse;background:#fff;width:100%;margin:4px 0 8px;font-size:13px}th,td{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eef2f7}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#d93025;font-weight:600}.warn{color:#b26a00}.muted{color:#6b7280;font-size:12px}
code{background:#f1f3f5;padding:1px 4px;border-radius:3px;font-size:12px;white-space:pre-wrap;word-break:break-all}td.name{max-width:360px;word-break:break-all}td.id{color:#6b7280;font-size:11px}
.bar{display:flex;height:12px;width:220px;border-radius:3px;overflow:hidden;background:#eee}.bar i{display:block;height:100%}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}.controls input[type=search]{width:280px;padding:4px 6px}
#svc th[data-k]{cursor:pointer}#svc th[aria-sort=ascending]::after{content:" ▲"}#svc th[aria-sort=descending]::after{content:" ▼"}
footer{color:#6b7280;font-size:12px;padding:12px 20px}
`;

const n = (v: number) => v.toLocaleString('en');

function kpi(label: string, value: string | number, bad = false): string {
  return `<div class="kpi${bad ? ' bad' : ''}"><b>${esc(typeof value === 'number' ? n(value) : value)}</b><span>${esc(label)}</span></div>`;
}

function dispositionBar(a: { migrate: number; merge: number; retire: number; review: number; undecided: number; services: number }): string {
  const t = Math.max(1, a.services);
  const part = (v: number, c: string) => (v ? `<i style="width:${((100 * v) / t).toFixed(2)}%;background:${c}"></i>` : '');
  return `<div class="bar">${part(a.migrate, COLORS.migrate)}${part(a.merge, COLORS.merge)}${part(a.retire, COLORS.retire)}${part(a.review, COLORS.review)}${part(a.undecided, COLORS.undecided)}</div>`;
}

/** an app's dispositions as a CSS bar with its legend: one ECharts chart per app is enough at 100 apps */
function dispositionLegend(a: { migrate: number; merge: number; retire: number; review: number; undecided: number; services: number }, L: Labels): string {
  const items = dispositionSlices(a, L)
    .map((x) => `<li><i style="display:inline-block;width:10px;height:10px;background:${x.color}"></i> ${esc(x.name)} ${n(x.value)}</li>`)
    .join('');
  return `${dispositionBar(a)}<ul style="list-style:none;padding:0;margin:8px 0 0">${items}</ul>`;
}

function daysCell(a: AppReport, L: Labels): string {
  const d = a.timeline.daysToShutdown;
  if (d === undefined) return '<td class="n">—</td>';
  const cls = a.timeline.overdue ? 'bad' : a.timeline.atRisk ? 'warn' : '';
  const tag = a.timeline.overdue ? ` ${L.overdue}` : a.timeline.atRisk ? ` ${L.atRisk}` : '';
  return `<td class="n ${cls}">${d}${esc(tag)}</td>`;
}

function appsTable(apps: AppReport[], L: Labels): string {
  const head = [L.app, L.county, L.stage, L.services, L.dispositions, L.review, L.published, L.unresolved, L.blockers, L.shutdown, L.daysToShutdown];
  const rows = apps.map(
    (a) =>
      `<tr><td><a href="#a-${esc(a.appId)}">${esc(a.name)}</a><br><span class="muted">${esc(a.appId)}</span></td><td>${esc(a.countyName)}</td><td>${esc(L.stageNames[a.stage])}</td>` +
      `<td class="n">${n(a.services)}</td><td>${dispositionBar(a)}</td><td class="n">${n(a.review + a.undecided)}</td><td class="n">${n(a.published)}/${n(a.migrate)}</td>` +
      `<td class="n">${n(a.unresolved.total)}</td><td class="n${a.blockers.length ? ' bad' : ''}">${a.blockers.length}</td><td>${esc(a.timeline.shutdown ?? '—')}</td>${daysCell(a, L)}</tr>`,
  );
  return `<table><thead><tr>${head.map((h, i) => `<th${i >= 3 && i !== 4 && i !== 9 ? ' class="n"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function regionTable(nodes: RegionNode[], L: Labels, prefix: string): string {
  const head = [nodes[0]?.level === 'city' ? L.city : L.county, L.apps, L.services, L.migrate, L.merge, L.retire, L.review, L.published, L.unresolved, L.blockers, L.atRisk, L.overdue];
  const rows = nodes.map((r) => {
    const t = r.totals;
    return (
      `<tr><td><a href="#${prefix}-${esc(r.code)}">${esc(r.name)}</a> <span class="muted">${esc(r.code)}</span></td>` +
      [t.apps, t.services, t.migrate, t.merge, t.retire, t.review + t.undecided, t.published, t.unresolved, t.blockers].map((v) => `<td class="n">${n(v)}</td>`).join('') +
      `<td class="n${t.atRisk ? ' warn' : ''}">${t.atRisk}</td><td class="n${t.overdue ? ' bad' : ''}">${t.overdue}</td></tr>`
    );
  });
  return `<table><thead><tr>${head.map((h, i) => `<th${i ? ' class="n"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function kpis(t: RegionNode['totals'], L: Labels): string {
  return `<div class="kpis">${[
    kpi(L.apps, t.apps),
    kpi(L.services, t.services),
    kpi(L.migrate, t.migrate),
    kpi(L.merge, t.merge),
    kpi(L.retire, t.retire),
    kpi(L.review, t.review + t.undecided, t.review + t.undecided > 0),
    kpi(`${L.published} / ${L.migrate}`, `${n(t.published)} / ${n(t.migrate)}`),
    kpi(L.unresolved, t.unresolved, t.unresolved > 0),
    kpi(L.atRisk, t.atRisk, t.atRisk > 0),
    kpi(L.overdue, t.overdue, t.overdue > 0),
  ].join('')}</div>`;
}

function dispositionSlices(t: { migrate: number; merge: number; retire: number; review: number; undecided: number }, L: Labels) {
  return [
    { name: L.migrate, value: t.migrate, color: COLORS.migrate },
    { name: L.merge, value: t.merge, color: COLORS.merge },
    { name: L.retire, value: t.retire, color: COLORS.retire },
    { name: L.review, value: t.review, color: COLORS.review },
    { name: L.undecided, value: t.undecided, color: COLORS.undecided },
  ];
}

function childrenChart(nodes: RegionNode[], L: Labels): string {
  if (!nodes.length) return '';
  return stackedBars(
    nodes.map((c) => c.name),
    nodes.map((c) => dispositionSlices(c.totals, L)),
  );
}

function timelineChart(apps: AppReport[], L: Labels, limit = 30): string {
  const dated = apps.filter((a) => a.timeline.daysToShutdown !== undefined).sort((x, y) => x.timeline.daysToShutdown! - y.timeline.daysToShutdown!);
  if (!dated.length) return '';
  const items = dated.slice(0, limit).map((a) => ({ name: a.name, days: a.timeline.daysToShutdown!, bad: a.timeline.overdue || a.timeline.atRisk }));
  const more = dated.length > limit ? `<p class="muted">${esc(fill(L.more, { n: dated.length - limit }))}</p>` : '';
  return `<h3>${esc(L.timeline)}: ${esc(L.daysToShutdown)}</h3><div class="chart">${daysBars(items)}</div>${more}`;
}

function crumbs(parts: Array<[string, string] | string>): string {
  return `<nav class="crumbs">${parts.map((p) => (typeof p === 'string' ? esc(p) : `<a href="#${esc(p[0])}">${esc(p[1])}</a>`)).join(' › ')}</nav>`;
}

function appView(a: AppReport, m: ReportModel, L: Labels, province: RegionNode): string {
  const out: string[] = [];
  out.push(`<section class="view" id="a-${esc(a.appId)}">`);
  out.push(crumbs([['overview', province.name], [`c-${a.cityCode}`, a.cityName], [`k-${a.division}`, a.countyName], a.name]));
  out.push(`<h2>${esc(a.name)} <span class="muted">${esc(a.appId)} · ${esc(L.stageNames[a.stage])}</span></h2>`);
  out.push(
    `<div class="kpis">${[
      kpi(L.extracted, a.extracted),
      kpi(L.services, a.services),
      kpi(L.migrate, a.migrate),
      kpi(L.merge, a.merge),
      kpi(L.retire, a.retire),
      kpi(L.review, a.review, a.review > 0),
      kpi(L.undecided, a.undecided, a.undecided > 0),
      kpi(`${L.published} / ${L.migrate}`, `${n(a.published)} / ${n(a.migrate)}`),
      kpi(L.entryPoints, a.entryPoints),
      kpi(L.unresolved, a.unresolved.total, a.unresolved.total > 0),
      kpi(L.quarantined, a.quarantine.total, a.quarantine.total > 0),
    ].join('')}</div>`,
  );
  out.push(
    `<div class="charts"><div class="chart"><h3>${esc(L.stageProgress)}</h3>${percentBars([
      { name: L.stageNames.mapped, value: a.progress.mapped },
      { name: L.stageNames.decided, value: a.progress.decided },
      { name: L.stageNames.published, value: a.progress.published },
      { name: L.stageNames.redirected, value: a.progress.redirected },
    ])}</div><div class="chart"><h3>${esc(L.dispositions)}</h3>${dispositionLegend(a, L)}</div></div>`,
  );
  // timeline
  const t = a.timeline;
  out.push(
    `<h3>${esc(L.timeline)}</h3><table><tr><th>${esc(L.announce)}</th><th>${esc(L.redirectDate)}</th><th>${esc(L.shutdown)}</th><th class="n">${esc(L.daysToShutdown)}</th></tr>` +
      `<tr><td>${esc(t.announce ?? '—')}</td><td>${esc(t.redirect ?? '—')}</td><td>${esc(t.shutdown ?? '—')}</td>${daysCell(a, L)}</tr></table>`,
  );
  // blockers with the command that clears each
  out.push(`<h3>${esc(L.blockers)}</h3>`);
  if (!a.blockers.length) out.push(`<p>${esc(L.none)}</p>`);
  else
    out.push(
      `<table><thead><tr><th>${esc(L.kind)}</th><th class="n">${esc(L.count)}</th><th>${esc(L.detail)}</th><th>${esc(L.command)}</th></tr></thead><tbody>${a.blockers
        .map((b) => `<tr><td>${esc(L.blockerNames[b.kind])}</td><td class="n">${n(b.count)}</td><td>${esc(b.message)}</td><td><code>${esc(b.command)}</code></td></tr>`)
        .join('')}</tbody></table>`,
    );
  // unresolved entry points
  out.push(`<h3>${esc(L.unresolved)} (${n(a.unresolved.total)})</h3><p class="muted">${esc(m.hitsAvailable ? L.byHits : L.noHits)}</p>`);
  if (a.unresolved.items.length)
    out.push(
      `<table><thead><tr><th>${esc(L.kind)}</th><th>${esc(L.address)}</th><th>${esc(L.label)}</th><th>${esc(L.status)}</th><th>${esc(L.reason)}</th><th class="n">${esc(L.hits)}</th></tr></thead><tbody>${a.unresolved.items
        .map(
          (e) =>
            `<tr><td>${esc(e.kind)}</td><td class="name">${esc(e.address)}</td><td>${esc(e.label ?? '')}</td><td>${esc(e.action === 'unplanned' ? L.unplanned : ((L as unknown as Record<string, string>)[e.action] ?? e.action))}</td><td>${esc(e.reason ?? '')}</td><td class="n">${e.hits === undefined ? '—' : n(e.hits)}</td></tr>`,
        )
        .join('')}</tbody></table>${moreLine(a.unresolved.total, a.unresolved.items.length, L)}`,
    );
  // review queue
  out.push(`<h3>${esc(L.reviewQueue)} (${n(a.reviewQueue.total)})</h3>`);
  if (a.reviewQueue.items.length)
    out.push(
      `<p><code>yimen review --app ${esc(a.appId)}</code></p><table><thead><tr><th>${esc(L.name)}</th><th>${esc(L.reason)}</th><th>${esc(L.candidate)}</th><th class="n">${esc(L.score)}</th></tr></thead><tbody>${a.reviewQueue.items
        .map(
          (r) =>
            `<tr><td class="name">${esc(r.name)}</td><td>${esc(r.reason ?? '')}</td><td>${r.candidate ? `${esc(r.candidate.name)} <span class="muted">${esc(r.candidate.code)}</span>` : ''}</td><td class="n">${r.candidate ? r.candidate.score.toFixed(2) : ''}</td></tr>`,
        )
        .join('')}</tbody></table>${moreLine(a.reviewQueue.total, a.reviewQueue.items.length, L)}`,
    );
  // quarantine
  out.push(`<h3>${esc(L.quarantine)} (${n(a.quarantine.total)})</h3>`);
  if (a.quarantine.items.length)
    out.push(
      `<p><code>yimen quarantine --app ${esc(a.appId)}</code></p><table><thead><tr><th>${esc(L.stage)}</th><th>${esc(L.locator)}</th><th>${esc(L.field)}</th><th>${esc(L.reason)}</th></tr></thead><tbody>${a.quarantine.items
        .map((q) => `<tr><td>${esc(q.stage)}</td><td class="name">${esc(q.locator)}</td><td>${esc(q.field ?? '')}</td><td>${esc(q.reason)}</td></tr>`)
        .join('')}</tbody></table>${moreLine(a.quarantine.total, a.quarantine.items.length, L)}`,
    );
  out.push(`<p><a href="#services" data-app="${esc(a.appId)}">${esc(L.viewServices)} →</a></p>`);
  out.push('</section>');
  return out.join('\n');
}

function moreLine(total: number, shown: number, L: Labels): string {
  return total > shown ? `<p class="muted">${esc(fill(L.more, { n: n(total - shown) }))}</p>` : '';
}

function servicesView(m: ReportModel, L: Labels, province: RegionNode): string {
  const tbl = m.table;
  const note = tbl.capped
    ? fill(L.tableNote, { shown: n(tbl.rows.length), total: n(tbl.total), problems: n(tbl.problems) })
    : fill(L.tableAll, { total: n(tbl.total) });
  const cols = [L.name, L.app, L.action, L.decidedBy, L.published, L.problem, L.detail, L.url, L.id];
  const keyOf = [2, 1, 3, 4, 5, 6, 7, -1, 0]; // row index each column sorts by
  return [
    `<section class="view" id="services">`,
    crumbs([['overview', province.name], L.serviceTable]),
    `<h2>${esc(L.serviceTable)}</h2><p class="muted">${esc(note)}</p>`,
    `<div class="controls"><input type="search" id="svc-q" placeholder="${esc(L.search)}" aria-label="${esc(L.search)}">`,
    `<select id="svc-app" aria-label="${esc(L.app)}"><option value="">${esc(L.allApps)}</option>${m.apps.map((a) => `<option value="${esc(a.appId)}">${esc(a.name)}</option>`).join('')}</select>`,
    `<select id="svc-act" aria-label="${esc(L.action)}"><option value="">${esc(L.allActions)}</option>${(['migrate', 'merge', 'retire', 'review'] as const).map((k) => `<option value="${k}">${esc(L[k])}</option>`).join('')}</select>`,
    `<label><input type="checkbox" id="svc-prob"> ${esc(L.onlyProblems)}</label>`,
    `<button type="button" id="svc-prev">${esc(L.prev)}</button><button type="button" id="svc-next">${esc(L.next)}</button> <span id="svc-info" class="muted"></span></div>`,
    `<table id="svc"><thead><tr>${cols.map((c, i) => `<th${keyOf[i]! >= 0 ? ` data-k="${keyOf[i]}"` : ''}>${esc(c)}</th>`).join('')}</tr></thead><tbody id="svc-body"></tbody></table>`,
    `<noscript><p>${esc(L.tableNote)}</p></noscript>`,
    `</section>`,
  ].join('\n');
}

/** service rows as compact arrays; strings with bidi controls made visible, URLs only if http(s) */
function tableJson(rows: ServiceTableRow[], L: Labels): string {
  const v = (s: string) => visibleControls(s);
  return jsonForScript({
    labels: {
      actions: { migrate: L.migrate, merge: L.merge, retire: L.retire, review: L.review, '': L.undecided },
      by: L.decidedByNames,
      problems: L.problemNames,
      yes: L.yes,
      link: L.url,
      page: L.page,
      shown: L.shownOf,
    },
    rows: rows.map((r) => [r.id, r.appId, v(r.name), r.action, r.decidedBy, r.published ? 1 : 0, r.problem, v(r.detail), safeHref(r.url) ?? '']),
  });
}

export function renderHtml(m: ReportModel, lang: Lang = 'zh'): string {
  const L = labels(lang);
  const p = m.region;
  const byId = new Map(m.apps.map((a) => [a.appId, a]));
  const views: string[] = [];

  // province overview
  const atRisk = m.apps.filter((a) => a.timeline.atRisk || a.timeline.overdue);
  views.push(
    [
      `<section class="view" id="overview">`,
      crumbs([p.name]),
      `<h2>${esc(L.overview)}: ${esc(p.name)}</h2>`,
      kpis(p.totals, L),
      `<div class="charts"><div class="chart"><h3>${esc(L.dispositions)}</h3>${donut(dispositionSlices(p.totals, L))}</div><div class="chart"><h3>${esc(L.byCity)}</h3>${childrenChart(p.children, L)}</div></div>`,
      `<h3>${esc(L.byCity)}</h3>${regionTable(p.children, L, 'c')}`,
      atRisk.length ? `<h3>${esc(L.atRisk)} / ${esc(L.overdue)}</h3>${appsTable(atRisk, L)}` : '',
      timelineChart(m.apps, L),
      `<h3>${esc(L.byApp)}</h3>${appsTable(m.apps, L)}`,
      `<p><a href="#services">${esc(L.serviceTable)} →</a></p>`,
      `</section>`,
    ].join('\n'),
  );
  for (const c of p.children) {
    const apps = c.children.flatMap((k) => k.apps.map((id) => byId.get(id)!));
    views.push(
      [
        `<section class="view" id="c-${esc(c.code)}">`,
        crumbs([['overview', p.name], c.name]),
        `<h2>${esc(c.name)} <span class="muted">${esc(c.code)}</span></h2>`,
        kpis(c.totals, L),
        `<div class="charts"><div class="chart"><h3>${esc(L.byCounty)}</h3>${childrenChart(c.children, L)}</div></div>`,
        `<h3>${esc(L.byCounty)}</h3>${regionTable(c.children, L, 'k')}`,
        `<h3>${esc(L.byApp)}</h3>${appsTable(apps, L)}`,
        `</section>`,
      ].join('\n'),
    );
    for (const k of c.children) {
      const kApps = k.apps.map((id) => byId.get(id)!);
      views.push(
        [
          `<section class="view" id="k-${esc(k.code)}">`,
          crumbs([['overview', p.name], [`c-${c.code}`, c.name], k.name]),
          `<h2>${esc(k.name)} <span class="muted">${esc(k.code)}</span></h2>`,
          kpis(k.totals, L),
          `<h3>${esc(L.byApp)}</h3>${appsTable(kApps, L)}`,
          `</section>`,
        ].join('\n'),
      );
    }
  }
  for (const a of m.apps) views.push(appView(a, m, L, p));
  views.push(servicesView(m, L, p));

  const scriptHash = createHash('sha256').update(TABLE_SCRIPT).digest('base64');
  // no network: nothing may be fetched; the one script is allowed by its hash
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(m.programme)} · ${esc(L.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(m.programme)} · ${esc(L.title)}</h1><p>${esc(L.asOf)} ${esc(m.asOf)} (Asia/Shanghai) · ${esc(L.generated)} ${esc(m.generatedAt)} · ${esc(m.unifiedApp)}</p></header>
<main>
${views.join('\n')}
</main>
<footer>yimen report · ${esc(L.catalog)}: ${n(m.status.catalog.items)} · ${esc(m.hitsAvailable ? L.byHits : L.noHits)}</footer>
<script type="application/json" id="svc-data">${tableJson(m.table.rows, L)}</script>
<script>${TABLE_SCRIPT}</script>
</body>
</html>
`;
}
