// One progress bar for long commands (extract's per app, publish's per phase): shown only on a
// terminal and never under --json; a new key (app, phase) starts a new bar; log lines can be
// written between bars without tearing them.
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';

// required when a bar is drawn (a terminal), not by every command that can draw one
const require = createRequire(import.meta.url);

export class Progress {
  private readonly bar?: cliProgress.SingleBar;
  private key = '';
  private last: { value: number; total: number; payload: Record<string, unknown> } = { value: 0, total: 0, payload: {} };

  constructor(format: string | undefined) {
    if (format) {
      const bars = require('cli-progress') as typeof cliProgress;
      this.bar = new bars.SingleBar({ format, hideCursor: true, clearOnComplete: true, stream: process.stderr }, bars.Presets.shades_classic);
    }
  }

  get active(): boolean {
    return this.bar !== undefined;
  }

  /** shows `value` of `total` for `key`; a new key stops the previous bar and starts another */
  update(key: string, value: number, total: number, payload: Record<string, unknown> = {}): void {
    if (!this.bar) return;
    if (key !== this.key) {
      if (this.key) this.bar.stop();
      this.key = key;
      this.bar.start(total, value, payload);
    }
    this.bar.setTotal(total);
    this.bar.update(value, payload);
    this.last = { value, total, payload };
  }

  /** the unit `key` is done: its bar goes */
  done(): void {
    if (this.key) this.bar?.stop();
    this.key = '';
  }

  /** writes a line to stderr between bars */
  line(text: string): void {
    if (this.bar && this.key) {
      this.bar.stop();
      process.stderr.write(text + '\n');
      this.bar.start(this.last.total, this.last.value, this.last.payload);
    } else process.stderr.write(text + '\n');
  }

  stop(): void {
    this.bar?.stop();
    this.key = '';
  }
}
