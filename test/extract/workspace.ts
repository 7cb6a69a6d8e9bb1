// Extract tests' workspace: the apps given, each with a source and the default profile; built by
// the one fixture model (test/support/workspace.ts).
import { testWorkspace } from '../support/workspace.js';

export function makeWorkspace(apps: Array<{ id: string; adapter: string; config: unknown }>, files: Record<string, string | Buffer> = {}, extra: Record<string, unknown> = {}): string {
  return testWorkspace({
    prefix: 'yimen-ex-',
    unifiedApp: { serviceUrl: 'https://sfb.example.gov.cn/item/{catalogCode}', noticeUrl: 'https://sfb.example.gov.cn/notice' },
    config: extra,
    apps,
    files,
  }).root;
}
