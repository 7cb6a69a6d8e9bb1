// The catalog side of proposing, a batch of stored services at a time: parse each service's JSON,
// take the rules and the catalog's verdict (proposeFromCatalog) and return flat columns of strings
// and numbers, the proposals already serialised as the store writes them. The same function runs
// on the main thread and in the worker (propose-worker.ts), so both paths give the same bytes.
import type { CatalogService } from '../schema/index.js';
import type { EncodedProposal } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import type { MatchDoc, NameIndex } from '../map/match/matcher.js';
import { taskTypeCode } from '../schema/task-type.js';
import { candidatesJson, proposeFromCatalog, proposeWithDuplicates, type MatchContext, type PendingProposal, type Proposal } from './propose.js';

/**
 * Shared slots by which a batch is claimed by the thread that proposes it (more than the batches
 * in flight): slot 1 + seq % SLOTS holds seq·4 when batch seq is posted, +1 once the main thread
 * claimed it, +2 once the worker did.
 */
export const SLOTS = 64;

/** a batch's services and their catalog-side proposals, column by column (cheap to post between threads) */
export interface PreparedBatch {
  /** each service's `id content_hash` line as stored (what a first decide's skip key hashes) */
  line: string[];
  id: string[];
  /** the source key (what entry points name the service by) */
  key: string[];
  name: string[];
  taskType: Array<string | null>;
  department: Array<string | null>;
  /** the final proposal's fields (null where the duplicate search is still to come) */
  action: Array<string | null>;
  target: Array<string | null>;
  decidedBy: Array<string | null>;
  rule: Array<string | null>;
  reason: Array<string | null>;
  score: Array<number | null>;
  candidates: Array<string | null>;
  fields: Array<string | null>;
  /** the PendingProposal's JSON, where the catalog found nothing close */
  pending: Array<string | null>;
  /**
   * Where given, the pending services were also searched for duplicates, in a copy of the
   * duplicate index that held this many services (the first ones the main thread added): their
   * final fields above are that answer. It stands for a service unless a service added since
   * shares a gram with it (NameIndex.changedSince); else the main thread searches again.
   */
  dups?: number;
  /** the catalog's new answers the worker's searches made (query, JSON, …): the main thread stores them (answers.ts) */
  answers?: string[];
}

/**
 * A proposal as the decision writes store it: the fields they compare, the candidates' JSON and
 * the rest of the decision's data (without its evidence) as the inside of a JSON object.
 */
export function encodeProposal(p: Proposal): EncodedProposal {
  const { reason, score, candidates, ...rest } = p;
  return { action: p.action, target: p.target, decidedBy: p.decidedBy, rule: p.rule, reason, score, candidates: candidates ? candidatesJson(candidates) : '[]', fields: JSON.stringify(rest).slice(1, -1) };
}

/** JSON.stringify(pending), written by hand (the same bytes) */
export function pendingJson(p: PendingProposal): string {
  const { cat } = p;
  const score = cat.score === undefined ? '' : `"score":${JSON.stringify(cat.score)},`;
  const visits = p.visits === undefined ? '' : `,"visits":${JSON.stringify(p.visits)}`;
  return `{"cat":{${score}"reason":${JSON.stringify(cat.reason)},"candidates":${candidatesJson(cat.candidates)}},"low":${p.low}${visits},"errs":${JSON.stringify(p.errs)}}`;
}

/**
 * The catalog side of a batch. With `dups` (the worker's copy of the duplicate index), the pending
 * services are searched there too, so the main thread only checks the answer (PreparedBatch.dups).
 */
export function prepareBatch(
  rows: readonly string[],
  lines: string[],
  ctx: MatchContext,
  policy: Workspace['config']['policy'],
  matching: Workspace['config']['matching'],
  dups?: NameIndex,
): PreparedBatch {
  const b: PreparedBatch = { line: lines, id: [], key: [], name: [], taskType: [], department: [], action: [], target: [], decidedBy: [], rule: [], reason: [], score: [], candidates: [], fields: [], pending: [] };
  if (dups) b.dups = dups.size;
  for (const row of rows) {
    const s = JSON.parse(row) as CatalogService;
    const taskType = taskTypeCode(s.taskType);
    b.id.push(s.id);
    b.key.push(s.source.sourceKey);
    b.name.push(s.name);
    b.taskType.push(taskType ?? null);
    b.department.push(s.agency?.name ?? null);
    const r = proposeFromCatalog(s, ctx, policy, matching);
    let e: EncodedProposal | undefined;
    if ('pending' in r) {
      b.pending.push(pendingJson(r.pending));
      // the query as docAt gives it on the main thread
      if (dups) e = encodeProposal(proposeWithDuplicates({ id: s.id, name: s.name, taskType, department: s.agency?.name }, r.pending, dups, policy, matching));
    } else {
      b.pending.push(null);
      e = encodeProposal(r);
    }
    if (!e) {
      b.action.push(null), b.target.push(null), b.decidedBy.push(null), b.rule.push(null), b.reason.push(null), b.score.push(null), b.candidates.push(null), b.fields.push(null);
      continue;
    }
    b.action.push(e.action), b.target.push(e.target ?? null), b.decidedBy.push(e.decidedBy), b.rule.push(e.rule ?? null), b.reason.push(e.reason);
    b.score.push(e.score ?? null), b.candidates.push(e.candidates), b.fields.push(e.fields);
  }
  return b;
}

/** the i-th service's match document, as serviceDoc makes it */
export function docAt(b: PreparedBatch, i: number): MatchDoc {
  return { id: b.id[i]!, name: b.name[i]!, taskType: b.taskType[i] ?? undefined, department: b.department[i] ?? undefined };
}

/** the i-th final proposal (undefined: pending, its duplicate search left to the main thread) */
export function encodedAt(b: PreparedBatch, i: number): EncodedProposal | undefined {
  const action = b.action[i];
  if (action === null || action === undefined) return undefined;
  return {
    action: action as Proposal['action'],
    target: b.target[i] ?? undefined,
    decidedBy: b.decidedBy[i] as Proposal['decidedBy'],
    rule: b.rule[i] ?? undefined,
    reason: b.reason[i]!,
    score: b.score[i] ?? undefined,
    candidates: b.candidates[i]!,
    fields: b.fields[i]!,
  };
}

