// The target contract inside yimen: what `publish` needs from a place services are published to.
// Each target is one file in this folder plus one line in targets/index.ts.

/** An item as the target holds it (the contract's ServiceItem). */
export interface RemoteItem {
  externalId: string;
  /** the item's code on the target (its catalogCode, else the external id) */
  code?: string;
  status: 'listed' | 'unlisted';
  version?: string;
  /** the body as the target stores it (the contract's ServiceBody) */
  service: unknown;
}

export interface OpResult {
  created?: boolean;
  item?: RemoteItem;
  /** the target replayed an earlier response for this idempotency key */
  replayed?: boolean;
}

export interface PublishTarget {
  /** the name publications are recorded under (local, http, package) */
  readonly name: string;
  /** where it publishes, for people (a URL, a folder) */
  readonly description: string;
  /** outcomes become durable only after flush() (a package written at the end), not per call */
  readonly deferred?: boolean;
  /** fails early on what would fail every call (a missing token) */
  prepare?(): Promise<void>;
  get(externalId: string): Promise<RemoteItem | undefined>;
  put(externalId: string, body: unknown, idempotencyKey: string): Promise<OpResult>;
  unlist(externalId: string, idempotencyKey: string): Promise<OpResult>;
  /** every item the target holds (for --refresh and verification) */
  list(): AsyncIterable<RemoteItem>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

/** A failure the target reported (or that reaching it produced), with its reason. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly problem?: { type?: string; title?: string; detail?: string; [k: string]: unknown },
  ) {
    super(message);
    this.name = 'TargetError';
  }
}
