import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../cli/base-command.js';
import { renderHitsImport } from '../../../cli/format/redirects.js';
import { importHits, type HitsImportSummary } from '../../../redirects/hits.js';

export default class RedirectsHitsImport extends BaseCommand {
  static description =
    'count hits per old entry point from nginx/Apache combined logs (plain or .gz); drops bots, assets and health checks (redirects.hits in yimen.yaml); unplanned addresses with traffic become discovered entry points; a log already imported adds nothing';
  static examples = ['<%= config.bin %> redirects hits import /var/log/nginx/access.log*', '<%= config.bin %> redirects hits import old.log.gz --app wujiang --host h5.wujiang.gov.cn'];
  static strict = false;
  static args = { logs: Args.string({ description: 'log files', required: true }) };
  static flags = {
    app: Flags.string({ description: 'only this app (and the app of lines that name no host)' }),
    host: Flags.string({ description: 'the host of log lines that name none (default: the single host of --app)' }),
    'min-hits': Flags.integer({ description: 'hits an unplanned address needs to become a discovered entry point', default: 3, min: 1 }),
  };

  async run(): Promise<HitsImportSummary> {
    const { flags, argv } = await this.parse(RedirectsHitsImport);
    const ws = await this.workspace(flags, { checkFiles: false });
    const s = await importHits(ws, this.store(ws), argv as string[], { actor: this.actor(flags), app: flags.app, host: flags.host, discoverMinHits: flags['min-hits'] });
    this.log(renderHitsImport(s));
    return s;
  }
}
