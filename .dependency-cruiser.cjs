// The layer rules of yimen (DESIGN §4, docs/architecture.md), checked by `npm run lint:arch` and in
// CI (.ci/run). From the top down; a layer imports only layers below it:
//
//   commands                                    src/commands/**
//   cli, pipeline                               src/cli/**, src/pipeline(.ts|/)
//   stages, in pipeline order: catalog, extract, map, decide, publish, redirects, status, report
//   workspace, store, http, sdk, threads, report/xlsx    (report/xlsx: the XLSX writers, self-contained)
//   schema, codes, errors, error-codes, text, time
//
// A stage never imports a later stage (status and report may read any stage's *types*);
// adapters import only the SDK (`yimen/sdk`, src/sdk) and npm packages; no cycles.

const BOTTOM = '^src/(errors\\.ts|error-codes\\.ts|schema/|codes/|text/|text\\.ts|time/|time\\.ts)';
const LOW = '^src/(workspace|store|http|sdk|threads|report/xlsx)/';
const TOP = '^src/(commands/|cli/|pipeline\\.ts|pipeline/)';
const STAGES = ['catalog', 'extract', 'map', 'decide', 'publish', 'redirects', 'status', 'report'];
// report/xlsx is a lower layer, not the report stage
const stagePath = (s) => (s === 'report' ? '^src/report/(?!xlsx/)' : `^src/${s}/`);

const laterStageRules = STAGES.flatMap((stage, i) => {
  const later = STAGES.slice(i + 1);
  if (!later.length) return [];
  return [
    {
      name: `stage-order-${stage}`,
      comment: `${stage} runs before ${later.join(', ')}: it must not import them (the pipeline passes data on through the store)`,
      severity: 'error',
      from: { path: stagePath(stage) },
      to: {
        path: later.map(stagePath),
        // status and report may read the types of any stage
        ...(stage === 'status' || stage === 'report' ? { dependencyTypesNot: ['type-only'] } : {}),
      },
    },
  ];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle makes two modules one: split out what both need, into the lower layer',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'bottom-layer',
      comment: 'schema, codes, errors, error-codes, text and time are the bottom layer: they import only each other (and npm packages)',
      severity: 'error',
      from: { path: BOTTOM },
      to: { path: '^(src|adapters)/', pathNot: BOTTOM },
    },
    {
      name: 'low-layer',
      comment: 'workspace, store, http, sdk and threads import only each other and the bottom layer (schema, codes, errors), never a stage, the CLI or the commands',
      severity: 'error',
      from: { path: LOW },
      to: { path: '^(src|adapters)/', pathNot: [LOW, BOTTOM] },
    },
    {
      name: 'xlsx-self-contained',
      comment: 'src/report/xlsx writes workbooks for every stage: it imports exceljs, node and the bottom layer only (its rows are plain shapes, not stage types)',
      severity: 'error',
      from: { path: '^src/report/xlsx/' },
      to: { path: '^(src|adapters)/', pathNot: ['^src/report/xlsx/', '^src/errors\\.ts$', '^src/error-codes\\.ts$'] },
    },
    {
      name: 'stages-below-cli',
      comment: 'a stage returns data; the commands, the CLI (rendering, exit codes) and the pipeline call it, never the other way round',
      severity: 'error',
      from: { path: STAGES.map(stagePath) },
      to: { path: TOP },
    },
    {
      name: 'cli-below-commands',
      comment: 'src/cli (base command, renderers, exit codes) and the pipeline serve the commands; they do not import them',
      severity: 'error',
      from: { path: '^src/(cli/|pipeline\\.ts|pipeline/)' },
      to: { path: '^src/commands/' },
    },
    ...laterStageRules,
    {
      name: 'adapters-only-sdk',
      comment: 'an adapter imports only yimen/sdk (src/sdk) and npm packages, so a third-party adapter can do whatever a built-in one does (DESIGN §8)',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^(src|adapters|dist)/', pathNot: ['^adapters/$1/', '^(dist/)?src/sdk/'] },
    },
    {
      name: 'only-extract-loads-adapters',
      comment: 'the built-in adapters are resolved by the extract registry alone',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/extract/' },
      to: { path: '^adapters/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that does not resolve: a typo, or a package missing from package.json',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^yimen/sdk' },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports: dead code, or a command oclif finds by its folder',
      severity: 'warn',
      from: { orphan: true, pathNot: ['^src/commands/', '\\.d\\.ts$', '^src/index\\.ts$', '^adapters/[^/]+/index\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
