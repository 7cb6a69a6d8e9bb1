// `yimen log`: the event log, who did what and when.
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderEvents } from '../cli/format/log.js';
import type { EventRow } from '../store/store.js';

export default class Log extends BaseCommand {
  static description = 'show the event log: who did what, when';
  static examples = ['<%= config.bin %> log', '<%= config.bin %> log --entity app:wujiang --limit 20', '<%= config.bin %> log --json'];
  static flags = {
    entity: Flags.string({ description: 'only events about this entity (e.g. app:wujiang, service:ID)' }),
    action: Flags.string({ description: 'only this action (e.g. extract, decide)' }),
    limit: Flags.integer({ description: 'the last N events', default: 50 }),
  };

  async run(): Promise<{ events: EventRow[] }> {
    const { flags } = await this.parse(Log);
    const ws = await this.workspace(flags, { checkFiles: false });
    const events = this.store(ws).events.list({ entity: flags.entity, action: flags.action, limit: flags.limit });
    this.log(renderEvents(events));
    return { events };
  }
}
