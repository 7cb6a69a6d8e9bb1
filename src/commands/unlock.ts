import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { readLock, unlockWorkspace, type LockInfo } from '../publish/index.js';
import { findWorkspaceRoot, workspacePaths } from '../workspace/paths.js';

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
    const paths = workspacePaths(findWorkspaceRoot(flags.workspace));
    if (flags.show || !args.id) {
      const lock = readLock(paths.lock);
      this.log(lock ? `locked by ${lock.actor} (${lock.operation}, pid ${lock.pid} on ${lock.host}, since ${lock.started}); id ${lock.id}` : 'the workspace is not locked');
      return { lock, broken: false };
    }
    const lock = unlockWorkspace(paths, args.id, { actor: this.actor(flags), force: flags.force });
    this.log(`lock ${lock.id} broken; the next publish reconciles whatever that run left pending`);
    return { lock, broken: true };
  }
}
