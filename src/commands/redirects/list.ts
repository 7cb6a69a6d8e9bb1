import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderTable } from '../../cli/render.js';
import { REDIRECT_ACTIONS, type RedirectRule } from '../../schema/index.js';
import { appById } from '../../workspace/loader.js';
import { rankByHits } from '../../redirects/hits.js';

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
    if (flags.app) appById(ws, flags.app);
    const store = this.store(ws);
    const hits = store.hits.byEntryPoint(flags.app);
    let rules: Array<RedirectRule & { hits?: number }> = store.redirects
      .list(flags.app)
      .filter((r) => !flags.action || r.action === flags.action)
      .map((r) => (hits.size ? { ...r, hits: hits.get(r.entryPointId) ?? 0 } : r));
    if (flags.sort === 'hits') rules = rankByHits(rules, hits);
    if (!rules.length) this.log('no redirect rules: run `yimen redirects plan` (or `yimen run`) first');
    else
      this.log(
        renderTable(
          ['app', 'kind', 'old address', 'action', 'status', 'destination', 'hits', 'reason'],
          rules.map((r) => [r.appId, r.kind, r.source, r.action, r.status ?? '', r.destination ?? '', r.hits ?? '', r.reason]),
        ),
      );
    return { rules };
  }
}
