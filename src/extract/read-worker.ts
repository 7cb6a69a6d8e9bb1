// The worker side of a threaded read (./read-thread.ts): loads the built-in adapter, runs its read
// and prepares each record as Ingest.accept would (text sanitised, content hash, data JSON), posting
// everything back in order, in batches, waiting when MAX_IN_FLIGHT batches are not yet taken.
import { parentPort, workerData } from 'node:worker_threads';
import { createAdapterContext, messageRuns, type AdapterMessage } from '../sdk/index.js';
import { recordForm, sha1Into, takeFlat, takenJsonBound, takenShape, takenSortedKeys, writeTakenJson, writeUtf8 } from './record-form.js';
import { describeTextChanges, sanitizeRecord } from '../text/index.js';
import { YimenError } from '../errors.js';
import { BUILTIN_LOADERS } from './builtins.js';
import { HASH_AHEAD, K_LOG, K_MESSAGE, K_RECORD, K_RECORD_MORE, MAX_IN_FLIGHT, N_PER_RECORD, type HostMessage, type ReadThreadData, type RecordMore, type WorkerReply } from './read-thread.js';

const port = parentPort!;
const data = workerData as ReadThreadData;
const abort = new AbortController();
let credits = MAX_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on('message', (m: HostMessage) => {
  if (m.t === 'ack') credits++;
  else abort.abort();
  const f = wake;
  wake = undefined;
  f?.();
});

// the batch's kinds and numbers in typed arrays, transferred with it: no array grown by push per
// item, no copy at the post, no number cloned one by one at either end
let k = new Uint8Array(data.batchItems + 64);
/** items in this batch (kinds written in k) */
let items = 0;
let bytes = Buffer.allocUnsafeSlow(1 << 20);
let at = 0;
let n = new Int32Array((data.batchItems + 64) * N_PER_RECORD);
/** numbers written in n */
let nn = 0;
let o: unknown[] = [];
let names: string[] = [];
let nameAt = new Map<string, number>();
/** whether this batch's plain records carry their content hash (decided as the batch begins) */
let hashing = false;

const post = (m: WorkerReply, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

function postBatch(): void {
  if (!items) return;
  const out = new Uint8Array(bytes.buffer, 0, at);
  // read before the transfer, which leaves the buffers empty
  const size = bytes.length;
  const kSize = k.length;
  const nSize = n.length;
  post({ t: 'batch', k: k.subarray(0, items), bytes: out, n: n.subarray(0, nn), h: hashing, names, o }, [k.buffer, n.buffer, bytes.buffer as ArrayBuffer]);
  // the buffers went with the batch: new ones, as large as the last ones needed
  bytes = Buffer.allocUnsafeSlow(size);
  at = 0;
  k = new Uint8Array(kSize);
  items = 0;
  n = new Int32Array(nSize);
  nn = 0;
  o = [];
  names = [];
  nameAt = new Map();
  credits--;
}

/** adds an item of this kind to the batch */
function kind(x: number): void {
  if (items === k.length) {
    const grown = new Uint8Array(k.length * 2);
    grown.set(k);
    k = grown;
  }
  k[items++] = x;
}

/** adds a number to the batch's numbers */
function num(x: number): void {
  if (nn === n.length) {
    const grown = new Int32Array(n.length * 2);
    grown.set(n);
    n = grown;
  }
  n[nn++] = x;
}

/** room for `more` bytes at the end of the batch's bytes */
function room(more: number): void {
  if (at + more <= bytes.length) return;
  const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, at + more));
  bytes.copy(grown, 0, 0, at);
  bytes = grown;
}

/** writes a string as UTF-8 at the end of the batch's bytes; its length in bytes */
function write(str: string): number {
  room(str.length * 3);
  const from = at;
  at = writeUtf8(str, bytes, at);
  return at - from;
}

/** a flat record's sorted keys (JSON) as UTF-8, the same for a file's rows: encoded once */
let keysText = '';
let keysBytes = Buffer.alloc(0);
function writeKeys(sortedKeys: string): number {
  if (sortedKeys !== keysText) {
    keysText = sortedKeys;
    keysBytes = Buffer.from(sortedKeys);
  }
  room(keysBytes.length);
  bytes.set(keysBytes, at);
  at += keysBytes.length;
  return keysBytes.length;
}

/** a stream's or a shape's index in this batch's names */
function nameIndex(name: string): number {
  let i = nameAt.get(name);
  if (i === undefined) nameAt.set(name, (i = names.push(name) - 1));
  return i;
}

/** a message as Ingest.accept takes it: a well-formed record prepared here, anything else as it is */
function prepare(m: AdapterMessage): void {
  if (m.type !== 'record' || typeof m.key !== 'string' || !m.key || !m.data || typeof m.data !== 'object') {
    kind(K_MESSAGE);
    o.push(m);
    return;
  }
  let rec = m.data;
  const clean = sanitizeRecord(rec);
  let changes: string | undefined;
  if (clean.changes.length) {
    rec = clean.data;
    changes = describeTextChanges(clean.changes);
  }
  if (changes === undefined && m.stream !== 'entryPoints' && takeFlat(rec)) {
    // the SHA-1 made here while the main thread has batches enough to take (see HASH_AHEAD)
    if (!items) hashing = MAX_IN_FLIGHT - credits >= (data.hashAhead ?? HASH_AHEAD);
    // its sorted keys' bytes and then its JSON's: the content hash is the SHA-1 of the two as they
    // lie, made here or by the main thread (the one with time to spare), which stores the JSON's
    kind(K_RECORD);
    num(nameIndex(m.stream));
    num(nameIndex(takenShape()));
    num(write(m.key));
    num(write(m.locator));
    const keysAt = at;
    num(writeKeys(takenSortedKeys()));
    // the JSON written straight into the batch: no string made of it
    room(takenJsonBound() + 40);
    const from = at;
    at = writeTakenJson(bytes, at);
    num(at - from);
    // its 20 bytes, as the store keeps them
    if (hashing) at = sha1Into(bytes.subarray(keysAt, at), bytes, at);
    return;
  }
  const form = recordForm(rec);
  const more: RecordMore = { stream: m.stream, key: m.key, locator: m.locator, hash: form.contentHash, json: form.json };
  if (form.shape !== undefined) more.shape = form.shape;
  if (changes !== undefined) more.changes = changes;
  // entry points are materialised from their data on the main thread (Ingest.applyRecord)
  if (m.stream === 'entryPoints') more.data = rec;
  kind(K_RECORD_MORE);
  o.push(more);
}

const log = {
  info: (message: string) => (kind(K_LOG), o.push({ level: 'info', message })),
  warn: (message: string) => (kind(K_LOG), o.push({ level: 'warn', message })),
};

async function run(): Promise<void> {
  const adapter = await BUILTIN_LOADERS[data.builtin]();
  const ctx = createAdapterContext({ root: data.root, appId: data.appId, env: process.env, signal: abort.signal, log }, adapter.name);
  for await (const run of messageRuns(adapter, data.config, ctx, data.state)) {
    for (const m of run) {
      prepare(m);
      if (items >= data.batchItems) {
        postBatch();
        while (credits <= 0 && !abort.signal.aborted) await new Promise<void>((r) => (wake = r));
        if (abort.signal.aborted) return;
      }
    }
  }
  postBatch();
  post({ t: 'end' });
}

try {
  await run();
} catch (e) {
  // what was read before the failure goes first, as on one thread
  postBatch();
  const typed = e instanceof YimenError ? { code: e.code, ...(e.hint ? { hint: e.hint } : {}) } : {};
  post({ t: 'error', message: (e as Error)?.message || String(e), ...typed });
}
