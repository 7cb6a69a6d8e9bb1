// `yimen unlock ID`: break a stale workspace lock by its id (recorded in the event log); --show: who holds it.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderLockHolder, renderUnlocked } from '../cli/format/workspace.js';
import { unlockWorkspace, workspaceLock, type LockInfo } from '../workspace/lock.js';
import { findWorkspaceRoot } from '../workspace/paths.js';

export default class Unlock extends BaseCommand {
  static description = 'break a stale workspace lock (left by a publish run that died), by its id';
  static examples = ['<%= config.bin %> unlock 1f0c…   # the id from the lock message or .yimen/lock.json', '<%= config.bin %> unlock --show'];
  static args = { id: Args.string({ description: 'the lock id' }) };
  static flags = {
    force: Flags.boolean({ description: 'break it even though its process still runs on this host' }),
    show: Flags.boolean({ description: 'only show who holds the lock' }),
  };

  async run(): Promise<{ lock?: LockInfo; broken: boolean }> {
    const { args, flags } = await this.parse(Unlock);
    const root = findWorkspaceRoot(flags.workspace);
    if (flags.show || !args.id) {
      const lock = workspaceLock(root);
      this.log(renderLockHolder(lock));
      return { lock, broken: false };
    }
    const lock = unlockWorkspace(root, args.id, { actor: this.actor(flags), force: flags.force });
    this.log(renderUnlocked(lock));
    return { lock, broken: true };
  }
}
