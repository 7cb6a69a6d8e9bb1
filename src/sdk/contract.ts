// The source adapter contract (DESIGN §8), after Airbyte's spec / check / discover / read and
// Singer's config / state / catalog: the verbs an adapter has, the messages its read gives, and
// the context every verb is handed. Built-in adapters live in adapters/<name>/; third parties
// ship `yimen-adapter-<name>` packages that export the same shape.
import type { z } from 'zod';
import type { HttpClient, HttpClientOptions } from '../http/index.js';
import type { TableOptions, TableSheet } from './table/index.js';

export interface AdapterLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface StreamSpec {
  /** `services`, `entryPoints`, optionally `usage` */
  name: string;
  /** the fields whose values make a record's key */
  primaryKey: string[];
  /** the field an incremental read orders by, when the source has one */
  cursorField?: string;
}

export type RecordMessage = { type: 'record'; stream: string; key: string; locator: string; data: Record<string, unknown> };
export type StateMessage = { type: 'state'; stream: string; state: unknown };
export type QuarantineMessage = {
  type: 'quarantine';
  stream: string;
  locator: string;
  reason: string;
  raw?: unknown;
  /** the rest of the source (a whole file, a sheet) could not be read: the runner keeps what it has and removes nothing */
  incomplete?: boolean;
};
export type LogMessage = { type: 'log'; level: 'info' | 'warn'; message: string };
export type AdapterMessage = RecordMessage | StateMessage | QuarantineMessage | LogMessage;

export type CheckResult = { ok: true; message?: string } | { ok: false; reason: string; hint?: string };

/** Entry point records (stream `entryPoints`) carry these fields. */
export interface EntryPointRecord {
  kind: 'web' | 'deeplink' | 'miniprogram' | 'appstore' | 'qrcode';
  address: string;
  label?: string;
  serviceKey?: string;
  miniprogram?: { appId: string; path: string };
  /** set when the address was refused (javascript:, tel: …): kept, never followed */
  refused?: string;
}

/** What a caller must give: the rest of an AdapterContext is made from it (createAdapterContext). */
export interface AdapterContextInit {
  /** the workspace root: relative paths in config are resolved against it */
  root: string;
  /** the app being read */
  appId: string;
  log: AdapterLogger;
  /** environment variables (secrets are named in config, read from here) */
  env?: NodeJS.ProcessEnv;
  /** aborted on Ctrl-C: an adapter stops reading at the next record */
  signal?: AbortSignal;
}

/** What every adapter verb is handed: all an adapter needs of yimen, so it imports nothing else. */
export interface AdapterContext extends AdapterContextInit {
  env: NodeJS.ProcessEnv;
  /**
   * A client of the one HTTP layer: timeouts, retries with backoff, Retry-After, a rate budget and
   * secrets redacted; logging to `log` and stopping on `signal`. Adapters never retry on their own.
   */
  http(options?: HttpClientOptions): HttpClient;
  /** the one table reader: CSV/TSV/XLSX, encodings detected, rows in batches (see HeaderFinder for headers) */
  readTable(path: string, options?: TableOptions): Promise<TableSheet[]>;
  /** a path from config, relative to the workspace root (yimen.yaml's folder) */
  resolvePath(path: string): string;
  /** a state checkpoint: yield it after the records it covers; it is committed only once they are stored */
  checkpoint(stream: string, state: unknown): StateMessage;
  /** a row or object that cannot be read: yield it; the read goes on */
  quarantine(stream: string, locator: string, reason: string, more?: { raw?: unknown; incomplete?: boolean }): QuarantineMessage;
}

export interface SourceAdapter<C = Record<string, unknown>> {
  name: string;
  version: string;
  description: string;
  /** the streams it can offer (for `yimen adapters list`; `discover` gives the ones a config offers) */
  streams?: string[];
  /** the config schema: `yimen adapters list` shows it, and config errors are precise */
  spec: z.ZodType<C>;
  check(config: C, ctx: AdapterContext): Promise<CheckResult>;
  discover(config: C, ctx: AdapterContext): Promise<StreamSpec[]>;
  /** state: the last committed state per stream (undefined on a first run) */
  read(config: C, ctx: AdapterContext, state: Record<string, unknown>): AsyncIterable<AdapterMessage>;
  /**
   * Optional: the same messages as `read`, in the same order, a run of them per async step (a batch
   * of rows read): the runner uses it when present, so a row costs no async step of its own. Each
   * run is taken to its end before the next is asked for, so an adapter may make a run's messages
   * lazily (a generator) and log between them, as it would in `read`.
   */
  readBatches?(config: C, ctx: AdapterContext, state: Record<string, unknown>): AsyncIterable<Iterable<AdapterMessage>>;
  /**
   * Roughly how many bytes a read goes through, when the adapter can tell cheaply (the sizes of the
   * files it reads): a built-in adapter over a large source is read on a second thread.
   */
  readSize?(config: C, ctx: AdapterContext): number;
}

/** An adapter made with defineAdapter: its verbs also take a bare AdapterContextInit (tests, tools). */
export interface DefinedAdapter<C = Record<string, unknown>> extends SourceAdapter<C> {
  check(config: C, ctx: AdapterContextInit | AdapterContext): Promise<CheckResult>;
  discover(config: C, ctx: AdapterContextInit | AdapterContext): Promise<StreamSpec[]>;
  read(config: C, ctx: AdapterContextInit | AdapterContext, state?: Record<string, unknown>): AsyncIterable<AdapterMessage>;
  readBatches?(config: C, ctx: AdapterContextInit | AdapterContext, state?: Record<string, unknown>): AsyncIterable<Iterable<AdapterMessage>>;
}

