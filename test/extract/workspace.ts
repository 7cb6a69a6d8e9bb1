// A small workspace for extract tests: yimen.yaml with the given apps, a profile, and files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from '../helpers/cli.js';

export function makeWorkspace(apps: Array<{ id: string; adapter: string; config: unknown }>, files: Record<string, string | Buffer> = {}, extra: Record<string, unknown> = {}): string {
  const root = tempDir('yimen-ex-');
  const doc = {
    programme: '测试迁移',
    province: '32',
    unifiedApp: { name: '苏服办', serviceUrl: 'https://sfb.example.gov.cn/item/{catalogCode}', noticeUrl: 'https://sfb.example.gov.cn/notice', allowlist: ['sfb.example.gov.cn'] },
    ...extra,
    apps: apps.map((a) => ({ id: a.id, name: a.id, division: '320509', profile: 'profile.yaml', source: { adapter: a.adapter, config: a.config } })),
  };
  writeFileSync(join(root, 'yimen.yaml'), stringify(doc));
  writeFileSync(join(root, 'profile.yaml'), 'fields:\n  name: 事项名称\n');
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}
