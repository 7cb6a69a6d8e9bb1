// The source adapter contract (DESIGN §8), after Airbyte's spec / check / discover / read and
// Singer's config / state / catalog. Built-in adapters live in adapters/<name>/; third parties
// ship `yimen-adapter-<name>` packages that export the same shape.
import type { z } from 'zod';

export interface AdapterLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface AdapterContext {
  /** the workspace root: relative paths in config are resolved against it */
  root: string;
  /** the app being read */
  appId: string;
  log: AdapterLogger;
  /** environment variables (secrets are named in config, read from here) */
  env: NodeJS.ProcessEnv;
  /** aborted on Ctrl-C: an adapter stops reading at the next record */
  signal?: AbortSignal;
}

export interface StreamSpec {
  /** `services`, `entryPoints`, optionally `usage` */
  name: string;
  /** the fields whose values make a record's key */
  primaryKey: string[];
  /** the field an incremental read orders by, when the source has one */
  cursorField?: string;
}

export type AdapterMessage =
  | { type: 'record'; stream: string; key: string; locator: string; data: Record<string, unknown> }
  | { type: 'state'; stream: string; state: unknown }
  | {
      type: 'quarantine';
      stream: string;
      locator: string;
      reason: string;
      raw?: unknown;
      /** the rest of the source (a whole file, a sheet) could not be read: the runner keeps what it has and removes nothing */
      incomplete?: boolean;
    }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

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
}

export function defineAdapter<C>(a: SourceAdapter<C>): SourceAdapter<C> {
  return a;
}
