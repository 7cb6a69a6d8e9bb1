// nginx exporter: one include for the `http {}` block with the maps and one server block per old
// host. Requests are keyed by `$host$uri` (nginx's decoded, normalised path, so /h5/%E5%8A%9E and
// /h5/办 are one key); rules whose source has a query are keyed by `$host$uri?a=$arg_a&b=$arg_b`
// over the significant parameter names of the whole plan, so extra parameters (utm_…) and their
// order do not matter. 301 answers carry `Location` and a one-day cache; notices, unresolved and
// unknown paths answer 410 with a small page that links the unified app's notice page.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { YimenError } from '../../errors.js';
import type { RedirectRule } from '../../schema/index.js';
import { ChunkWriter } from './json-file.js';
import { admitSource, emptyResult, refusedRule, type ExportContext, type Exporter, type FormatResult } from './types.js';

export const NGINX_FILE = 'yimen-redirects.conf';
/** how long browsers and proxies keep a 301: plans change, so a day, not forever */
export const REDIRECT_MAX_AGE = 86_400;
/** at most this many distinct significant query parameter names (each one is a part of every query key) */
export const MAX_QUERY_NAMES = 16;

const HOST_RE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const NAME_RE = /^[a-z0-9_]+$/;

/** an nginx quoted string: backslash and double quote escaped; callers refuse control characters first */
export function nginxQuote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `"${s}"`;
}
const NEEDS_ESCAPE = /[\\"]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** nginx's `$uri` for a source path: percent-decoded (as UTF-8), slashes merged */
function decodedPath(pathname: string): string | undefined {
  try {
    const p = pathname.includes('%') ? decodeURIComponent(pathname) : pathname;
    return p.includes('//') ? p.replace(/\/{2,}/g, '/') : p;
  } catch {
    return undefined;
  }
}

/** the raw `name=value` pairs of a query string, names lower-cased (nginx's $arg_ ignores case) */
function rawQuery(search: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (search.length < 2) return pairs;
  for (const p of search.slice(1).split('&')) {
    if (!p) continue;
    const i = p.indexOf('=');
    pairs.push(i < 0 ? [p.toLowerCase(), ''] : [p.slice(0, i).toLowerCase(), p.slice(i + 1)]);
  }
  return pairs;
}

export const nginxExporter: Exporter = {
  name: 'nginx',
  description: 'a map include plus server blocks per old host (301 / 410)',
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('nginx');
    const queryNames = new Set<string>();
    const hostApp = new Map<string, string>();
    const hostOk = new Map<string, boolean>(); // a host is checked once, not once per rule
    // one key, one rule: the first in plan order wins, the others are listed. Keys map to rule
    // indexes, in map order: every path key first, then the query keys (they are made after the loop)
    const seen = new Map<string, number>();
    let pathKeys = 0;
    let maxKey = 0;
    const admit = (i: number, key: string): boolean => {
      const first = seen.get(key);
      if (first !== undefined) {
        const f = ctx.rules[first]!;
        res.refused.push(refusedRule(ctx.rules[i]!, 'E_EXPORT_NGINX_DUPLICATE', `same request as ${f.entryPointId} (${f.source})`));
        return false;
      }
      seen.set(key, i);
      // UTF-8 takes at most 3 bytes per UTF-16 unit: count the bytes only of a key that might be the longest
      if (key.length * 3 > maxKey) maxKey = Math.max(maxKey, Buffer.byteLength(key));
      return true;
    };
    // rules keyed by a query wait until the plan's parameter names are all known
    const byQuery: Array<{ i: number; prefix: string; pairs: Array<[string, string]> }> = [];
    const destinationCheck = (r: RedirectRule) => (r.destination!.includes('$') ? refusedRule(r, 'E_EXPORT_NGINX_VALUE', 'a "$" in the destination would be read by nginx as a variable') : undefined);
    for (let i = 0; i < ctx.rules.length; i++) {
      const rule = ctx.rules[i]!;
      if ((rule.kind !== 'web' && rule.kind !== 'qrcode') || rule.action === 'pending') {
        res.skipped++;
        continue;
      }
      const u = admitSource(ctx, i, res, { unparsable: { code: 'E_EXPORT_NGINX_SOURCE', reason: 'the old address is not a URL' }, destination: destinationCheck });
      if (!u) continue;
      if (u.hash.length > 1) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_FRAGMENT', 'the address routes after "#", which browsers never send to a server: the old page itself must route it (see the routes export)'));
        continue;
      }
      const host = u.hostname;
      let ok = hostOk.get(host);
      if (ok === undefined) hostOk.set(host, (ok = HOST_RE.test(host)));
      if (!ok) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_SOURCE', `host ${JSON.stringify(host)} cannot be an nginx server_name`));
        continue;
      }
      const path = decodedPath(u.pathname);
      if (path === undefined || CONTROL.test(path)) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_SOURCE', 'the path has control characters or invalid percent-encoding: nginx cannot match it safely'));
        continue;
      }
      const pairs = rawQuery(u.search);
      if (pairs.some(([k, v]) => !NAME_RE.test(k) || CONTROL.test(v))) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_SOURCE', 'a query parameter name is not [A-Za-z0-9_] (nginx $arg_…) or a value has control characters'));
        continue;
      }
      if (!hostApp.has(host)) hostApp.set(host, rule.appId);
      if (pairs.length) {
        let added = 0;
        for (const [k] of pairs) if (!queryNames.has(k)) added++;
        if (added && new Set([...queryNames, ...pairs.map(([k]) => k)]).size > MAX_QUERY_NAMES) {
          res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_QUERY', `more than ${MAX_QUERY_NAMES} significant query parameter names in the plan`));
          continue;
        }
        for (const [k] of pairs) queryNames.add(k);
        byQuery.push({ i, prefix: `${host}${path}?`, pairs });
      } else if (admit(i, host + path)) pathKeys++;
    }
    const names = [...queryNames].sort();
    for (const q of byQuery) {
      const vals = new Map(q.pairs);
      admit(q.i, q.prefix + names.map((n) => `${n}=${vals.get(n) ?? ''}`).join('&'));
    }

    const dir = join(ctx.outDir, 'nginx');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, NGINX_FILE);
    const out = new ChunkWriter(file);
    const queryKeys = seen.size - pathKeys;
    const count = Math.max(pathKeys, queryKeys);
    // sizes nginx needs to build the hashes (it refuses to start otherwise)
    const bucket = pow2(Math.max(64, maxKey + 48));
    const maxSize = pow2(Math.max(2048, count * 2));
    out.add(
      [
        `# yimen redirects for nginx, generated ${ctx.at}: include inside http { }.`,
        `# ${seen.size} rules; keys are $host$uri (decoded path)${names.length ? ` plus ?${names.map((n) => `${n}=$arg_${n}`).join('&')} for rules with a query` : ''}.`,
        `map_hash_max_size ${maxSize};`,
        `map_hash_bucket_size ${bucket};`,
        '',
        `map "$host$uri" ${names.length ? '$yimen_by_path' : '$yimen_redirect'} {`,
        '  default "";',
        '',
      ].join('\n'),
    );
    let n = 0;
    for (const [key, i] of seen) {
      if (n++ === pathKeys) {
        out.add('}\n\n');
        out.add(`map "$host$uri?${names.map((x) => `${x}=$arg_${x}`).join('&')}" $yimen_redirect {\n  default $yimen_by_path;\n`);
      }
      const rule = ctx.rules[i]!;
      out.add(`  ${nginxQuote(key)} ${nginxQuote(`${rule.status === 301 ? 301 : 410} ${rule.destination!}`)};\n`);
    }
    if (n === pathKeys && names.length) out.add(`}\n\nmap "$host$uri?${names.map((x) => `${x}=$arg_${x}`).join('&')}" $yimen_redirect {\n  default $yimen_by_path;\n`);
    out.add('}\n\n');
    for (const [host, appId] of hostApp) out.add(serverBlock(host, ctx.noticeFor(appId), ctx.options.nginxListen));
    out.end();
    res.rules = seen.size;
    res.files.push({ path: file, rules: res.rules });
    res.notes.push(`${hostApp.size} server block(s); unknown paths on an old host answer 410 with its app's notice page`);
    return res;
  },
};

function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const NOTICE_HTML = (href: string) =>
  `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>服务已迁移</title>` +
  `<p>原应用已停止服务，办事请前往新的入口。</p><p><a href="${href}">${href}</a></p></html>`;

function serverBlock(host: string, notice: string, listen: string[]): string {
  // notice: a checked destination (no quotes, spaces, $ or angle brackets), safe in HTML and nginx strings
  const safeNotice = notice.includes('$') || /["'<>\s\\]/.test(notice) ? '/' : notice;
  return [
    'server {',
    ...listen.map((l) => `  listen ${l};`),
    `  server_name ${host};`,
    '  location / {',
    '    default_type "text/html; charset=utf-8";',
    '    if ($yimen_redirect ~ "^301 (?<yimen_to>.+)$") {',
    `      add_header Cache-Control "public, max-age=${REDIRECT_MAX_AGE}" always;`,
    '      return 301 $yimen_to;',
    '    }',
    '    if ($yimen_redirect ~ "^410 (?<yimen_to>.+)$") {',
    '      add_header Cache-Control "public, max-age=3600" always;',
    `      return 410 ${nginxQuote(NOTICE_HTML('$yimen_to'))};`,
    '    }',
    '    add_header Cache-Control "public, max-age=3600" always;',
    `    return 410 ${nginxQuote(NOTICE_HTML(safeNotice))};`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** an nginx.conf that runs the export with every path inside `dir` (no root, no system paths) */
export function nginxTestConfig(dir: string, include: string, opts: { daemon?: boolean } = {}): string {
  const conf = join(dir, 'nginx.conf');
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, 'tmp', d), { recursive: true });
  writeFileSync(
    conf,
    [
      `daemon ${opts.daemon ? 'on' : 'off'};`,
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((d) => `  ${d}_temp_path ${join(dir, 'tmp', d)};`),
      `  include ${include};`,
      '}',
      '',
    ].join('\n'),
  );
  return conf;
}

export function nginxBinary(): string | undefined {
  for (const p of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin'])) {
    try {
      accessSync(join(p, 'nginx'), constants.X_OK);
      return join(p, 'nginx');
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `nginx -t` on an export; throws E_EXPORT_NGINX_CHECK with nginx's own message when it refuses */
export function nginxCheck(dir: string, include: string, bin = nginxBinary()): { ok: boolean; output: string } {
  if (!bin) return { ok: false, output: 'nginx not found on PATH: check skipped' };
  const conf = nginxTestConfig(dir, include);
  const r = spawnSync(bin, ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', conf], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`.trim();
  if (r.status !== 0) throw new YimenError('E_EXPORT_NGINX_CHECK', `nginx -t refused the export: ${output}`, { hint: `see ${include}; report it: the exporter should never write what nginx refuses` });
  return { ok: true, output };
}
