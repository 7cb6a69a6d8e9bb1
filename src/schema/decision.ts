// Dispositions with their evidence (DESIGN §9).
import { z } from 'zod';
import { DISPOSITIONS } from './enums.js';

export const MatchCandidate = z.object({
  code: z.string(),
  name: z.string(),
  score: z.number(),
  reason: z.string(),
  /** 'catalog' for base catalog items, 'service' for a duplicate inside or across apps */
  kind: z.enum(['catalog', 'service']).default('catalog'),
});
export type MatchCandidate = z.infer<typeof MatchCandidate>;

export const Decision = z.object({
  serviceId: z.string(),
  appId: z.string(),
  action: z.enum(DISPOSITIONS),
  /** merge: the base catalog code (or the service id it duplicates); migrate: none */
  target: z.string().optional(),
  reason: z.string(),
  /** who decided: a rule, the matcher, or a person */
  decidedBy: z.enum(['rule', 'matcher', 'person']),
  rule: z.string().optional(),
  score: z.number().optional(),
  candidates: z.array(MatchCandidate).default([]),
  actor: z.string(),
  at: z.string(),
});
export type Decision = z.infer<typeof Decision>;
