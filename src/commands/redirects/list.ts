// `yimen redirects list`: the redirect rules of the last plan.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderRedirectRules } from '../../cli/format/redirects.js';
import { REDIRECT_ACTIONS, type RedirectRule } from '../../schema/index.js';
import { listRedirects } from '../../redirects/stage.js';

export default class RedirectsList extends BaseCommand {
  static description = 'list the redirect rules of the last `redirects plan`: old address, action, destination, reason';
  static examples = [
    '<%= config.bin %> redirects list --app wujiang',
    '<%= config.bin %> redirects list --action unresolved --json',
    '<%= config.bin %> redirects list --sort hits',
  ];
  static flags = {
    app: Flags.string({ description: 'only this app' }),
    action: Flags.string({ description: 'only this action', options: [...REDIRECT_ACTIONS] }),
    sort: Flags.string({ description: 'plan: as planned; hits: the unresolved first, each group by traffic (yimen redirects hits import)', options: ['plan', 'hits'], default: 'plan' }),
  };

  async run(): Promise<{ rules: Array<RedirectRule & { hits?: number }> }> {
    const { flags } = await this.parse(RedirectsList);
    const ws = await this.workspace(flags, { checkFiles: false });
    const rules = listRedirects(ws, this.store(ws), {
      app: flags.app,
      action: flags.action as RedirectRule['action'] | undefined,
      sort: flags.sort as 'plan' | 'hits',
    });
    this.log(renderRedirectRules(rules));
    return { rules };
  }
}
