// `yimen review`: what waits for a person; --export writes the sheet `decide --import` reads back.
import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { BaseCommand } from '../cli/base-command.js';
import { renderReview } from '../cli/format/decide.js';
import { exportReview, listReview, type ReviewItem } from '../decide/review.js';
import { decisionsStale } from '../status/index.js';

export default class Review extends BaseCommand {
  static description = 'list the services a person must decide, with their candidates; --export writes a spreadsheet to fill in';
  static examples = [
    '<%= config.bin %> review',
    '<%= config.bin %> review --app wujiang --json',
    '<%= config.bin %> review --export out/review.xlsx   # fill in action / to / reason, then: yimen decide --import out/review.xlsx',
  ];
  static flags = {
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    export: Flags.string({ description: 'write the review items to this .xlsx, with columns for action / to / reason' }),
  };

  async run(): Promise<{ items: ReviewItem[]; exported?: string }> {
    const { flags } = await this.parse(Review);
    const ws = await this.workspace(flags, { checkFiles: false });
    const store = this.store(ws);
    const items = listReview(ws, store, { apps: flags.app });
    if (decisionsStale(store)) this.warn('the base catalog changed since the last `yimen decide`: run it first, or these items may be out of date');
    if (flags.export) {
      const file = resolve(process.cwd(), flags.export);
      await exportReview(items, file);
      this.log(`wrote ${items.length} review items to ${flags.export}: fill in action / to / reason, then \`yimen decide --import ${flags.export}\``);
      return { items, exported: file };
    }
    this.log(renderReview(items));
    return { items };
  }
}
