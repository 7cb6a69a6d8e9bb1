// yimen init [DIR]: writes a commented starter workspace, or copies a bundled example
// (--example jiangsu). Refuses to overwrite an existing yimen.yaml unless --force.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderInit } from '../cli/format/workspace.js';
import { initWorkspace, type InitResult } from '../workspace/init.js';

export default class Init extends BaseCommand {
  static description = 'create a workspace: a commented starter yimen.yaml with a sample app, or a copy of a bundled example';
  static examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init ./jiangsu-2027',
    '<%= config.bin %> init --example jiangsu ./demo',
    '<%= config.bin %> init ./jiangsu-2027 --force',
  ];
  static args = {
    dir: Args.string({ description: 'folder to create the workspace in (created if missing); default: --workspace, else the current folder' }),
  };
  static flags = {
    example: Flags.string({ description: 'copy a bundled example instead of the starter (e.g. jiangsu)' }),
    force: Flags.boolean({ description: 'overwrite an existing yimen.yaml (and the files init writes); other files are left alone', default: false }),
  };

  async run(): Promise<InitResult> {
    const { args, flags } = await this.parse(Init);
    // DIR, else --workspace (or YIMEN_WORKSPACE), else here
    const r = await initWorkspace({ dir: args.dir ?? flags.workspace ?? '.', example: flags.example, force: flags.force, actor: this.actor(flags) });
    this.log(renderInit(r));
    return r;
  }
}
