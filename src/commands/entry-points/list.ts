// `yimen entry-points list`: list the old entry points (web, mini-program, deeplink, QR code) with the service each leads to; --json in the shape docs/listings.md documents.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderEntryPoints } from '../../cli/format/listings.js';
import { listEntryPoints, type EntryPointRow } from '../../decide/listings.js';

export default class EntryPointsList extends BaseCommand {
  static description = [
    'list the old entry points (web, mini-program, deeplink, QR code) with the service each leads to',
    '',
    '--json: { "entryPoints": [ { "id", "appId", "kind", "address", "label"?, "serviceId"?, "serviceName"?, "disposition"? } ] }',
    '(docs/listings.md); fields are added, never renamed or removed; optional ones (?) are left out when empty.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> entry-points list --app wujiang',
    '<%= config.bin %> entry-points list --disposition review --json',
    '<%= config.bin %> entry-points list --reason 低于',
  ];
  static flags = {
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    disposition: Flags.string({ description: 'only this disposition (migrate, merge, retire, review; none: not decided yet)', aliases: ['action'] }),
    reason: Flags.string({ description: "only decisions whose reason (or rule) contains this text" }),
    kind: Flags.string({ description: 'entry points only: web, miniprogram, deeplink, qrcode, appstore' }),
  };

  async run(): Promise<{ entryPoints: EntryPointRow[] }> {
    const { flags } = await this.parse(EntryPointsList);
    const ws = await this.workspace(flags, { checkFiles: false });
    const rows = listEntryPoints(ws, this.store(ws), { apps: flags.app, disposition: flags.disposition, reason: flags.reason, kind: flags.kind });
    this.log(renderEntryPoints(rows));
    return { entryPoints: rows };
  }
}
