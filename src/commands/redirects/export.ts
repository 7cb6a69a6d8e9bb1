import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderRedirectExport } from '../../cli/format/redirects.js';
import { appById } from '../../workspace/loader.js';
import { exportRedirects, type ExportSummary } from '../../redirects/export.js';
import { EXPORT_FORMATS } from '../../redirects/export/index.js';

export default class RedirectsExport extends BaseCommand {
  static description = 'write the redirect plan for servers and apps: nginx, Cloudflare bulk lists, JSON, deep-link routes, mini-program, XLSX, QR codes';
  static examples = [
    '<%= config.bin %> redirects export --format nginx --check',
    '<%= config.bin %> redirects export --format nginx --format cloudflare --format xlsx --out deploy/',
    '<%= config.bin %> redirects export --format miniprogram --unified-miniprogram wx1234567890abcdef:pages/web/index --json',
  ];
  static flags = {
    format: Flags.string({ char: 'f', description: 'export format (repeat for several)', options: EXPORT_FORMATS, multiple: true, required: true }),
    out: Flags.string({ char: 'o', description: 'output folder (default: out/redirects/ in the workspace)' }),
    check: Flags.boolean({ description: 'run `nginx -t` on the nginx export when nginx is installed' }),
    app: Flags.string({ description: 'only this app (repeat for several)', multiple: true }),
    'cloudflare-quota': Flags.integer({ description: 'items per Cloudflare Bulk Redirect List (bigger plans are split into several lists)', default: 10_000 }),
    'nginx-listen': Flags.string({ description: 'nginx `listen` of every server block (repeat for several, e.g. "443 ssl")', multiple: true }),
    on: Flags.string({ description: 'export as on this day (YYYY-MM-DD, Asia/Shanghai; default today): before an app\'s redirect date its old pages stay and a banner config is written' }),
    'unified-miniprogram': Flags.string({ description: "the unified app's mini-program as appId:webViewPage: old mini-program pages open it instead of a web page" }),
  };

  async run(): Promise<ExportSummary> {
    const { flags } = await this.parse(RedirectsExport);
    const ws = await this.workspace(flags, { checkFiles: false });
    const apps = (flags.app ?? []).map((id) => appById(ws, id).id);
    const mp = flags['unified-miniprogram'];
    const i = mp?.indexOf(':') ?? -1;
    const summary = await exportRedirects(ws, this.store(ws), {
      formats: flags.format,
      outDir: flags.out,
      check: flags.check,
      apps,
      day: flags.on,
      options: {
        cloudflareQuota: flags['cloudflare-quota'],
        ...(flags['nginx-listen']?.length ? { nginxListen: flags['nginx-listen'] } : {}),
        ...(mp ? { unifiedMiniprogram: { appId: i > 0 ? mp.slice(0, i) : mp, webviewPage: i > 0 ? mp.slice(i + 1) : 'pages/webview/index' } } : {}),
      },
    });
    this.log(renderRedirectExport(summary));
    return summary;
  }
}
