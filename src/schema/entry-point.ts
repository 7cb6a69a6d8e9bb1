// Entry points (DESIGN §11): the old ways into a service or an app, and what each becomes.
import { z } from 'zod';
import { ENTRY_POINT_KINDS, REDIRECT_ACTIONS } from './enums.js';

/** entry points that need no redirect rule (DESIGN §11; issue 12 item 7) */
export const ENTRY_POINT_STATUSES = ['migrated', 'external'] as const;
export type EntryPointStatus = (typeof ENTRY_POINT_STATUSES)[number];

export const EntryPoint = z.object({
  id: z.string().describe('stable: app id + kind + canonical address'),
  appId: z.string(),
  kind: z.enum(ENTRY_POINT_KINDS),
  /** web/qrcode/appstore: a URL; deeplink: the link; miniprogram: `appId:path` */
  address: z.string().min(1),
  miniprogram: z.object({ appId: z.string(), path: z.string() }).optional(),
  label: z.string().optional(),
  /** the source key of the service it leads to; absent for app-level entry points (home, download) */
  serviceKey: z.string().optional(),
  locator: z.string(),
  /** the address as the source wrote it, when canonicalisation changed it */
  raw: z.string().optional(),
  /**
   * needs no rule: `migrated` (already on the unified app), `external` (another site's page, a bank's
   * or a ministry's: left alone and listed). Absent: the app's own entry point, to be redirected.
   */
  status: z.enum(ENTRY_POINT_STATUSES).optional(),
  statusReason: z.string().optional(),
  /**
   * every service that claimed this address, in source order, when more than one did (a conflict):
   * serviceKey is the one the precedence chose (docs/adapters.md, "Shared addresses")
   */
  claimedBy: z.array(z.string()).optional(),
});
export type EntryPoint = z.infer<typeof EntryPoint>;

export const RedirectRule = z.object({
  entryPointId: z.string(),
  appId: z.string(),
  kind: z.enum(ENTRY_POINT_KINDS),
  source: z.string(),
  action: z.enum(REDIRECT_ACTIONS),
  destination: z.string().optional(),
  status: z.number().int().optional().describe('HTTP status served: 301 redirect, 410 notice'),
  reason: z.string(),
  serviceId: z.string().optional(),
});
export type RedirectRule = z.infer<typeof RedirectRule>;
