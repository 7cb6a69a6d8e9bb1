// The catalog matcher's answers kept in the store (migration 21), so a later app, or decide run
// again after a policy change, does not search the catalog again for a name searched before: the
// same standard services appear in every county's app. An answer is kept under a key naming the
// catalog index that gave it and the code that read it (yimen's version, DECIDE_INPUTS): another
// catalog, dictionary or yimen finds none, and the stage drops the others' when it stores its own.
import { createHash } from 'node:crypto';
import type { AnswerStore, ScoredCandidate } from '../map/match/matcher.js';
import type { Store } from '../store/store.js';

/** bump when an answer's JSON changes shape */
const ANSWERS_FORMAT = 1;

/** the key of the answers of one catalog index (its catalog's key and its digest: index-cache.ts), for this code */
export function answersKey(index: string, codeVersion: string): string {
  return createHash('sha1').update(JSON.stringify([ANSWERS_FORMAT, codeVersion, index])).digest('hex');
}

/**
 * The answers kept under `key` (none without a store: a worker thread with no connection), and
 * each new answer told to `add` as JSON, for the main thread to store with the stage's writes.
 */
export function storeAnswers(store: Store | undefined, key: string, add: (query: string, answer: string) => void): AnswerStore {
  return {
    get(query) {
      const text = store?.matchAnswers.get(key, query);
      // the scored candidates as the search gave them: their JSON is their every field
      return text === undefined ? undefined : (JSON.parse(text) as ScoredCandidate[]);
    },
    add(query, answer) {
      add(query, JSON.stringify(answer));
    },
  };
}
