// `yimen redirects list`: the redirect rules of the last plan, filtered like the other listings
// (app, disposition, reason, kind) plus action; --json in the shape docs/redirects.md documents.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderRedirectRules } from '../../cli/format/redirects.js';
import { DISPOSITIONS, ENTRY_POINT_KINDS, REDIRECT_ACTIONS, type RedirectRule } from '../../schema/index.js';
import { listRedirects, type RedirectListRow } from '../../redirects/stage.js';
import { REASON_TAGS } from '../../redirects/reasons.js';

export default class RedirectsList extends BaseCommand {
  static description = [
    'list the redirect rules of the last `redirects plan`: old address, action, destination, reason',
    '',
    '--json: { "rules": [ { "entryPointId", "appId", "kind", "source", "action", "destination"?, "status"?, "reason", "serviceId"?, "disposition"?, "hits"? } ] }',
    '(docs/redirects.md); fields are added, never renamed or removed; optional ones are left out when empty.',
  ].join('\n');
  static examples = [
    '<%= config.bin %> redirects list --app wujiang',
    '<%= config.bin %> redirects list --action unresolved --json',
    '<%= config.bin %> redirects list --reason retired --kind qrcode',
    '<%= config.bin %> redirects list --disposition none --sort hits',
  ];
  static flags = {
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    action: Flags.string({ description: 'only this action', options: [...REDIRECT_ACTIONS] }),
    kind: Flags.string({ description: 'only this kind of entry point', options: [...ENTRY_POINT_KINDS] }),
    reason: Flags.string({
      description: `only rules whose action is this, or whose reason has this tag (${REASON_TAGS.join(', ')}) or contains this text`,
    }),
    disposition: Flags.string({ description: `only rules of services with this disposition (${DISPOSITIONS.join(', ')}; none: not decided, or no service)` }),
    sort: Flags.string({ description: 'plan: as planned; hits: the unresolved first, each group by traffic (yimen redirects hits import)', options: ['plan', 'hits'], default: 'plan' }),
  };

  async run(): Promise<{ rules: RedirectListRow[] }> {
    const { flags } = await this.parse(RedirectsList);
    const ws = await this.workspace(flags, { checkFiles: false });
    const rules = listRedirects(ws, this.store(ws), {
      apps: flags.app,
      action: flags.action as RedirectRule['action'] | undefined,
      kind: flags.kind as RedirectRule['kind'] | undefined,
      reason: flags.reason,
      disposition: flags.disposition,
      sort: flags.sort as 'plan' | 'hits',
    });
    this.log(renderRedirectRules(rules));
    return { rules };
  }
}
