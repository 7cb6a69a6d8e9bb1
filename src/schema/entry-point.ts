// Entry points (DESIGN §11): the old ways into a service or an app, and what each becomes.
import { z } from 'zod';
import { ENTRY_POINT_KINDS, REDIRECT_ACTIONS } from './enums.js';

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
