import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderTable } from '../../cli/render.js';
import { appById } from '../../workspace/loader.js';
import { planRedirects, type RedirectPlanSummary } from '../../redirects/stage.js';

export default class RedirectsPlan extends BaseCommand {
  static description = 'build a redirect rule for every old entry point from the dispositions and publications';
  static examples = ['<%= config.bin %> redirects plan', '<%= config.bin %> redirects plan wujiang --json'];
  static strict = false;
  static args = { apps: Args.string({ description: 'app ids (default: all)' }) };

  async run(): Promise<RedirectPlanSummary> {
    const { flags, argv } = await this.parse(RedirectsPlan);
    const ws = await this.workspace(flags);
    const apps = (argv as string[]).map((id) => appById(ws, id).id);
    const summary = await planRedirects(ws, this.store(ws), { actor: this.actor(flags), apps });
    this.log(
      renderTable(
        ['app', 'entry points', 'redirect', 'notice', 'pending', 'unresolved', 'changes'],
        summary.apps.map((a) => [a.appId, a.entryPoints, a.byAction.redirect, a.byAction.notice, a.byAction.pending, a.byAction.unresolved, `+${a.added} ~${a.changed} -${a.removed}`]),
      ),
    );
    return summary;
  }
}
