// A plan with every action and kind, hostile old addresses and the hostile-destination table, for
// the exporter tests (not a test file itself).
import type { EntryPoint, RedirectRule } from '../../src/schema/index.js';
import type { ExportInputs } from '../../src/redirects/export.js';
import { ALLOWLIST, HOSTILE_DESTINATIONS } from '../fixtures/hostile-destinations.js';

export const SFB = 'https://sfb.example.cn';
export const NOTICE = (app: string) => `${SFB}/notice/${app}`;

type Spec = { app?: string; kind?: EntryPoint['kind']; source: string; action: RedirectRule['action']; to?: string; label?: string; mp?: { appId: string; path: string } };

const SPECS: Spec[] = [
  { source: 'https://old.example.cn/h5/svc/1', action: 'redirect', to: `${SFB}/service/1` },
  { source: 'https://old.example.cn/h5/svc/2', action: 'notice' },
  { source: 'https://old.example.cn/h5/svc/3', action: 'unresolved' },
  { source: 'https://old.example.cn/h5/svc/4', action: 'pending' },
  { source: 'https://old.example.cn/h5/detail?id=7', action: 'redirect', to: `${SFB}/service/7` },
  { source: 'https://old.example.cn/h5/detail?id=8&type=a', action: 'redirect', to: `${SFB}/service/8` },
  { source: 'https://old.example.cn/h5/detail', action: 'notice' },
  { source: 'https://old.example.cn/h5/办事/证明', action: 'redirect', to: `${SFB}/service/9?from=old` },
  { source: 'https://OLD.example.cn/H5/Case', action: 'redirect', to: `${SFB}/service/10` },
  // hostile old addresses: quotes, nginx syntax, variables, braces, a CRLF
  { source: 'https://old.example.cn/h5/a"b;return 200 x;', action: 'redirect', to: `${SFB}/service/11` },
  { source: "https://old.example.cn/h5/q'uote\\back", action: 'redirect', to: `${SFB}/service/12` },
  { source: 'https://old.example.cn/h5/$host$uri{x}', action: 'redirect', to: `${SFB}/service/13` },
  { source: 'https://old.example.cn/h5/%0d%0aSet-Cookie:x', action: 'redirect', to: `${SFB}/service/14` },
  { source: 'https://old.example.cn/h5/dup', action: 'redirect', to: `${SFB}/service/15` },
  { source: 'https://old.example.cn/h5//dup', action: 'redirect', to: `${SFB}/service/16` },
  { source: 'https://old.example.cn/h5/%3Dcmd', action: 'redirect', to: `${SFB}/service/17` },
  { source: 'https://old.example.cn/h5/q?bad-name=1', action: 'redirect', to: `${SFB}/service/18` },
  { source: '=HYPERLINK("http://evil")', action: 'unresolved', kind: 'deeplink' },
  // printed QR codes
  { source: 'https://qr.example.cn/p/a1', action: 'redirect', to: `${SFB}/service/1`, kind: 'qrcode', label: '社区服务站门口' },
  { source: 'https://qr.example.cn/p/home', action: 'notice', kind: 'qrcode', label: '=1+1 海报' },
  { source: 'https://qr.example.cn/p/sub/a2', action: 'redirect', to: `${SFB}/service/2`, kind: 'qrcode' },
  // deep links, mini-program, store listing
  { source: 'wjapp://service/detail?id=3', action: 'redirect', to: `${SFB}/service/3`, kind: 'deeplink' },
  { source: 'wjapp://home', action: 'notice', kind: 'deeplink' },
  { source: 'wx0123456789abcdef:pages/svc/detail?id=3', action: 'redirect', to: `${SFB}/service/3`, kind: 'miniprogram', mp: { appId: 'wx0123456789abcdef', path: 'pages/svc/detail?id=3' } },
  { source: 'wx0123456789abcdef:pages/index/index', action: 'notice', kind: 'miniprogram', mp: { appId: 'wx0123456789abcdef', path: 'pages/index/index' } },
  { source: 'itms-apps://itunes.apple.com/app/id123', action: 'notice', kind: 'appstore' },
  // a single-page app that routes after '#': only the page itself can route it
  { source: 'https://old.example.cn/m/#/service?id=5001', action: 'redirect', to: `${SFB}/service/5001` },
  // a second app on another host
  { app: 'zfq', source: 'http://zfq.example.cn/h5/a1', action: 'redirect', to: 'https://www.jszwfw.gov.cn/item/1' },
  // the hostile-destination table: each a redirect the exporters must refuse
  ...HOSTILE_DESTINATIONS.filter((h) => h.url).map((h, i): Spec => ({ source: `https://old.example.cn/h5/hostile/${i}`, action: 'redirect', to: h.url })),
];

export const HOSTILE_FROM = SPECS.length - HOSTILE_DESTINATIONS.filter((h) => h.url).length;

export function exportPlan(): ExportInputs {
  const rules: RedirectRule[] = [];
  const entryPoints: EntryPoint[] = [];
  SPECS.forEach((s, i) => {
    const app = s.app ?? 'wj';
    const id = `${app}-ep-${i}`;
    const destination = s.action === 'pending' ? undefined : s.action === 'redirect' ? s.to : NOTICE(app);
    rules.push({
      entryPointId: id,
      appId: app,
      kind: s.kind ?? 'web',
      source: s.source,
      action: s.action,
      destination,
      status: s.action === 'redirect' ? 301 : s.action === 'pending' ? undefined : 410,
      reason: `${s.action} for test`,
      serviceId: `${app}-${i}`,
    });
    entryPoints.push({ id, appId: app, kind: s.kind ?? 'web', address: s.source, locator: `row ${i}`, ...(s.label ? { label: s.label } : {}), ...(s.mp ? { miniprogram: s.mp } : {}) });
  });
  return {
    rules,
    entryPoints,
    apps: [
      { id: 'wj', name: '智慧吴江' },
      { id: 'zfq', name: '住枫桥' },
    ],
    unifiedApp: { name: '苏服办', noticeUrl: `${SFB}/notice/{appId}`, allowlist: ALLOWLIST },
  };
}
