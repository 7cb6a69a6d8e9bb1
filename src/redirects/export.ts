// `yimen redirects export`: reads the plan's rules from the store and runs the chosen exporters
// (src/redirects/export/) into out/redirects/, returning what each wrote and refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ExitCode, YimenError } from '../errors.js';
import type { EntryPoint, RedirectRule } from '../schema/index.js';
import type { Store } from '../store/store.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { fillTemplate } from './canonical.js';
import { phasePlan, type Phase } from './phases.js';
import { latestVerifications } from './verify.js';
import { shanghaiDay } from '../time/index.js';
import { checkDestination } from './destination.js';
import { EXPORTERS, EXPORT_FORMATS } from './export/index.js';
import { NGINX_FILE, nginxCheck } from './export/nginx.js';
import { DEFAULT_EXPORT_OPTIONS, type ExportContext, type ExportOptions, type FormatResult } from './export/types.js';

export interface ExportRequest {
  formats: string[];
  /** default: <workspace>/out/redirects */
  outDir?: string;
  /** run `nginx -t` on the nginx export when nginx is installed */
  check?: boolean;
  apps?: string[];
  options?: Partial<ExportOptions>;
  /** the Asia/Shanghai day whose phase decides what is emitted (default today): before an app's
   * redirect date its rules wait (the old pages stay) and a banner config is written instead */
  day?: string;
}

export interface ExportSummary {
  outDir: string;
  rules: number;
  /** per app: its phase on the export day, and the banner file written before its redirect date */
  phases?: Array<{ appId: string; phase: Phase; day: string; waiting: number; banner?: string }>;
  /** per format: wall ms and CPU ms of this process (all threads: the disk writes too) */
  formats: Array<FormatResult & { ms: number; cpuMs: number; check?: string }>;
}

export interface ExportInputs {
  rules: RedirectRule[];
  entryPoints: EntryPoint[];
  apps: Array<{ id: string; name: string }>;
  unifiedApp: { name: string; noticeUrl: string; allowlist: string[] };
}

export async function exportRedirects(ws: Workspace, store: Store, req: ExportRequest): Promise<ExportSummary> {
  const appIds = selectApps(ws, req.apps);
  const day = req.day ?? shanghaiDay();
  const outDir = req.outDir ? resolve(req.outDir) : join(ws.paths.out, 'redirects');
  const hits = store.hits.byEntryPoint();
  const verified = latestVerifications(store);
  const phases: NonNullable<ExportSummary['phases']> = [];
  const rules: RedirectRule[] = [];
  for (const app of ws.config.apps.filter((a) => appIds.includes(a.id))) {
    const plan = phasePlan(app, ws.config.unifiedApp, store.redirects.list(app.id), day);
    let banner: string | undefined;
    if (plan.banner) {
      banner = join(outDir, 'banner', `${app.id}.json`);
      mkdirSync(dirname(banner), { recursive: true });
      writeFileSync(banner, JSON.stringify(plan.banner, null, 2) + '\n');
    }
    phases.push({ appId: app.id, phase: plan.phase, day, waiting: plan.serveRules ? 0 : plan.rules.length, banner });
    for (const { emit, ...r } of plan.rules) {
      const v = verified.get(r.entryPointId);
      // before the redirect date the old page stays: exporters treat the rule as pending
      const rule = emit === 'pending-phase' ? { ...r, action: 'pending' as const, status: undefined, reason: `before the redirect date ${app.timeline?.redirect ?? app.timeline?.shutdown}: ${r.reason}` } : r;
      rules.push({ ...rule, ...(hits.size ? { hits: hits.get(r.entryPointId) ?? 0 } : {}), ...(v ? { verification: v.outcome } : {}) } as RedirectRule);
    }
  }
  if (!rules.length)
    throw new YimenError('E_EXPORT_EMPTY', 'there are no redirect rules to export', { hint: 'run `yimen redirects plan` (or `yimen run`) first', exitCode: ExitCode.usage });
  const summary = await runExporters(
    {
      rules,
      entryPoints: appIds.flatMap((id) => store.entryPoints.list(id)),
      apps: ws.config.apps.filter((a) => appIds.includes(a.id)).map((a) => ({ id: a.id, name: a.name })),
      unifiedApp: ws.config.unifiedApp,
    },
    { ...req, outDir },
  );
  return { ...summary, phases };
}

/** the exporters on rules already read (the store-free half, for tests and the bench) */
export async function runExporters(inp: ExportInputs, req: ExportRequest & { outDir: string }): Promise<ExportSummary> {
  const formats = [...new Set(req.formats)];
  if (!formats.length) throw new YimenError('E_EXPORT_FORMAT', 'no format given', { hint: `--format one of ${EXPORT_FORMATS.join(', ')} (several allowed)`, exitCode: ExitCode.usage });
  for (const f of formats)
    if (!EXPORTERS[f]) throw new YimenError('E_EXPORT_FORMAT', `unknown export format "${f}"`, { hint: `one of ${EXPORT_FORMATS.join(', ')}`, exitCode: ExitCode.usage });
  const notices = new Map<string, string>();
  const noticeFor = (appId: string): string => {
    let n = notices.get(appId);
    if (n === undefined) {
      n = fillTemplate(inp.unifiedApp.noticeUrl, { appId });
      const bad = checkDestination(n, inp.unifiedApp.allowlist);
      if (bad)
        throw new YimenError('E_EXPORT_NOTICE_URL', `the notice page of ${appId} (${JSON.stringify(n)}) is refused: ${bad.code}: ${bad.reason}`, {
          hint: 'fix unifiedApp.noticeUrl or unifiedApp.allowlist in yimen.yaml',
          exitCode: ExitCode.usage,
        });
      notices.set(appId, n);
    }
    return n;
  };
  for (const a of inp.apps) noticeFor(a.id);
  const entryPoints = new Map<string, EntryPoint>();
  for (const e of inp.entryPoints) entryPoints.set(e.id, e);
  const ctx: ExportContext = {
    rules: inp.rules,
    entryPoints,
    apps: inp.apps,
    unifiedApp: inp.unifiedApp,
    noticeFor,
    outDir: req.outDir,
    options: { ...DEFAULT_EXPORT_OPTIONS, ...req.options },
    at: new Date().toISOString(),
  };
  const summary: ExportSummary = { outDir: req.outDir, rules: inp.rules.length, formats: [] };
  for (const f of formats) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await EXPORTERS[f]!.run(ctx);
    const c = process.cpuUsage(c0);
    const entry: ExportSummary['formats'][number] = { ...r, ms: Math.round(performance.now() - t0), cpuMs: Math.round((c.user + c.system) / 1000) };
    if (f === 'nginx' && req.check) {
      const tmp = mkdtempSync(join(tmpdir(), 'yimen-nginx-check-'));
      try {
        entry.check = nginxCheck(tmp, join(req.outDir, 'nginx', NGINX_FILE)).output;
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    summary.formats.push(entry);
  }
  return summary;
}
