// Type definitions for mamori (hand-written; test/types.test.js checks them against the
// objects the package really returns and accepts, and `tsc --noEmit` compiles
// test/types/usage.ts against them).

/// <reference types="node" />
import { Writable } from 'node:stream';

/** Built-in kinds, as named in JSON, configs and `Finding.kind`. */
export type Kind =
  | 'my_number'
  | 'corporate_number'
  | 'phone'
  | 'postal_code'
  | 'credit_card'
  | 'email'
  | 'bank_account'
  | 'passport'
  | 'residence_card'
  | 'basic_pension_number'
  | 'drivers_license'
  | 'address'
  | 'person_name'
  | 'keyword'
  | 'custom';

/** A confidence band: below 0.5 low, below 0.8 medium, else high. */
export type Level = 'low' | 'medium' | 'high';
/** How much harm a leak does. */
export type Severity = 'low' | 'medium' | 'high';
/** What a gateway should do with the content. */
export type Action = 'allow' | 'review' | 'block';
/** Why a part of the input could not be inspected. */
export type UnscannableReason = 'encrypted' | 'corrupt' | 'limit_exceeded' | 'unsupported_format' | 'raw_text_only';

// ------------------------------------------------------------------ options

/** A custom keyword: matched width- and case-insensitively, Latin entries as whole words. */
export interface KeywordEntry {
  text: string;
  /** Shown instead of the keyword (findings never print a keyword in full). */
  label?: string | null;
  /** Default 'medium'. */
  severity?: Severity;
}

/** A custom regular expression (Rust `regex` syntax), reported as kind 'custom' under `name`. */
export interface RegexRule {
  /** 1-64 characters of a-z, 0-9, _ or -; counts and policies use it. */
  name: string;
  pattern: string;
  /** Default 'medium'. */
  severity?: Severity;
  /** Confidence score of matches, 0-1 (default 0.8). */
  score?: number;
}

/** Review and block thresholds for one kind or custom rule, in items; null turns one off. */
export interface Thresholds {
  review?: number | null;
  block?: number | null;
}

/** Gateway policy; every field optional (defaults in brackets). */
export interface PolicyOptions {
  /** Kinds that block on their first counted item ['my_number']. */
  blockOnAny?: Kind[];
  /** Review from this many personal items [1]; null: never. */
  reviewAtPersonal?: number | null;
  /** Block from this many personal items [10]; null: never. */
  blockAtPersonal?: number | null;
  /** Review when the input exposes at least this many people (`Report.persons`) [null: never]. */
  reviewAtPersons?: number | null;
  /** Block when the input exposes at least this many people ("more than 10": 11) [null: never]. */
  blockAtPersons?: number | null;
  /** Thresholds per kind name ('phone') or custom rule name [{}]. */
  perKind?: Record<string, Thresholds>;
  /** Keywords and custom rules of at least this severity block; lower ones review ['high']. */
  blockOnSeverity?: Severity | null;
  /** Count distinct values instead of occurrences [true]. */
  countDistinct?: boolean;
  /** Findings below this confidence do not count ['medium']. */
  minConfidence?: Level;
  /** Action when part of the input could not be inspected ['review']. */
  onUnscannable?: Action;
}

/** Safety limits of document, mail and archive extraction (defaults in brackets). */
export interface LimitsOptions {
  /** Containers nested in each other [16]. */
  maxDepth?: number;
  /** Bytes produced by all decompression of one input [1 GiB]. */
  maxTotalBytes?: number;
  /** Bytes one member or part may expand to [256 MiB]. */
  maxMemberBytes?: number;
  /** Largest expanded/compressed ratio of one member [250]. */
  maxRatio?: number;
  /** Expanded size below which the ratio is not checked [1 MiB]. */
  ratioFloorBytes?: number;
  /** Members and parts of one input [100000]. */
  maxMembers?: number;
  /** Wall-clock time for one input, in ms [60000]. */
  maxTimeMs?: number;
  /** Size beyond which a member needing random access is spilled to a temporary file [8 MiB]. */
  spillThreshold?: number;
  /** Unscannable entries kept in one report [1000]. */
  maxUnscannable?: number;
  /** Cells a legacy .xls workbook's sheets may span together [2000000]. */
  maxSheetCells?: number;
  /** Objects (values, table entries, font map codes) one PDF may hold [2000000]. */
  maxObjects?: number;
}

/** Options of `new Scanner(options)`; every field optional (defaults in brackets). */
export interface ScannerOptions {
  /** Built-in kinds to detect [null: all]. */
  kinds?: Kind[] | null;
  /** Characters searched on each side of an item for context words, 1-2000 [300]. */
  contextWindow?: number;
  /** Kinds reported only with a context word nearby [[]]. */
  requireContext?: Kind[];
  /** Findings below this confidence are dropped ['low']. */
  minConfidence?: Level;
  /** Confidential keywords [[]]. */
  keywords?: Array<string | KeywordEntry>;
  /** Custom regular expressions [[]]. */
  regexes?: RegexRule[];
  /** Verdict policy [any My Number blocks, 1 personal item reviews, 10 block]. */
  policy?: PolicyOptions;
  /** Put the raw value in `Finding.text` (for redaction tools, never for logs) [false]. */
  revealValues?: boolean;
  /** Findings kept in a report; counts include all [20000]. */
  maxFindings?: number;
  /** Safety limits of document extraction. */
  limits?: LimitsOptions;
}

/** Options of `scanBytes` and `scanBytesAsync`. */
export interface ScanBytesOptions {
  /** A file name for the input: a format hint where the content is ambiguous, the start of every location, and `Report.name`. */
  name?: string | null;
}

/** Options of `createStream`. */
export interface ScanStreamOptions {
  /** Bytes buffered before `write()` returns false [1 MiB]. */
  highWaterMark?: number;
  /** Aborting destroys the stream. */
  signal?: AbortSignal;
  /**
   * Scan the input as UTF-8 text, offsets from the stream's first byte, instead of reading
   * it like `scanBytes` (documents, mail, archives, encodings) [false].
   */
  text?: boolean;
  /** Document streams: a file name for the input, as in `ScanBytesOptions` [null]. */
  name?: string | null;
  /** Text streams: chunks of at least this many bytes are scanned on the libuv pool, smaller ones inline [256 KiB]. */
  asyncThreshold?: number;
}

// ------------------------------------------------------------------ the core's config shape

/** A keyword in the core's configuration shape. */
export interface CoreKeywordEntry {
  text: string;
  label: string | null;
  severity: Severity;
}

/** A custom regex in the core's configuration shape. */
export interface CoreRegexRule {
  name: string;
  pattern: string;
  severity: Severity;
  score: number;
}

/** Thresholds in the core's configuration shape. */
export interface CoreThresholds {
  review: number | null;
  block: number | null;
}

/** The policy in the core's configuration shape. */
export interface CorePolicy {
  block_on_any: Kind[];
  review_at_personal: number | null;
  block_at_personal: number | null;
  review_at_persons: number | null;
  block_at_persons: number | null;
  per_kind: Record<string, CoreThresholds>;
  block_on_severity: Severity | null;
  count_distinct: boolean;
  min_confidence: Level;
  on_unscannable: Action;
}

/** Extraction limits in the core's configuration shape. */
export interface CoreLimits {
  max_depth: number;
  max_total_bytes: number;
  max_member_bytes: number;
  max_ratio: number;
  ratio_floor_bytes: number;
  max_members: number;
  max_time_ms: number;
  spill_threshold: number;
  max_unscannable: number;
  max_sheet_cells: number;
  max_objects: number;
}

/**
 * The core's configuration (snake_case, as in a JSON config file): what `scanner.config`
 * returns, every field present.
 */
export interface ScannerConfig {
  kinds: Kind[] | null;
  context_window: number;
  require_context: Kind[];
  min_confidence: Level;
  keywords: CoreKeywordEntry[];
  regexes: CoreRegexRule[];
  policy: CorePolicy;
  reveal_values: boolean;
  max_findings: number;
  limits: CoreLimits;
}

/** What `Scanner.fromConfig` accepts: the core's shape with any field left out (default). */
export interface ScannerConfigInput {
  kinds?: Kind[] | null;
  context_window?: number;
  require_context?: Kind[];
  min_confidence?: Level;
  keywords?: Array<{ text: string; label?: string | null; severity?: Severity }>;
  regexes?: Array<{ name: string; pattern: string; severity?: Severity; score?: number }>;
  policy?: Partial<Omit<CorePolicy, 'per_kind'>> & { per_kind?: Record<string, Partial<CoreThresholds>> };
  reveal_values?: boolean;
  max_findings?: number;
  limits?: Partial<CoreLimits>;
}

// ------------------------------------------------------------------ results

/** How sure the engine is. */
export interface Confidence {
  /** 0-1. */
  score: number;
  level: Level;
}

/**
 * `[start, end)` spans of the parts of an address, in the unit of the finding's
 * `start`/`end` (UTF-16 indices for `scanText`, byte offsets elsewhere).
 */
export interface AddressParts {
  /** '東京都' (absent when not written). */
  prefecture?: [number, number];
  /** '渋谷区', '横浜市中区', '石狩郡当別町'. */
  municipality: [number, number];
  /** '道玄坂' (absent when not known). */
  town?: [number, number];
  /** Block number, building and room: '1-2-3 渋谷ビル5F'. */
  rest: [number, number];
}

/** One detected item: the core's `Finding`, field names in camelCase. */
export interface Finding {
  kind: Kind;
  /**
   * The keyword's label (or the masked keyword) or the custom rule's name; for 'person_name'
   * the form found ('full_name', 'surname' or 'reading'); for 'phone' the region ('JP',
   * 'US'...); for 'credit_card' the scheme ('visa', 'mir'..., 'unknown'); 'known_sample' for
   * a published sample My Number; absent for other built-in kinds.
   */
  rule?: string;
  severity: Severity;
  confidence: Confidence;
  /**
   * Start of the item: an index into the string for `scanText` (UTF-16 code units, so
   * `text.slice(f.start, f.end)` is the item), a byte offset everywhere else.
   */
  start: number;
  /** End of the item (exclusive), in the same unit as `start`. */
  end: number;
  /** Start as a UTF-8 byte offset (what the Rust core and the CLI report). */
  byteStart: number;
  /** End as a UTF-8 byte offset (exclusive). */
  byteEnd: number;
  /** 1-based line of the start. */
  line: number;
  /** 1-based column of the start, in characters (code points). */
  column: number;
  /**
   * Where the item is: the input's name, then its place inside a document, mail or archive
   * (`名簿.xlsx#顧客!C12`, `a.zip!b.docx#p=3`, `mail.eml#body`, `x.csv#enc=Shift_JIS`); null
   * when nothing names a plain-text input (scanText, streams, unnamed buffers). With a place,
   * `start`/`end` are offsets into the text extracted from it.
   */
  location: string | null;
  /** The item with its identifying part hidden, e.g. '****-****-0257'. Safe to log. */
  masked: string;
  /** The raw value, only with `revealValues: true`. */
  text?: string;
  /** Context words near the item that raised its confidence. */
  hotwords: string[];
  /** For an 'address': the spans of its parts (`text.slice(...f.parts.municipality)`); absent otherwise. */
  parts?: AddressParts;
}

/** A part of the input that was not inspected. */
export interface Unscannable {
  location: string;
  reason: UnscannableReason;
  /** Details for people (which limit, which error). */
  detail: string;
}

/** The policy's decision and the rules that led to it. */
export interface Verdict {
  action: Action;
  /** E.g. 'my_number: any occurrence blocks'; empty for allow. */
  reasons: string[];
}

/** The result of one scan: the core's `Report`, field names in camelCase. */
export interface Report {
  /** The `name` given to scanBytes/scanBytesAsync or the path given to scanFile/scanFileSync; else null. */
  name: string | null;
  /** Findings in order of their start (at most `maxFindings`). */
  findings: Finding[];
  /** True when there were more findings than `maxFindings`; counts include them all. */
  findingsTruncated: boolean;
  /** Occurrences per kind name (custom rules under their own name). */
  counts: Record<string, number>;
  /** Distinct normalised values per kind name. */
  distinctCounts: Record<string, number>;
  /** True when a distinct count hit its memory cap and is a lower bound. */
  distinctSaturated: boolean;
  /** Occurrences of personal kinds (all but corporate numbers, keywords and custom rules). */
  personalItems: number;
  /** Distinct personal values. */
  distinctPersonalItems: number;
  /**
   * Personal items the policy counts (findings at or above its `minConfidence`, distinct
   * values when it counts distinct ones): the number its `personal items: N >= M` rule
   * compares, the one to show next to the verdict.
   */
  countedPersonalItems: number;
  /**
   * Estimated number of distinct people the input exposes: findings grouped into person
   * records (a table row, a form, a signature), records sharing a name counted once.
   */
  persons: number;
  /** Bytes of input scanned. */
  bytesScanned: number;
  /** Parts that could not be inspected (encrypted, corrupt, over a limit). */
  unscannable: Unscannable[];
  /** True when the scan was stopped before the end of its input. */
  stopped: boolean;
  verdict: Verdict;
}

/** An event of `iterFile`/`iterBytes`: a finding or an unread part, as the scan finds it. */
export type ScanEvent = ({ type: 'finding' } & Finding) | ({ type: 'unscannable' } & Unscannable);

/** Codes of the errors this package throws (besides fs codes such as 'ENOENT' from scanFile). */
export type ErrorCode =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_MAMORI_CONFIG'
  | 'ERR_MAMORI_STREAM_CLOSED'
  | 'ERR_MAMORI_STREAM_BUSY'
  | 'ERR_MAMORI_IO'
  | 'ERR_MAMORI_INTERNAL'
  | 'ERR_MAMORI_NATIVE_MISSING';

/** An error thrown or rejected by this package. */
export interface MamoriError extends Error {
  code: ErrorCode | (string & {});
  /** For file errors: Node's negative errno, the operation and the path (as fs errors). */
  errno?: number;
  syscall?: string;
  path?: string;
}

/** Bytes accepted by the scan methods (never copied for synchronous scans). */
export type BytesLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;

// ------------------------------------------------------------------ classes

/**
 * A compiled scanner: build once (compiling is the expensive part), share everywhere.
 * Asynchronous scans run on the libuv thread pool, in parallel.
 */
export declare class Scanner {
  /** @throws TypeError for an argument of the wrong type, MamoriError 'ERR_MAMORI_CONFIG' for an invalid value. */
  constructor(options?: ScannerOptions);
  /** A scanner from the core's configuration shape (what `scanner.config` returns). */
  static fromConfig(config: ScannerConfigInput): Scanner;
  /** The configuration in the core's shape, every field present. */
  readonly config: ScannerConfig;
  /** The options, every field present: `new Scanner(scanner.options)` builds the same scanner. */
  readonly options: Required<ScannerOptions> & { policy: Required<PolicyOptions>; limits: Required<LimitsOptions> };
  /** Scans a string synchronously as text (no extraction); offsets index the string. */
  scanText(text: string): Report;
  /** Extracts (documents, mail, archives, encodings) and scans bytes synchronously, in place. */
  scanBytes(input: BytesLike, options?: ScanBytesOptions): Report;
  /** Copies the bytes, then extracts and scans them on the libuv pool. Rejects (never throws) on bad arguments. */
  scanBytesAsync(input: BytesLike, options?: ScanBytesOptions): Promise<Report>;
  /** Reads, extracts and scans a file on the libuv pool. Rejects with fs-style errors ('ENOENT'...). */
  scanFile(path: string | URL): Promise<Report>;
  /** `scanFile` on the calling thread (blocks the event loop). Throws fs-style errors ('ENOENT'...). */
  scanFileSync(path: string | URL): Report;
  /**
   * The findings and unread parts of a file as they are found (`for await (const ev of
   * scanner.iterFile(p))`); leaving the loop stops the scan. Bad arguments throw; fs errors
   * ('ENOENT'...) reject the first `next()`.
   */
  iterFile(path: string | URL): ScanIterator;
  /** `iterFile` for bytes in memory (copied at the call). */
  iterBytes(input: BytesLike, options?: ScanBytesOptions): ScanIterator;
  /**
   * A Writable: what is written is read like `scanBytes` reads it (or as text with
   * `{ text: true }`); 'finding' and 'unscannable' events as they are found, then 'report'.
   */
  createStream(options?: ScanStreamOptions): ScanStream;
}

/**
 * The events of a scan running on a thread of its own, as an async iterator. Made by
 * `scanner.iterFile()` and `scanner.iterBytes()`.
 */
export declare class ScanIterator implements AsyncIterableIterator<ScanEvent> {
  private constructor();
  /** The report once every event has been read; null before, and after an early `return()`. */
  readonly report: Report | null;
  next(): Promise<IteratorResult<ScanEvent, undefined>>;
  /** Stops the scan (what `break` out of `for await` calls). */
  return<T = undefined>(value?: T): Promise<IteratorReturnResult<T>>;
  [Symbol.asyncIterator](): ScanIterator;
}

/**
 * A streaming scan as a `stream.Writable`: `fs.createReadStream(p).pipe(scanner.createStream())`
 * or `await pipeline(req, scanner.createStream())`. Document streams (the default) give
 * what `scanBytes` gives for the whole input; text streams (`text: true`) count offsets in
 * bytes from the start of the stream. Made by `scanner.createStream()`.
 */
export declare class ScanStream extends Writable {
  private constructor();
  /** The final report once the stream has finished (set before 'report' and 'finish'), else null. */
  readonly report: Report | null;
  /** Bytes written so far. */
  readonly bytesFed: number;

  addListener(event: 'finding', listener: (finding: Finding) => void): this;
  addListener(event: 'report', listener: (report: Report) => void): this;
  addListener(event: 'unscannable', listener: (part: Unscannable) => void): this;
  addListener(event: string | symbol, listener: (...args: any[]) => void): this;
  on(event: 'finding', listener: (finding: Finding) => void): this;
  on(event: 'report', listener: (report: Report) => void): this;
  on(event: 'unscannable', listener: (part: Unscannable) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: 'finding', listener: (finding: Finding) => void): this;
  once(event: 'report', listener: (report: Report) => void): this;
  once(event: 'unscannable', listener: (part: Unscannable) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
  prependListener(event: 'finding', listener: (finding: Finding) => void): this;
  prependListener(event: 'report', listener: (report: Report) => void): this;
  prependListener(event: 'unscannable', listener: (part: Unscannable) => void): this;
  prependListener(event: string | symbol, listener: (...args: any[]) => void): this;
  prependOnceListener(event: 'finding', listener: (finding: Finding) => void): this;
  prependOnceListener(event: 'report', listener: (report: Report) => void): this;
  prependOnceListener(event: 'unscannable', listener: (part: Unscannable) => void): this;
  prependOnceListener(event: string | symbol, listener: (...args: any[]) => void): this;
  off(event: 'finding', listener: (finding: Finding) => void): this;
  off(event: 'report', listener: (report: Report) => void): this;
  off(event: 'unscannable', listener: (part: Unscannable) => void): this;
  off(event: string | symbol, listener: (...args: any[]) => void): this;
  removeListener(event: 'finding', listener: (finding: Finding) => void): this;
  removeListener(event: 'report', listener: (report: Report) => void): this;
  removeListener(event: 'unscannable', listener: (part: Unscannable) => void): this;
  removeListener(event: string | symbol, listener: (...args: any[]) => void): this;
  emit(event: 'finding', finding: Finding): boolean;
  emit(event: 'report', report: Report): boolean;
  emit(event: 'unscannable', part: Unscannable): boolean;
  emit(event: string | symbol, ...args: any[]): boolean;
}

/** Names of the built-in kinds, in the core's order. */
export declare const KINDS: readonly Kind[];
/** Version of the package and its native addon. */
export declare const version: string;

/** The module's exports again: `import mamori from 'mamori'`, `require('mamori').default`. */
declare const mamori: {
  Scanner: typeof Scanner;
  ScanStream: typeof ScanStream;
  ScanIterator: typeof ScanIterator;
  KINDS: typeof KINDS;
  version: typeof version;
  default: typeof mamori;
};
export default mamori;
