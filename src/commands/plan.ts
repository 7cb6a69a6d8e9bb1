// `yimen plan`: what publish would do against the recorded state (and, with --refresh, drift).
import { Flags } from '@oclif/core';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { renderPlan } from '../cli/format/publish.js';
import { planPublish, type PublishPlan } from '../publish/index.js';

export default class Plan extends BaseCommand {
  static description = 'show what `yimen publish` would do: create, update, unlist, no-op, against the recorded state';
  static examples = [
    '<%= config.bin %> plan',
    '<%= config.bin %> plan --out plan.json   # review it, then: yimen publish --plan plan.json',
    '<%= config.bin %> plan --refresh        # also read the target and show drift',
    '<%= config.bin %> plan --detailed-exitcode   # exit 0: nothing to do, 4: changes pending',
  ];
  static flags = {
    out: Flags.string({ description: 'save the plan (JSON) for `yimen publish --plan FILE`; bound to the current state' }),
    'detailed-exitcode': Flags.boolean({ description: 'exit 0 when there is nothing to do, 4 when changes are pending (1/2 on errors)' }),
    refresh: Flags.boolean({ description: 'read the target and report drift (changed outside yimen); the state is not changed' }),
  };

  async run(): Promise<PublishPlan> {
    const { flags } = await this.parse(Plan);
    const ws = await this.workspace(flags);
    const plan = await planPublish(ws, this.store(ws), { refresh: flags.refresh });
    if (flags.out) {
      const file = resolve(process.cwd(), flags.out);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(plan, null, 2) + '\n');
    }
    this.log(renderPlan(plan));
    if (flags.out) this.log(`\nplan saved to ${flags.out}; apply it with \`yimen publish --plan ${flags.out}\``);
    if (flags['detailed-exitcode'] && plan.operations.length > 0) process.exitCode = ExitCode.planChanges;
    return plan;
  }
}

