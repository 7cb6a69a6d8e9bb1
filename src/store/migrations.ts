// Versioned schema migrations for the SQLite store. Append only: never edit a shipped migration;
// add the next one. Versions may leave gaps (branches reserve numbers): the migrator records each
// applied version in `schema_migrations` and applies every missing one in ascending order, so a
// lower number merged later still runs; `PRAGMA user_version` holds the highest applied.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'foundation',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT
      );
      CREATE INDEX events_entity ON events(entity);
      -- the event log is append-only
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

      CREATE TABLE raw_records (
        app_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        key TEXT NOT NULL,
        locator TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (app_id, stream, key)
      );
      CREATE TABLE extract_state (
        app_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (app_id, stream)
      );
      CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        app_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        stream TEXT,
        locator TEXT NOT NULL,
        reason TEXT NOT NULL,
        field TEXT,
        data TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX quarantine_app ON quarantine(app_id, stage);

      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        has_errors INTEGER NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX services_app ON services(app_id);
      CREATE TABLE entry_points (
        id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX entry_points_app ON entry_points(app_id);

      CREATE TABLE base_catalog (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TABLE decisions (
        service_id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        action TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX decisions_app ON decisions(app_id);

      CREATE TABLE publications (
        service_id TEXT NOT NULL,
        target TEXT NOT NULL,
        app_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        status TEXT NOT NULL,
        url TEXT,
        remote_version TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (service_id, target)
      );
      CREATE TABLE local_catalog (
        external_id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE redirect_rules (
        entry_point_id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX redirect_rules_app ON redirect_rules(app_id);
    `,
  },
  {
    version: 2,
    name: 'publish journal',
    sql: `
      -- every publish operation: the intent is written before the target is called, the outcome
      -- after; a row left 'pending' by a crash is reconciled against the target on the next run
      CREATE TABLE publish_journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        target TEXT NOT NULL,
        service_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        op TEXT NOT NULL,
        external_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        body TEXT,
        result TEXT,
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX publish_journal_status ON publish_journal(target, status);
      CREATE INDEX publish_journal_service ON publish_journal(service_id, target);
    `,
  },
  {
    version: 3,
    name: 'decision evidence',
    sql: `
      -- a decision's evidence (the reason's wording for rules and the matcher, score, candidates)
      -- sits beside it, so a re-run whose scores moved does not count as a changed decision;
      -- decisions.data keeps the rest (stable content, actor, time)
      CREATE TABLE decision_evidence (
        service_id TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        score REAL,
        candidates TEXT NOT NULL,
        at TEXT NOT NULL
      );
      INSERT INTO decision_evidence(service_id, reason, score, candidates, at)
        SELECT service_id, json_extract(data, '$.reason'), json_extract(data, '$.score'), coalesce(json_extract(data, '$.candidates'), '[]'), at FROM decisions;
      UPDATE decisions SET data = json_remove(data, '$.reason', '$.score', '$.candidates');
    `,
  },
  {
    version: 10,
    name: 'redirect verification and traffic',
    sql: `
      -- one row per probe of an entry point (yimen redirects verify); the latest per entry point counts
      CREATE TABLE redirect_verifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        entry_point_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        at TEXT NOT NULL,
        url TEXT NOT NULL,
        expected_status INTEGER NOT NULL,
        expected_location TEXT,
        status INTEGER,
        location TEXT,
        outcome TEXT NOT NULL,
        message TEXT NOT NULL,
        hops TEXT
      );
      CREATE INDEX redirect_verifications_ep ON redirect_verifications(entry_point_id, id);
      CREATE INDEX redirect_verifications_app ON redirect_verifications(app_id);
      -- traffic per canonical old address, summed over imported logs
      CREATE TABLE redirect_hits (
        app_id TEXT NOT NULL,
        address TEXT NOT NULL,
        entry_point_id TEXT,
        hits INTEGER NOT NULL,
        last_seen TEXT,
        PRIMARY KEY (app_id, address)
      );
      CREATE INDEX redirect_hits_ep ON redirect_hits(entry_point_id);
      -- imported log files by identity, so the same log is never counted twice
      CREATE TABLE hits_imports (
        identity TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        lines INTEGER NOT NULL,
        counted INTEGER NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
  {
    version: 14,
    name: 'status counts from covering indexes',
    sql: `
      -- yimen status counts per app from indexes alone (bench/status): each replaces the app_id
      -- index it extends, so writes keep the same number of indexes. IF EXISTS: versions 11-13
      -- may be merged later and run after this one.
      DROP INDEX IF EXISTS services_app;
      CREATE INDEX services_app_errors ON services(app_id, has_errors);
      DROP INDEX IF EXISTS decisions_app;
      CREATE INDEX decisions_app_action ON decisions(app_id, action, decided_by, service_id);
      DROP INDEX IF EXISTS redirect_rules_app;
      -- the expressions exactly as SqliteStatus groups and filters by them, or SQLite will not use them
      CREATE INDEX redirect_rules_app_action ON redirect_rules(app_id, json_extract(data, '$.action'), json_extract(data, '$.kind'), entry_point_id);
    `,
  },
  {
    version: 11,
    name: 'name aliases people taught',
    sql: `
      -- a person said this service name is catalog item code (yimen decide … --action merge --to CODE):
      -- the matcher uses it for every app and later run; removing the row undoes it
      CREATE TABLE name_aliases (
        name TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        service_id TEXT
      );
    `,
  },
  {
    version: 15,
    name: 'cached catalog match index',
    sql: `
      -- the matcher's index of the base catalog, built once per catalog version (key: its content
      -- and the dictionary) and read by every later decide; the catalog's replace clears it
      CREATE TABLE catalog_match_index (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
  {
    version: 16,
    name: 'compact raw records',
    sql: `
      -- a flat raw record (a spreadsheet row) is stored as the JSON array of its values, in its keys'
      -- sorted order; its keys, in their own order, once here (id derived from them). Rows without a
      -- shape keep their JSON object. The foreign key lets the store notice a shape a rolled-back
      -- transaction took with it.
      CREATE TABLE raw_shapes (
        id INTEGER PRIMARY KEY,
        keys TEXT NOT NULL
      );
      ALTER TABLE raw_records ADD COLUMN shape INTEGER REFERENCES raw_shapes(id);
    `,
  },
  {
    version: 17,
    name: 'narrow raw record stamps',
    sql: `
      -- a raw record stored from now on keeps its time stamps as epoch milliseconds: seen_at when first
      -- stored, changed_at when its content last changed (NULL: not since), with first_seen and
      -- last_seen left ''. Rows stored before keep their ISO texts; the store reads either as ISO text.
      ALTER TABLE raw_records ADD COLUMN seen_at INTEGER;
      ALTER TABLE raw_records ADD COLUMN changed_at INTEGER;
    `,
  },
  {
    version: 19,
    name: 'decision evidence in the decision row',
    sql: `
      -- a decision and its evidence in one row: decide writes one statement and four b-trees per
      -- decision instead of two and five (300,000s of decisions a run). Still apart from the
      -- decision's stable content (data): a re-run whose scores moved updates these columns only.
      -- evidence_at: when the evidence was last written (decisions.at: the decision)
      ALTER TABLE decisions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
      ALTER TABLE decisions ADD COLUMN score REAL;
      ALTER TABLE decisions ADD COLUMN candidates TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE decisions ADD COLUMN evidence_at TEXT;
      UPDATE decisions SET reason = e.reason, score = e.score, candidates = e.candidates, evidence_at = e.at
        FROM decision_evidence e WHERE e.service_id = decisions.service_id;
      -- a decision without evidence was never read (an inner join): none should exist
      DELETE FROM decisions WHERE evidence_at IS NULL;
      DROP TABLE decision_evidence;
      -- readers of the old table (scripts, support queries) read the same columns
      CREATE VIEW decision_evidence AS SELECT service_id, reason, score, candidates, evidence_at AS at FROM decisions;
    `,
  },
  {
    version: 20,
    name: 'narrow raw rows',
    sql: `
      -- raw records keyed by a stream id (app and stream once, in raw_streams) instead of their texts
      -- in every row and in the key index, and a content hash of 40 lowercase hex digits kept as its
      -- 20 bytes (any other hash text as it is): about 50 bytes a row less, which the INSERT, the key
      -- index and the WAL checkpoint all pay for. Rows keep their rowids (map reads in rowid order),
      -- their data, shapes and time stamps; the old ISO texts of rows stored before migration 17
      -- stay (NULL, not '', when there are none).
      CREATE TABLE raw_streams (
        id INTEGER PRIMARY KEY,
        app_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        UNIQUE (app_id, stream)
      );
      INSERT INTO raw_streams(app_id, stream) SELECT app_id, stream FROM raw_records GROUP BY app_id, stream ORDER BY app_id, stream;
      -- hash: no affinity (BLOB), so a text stays text. No foreign key on stream_id (a parent lookup
      -- a row): the store forgets the stream ids it knows whenever a transaction begins or rolls back
      CREATE TABLE raw_rows (
        stream_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        locator TEXT NOT NULL,
        hash BLOB NOT NULL,
        data TEXT NOT NULL,
        shape INTEGER REFERENCES raw_shapes(id),
        seen_at INTEGER,
        changed_at INTEGER,
        first_seen TEXT,
        last_seen TEXT,
        PRIMARY KEY (stream_id, key)
      );
      INSERT INTO raw_rows(rowid, stream_id, key, locator, hash, data, shape, seen_at, changed_at, first_seen, last_seen)
        SELECT r.rowid, s.id, r.key, r.locator,
          CASE WHEN length(r.content_hash) = 40 AND r.content_hash NOT GLOB '*[^0-9a-f]*' THEN unhex(r.content_hash) ELSE r.content_hash END,
          r.data, r.shape, r.seen_at, r.changed_at, nullif(r.first_seen, ''), nullif(r.last_seen, '')
        FROM raw_records r JOIN raw_streams s ON s.app_id = r.app_id AND s.stream = r.stream ORDER BY r.rowid;
      DROP TABLE raw_records;
      -- readers of the old table (scripts, support queries) read the same columns; the store itself
      -- reads raw_rows
      CREATE VIEW raw_records AS
        SELECT r.rowid AS rowid, s.app_id, s.stream, r.key, r.locator,
          CASE WHEN typeof(r.hash) = 'blob' THEN lower(hex(r.hash)) ELSE r.hash END AS content_hash,
          r.data, coalesce(r.first_seen, '') AS first_seen, coalesce(r.last_seen, '') AS last_seen, r.shape, r.seen_at, r.changed_at
        FROM raw_rows r JOIN raw_streams s ON s.id = r.stream_id;
    `,
  },
  {
    version: 21,
    name: 'catalog match answers',
    sql: `
      -- the catalog matcher's answers by query, for one catalog index and one yimen (their key, in
      -- meta catalog.answers.key: the answers of one key at a time): a later app, or decide run
      -- again after a policy change, finds most of its names answered (the same standard services
      -- in every county's app); the catalog's replace clears them
      CREATE TABLE catalog_match_answers (
        query TEXT PRIMARY KEY,
        answer TEXT NOT NULL
      );
    `,
  },
];

/** the newest schema version this yimen knows (the array is not kept in order: branches append) */
export const LATEST_VERSION = MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);
