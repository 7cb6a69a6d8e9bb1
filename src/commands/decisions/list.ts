// `yimen decisions list`: list the decisions (migrate / merge / retire / review) with their reasons; --json in the shape docs/listings.md documents.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderDecisions } from '../../cli/format/listings.js';
import { listDecisions, type DecisionRow } from '../../decide/listings.js';

export default class DecisionsList extends BaseCommand {
  static description = [
    'list the decisions (migrate / merge / retire / review) with their reasons',
    '',
    '--json: { "decisions": [ { "serviceId", "appId", "name", "action", "target"?, "targetName"?, "rule"?, "decidedBy", "actor", "at", "reason", "score"? } ] }',
    '(docs/listings.md); fields are added, never renamed or removed; optional ones (?) are left out when empty.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> decisions list --app wujiang',
    '<%= config.bin %> decisions list --disposition review --json',
    '<%= config.bin %> decisions list --reason 低于',
  ];
  static flags = {
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    disposition: Flags.string({ description: 'only this disposition (migrate, merge, retire, review; none: not decided yet)', aliases: ['action'] }),
    reason: Flags.string({ description: "only decisions whose reason (or rule) contains this text" }),
    kind: Flags.string({ description: 'entry points only: web, miniprogram, deeplink, qrcode, appstore' }),
  };

  async run(): Promise<{ decisions: DecisionRow[] }> {
    const { flags } = await this.parse(DecisionsList);
    const ws = await this.workspace(flags, { checkFiles: false });
    const rows = listDecisions(ws, this.store(ws), { apps: flags.app, disposition: flags.disposition, reason: flags.reason, kind: flags.kind });
    this.log(renderDecisions(rows));
    return { decisions: rows };
  }
}
