// Cloudflare Bulk Redirects exporter: list CSVs to upload (no header; columns source_url,
// target_url, status, preserve_query_string, include_subdomains, subpath_matching,
// preserve_path_suffix). Bulk Redirects cannot match a query string or answer 410: rules whose
// source needs a query are refused, and notices go as 302 to the notice page (not cached as
// permanent, since plans change). Lists hold at most `cloudflareQuota` items each, so a big plan
// is split into cloudflare-list-001.csv, -002, … (one Bulk Redirect List each).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { YimenError, ExitCode } from '../../errors.js';
import { csvCell } from './csv.js';
import { ChunkWriter } from './json-file.js';
import { admitSource, emptyResult, refusedRule, type ExportContext, type Exporter, type FormatResult } from './types.js';

/** Cloudflare: at most 16 items with the same host and path in one list */
export const MAX_SAME_HOST_PATH = 16;
const REFUSED_CHARS = /[\u0000-\u0020\u007f"]/;

export const cloudflareExporter: Exporter = {
  name: 'cloudflare',
  description: 'Bulk Redirects list CSVs (split by the list quota)',
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('cloudflare');
    const quota = ctx.options.cloudflareQuota;
    if (!Number.isInteger(quota) || quota < 1)
      throw new YimenError('E_EXPORT_CLOUDFLARE_QUOTA', `--cloudflare-quota must be a whole number ≥ 1, not ${quota}`, { hint: "use your plan's list item quota (10000 by default)", exitCode: ExitCode.usage });
    const dir = join(ctx.outDir, 'cloudflare');
    mkdirSync(dir, { recursive: true });
    // rows go straight into the current list's file; a full list is closed and the next opened
    let list: { out: ChunkWriter; path: string; rows: number } | undefined;
    let total = 0;
    const openList = () => {
      const path = join(dir, `cloudflare-list-${String(res.files.length + 1).padStart(3, '0')}.csv`);
      list = { out: new ChunkWriter(path), path, rows: 0 };
      res.files.push({ path, rules: 0 });
      return list;
    };
    const closeList = () => {
      if (!list) return;
      list.out.end();
      res.files[res.files.length - 1]!.rules = list.rows;
      total += list.rows;
      list = undefined;
    };
    // per host and path (lower-cased, as Cloudflare counts them): how many sources, and the entry
    // point of each exact source (one map for both checks: 300,000 keys once, not twice)
    const byHostPath = new Map<string, { n: number; source: string; id: string; more?: Map<string, string> }>();
    for (let i = 0; i < ctx.rules.length; i++) {
      const rule = ctx.rules[i]!;
      if ((rule.kind !== 'web' && rule.kind !== 'qrcode') || rule.action === 'pending') {
        res.skipped++;
        continue;
      }
      const u = admitSource(ctx, i, res, { unparsable: { code: 'E_EXPORT_CLOUDFLARE_SOURCE', reason: 'the old address is not a URL' } });
      if (!u) continue;
      if (u.hash.length > 1) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_CLOUDFLARE_FRAGMENT', 'the address routes after "#", which never reaches Cloudflare: the old page itself must route it (see the routes export)'));
        continue;
      }
      if (u.search) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_CLOUDFLARE_QUERY', 'Bulk Redirects cannot match a query string: serve this rule with the nginx export'));
        continue;
      }
      if (REFUSED_CHARS.test(u.pathname) || u.username || u.password) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_CLOUDFLARE_SOURCE', 'the old address has characters Cloudflare refuses'));
        continue;
      }
      // without a scheme the source matches http and https alike
      const source = `${u.host}${u.pathname}`;
      const hp = `${u.hostname}${u.pathname}`.toLowerCase();
      const e = byHostPath.get(hp);
      const first = e && (e.source === source ? e.id : e.more?.get(source));
      if (first) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_CLOUDFLARE_DUPLICATE', `same source as ${first}`));
        continue;
      }
      if (e && e.n + 1 > MAX_SAME_HOST_PATH) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_CLOUDFLARE_HOST_PATH', `more than ${MAX_SAME_HOST_PATH} sources with host and path ${hp}`));
        continue;
      }
      if (e) {
        e.n++;
        (e.more ??= new Map()).set(source, rule.entryPointId);
      } else byHostPath.set(hp, { n: 1, source, id: rule.entryPointId });
      const status = rule.action === 'redirect' ? 301 : 302;
      const l = list ?? openList();
      // the same cells as csvRow([source, destination, status, false, false, false, false]), without an array per rule
      l.out.add(`${csvCell(source)},${csvCell(rule.destination)},${status},false,false,false,false\r\n`);
      if (++l.rows === quota) closeList();
    }
    if (!res.files.length) openList(); // a plan with nothing for Cloudflare still gets its (empty) list
    closeList();
    const lists = res.files.length;
    res.rules = total;
    if (lists > 1) res.notes.push(`split into ${lists} lists of at most ${quota} items: create one Bulk Redirect List per file`);
    res.notes.push('notices and unresolved go as 302 to the notice page (Bulk Redirects cannot answer 410)');
    return res;
  },
};
