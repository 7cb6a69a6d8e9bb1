// The starter workspace `yimen init` writes: a commented yimen.yaml explaining every section, one
// mapping profile, a tiny export and a tiny base catalog, so that the new workspace validates and
// `yimen run` works on it at once. Also finds the bundled examples shipped with the package.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STARTER_YAML = `# yimen workspace: one migration programme (a province, a city).
# Every path below is relative to this file. Check it with \`yimen status\`; run it with \`yimen run\`.
# State lives in .yimen/state.db; exports and reports go to out/.

# A name for the programme, shown in status and reports.
programme: 县级政务App整合（示例）
# The province's 2-digit GB/T 2260 code, in quotes ("32" is Jiangsu).
province: "32"

# The unified app the services move into.
unifiedApp:
  name: 苏服办
  # Where an item lives on the unified app: {catalogCode} is the item's code there.
  # Merged and migrated services' old entry points redirect here.
  serviceUrl: "https://sfb.example.gov.cn/service/{catalogCode}"
  # The page retired services' entry points show: {appId} is the retiring app's id.
  noticeUrl: "https://sfb.example.gov.cn/notice/{appId}"
  # Redirect destinations must be on these hosts ("*.example.gov.cn" allows subdomains).
  allowlist:
    - sfb.example.gov.cn

# The base catalog: the services the unified app already lists. A CSV (UTF-8) with the columns
# 基本编码,事项名称,事项类型,实施部门,行政区划 (optional 链接). Other column names: add
# \`profile: ./profiles/catalog.yaml\` to map them.
catalog:
  source: ./catalog/base-catalog.csv

# Where migrated services are published:
#   { type: local }                       a catalog inside this workspace's store (rehearsal, default)
#   { type: http, baseUrl: https://..., tokenEnv: SUFUBAN_TOKEN }   the unified app's catalog API;
#                                         the token is read from that environment variable, never written here
#   { type: package, out: out/package }   an import package (XLSX + JSON) for the platform's import tool
target:
  type: local

# Rules that run before matching.
policy:
  # The order (docs/matching.md): formality rules first, whatever the usage; then matching; then low usage.
  # Formality features (forced check-ins, study time, points rankings, likes/shares) are retired, not
  # migrated: yimen ships the patterns by category; these are extra literal keywords.
  retireKeywords: [打卡, 签到, 学习时长, 积分排名, 点赞, 转发]
  # Names containing any of these are never retired by a keyword (a real service that says 签到).
  keywordExceptions: []
  # Fewer visits a month than this (strictly) is low usage; unknown visits are not low ...
  lowUsageMonthlyVisits: 50
  # ... a rarely used service the catalog has merges (a redirect serves its few users); one it lacks
  # is retired (retire, recommended) or left to a person (review).
  lowUsageAction: retire
  # Service ids or source keys to retire, or to leave to a person, whatever the rules say.
  retire: []
  review: []

# How service names are matched against the base catalog.
matching:
  mergeThreshold: 0.9     # at or above: merge into the existing item
  reviewThreshold: 0.6    # between the two thresholds: a person decides (review); below: migrate
  # Abbreviations used in this programme, added to the shipped table (社保, 医保, 公积金, 身份证 …).
  synonyms:
    社保卡: 社会保障卡

# Third-party source adapters: name → a path (relative to this file) or an npm package.
# Built-in adapters need no entry; npm packages named yimen-adapter-<name> are found by name.
adapters: {}

# The retiring apps, one entry each.
apps:
  - id: myapp                     # lower-case letters, digits, hyphens; used in ids and URLs
    name: 示例县政务App
    division: "320509"            # the county's 6-digit GB/T 2260 code, in quotes
    owner: { name: 示例县行政审批局 }   # the agency responsible (optional code: its 统一社会信用代码)
    # Where its services come from: an adapter and its config (\`yimen adapters list\` shows each one's).
    source:
      adapter: spreadsheet
      config:
        files:
          - path: exports/myapp-services.csv
            key: 事项编号          # the column whose value identifies a row
            encoding: auto        # auto | utf8 | gb18030
            # headerRow: 3        # when title rows sit above the header (default: found by the key column)
            # sheet: 事项清单      # for XLSX: which sheet (default: the first)
            entryPoints:          # columns holding the old entry points of each service
              - { column: H5地址, kind: web }
    # How its columns become catalog fields.
    profile: ./profiles/myapp.yaml
    # Announce to users, switch entry points to redirects, shut the app down (YYYY-MM-DD).
    timeline: { announce: 2027-01-01, redirect: 2027-02-01, shutdown: 2027-03-31 }
`;

export const STARTER_PROFILE = `# How myapp's export becomes catalog services.
# \`field: 列名\` reads one column; \`{ from: [列1, 列2] }\` takes the first non-empty one;
# transforms normalise Chinese government data (time limits, 是/否, phones, lists, type labels).
fields:
  name: 事项名称
  catalogCode: { from: [基本编码] }
  localCode: { from: [事项编号] }
  taskType: { from: [事项类型], transform: taskType }
  agency.name: { from: [实施主体] }
  agency.code: { from: [实施主体编码] }
  division.code: { from: [行政区划], default: "320509" }
  promisedLimit: { from: [承诺时限], transform: timeLimit }
  fee: { from: [是否收费], transform: fee }
  consult.phone: { from: [咨询电话], transform: phone }
  materials: { from: [申请材料], transform: materials }
  serviceObjects: { from: [服务对象], transform: serviceObjects }
  usage.monthlyVisits: { from: [月访问量], transform: number }
# Columns deliberately not mapped. Any other unmapped column is kept in the service's \`extras\`.
ignore: [序号, H5地址]
`;

export const STARTER_EXPORT = `序号,事项编号,事项名称,基本编码,事项类型,实施主体,实施主体编码,承诺时限,是否收费,咨询电话,申请材料,服务对象,月访问量,H5地址
1,SL-001,失业保险金申领,512B00701003,公共服务,示例县人力资源和社会保障局,,5个工作日,否,0512-63010001,1.居民身份证；2.解除劳动合同证明,自然人,820,https://app.example.cn/h5/service/1
2,SL-002,社保卡申领,,公共服务,示例县人力资源和社会保障局,,10个工作日,否,0512-63010001,1.居民身份证；2.近期免冠照片,自然人,1460,https://app.example.cn/h5/service/2
3,SL-003,县人才公寓申请,,公共服务,示例县人才办,,20个工作日,否,0512-63010002,1.居民身份证；2.劳动合同,自然人,210,https://app.example.cn/h5/service/3
4,SL-004,每日学习打卡,,其他,示例县政务服务中心,,,否,0512-63010003,无,自然人,3300,https://app.example.cn/h5/task/4
`;

export const STARTER_CATALOG = `基本编码,事项名称,事项类型,实施部门,行政区划
512B00701003,失业保险金申领,公共服务,区人社局,320000
512B00702003,社会保障卡申领,公共服务,区人社局,320000
512B00702008,社会保障卡挂失,公共服务,区人社局,320000
512B00668001,就业登记,公共服务,区人社局,320000
512B00112070,居住证办理,公共服务,区公安分局,320000
`;

export const STARTER_CATALOG_NOTE = `# catalog/base-catalog.csv

A five-item sample so the starter workspace runs. Replace it with the unified app's real catalog.
The names, task types and departments are real items of 广安市广安区 (Sichuan) from the public
repository v-luobo/zwfw (commit 11bd626, Apache License 2.0); codes derived as described in
the bundled example's catalog/ATTRIBUTION.md.
`;

export const STARTER_GITIGNORE = `.yimen/
out/
`;

/** The files of a starter workspace, by path relative to its root. */
export function starterFiles(): Record<string, string> {
  return {
    'yimen.yaml': STARTER_YAML,
    'profiles/myapp.yaml': STARTER_PROFILE,
    'exports/myapp-services.csv': STARTER_EXPORT,
    'catalog/base-catalog.csv': STARTER_CATALOG,
    'catalog/README.md': STARTER_CATALOG_NOTE,
    '.gitignore': STARTER_GITIGNORE,
  };
}

/** The package root: the nearest folder up from this module whose package.json is yimen's
 *  (dist/src/workspace/ when built, src/workspace/ in dev mode: different depths). */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'yimen') return dir;
      } catch {
        // not ours: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`yimen's package root not found above ${from}`);
    dir = up;
  }
}

/** The folder of bundled examples (shipped in the package: "files" lists examples/). */
export function bundledExamplesDir(): string {
  return join(packageRoot(), 'examples');
}

/** Names of the bundled examples: the folders of examples/ that hold a yimen.yaml. */
export function bundledExamples(): string[] {
  const dir = bundledExamplesDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory() && existsSync(join(dir, n, 'yimen.yaml')))
    .sort();
}
