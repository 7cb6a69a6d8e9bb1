// `yimen status`: where every app stands.
import { BaseCommand } from '../cli/base-command.js';
import { renderStatus } from '../cli/format/status.js';
import { workspaceStatus, type WorkspaceStatus } from '../status/index.js';

export default class Status extends BaseCommand {
  static description = 'where every app stands: extracted, decided, published, redirected; what blocks it; days to shutdown';
  static examples = ['<%= config.bin %> status', '<%= config.bin %> status --json'];

  async run(): Promise<WorkspaceStatus> {
    const { flags } = await this.parse(Status);
    const ws = await this.workspace(flags, { checkFiles: false });
    const st = workspaceStatus(ws, this.store(ws));
    this.log(renderStatus(st));
    return st;
  }
}
