// nginx exporter: one include for the `http {}` block with the maps and one server block per old
// host. Requests are keyed by `$host$uri` (nginx's decoded, normalised path, so /h5/%E5%8A%9E and
// /h5/办 are one key); rules whose source has a query are keyed by `$host$uri?a=$arg_a&b=$arg_b`
// over the significant parameter names of the whole plan, so extra parameters (utm_…) and their
// order do not matter. 301 answers carry `Location` and a one-day cache; notices, unresolved and
// unknown paths answer 410 with a small page that links the unified app's notice page.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { YimenError } from '../../errors.js';
import type { RedirectRule } from '../../schema/index.js';
import { admitSource, emptyResult, refusedRule, type ExportContext, type Exporter, type FormatResult } from './types.js';

export const NGINX_FILE = 'yimen-redirects.conf';
/** how long browsers and proxies keep a 301: plans change, so a day, not forever */
export const REDIRECT_MAX_AGE = 86_400;
/** at most this many distinct significant query parameter names (each one is a part of every query key) */
export const MAX_QUERY_NAMES = 16;

const HOST_RE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const NAME_RE = /^[a-z0-9_]+$/;

interface Keyed {
  rule: RedirectRule;
  host: string;
  key: string;
  value: string;
  query: boolean;
}

/** an nginx quoted string: backslash and double quote escaped; callers refuse control characters first */
export function nginxQuote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** nginx's `$uri` for a source path: percent-decoded (as UTF-8), slashes merged */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname).replace(/\/{2,}/g, '/');
  } catch {
    return undefined;
  }
}

/** the raw `name=value` pairs of a query string, names lower-cased (nginx's $arg_ ignores case) */
function rawQuery(search: string): Array<[string, string]> {
  if (!search || search === '?') return [];
  return search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return (i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)]) as [string, string];
    })
    .map(([k, v]) => [k.toLowerCase(), v]);
}

export const nginxExporter: Exporter = {
  name: 'nginx',
  description: 'a map include plus server blocks per old host (301 / 410)',
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('nginx');
    const keyed: Keyed[] = [];
    const queryNames = new Set<string>();
    const hostApp = new Map<string, string>();
    const pendingByQuery: Array<{ rule: RedirectRule; host: string; path: string; pairs: Array<[string, string]>; value: string }> = [];
    for (const rule of ctx.rules) {
      if ((rule.kind !== 'web' && rule.kind !== 'qrcode') || rule.action === 'pending') {
        res.skipped++;
        continue;
      }
      const u = admitSource(ctx, rule, res, {
        unparsable: { code: 'E_EXPORT_NGINX_SOURCE', reason: 'the old address is not a URL' },
        destination: (r) => (r.destination!.includes('$') ? refusedRule(r, 'E_EXPORT_NGINX_VALUE', 'a "$" in the destination would be read by nginx as a variable') : undefined),
      });
      if (!u) continue;
      const dest = rule.destination!;
      if (u.hash.length > 1) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_FRAGMENT', 'the address routes after "#", which browsers never send to a server: the old page itself must route it (see the routes export)'));
        continue;
      }
      const host = u.hostname;
      if (!HOST_RE.test(host)) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_SOURCE', `host ${JSON.stringify(host)} cannot be an nginx server_name`));
        continue;
      }
      const path = decodedPath(u.pathname);
      if (path === undefined || /[\u0000-\u001f\u007f]/.test(path)) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_SOURCE', 'the path has control characters or invalid percent-encoding: nginx cannot match it safely'));
        continue;
      }
      const value = `${rule.status === 301 ? 301 : 410} ${dest}`;
      const pairs = rawQuery(u.search);
      if (pairs.some(([k, v]) => !NAME_RE.test(k) || /[\u0000-\u001f\u007f]/.test(v))) {
        res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_SOURCE', 'a query parameter name is not [A-Za-z0-9_] (nginx $arg_…) or a value has control characters'));
        continue;
      }
      if (!hostApp.has(host)) hostApp.set(host, rule.appId);
      if (pairs.length) {
        const names = new Set([...queryNames, ...pairs.map(([k]) => k)]);
        if (names.size > MAX_QUERY_NAMES) {
          res.refused.push(refusedRule(rule, 'E_EXPORT_NGINX_QUERY', `more than ${MAX_QUERY_NAMES} significant query parameter names in the plan`));
          continue;
        }
        for (const k of names) queryNames.add(k);
        pendingByQuery.push({ rule, host, path, pairs, value });
      } else keyed.push({ rule, host, key: host + path, value, query: false });
    }
    const names = [...queryNames].sort();
    for (const q of pendingByQuery) {
      const vals = new Map(q.pairs);
      keyed.push({ rule: q.rule, host: q.host, key: `${q.host}${q.path}?${names.map((n) => `${n}=${vals.get(n) ?? ''}`).join('&')}`, value: q.value, query: true });
    }
    // one key, one rule: the first in plan order wins, the others are listed
    const seen = new Map<string, RedirectRule>();
    const byPath: Keyed[] = [];
    const byQuery: Keyed[] = [];
    let maxKey = 0;
    for (const k of keyed) {
      const first = seen.get(k.key);
      if (first) {
        res.refused.push(refusedRule(k.rule, 'E_EXPORT_NGINX_DUPLICATE', `same request as ${first.entryPointId} (${first.source})`));
        continue;
      }
      seen.set(k.key, k.rule);
      (k.query ? byQuery : byPath).push(k);
      maxKey = Math.max(maxKey, Buffer.byteLength(k.key));
    }

    const dir = join(ctx.outDir, 'nginx');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, NGINX_FILE);
    const out = createWriteStream(file);
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    const count = Math.max(byPath.length, byQuery.length);
    // sizes nginx needs to build the hashes (it refuses to start otherwise)
    const bucket = pow2(Math.max(64, maxKey + 48));
    const maxSize = pow2(Math.max(2048, count * 2));
    await write(
      [
        `# yimen redirects for nginx, generated ${ctx.at}: include inside http { }.`,
        `# ${byPath.length + byQuery.length} rules; keys are $host$uri (decoded path)${names.length ? ` plus ?${names.map((n) => `${n}=$arg_${n}`).join('&')} for rules with a query` : ''}.`,
        `map_hash_max_size ${maxSize};`,
        `map_hash_bucket_size ${bucket};`,
        '',
        `map "$host$uri" ${names.length ? '$yimen_by_path' : '$yimen_redirect'} {`,
        '  default "";',
        '',
      ].join('\n'),
    );
    let chunk = '';
    for (const k of byPath) {
      chunk += `  ${nginxQuote(k.key)} ${nginxQuote(k.value)};\n`;
      if (chunk.length > 65_536) {
        await write(chunk);
        chunk = '';
      }
    }
    chunk += '}\n\n';
    if (names.length) {
      chunk += `map "$host$uri?${names.map((n) => `${n}=$arg_${n}`).join('&')}" $yimen_redirect {\n  default $yimen_by_path;\n`;
      for (const k of byQuery) {
        chunk += `  ${nginxQuote(k.key)} ${nginxQuote(k.value)};\n`;
        if (chunk.length > 65_536) {
          await write(chunk);
          chunk = '';
        }
      }
      chunk += '}\n\n';
    }
    for (const [host, appId] of hostApp) chunk += serverBlock(host, ctx.noticeFor(appId), ctx.options.nginxListen);
    await write(chunk);
    out.end();
    await once(out, 'finish');
    res.rules = byPath.length + byQuery.length;
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
