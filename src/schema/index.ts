// The canonical schema and its JSON Schema export.
import { z } from 'zod';
import { CatalogService } from './service.js';
import { EntryPoint, RedirectRule } from './entry-point.js';
import { CatalogItem } from './catalog-item.js';
import { Decision } from './decision.js';

export * from './enums.js';
export * from './service.js';
export * from './entry-point.js';
export * from './catalog-item.js';
export * from './decision.js';

export const SCHEMAS = { CatalogService, EntryPoint, RedirectRule, CatalogItem, Decision } as const;
export type SchemaName = keyof typeof SCHEMAS;

export function toJsonSchema(name: SchemaName = 'CatalogService'): Record<string, unknown> {
  return {
    $id: `https://yimen.dev/schema/${name}.json`,
    title: name,
    ...(z.toJSONSchema(SCHEMAS[name], { io: 'input' }) as Record<string, unknown>),
  };
}
