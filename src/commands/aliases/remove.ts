// `yimen aliases remove NAME`: undoes what a person taught; the next `yimen decide` re-matches the name.
import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { UsageError } from '../../errors.js';
import { removeAlias } from '../../decide/people.js';

export default class AliasesRemove extends BaseCommand {
  static description = 'remove a name alias a person taught; run `yimen decide` (or `yimen run`) to re-decide';
  static examples = ['<%= config.bin %> aliases remove 准生证办理'];
  static args = { name: Args.string({ description: 'the service name, as `yimen aliases list` shows it', required: true }) };

  async run(): Promise<{ name: string; removed: boolean; code?: string }> {
    const { args, flags } = await this.parse(AliasesRemove);
    const ws = await this.workspace(flags, { checkFiles: false });
    const r = removeAlias(this.store(ws), args.name, this.actor(flags));
    if (!r.removed) throw new UsageError(`no alias "${args.name}"`, 'see `yimen aliases list`');
    this.log(`removed “${args.name}” → ${r.code}; run \`yimen decide\` to re-decide`);
    return { name: args.name, ...r };
  }
}
