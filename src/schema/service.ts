// The canonical catalog service (DESIGN §6): the one zod schema that types, validation and
// `yimen schema export` all come from.
import { z } from 'zod';
import {
  CASE_TYPES,
  CROSS_REGION_SCOPES,
  HANDLING_FORMS,
  LIMIT_UNITS,
  MATERIAL_FORMS,
  MATERIAL_NECESSITY,
} from './enums.js';

export const Provenance = z.object({
  adapter: z.string(),
  stream: z.string(),
  sourceKey: z.string(),
  locator: z.string(),
  extractedAt: z.string(),
  contentHash: z.string(),
});

export const CodedLabel = z.object({ code: z.string().optional(), label: z.string() });
export const TimeLimit = z.object({ value: z.number().nonnegative(), unit: z.enum(LIMIT_UNITS), text: z.string().optional() });

export const Material = z.object({
  name: z.string().min(1),
  form: z.enum(MATERIAL_FORMS).optional(),
  necessity: z.enum(MATERIAL_NECESSITY).optional(),
  originals: z.number().int().nonnegative().optional(),
  copies: z.number().int().nonnegative().optional(),
  sourceChannel: z.string().optional(),
  note: z.string().optional(),
});

export const Fee = z.object({
  charged: z.boolean(),
  items: z.array(z.object({ name: z.string(), standard: z.string().optional(), basis: z.string().optional() })).default([]),
});

export const Contact = z.object({ phone: z.string().optional(), url: z.string().optional() });

export const ServiceIssue = z.object({
  field: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});
export type ServiceIssue = z.infer<typeof ServiceIssue>;

export const CatalogService = z.object({
  id: z.string().describe('stable: derived from app id + source key'),
  appId: z.string(),
  source: Provenance,
  name: z.string().trim().min(1).max(200).describe('事项名称'),
  aliases: z.array(z.string()).default([]).describe('别名'),
  catalogCode: z.string().optional().describe('基本编码 (12 characters in national form)'),
  taskCode: z.string().optional().describe('实施编码 (31 characters in national form)'),
  localCode: z.string().optional().describe('地方编码, verbatim'),
  taskType: CodedLabel.optional().describe('事项类型'),
  agency: z.object({ name: z.string(), code: z.string().optional() }).optional().describe('实施主体'),
  division: z.object({ code: z.string(), name: z.string().optional() }).optional().describe('行政区划'),
  useLevel: CodedLabel.optional().describe('行使层级'),
  serviceObjects: z.array(CodedLabel).default([]).describe('服务对象'),
  caseType: z.enum(CASE_TYPES).optional().describe('办件类型'),
  legalLimit: TimeLimit.optional().describe('法定办结时限'),
  promisedLimit: TimeLimit.optional().describe('承诺办结时限'),
  onSiteVisits: z.number().int().nonnegative().optional().describe('到办事现场次数'),
  acceptConditions: z.string().optional().describe('受理条件'),
  materials: z.array(Material).default([]).describe('申请材料'),
  fee: Fee.optional().describe('收费'),
  handlingForms: z.array(z.enum(HANDLING_FORMS)).default([]).describe('办理形式'),
  online: z
    .object({ available: z.boolean(), depth: z.number().int().min(0).max(4).optional(), pcUrl: z.string().optional(), mobileUrl: z.string().optional() })
    .optional()
    .describe('网办'),
  address: z.string().optional().describe('办理地点'),
  hours: z.string().optional().describe('办理时间'),
  consult: Contact.optional().describe('咨询方式'),
  complaint: Contact.optional().describe('投诉方式'),
  crossRegionScope: z.enum(CROSS_REGION_SCOPES).optional().describe('通办范围'),
  legalBasis: z.string().optional().describe('设定依据'),
  usage: z
    .object({ monthlyVisits: z.number().nonnegative().optional(), registeredUsers: z.number().nonnegative().optional(), period: z.string().optional() })
    .optional()
    .describe('使用量'),
  entryPoints: z.array(z.string()).default([]).describe('ids of its old entry points'),
  extras: z.record(z.string(), z.unknown()).default({}).describe('source fields no profile mapped'),
  issues: z.array(ServiceIssue).default([]).describe('validation findings'),
});
export type CatalogService = z.infer<typeof CatalogService>;

export { hasErrors } from './issues.js';
