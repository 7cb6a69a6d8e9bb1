// `yimen redirects export`: reads the plan's rules from the store and runs the chosen exporters
// (src/redirects/export/) into out/redirects/, returning what each wrote and refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExitCode, YimenError } from '../errors.js';
import type { EntryPoint, RedirectRule } from '../schema/index.js';
import type { Store } from '../store/store.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { fillTemplate } from './canonical.js';
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
}

export interface ExportSummary {
  outDir: string;
  rules: number;
  formats: Array<FormatResult & { ms: number; check?: string }>;
}

export interface ExportInputs {
  rules: RedirectRule[];
  entryPoints: EntryPoint[];
  apps: Array<{ id: string; name: string }>;
  unifiedApp: { name: string; noticeUrl: string; allowlist: string[] };
}

export async function exportRedirects(ws: Workspace, store: Store, req: ExportRequest): Promise<ExportSummary> {
  const appIds = selectApps(ws, req.apps);
  const rules = appIds.flatMap((id) => store.redirects.list(id));
  if (!rules.length)
    throw new YimenError('E_EXPORT_EMPTY', 'there are no redirect rules to export', { hint: 'run `yimen redirects plan` (or `yimen run`) first', exitCode: ExitCode.usage });
  return runExporters(
    {
      rules,
      entryPoints: appIds.flatMap((id) => store.entryPoints.list(id)),
      apps: ws.config.apps.filter((a) => appIds.includes(a.id)).map((a) => ({ id: a.id, name: a.name })),
      unifiedApp: ws.config.unifiedApp,
    },
    { ...req, outDir: req.outDir ? resolve(req.outDir) : join(ws.paths.out, 'redirects') },
  );
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
  const ctx: ExportContext = {
    rules: inp.rules,
    entryPoints: new Map(inp.entryPoints.map((e) => [e.id, e])),
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
    const r = await EXPORTERS[f]!.run(ctx);
    const entry: ExportSummary['formats'][number] = { ...r, ms: Math.round(performance.now() - t0) };
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
