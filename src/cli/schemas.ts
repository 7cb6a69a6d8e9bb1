// The JSON Schemas `yimen schema export` writes: the canonical catalog records (src/schema) and the
// files people edit, yimen.yaml (Workspace) and mapping profiles (Profile), so that editors can
// validate them (e.g. `# yaml-language-server: $schema=workspace.schema.json`).
import { z } from 'zod';
import { SCHEMAS } from '../schema/index.js';
import { WorkspaceConfig } from '../workspace/config.js';
import { ProfileDoc } from '../map/profile.js';

export const EXPORTABLE_SCHEMAS = { ...SCHEMAS, Workspace: WorkspaceConfig, Profile: ProfileDoc } as const;
export type ExportableSchema = keyof typeof EXPORTABLE_SCHEMAS;

const TITLES: Partial<Record<ExportableSchema, string>> = {
  Workspace: 'yimen.yaml: a yimen workspace',
  Profile: 'a yimen mapping profile: source columns → catalog fields',
};

/** The JSON Schema (draft 2020-12) of what a person writes: the input side of the zod schema. */
export function exportJsonSchema(name: ExportableSchema): Record<string, unknown> {
  return {
    $id: `https://yimen.dev/schema/${name}.json`,
    title: name,
    ...(TITLES[name] ? { description: TITLES[name] } : {}),
    // yimen.yaml's dates may be YAML dates: the schema says "a date string", which is what editors check
    ...(z.toJSONSchema(EXPORTABLE_SCHEMAS[name], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
  };
}
