// `yimen services list`: list the services mapped from the retiring apps, with their disposition; --json in the shape docs/listings.md documents.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderServices } from '../../cli/format/listings.js';
import { listServices, type ServiceRow } from '../../decide/listings.js';

export default class ServicesList extends BaseCommand {
  static description = [
    'list the services mapped from the retiring apps, with their disposition',
    '',
    '--json: { "services": [ { "id", "appId", "sourceKey", "name", "catalogCode"?, "agency"?, "monthlyVisits"?, "errors", "warnings", "disposition"?, "target"?, "rule"?, "decidedBy"?, "reason"? } ] }',
    '(docs/listings.md); fields are added, never renamed or removed; optional ones (?) are left out when empty.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> services list --app wujiang',
    '<%= config.bin %> services list --disposition review --json',
    '<%= config.bin %> services list --reason 低于',
  ];
  static flags = {
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    disposition: Flags.string({ description: 'only this disposition (migrate, merge, retire, review; none: not decided yet)', aliases: ['action'] }),
    reason: Flags.string({ description: "only decisions whose reason (or rule) contains this text" }),
    kind: Flags.string({ description: 'entry points only: web, miniprogram, deeplink, qrcode, appstore' }),
  };

  async run(): Promise<{ services: ServiceRow[] }> {
    const { flags } = await this.parse(ServicesList);
    const ws = await this.workspace(flags, { checkFiles: false });
    const rows = listServices(ws, this.store(ws), { apps: flags.app, disposition: flags.disposition, reason: flags.reason, kind: flags.kind });
    this.log(renderServices(rows));
    return { services: rows };
  }
}
