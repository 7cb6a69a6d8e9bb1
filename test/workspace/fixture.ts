// A minimal valid yimen.yaml (one app, a spreadsheet source, a profile) and a workspace folder
// made of it, for the workspace tests (loader, config cache).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

export const GOOD = `
programme: 测试
province: "32"
unifiedApp:
  name: 苏服办
  serviceUrl: "https://sfb.example.cn/service/{catalogCode}"
  noticeUrl: "https://sfb.example.cn/notice/{appId}"
  allowlist: [sfb.example.cn]
apps:
  - id: wujiang
    name: 智慧吴江
    division: "320509"
    source:
      adapter: spreadsheet
      config:
        files:
          - { path: exports/s.csv, key: 编号 }
    profile: profiles/wujiang.yaml
`;

/** a folder with `yaml` as yimen.yaml and `files` beside it (default: the profile GOOD names) */
export function workspaceWith(yaml: string, files: Record<string, string> = { 'profiles/wujiang.yaml': 'fields: {}\n' }): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'yimen.yaml'), yaml);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}
