// The `package` target: an import package for platforms that take batch uploads. Under target.out:
// services.xlsx (one row per item in an import-template layout), services.json (the same items as
// the contract's ServiceItem) and manifest.json (sha256 and size of each file). The package holds
// every item published to it, listed or unlisted; it is rewritten atomically at the end of a run.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Workspace } from '../../workspace/loader.js';
import { resolveIn } from '../../workspace/paths.js';
import type { OpResult, PublishTarget, RemoteItem } from './types.js';
import { importTemplateXlsx } from '../../report/xlsx/import-package.js';

type Body = Record<string, any>;

/** The import template: column header → how to read the cell from a ServiceItem. */
const TEMPLATE: Array<[string, (i: RemoteItem, b: Body) => unknown]> = [
  ['外部编号', (i) => i.externalId],
  ['状态', (i) => (i.status === 'listed' ? '上架' : '下架')],
  ['事项名称', (_i, b) => b.name],
  ['基本编码', (_i, b) => b.catalogCode],
  ['实施编码', (_i, b) => b.taskCode],
  ['地方编码', (_i, b) => b.localCode],
  ['事项类型', (_i, b) => b.taskType?.label],
  ['事项类型编码', (_i, b) => b.taskType?.code],
  ['实施主体', (_i, b) => b.agency?.name],
  ['实施主体编码', (_i, b) => b.agency?.code],
  ['行政区划', (_i, b) => b.division?.code],
  ['办件类型', (_i, b) => ({ immediate: '即办件', promised: '承诺件', other: '其他' })[b.caseType as string] ?? b.caseType],
  ['法定办结时限', (_i, b) => limitText(b.legalLimit)],
  ['承诺办结时限', (_i, b) => limitText(b.promisedLimit)],
  ['到办事现场次数', (_i, b) => b.onSiteVisits],
  ['是否收费', (_i, b) => (b.fee ? (b.fee.charged ? '是' : '否') : undefined)],
  ['申请材料', (_i, b) => (Array.isArray(b.materials) ? b.materials.map((m: { name: string }) => m.name).join('；') : undefined)],
  ['服务对象', (_i, b) => (Array.isArray(b.serviceObjects) ? b.serviceObjects.map((o: { label: string }) => o.label).join('、') : undefined)],
  ['办理地点', (_i, b) => b.address],
  ['办理时间', (_i, b) => b.hours],
  ['咨询电话', (_i, b) => b.consult?.phone],
  ['投诉电话', (_i, b) => b.complaint?.phone],
  ['设定依据', (_i, b) => b.legalBasis],
  ['来源App', (_i, b) => b.appId],
];

function limitText(l: { value: number; unit: string } | undefined): string | undefined {
  if (!l) return undefined;
  const unit = ({ workday: '个工作日', day: '天', hour: '小时', month: '个月' } as Record<string, string>)[l.unit] ?? l.unit;
  return l.value === 0 ? '即时办结' : `${l.value}${unit}`;
}

export function packageTarget(ws: Workspace, cfg: { out?: string }): PublishTarget {
  const dir = resolveIn(ws.root, cfg.out ?? 'out/package');
  const jsonPath = join(dir, 'services.json');
  const items = new Map<string, RemoteItem>();
  if (existsSync(jsonPath)) {
    for (const it of (JSON.parse(readFileSync(jsonPath, 'utf8')) as { items: RemoteItem[] }).items) items.set(it.externalId, it);
  }
  const code = (b: Body, id: string) => (b?.catalogCode as string | undefined) || id;

  return {
    name: 'package',
    description: dir,
    deferred: true,
    async get(externalId) {
      return items.get(externalId);
    },
    async put(externalId, body): Promise<OpResult> {
      const prev = items.get(externalId);
      const item: RemoteItem = { externalId, code: code(body as Body, externalId), status: 'listed', version: String(Number(prev?.version ?? 0) + 1), service: body };
      items.set(externalId, item);
      return { created: !prev, item };
    },
    async unlist(externalId): Promise<OpResult> {
      const prev = items.get(externalId);
      if (!prev) return {};
      const item: RemoteItem = { ...prev, status: 'unlisted', version: String(Number(prev.version ?? 0) + 1) };
      items.set(externalId, item);
      return { item };
    },
    async *list() {
      yield* items.values();
    },
    async flush() {
      mkdirSync(dir, { recursive: true });
      const generatedAt = new Date().toISOString();
      const all = [...items.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
      const files: Array<{ path: string; bytes: number; sha256: string }> = [];
      const write = (name: string, data: Buffer | string) => {
        const tmp = join(dir, `.${name}.tmp`);
        writeFileSync(tmp, data);
        renameSync(tmp, join(dir, name));
        const buf = typeof data === 'string' ? Buffer.from(data) : data;
        files.push({ path: name, bytes: statSync(join(dir, name)).size, sha256: createHash('sha256').update(buf).digest('hex') });
      };

      const xlsx = await importTemplateXlsx(
        TEMPLATE.map(([h]) => h),
        all.map((it) => TEMPLATE.map(([, get]) => get(it, (it.service ?? {}) as Body))),
      );
      write('services.xlsx', xlsx);
      write('services.json', JSON.stringify({ generatedAt, count: all.length, items: all }, null, 2) + '\n');
      const manifest = {
        kind: 'yimen-import-package',
        generatedAt,
        programme: ws.config.programme,
        counts: { items: all.length, listed: all.filter((i) => i.status === 'listed').length, unlisted: all.filter((i) => i.status === 'unlisted').length },
        files,
      };
      // the manifest goes last: a package with a manifest is complete
      const tmp = join(dir, '.manifest.json.tmp');
      writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
      renameSync(tmp, join(dir, 'manifest.json'));
    },
  };
}
