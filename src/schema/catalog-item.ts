// A base catalog item: a service the unified app already lists. The matcher compares against these.
import { z } from 'zod';

export const CatalogItem = z.object({
  code: z.string().min(1).describe('the item code on the unified app (基本编码 or the platform code)'),
  name: z.string().min(1),
  taskType: z.object({ code: z.string().optional(), label: z.string() }).optional(),
  department: z.string().optional(),
  division: z.string().optional(),
  url: z.string().optional().describe('where the item lives on the unified app; else unifiedApp.serviceUrl is used'),
});
export type CatalogItem = z.infer<typeof CatalogItem>;
