// Config that should be refused is refused, each with the file, its line and the path (issue 15):
// impossible dates, timelines out of order, inverted thresholds, destination templates that are
// off the allowlist or disguised, and oversized names.
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';

const base = (over: { unified?: string; matching?: string; timeline?: string; name?: string } = {}) => `programme: 测试
province: "32"
unifiedApp:
${over.unified ?? `  name: 苏服办
  serviceUrl: "https://sfb.example.cn/service/{catalogCode}"
  noticeUrl: "https://sfb.example.cn/notice/{appId}"
  allowlist: [sfb.example.cn, "*.jszwfw.gov.cn"]`}
${over.matching ?? ''}
apps:
  - id: wujiang
    name: ${over.name ?? '智慧吴江'}
    division: "320509"
    source: { adapter: spreadsheet, config: { files: [ { path: s.csv, key: 编号 } ] } }
    profile: p.yaml
${over.timeline ?? ''}
`;

async function load(yaml: string) {
  const dir = tempDir();
  writeFileSync(join(dir, 'yimen.yaml'), yaml);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'p.yaml'), 'fields: {}\n');
  return loadWorkspace(dir);
}
async function refusal(yaml: string): Promise<ConfigError> {
  try {
    await load(yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected the config to be refused');
}
const unified = (serviceUrl: string, noticeUrl: string) =>
  `  name: 苏服办\n  serviceUrl: "${serviceUrl}"\n  noticeUrl: "${noticeUrl}"\n  allowlist: [sfb.example.cn]`;

describe('yimen.yaml cross-field rules', () => {
  it('accepts the good config', async () => {
    const ws = await load(base({ timeline: '    timeline: { announce: 2026-10-01, redirect: 2026-11-01, shutdown: 2026-12-31 }' }));
    expect(ws.config.apps[0]!.timeline?.shutdown).toBe('2026-12-31');
  });

  const cases: Array<[string, string, RegExp, RegExp]> = [
    ['an impossible date', base({ timeline: '    timeline: { shutdown: 2026-13-45 }' }), /apps\[0\]\.timeline\.shutdown/, /not a calendar date/],
    ['30 February', base({ timeline: '    timeline: { shutdown: "2026-02-30" }' }), /timeline\.shutdown/, /not a calendar date/],
    ['a shutdown before the announcement', base({ timeline: '    timeline: { announce: 2026-12-01, shutdown: 2026-11-01 }' }), /timeline\.shutdown/, /before announce/],
    ['a redirect date after the shutdown', base({ timeline: '    timeline: { redirect: 2027-01-02, shutdown: 2027-01-01 }' }), /timeline\.shutdown/, /before redirect/],
    ['inverted thresholds', base({ matching: 'matching: { mergeThreshold: 0.5, reviewThreshold: 0.8 }' }), /matching\.reviewThreshold/, /above mergeThreshold/],
    ['a serviceUrl without {catalogCode}', base({ unified: unified('https://sfb.example.cn/service/{code}', 'https://sfb.example.cn/n') }), /unifiedApp\.serviceUrl/, /\{catalogCode\}/],
    ['a noticeUrl off the allowlist', base({ unified: unified('https://sfb.example.cn/s/{catalogCode}', 'https://evil.example.com/n') }), /unifiedApp\.noticeUrl/, /not on unifiedApp\.allowlist/],
    ['a protocol-relative noticeUrl', base({ unified: unified('https://sfb.example.cn/s/{catalogCode}', '//sfb.example.cn/n') }), /unifiedApp\.noticeUrl/, /protocol-relative/],
    ['a noticeUrl with userinfo', base({ unified: unified('https://sfb.example.cn/s/{catalogCode}', 'https://sfb.example.cn@evil.example.com/n') }), /unifiedApp\.noticeUrl/, /user name or password/],
    ['a javascript: noticeUrl', base({ unified: unified('https://sfb.example.cn/s/{catalogCode}', 'javascript:alert(1)') }), /unifiedApp\.noticeUrl/, /scheme javascript: is not allowed/],
    ['a backslash in the serviceUrl', base({ unified: unified('https://sfb.example.cn\\\\\\\\evil.com/{catalogCode}', 'https://sfb.example.cn/n') }), /unifiedApp\.serviceUrl/, /backslash/],
    ['a 1 MB app name', base({ name: 'x'.repeat(1_000_000) }), /apps\[0\]\.name/, /at most 200 characters/],
  ];
  for (const [what, yaml, path, message] of cases) {
    it(`refuses ${what}, naming the file, line and path`, async () => {
      const t0 = Date.now();
      const e = await refusal(yaml);
      expect(e.message).toMatch(/^yimen\.yaml:\d+: /);
      expect(e.message).toMatch(path);
      expect(e.message).toMatch(message);
      expect(Date.now() - t0).toBeLessThan(5_000);
    });
  }
});
