// `yimen aliases list`: the names people said are catalog items (taught by their merge decisions).
import { BaseCommand } from '../../cli/base-command.js';
import { renderAliases } from '../../cli/format/listings.js';
import type { NameAlias } from '../../store/store.js';

export default class AliasesList extends BaseCommand {
  static description = 'list the name aliases people taught (a merge decision records name → catalog code; the matcher uses it for every app)';
  static examples = ['<%= config.bin %> aliases list', '<%= config.bin %> aliases list --json'];

  async run(): Promise<{ aliases: NameAlias[] }> {
    const { flags } = await this.parse(AliasesList);
    const ws = await this.workspace(flags, { checkFiles: false });
    const aliases = this.store(ws).aliases.list();
    this.log(renderAliases(aliases));
    return { aliases };
  }
}
