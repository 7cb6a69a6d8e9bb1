// A person's decision (`yimen decide SERVICE --action …`): checked, recorded with the actor and a
// reason, never overridden by rules or the matcher on later runs.
import { UsageError, YimenError } from '../errors.js';
import { DISPOSITIONS, hasErrors, type Decision } from '../schema/index.js';
import type { Store, Upserted } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';

export interface PersonDecisionInput {
  actor: string;
  serviceId: string;
  action: 'merge' | 'migrate' | 'retire' | 'review';
  to?: string;
  reason: string;
}

/** A person's decision: checked, recorded with the actor, never overridden by rules or the matcher. */
export function recordPersonDecision(ws: Workspace, store: Store, input: PersonDecisionInput): { decision: Decision; result: Upserted } {
  const s = store.services.get(input.serviceId);
  if (!s) {
    throw new UsageError(`no service "${input.serviceId}" in this workspace`, 'run `yimen review` to see the ids of review items, or `yimen map` first');
  }
  if (!DISPOSITIONS.includes(input.action)) {
    throw new UsageError(`unknown action "${input.action}"`, `one of ${DISPOSITIONS.join(', ')}`);
  }
  if (!input.reason?.trim()) throw new UsageError('a decision needs a reason (--reason TEXT)', 'say why, for the people who read the log later');
  let target: string | undefined;
  if (input.action === 'merge') {
    const to = input.to?.trim();
    if (!to) throw new UsageError('merge needs --to CODE: the base catalog code (or the id of the service it duplicates)');
    if (store.catalog.get(to)) target = to;
    else if (store.services.get(to) && to !== s.id) target = to;
    else {
      throw new UsageError(`"${to}" is neither a base catalog code nor another service's id`, 'see the candidates in `yimen review`, or `yimen catalog import` the current catalog');
    }
  } else if (input.to) {
    throw new UsageError(`--to only goes with --action merge`);
  }
  if (hasErrors(s) && input.action === 'migrate') {
    throw new YimenError('E_INVALID_SERVICE', `service ${s.id} has error-severity issues and cannot be migrated until its data is fixed`, {
      hint: s.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}: ${i.message}`).join('; '),
      exitCode: 2,
    });
  }
  const prev = store.decisions.get(s.id);
  const decision: Decision = {
    serviceId: s.id,
    appId: s.appId,
    action: input.action,
    target,
    reason: input.reason.trim(),
    decidedBy: 'person',
    candidates: prev?.candidates ?? [],
    score: prev?.score,
    actor: input.actor,
    at: new Date().toISOString(),
  };
  const result = store.tx(() => {
    const r = store.decisions.upsert(decision);
    teach(store, s.name, s.id, input.action, target !== undefined && store.catalog.get(target) !== undefined ? target : undefined, input.actor, decision.at);
    if (r !== 'unchanged') {
      store.events.append({
        actor: input.actor,
        action: 'decide.person',
        entity: `service:${s.id}`,
        summary: `${input.action}${target ? ` → ${target}` : ''}: ${decision.reason}${prev ? ` (was ${prev.action} by ${prev.decidedBy})` : ''}`,
      });
    }
    return r;
  });
  return { decision, result };
}

/**
 * People teach the matcher: a person's merge of a service into catalog item X records the alias
 * name → X (used for every app and later run); sending that service back to review removes the
 * alias it taught. Both are events in the log.
 */
function teach(store: Store, name: string, serviceId: string, action: PersonDecisionInput['action'], code: string | undefined, actor: string, at: string): void {
  if (action === 'merge' && code) {
    const r = store.aliases.set({ name, code, actor, at, serviceId });
    if (r !== 'unchanged') store.events.append({ actor, action: 'alias.add', entity: `alias:${name}`, summary: `“${name}” is catalog item ${code} (taught by the decision on ${serviceId})` });
    return;
  }
  const prev = store.aliases.get(name);
  if (action === 'review' && prev && prev.serviceId === serviceId) {
    store.aliases.remove(name);
    store.events.append({ actor, action: 'alias.remove', entity: `alias:${name}`, summary: `“${name}” → ${prev.code} removed: ${serviceId} sent back to review` });
  }
}

/** `yimen aliases remove NAME`: undoes what a person taught; the next decide run re-matches the name. */
export function removeAlias(store: Store, name: string, actor: string): { removed: boolean; code?: string } {
  const prev = store.aliases.get(name);
  if (!prev) return { removed: false };
  store.tx(() => {
    store.aliases.remove(name);
    store.events.append({ actor, action: 'alias.remove', entity: `alias:${name}`, summary: `“${name}” → ${prev.code} removed by hand` });
  });
  return { removed: true, code: prev.code };
}
