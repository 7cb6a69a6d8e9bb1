// The map stage's pages, in order across the apps it maps: each app's raw records in pages of
// rowids, mapped by the worker thread (which reads them itself) or by the main thread, and handed
// to the stage in order. The worker runs ahead across app boundaries, so it keeps busy while the
// main thread finishes and commits an app; the main thread maps a page itself only while the
// worker's oldest page is not answered. Whoever maps a page, it gives the same bytes (mapBatch);
// a page's error is thrown when the stage reaches that page, as on one thread.
import { mapBatch, type AppMapContext, type MappedBatch } from './records.js';
import { mapStats, type MapWorker, type PageAnswer } from './mapper.js';

/** pages sent to the worker ahead of the one the stage is writing */
const WORKER_AHEAD = 4;
/** pages the main thread maps ahead while it waits for the worker's oldest */
const OWN_AHEAD = 8;

/** one app's part: what its records are mapped with, and their rowids in stored order */
export interface AppPages {
  ctx: AppMapContext;
  rowids: number[];
}

interface Slot {
  app: number;
  rowids: number[];
  answer?: PageAnswer;
}

export class PageQueue {
  /** prepared apps; null: done with (its pages written), not kept */
  private readonly apps: Array<AppPages | null | undefined> = [];
  /** the next page not yet handed to anyone: app index, position in its rowids */
  private feedApp = 0;
  private feedAt = 0;
  /** pages taken, in order (the first is the next the stage writes) */
  private readonly slots: Slot[] = [];
  /** the slots sent to the worker whose answers have not come back, in order (one the main thread took back, stealLast, included) */
  private atWorker: Slot[] = [];
  /** the app whose context the worker holds */
  private workerApp = -1;
  private worker: MapWorker | undefined;

  /**
   * `count` apps, prepared (their context and rowids read) when their first page is taken;
   * `read` gives a page's rows on the main thread's connection.
   */
  constructor(
    private readonly count: number,
    private readonly prepare: (i: number) => AppPages,
    private readonly read: (rowids: number[]) => string[],
    worker: MapWorker | undefined,
    private readonly pageSize: number,
  ) {
    this.worker = worker;
  }

  /** app i's part (prepared on first use) */
  app(i: number): AppPages {
    const a = this.apps[i];
    if (a === null) throw new Error(`internal: map's pages of app ${i} were asked for again`);
    return a ?? (this.apps[i] = this.prepare(i));
  }

  /** app i's pages, mapped, in order; the apps are asked for in order, each one's pages to the end */
  *pages(i: number): Generator<MappedBatch> {
    let left = Math.ceil(this.app(i).rowids.length / this.pageSize);
    while (left > 0) {
      this.feedWorker();
      const head = this.slots[0];
      if (head?.answer) {
        this.slots.shift();
        left--;
        if ('error' in head.answer) throw head.answer.error;
        yield head.answer.ok;
        continue;
      }
      if (head) {
        // the head is the worker's: its answer, else a page mapped here meanwhile, else wait
        const got = this.worker!.poll();
        if (got) this.answered(got);
        else if (this.slots.length - this.atWorker.length < OWN_AHEAD && this.mapNextHere()) continue;
        else if (this.stealLast()) continue;
        else {
          const t = performance.now();
          const m = this.worker!.receive();
          mapStats.waitMs += performance.now() - t;
          this.answered(m);
        }
        continue;
      }
      // nothing in flight: the next page is this app's
      this.mapNextHere();
    }
    // its rowids and entry points are not kept; the feed has passed it (every page was taken)
    this.apps[i] = null;
  }

  /** the worker's answer for its oldest page; a page it failed on is mapped here (the main thread's
   *  error is the one to give), and so is every page still at it: it is not sent more */
  private answered(m: PageAnswer): void {
    const s = this.atWorker.shift()!;
    // a page mapped here meanwhile (stealLast) keeps that answer: the same bytes
    if (s.answer) return;
    if ('ok' in m) {
      s.answer = m;
      mapStats.byWorker++;
      return;
    }
    mapStats.workerFailed++;
    this.worker = undefined;
    for (const x of [s, ...this.atWorker]) x.answer ??= this.mapHere(x);
    this.atWorker = [];
  }

  /**
   * With no page left to take, the main thread maps the worker's newest unanswered page itself
   * (the worker works from its oldest), instead of waiting for both: the stage's last pages end
   * sooner. The worker's answer for it, when it comes, is dropped. False when there is none but the oldest.
   */
  private stealLast(): boolean {
    if (!this.takenAll()) return false;
    for (let k = this.atWorker.length - 1; k > 0; k--) {
      const s = this.atWorker[k]!;
      if (s.answer) continue;
      s.answer = this.mapHere(s);
      mapStats.stolen++;
      return true;
    }
    return false;
  }

  /** sends the worker pages until it holds WORKER_AHEAD of them (once it has loaded) */
  private feedWorker(): void {
    const w = this.worker;
    if (!w) return;
    while (this.atWorker.length < WORKER_AHEAD && w.ready()) {
      const s = this.take();
      if (!s) return;
      if (s.app !== this.workerApp) w.app(this.app((this.workerApp = s.app)).ctx);
      w.send(s.rowids);
      this.slots.push(s);
      this.atWorker.push(s);
    }
  }

  /** takes the next page and maps it on this thread; false when every page is taken */
  private mapNextHere(): boolean {
    const s = this.take();
    if (!s) return false;
    if (this.worker && !this.worker.ready()) mapStats.beforeReady++;
    s.answer = this.mapHere(s);
    this.slots.push(s);
    return true;
  }

  private mapHere(s: Slot): PageAnswer {
    try {
      return { ok: mapBatch(this.app(s.app).ctx, this.read(s.rowids)) };
    } catch (e) {
      // kept until the stage reaches this page: an earlier app still commits, as on one thread
      return { error: e };
    }
  }

  /** the next page in order, across apps */
  private take(): Slot | undefined {
    if (this.takenAll()) return undefined;
    mapStats.pages++;
    return { app: this.feedApp, rowids: this.app(this.feedApp).rowids.slice(this.feedAt, (this.feedAt += this.pageSize)) };
  }

  /** has every page been taken? (else the feed stands at the next one) */
  private takenAll(): boolean {
    for (; this.feedApp < this.count; this.feedApp++, this.feedAt = 0) {
      // an app done with had no page left to take
      const a = this.apps[this.feedApp] === null ? undefined : this.app(this.feedApp);
      if (a && this.feedAt < a.rowids.length) return false;
    }
    return true;
  }
}
