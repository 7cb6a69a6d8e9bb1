// `yimen redirects plan [APP…]`: a redirect rule for every old entry point.
import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { renderRedirectPlan } from '../../cli/format/redirects.js';
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
    this.log(renderRedirectPlan(summary));
    return summary;
  }
}
