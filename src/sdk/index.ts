// The adapter SDK (`yimen/sdk`): all a source adapter may import of yimen, built-in or third-party
// (DESIGN §8). defineAdapter and the contract's types; the context every verb gets (http,
// readTable, resolvePath, log, checkpoint, quarantine); and the helpers adapters legitimately
// share: typed errors, content hashes, Chinese text clean-up, Excel dates, values by path,
// secrets from the environment. The contract test kit is `yimen/sdk/testkit`.
export { defineAdapter, messageRuns } from './define.js';
export { createAdapterContext, isAdapterContext } from './context.js';
export type {
  SourceAdapter,
  DefinedAdapter,
  AdapterContext,
  AdapterContextInit,
  AdapterLogger,
  AdapterMessage,
  RecordMessage,
  StateMessage,
  QuarantineMessage,
  LogMessage,
  StreamSpec,
  CheckResult,
  EntryPointRecord,
} from './contract.js';

// the table reader behind ctx.readTable, and finding a header in what it reads
export {
  readTable,
  checkTableFile,
  cellText,
  combineHeader,
  columnIndex,
  HeaderFinder,
  shapeFault,
  isTotalRow,
  type StrictOptions,
  detectEncoding,
  CsvSplitter,
  splitCsv,
  csvRows,
  CSV_MAX_BYTES,
  XLSX_MAX_BYTES,
  type TableOptions,
  type TableSheet,
  type TableRow,
  type TableRowError,
  type TableRowOrError,
  type HeaderOptions,
  type TextEncoding,
  type CsvRow,
  type CsvOptions,
} from './table/index.js';

// the HTTP layer behind ctx.http
export { HttpError, joinUrl, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from '../http/index.js';

export { YimenError, ExitCode, isYimenError } from '../errors.js';
export { contentHash, stableJson, sha1, CompactKeySet } from './hash.js';
export {
  selectAll,
  selectFirst,
  selectList,
  compilePath,
  isFieldPath,
  hasValue,
  childKeys,
  childrenOf,
  parseHtmlPath,
  entryPointsOf,
  kindOf,
  EntryPointSpec,
  FieldPathError,
  ENTRY_KINDS,
  type EntryKind,
  type EntryPointFound,
  type EntryPointOptions,
  type HtmlPathPart,
} from './paths.js';
export { getPath, parseJson, secretFrom, MissingSecretError, ENV_NAME } from './values.js';
export { textOf, cleanText, toHalfWidth, collapseSpace } from '../text/index.js';
export { excelSerialToDate, shanghaiDay } from '../time/index.js';
