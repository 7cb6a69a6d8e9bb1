// The quarantine workbook for an app's owners: one row per problem (a record set aside, or an
// error in a mapped service), with where to find it and the source row as it came.
import { writeWorkbook } from './workbook.js';

/** What a row needs; status/quarantine's QuarantineItem has it. */
export interface QuarantineRow {
  appId: string;
  kind: string;
  stage: string;
  locator: string;
  field?: string;
  severity: string;
  code?: string;
  reason: string;
  name?: string;
  sourceKey?: string;
  serviceId?: string;
  row?: string;
}

const COLUMNS: Array<{ header: string; key: keyof QuarantineRow; width: number }> = [
  { header: '应用 app', key: 'appId', width: 14 },
  { header: '类别 kind', key: 'kind', width: 10 },
  { header: '环节 stage', key: 'stage', width: 10 },
  { header: '位置 locator', key: 'locator', width: 40 },
  { header: '字段 field', key: 'field', width: 16 },
  { header: '级别 severity', key: 'severity', width: 10 },
  { header: '代码 code', key: 'code', width: 22 },
  { header: '原因 reason', key: 'reason', width: 70 },
  { header: '事项名称 name', key: 'name', width: 30 },
  { header: '源编号 source key', key: 'sourceKey', width: 18 },
  { header: '服务ID service id', key: 'serviceId', width: 24 },
  { header: '原始数据 source row', key: 'row', width: 60 },
];

/** Writes the items as XLSX (one sheet, one row per problem), formula injection neutralised. */
export async function writeQuarantineXlsx(items: readonly QuarantineRow[], file: string): Promise<void> {
  await writeWorkbook(file, {
    name: '待修正 quarantine',
    headers: COLUMNS.map((c) => c.header),
    rows: items.map((it) => COLUMNS.map((c) => it[c.key])),
    widths: COLUMNS.map((c) => c.width),
    autoFilter: true,
  });
}
