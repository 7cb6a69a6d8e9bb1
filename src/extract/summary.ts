// What an extract run reports per app and per stream (the `--json` shape of `yimen extract`).

export interface StreamSummary {
  stream: string;
  read: number;
  new: number;
  changed: number;
  unchanged: number;
  quarantined: number;
  /** records the source no longer has (removed on a full read) */
  removed: number;
  /** true when this stream was read in full (no saved state), so `removed` was swept */
  full: boolean;
  /** part of the source could not be read (an unreadable file or sheet): nothing was removed */
  incomplete?: boolean;
}

export interface EntryPointSummary {
  /** entry points after canonicalisation (one per canonical address) */
  total: number;
  /** addresses read before canonicalisation: "N addresses → M entry points" */
  addresses?: number;
  /** addresses claimed by more than one service (docs/adapters.md, "Shared addresses") */
  conflicts?: number;
  /** already on the unified app: no rule */
  migrated?: number;
  /** another site's address: left alone, listed */
  external?: number;
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
  refused: number;
}

export interface AppExtractSummary {
  appId: string;
  adapter: string;
  ok: boolean;
  /** why the app's extract failed: nothing it read was kept, the last complete snapshot stays current */
  error?: string;
  /** the error code when the failure is one of yimen's own refusals (E_SOURCE_SHRANK) */
  code?: string;
  /** streams whose full read kept far fewer records than the last snapshot (refused unless accepted) */
  shrank?: Array<{ stream: string; before: number; after: number }>;
  /** part of the source was unreadable (see the quarantine): nothing was removed */
  incomplete?: boolean;
  aborted?: boolean;
  streams: StreamSummary[];
  entryPoints: EntryPointSummary;
  quarantined: number;
  warnings: string[];
  durationMs: number;
  /** the app's sources, when it has more than one (records merged by key) */
  sources?: Array<{ adapter: string; read: number }>;
  /** joined tables: rows, rows that matched a record, and the unmatched rows' locators (the first 20) */
  joins?: JoinSummary[];
}

export interface JoinSummary {
  file: string;
  on: string;
  rows: number;
  matched: number;
  unmatched: number;
  unmatchedRows: string[];
  /** records of the stream no row matched */
  recordsWithout: number;
}
