'use strict';
// mamori for Node: the JavaScript half of the package (CommonJS; index.mjs re-exports it).
//
// The native addon (src/lib.rs) takes the core's configuration as JSON and returns reports
// as JSON; this file validates arguments, maps the camelCase options, turns the findings'
// compact rows into objects and wraps streaming scans in a stream.Writable.

const { Writable } = require('node:stream');
const { fileURLToPath } = require('node:url');
const util = require('node:util');

const native = loadNative();

/** Loads `mamori.<platform>-<arch>[-abi].node` (what `napi build --platform` writes). */
function loadNative() {
  const { platform, arch } = process;
  const names = [];
  if (platform === 'linux') {
    names.push(`linux-${arch}-gnu`, `linux-${arch}-musl`);
  } else if (platform === 'win32') {
    names.push(`win32-${arch}-msvc`, `win32-${arch}-gnu`);
  } else if (platform === 'darwin') {
    names.push(`darwin-${arch}`, 'darwin-universal');
  } else {
    names.push(`${platform}-${arch}`);
  }
  const tried = [];
  for (const file of [...names.map((n) => `./mamori.${n}.node`), './mamori.node']) {
    try {
      return require(file);
    } catch (e) {
      if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(file.slice(2))) {
        tried.push(file);
        continue;
      }
      throw e;
    }
  }
  const err = new Error(
    `mamori: no native addon for ${platform}-${arch} in ${__dirname} (looked for ${tried.join(', ')}); ` +
      'build it with `npm ci && npm run build` in the package folder',
  );
  err.code = 'ERR_MAMORI_NATIVE_MISSING';
  throw err;
}

/** Names of the built-in kinds, in the core's order. */
const KINDS = Object.freeze(native.kinds());
const LEVELS = ['low', 'medium', 'high'];
const SEVERITIES = LEVELS;
const ACTIONS = ['allow', 'review', 'block'];

// ------------------------------------------------------------------ errors

function typeError(message) {
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function configError(message) {
  const err = new Error(message);
  err.code = 'ERR_MAMORI_CONFIG';
  return err;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  if (typeof value === 'string') return `type string (${JSON.stringify(value.slice(0, 30))})`;
  return `type ${typeof value} (${String(value)})`;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function expectObject(value, what) {
  if (!isPlainObject(value)) throw typeError(`${what} must be a plain object, got ${describe(value)}`);
  return value;
}

function expectString(value, what) {
  if (typeof value !== 'string') throw typeError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

function expectBoolean(value, what) {
  if (typeof value !== 'boolean') throw typeError(`${what} must be a boolean, got ${describe(value)}`);
  return value;
}

/** A count or size: a non-negative integer (null allowed where the option can be off). */
function expectCount(value, what, { nullable = false } = {}) {
  if (value === null && nullable) return null;
  if (typeof value !== 'number') {
    throw typeError(`${what} must be a number${nullable ? ' or null' : ''}, got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw configError(`${what} must be a non-negative integer, got ${value}`);
  }
  return value;
}

function expectChoice(value, choices, what, { nullable = false } = {}) {
  if (value === null && nullable) return null;
  expectString(value, what);
  if (!choices.includes(value)) {
    throw configError(`${what}: unknown value ${JSON.stringify(value)} (one of ${choices.join(', ')})`);
  }
  return value;
}

function expectKinds(value, what) {
  if (!Array.isArray(value)) throw typeError(`${what} must be an array of kind names, got ${describe(value)}`);
  return value.map((k, i) => expectChoice(k, KINDS, `${what}[${i}]`));
}

/** Copies `obj`'s known keys into a new object under their core names; unknown keys fail. */
function mapKeys(obj, keys, what, convert) {
  const out = {};
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(keys, key)) {
      throw configError(`${what}: unknown option ${JSON.stringify(key)} (known: ${Object.keys(keys).join(', ')})`);
    }
    const value = obj[key];
    if (value === undefined) continue;
    out[keys[key]] = convert(key, value);
  }
  return out;
}

// ------------------------------------------------------------------ options -> core config

const OPTION_KEYS = {
  kinds: 'kinds',
  contextWindow: 'context_window',
  requireContext: 'require_context',
  minConfidence: 'min_confidence',
  keywords: 'keywords',
  regexes: 'regexes',
  policy: 'policy',
  revealValues: 'reveal_values',
  maxFindings: 'max_findings',
  limits: 'limits',
};

const LIMIT_KEYS = {
  maxDepth: 'max_depth',
  maxTotalBytes: 'max_total_bytes',
  maxMemberBytes: 'max_member_bytes',
  maxRatio: 'max_ratio',
  ratioFloorBytes: 'ratio_floor_bytes',
  maxMembers: 'max_members',
  maxTimeMs: 'max_time_ms',
  spillThreshold: 'spill_threshold',
  maxUnscannable: 'max_unscannable',
  maxSheetCells: 'max_sheet_cells',
  maxObjects: 'max_objects',
};

const POLICY_KEYS = {
  blockOnAny: 'block_on_any',
  reviewAtPersonal: 'review_at_personal',
  blockAtPersonal: 'block_at_personal',
  reviewAtPersons: 'review_at_persons',
  blockAtPersons: 'block_at_persons',
  perKind: 'per_kind',
  blockOnSeverity: 'block_on_severity',
  countDistinct: 'count_distinct',
  minConfidence: 'min_confidence',
  onUnscannable: 'on_unscannable',
};

function keywordEntry(value, what) {
  if (typeof value === 'string') return { text: value };
  expectObject(value, `${what} (a string or {text, label, severity})`);
  return mapKeys(value, { text: 'text', label: 'label', severity: 'severity' }, what, (key, v) => {
    if (key === 'text') return expectString(v, `${what}.text`);
    if (key === 'label') return v === null ? null : expectString(v, `${what}.label`);
    return expectChoice(v, SEVERITIES, `${what}.severity`);
  });
}

function regexRule(value, what) {
  expectObject(value, `${what} ({name, pattern, severity, score})`);
  const keys = { name: 'name', pattern: 'pattern', severity: 'severity', score: 'score' };
  return mapKeys(value, keys, what, (key, v) => {
    if (key === 'severity') return expectChoice(v, SEVERITIES, `${what}.severity`);
    if (key === 'score') {
      if (typeof v !== 'number') throw typeError(`${what}.score must be a number, got ${describe(v)}`);
      if (!(v >= 0 && v <= 1)) throw configError(`${what}.score must be between 0 and 1, got ${v}`);
      return v;
    }
    return expectString(v, `${what}.${key}`);
  });
}

function policyConfig(value) {
  expectObject(value, 'options.policy');
  return mapKeys(value, POLICY_KEYS, 'options.policy', (key, v) => {
    const what = `options.policy.${key}`;
    switch (key) {
      case 'blockOnAny':
        return expectKinds(v, what);
      case 'reviewAtPersonal':
      case 'blockAtPersonal':
      case 'reviewAtPersons':
      case 'blockAtPersons':
        return expectCount(v, what, { nullable: true });
      case 'perKind': {
        expectObject(v, what);
        const out = {};
        for (const [name, t] of Object.entries(v)) {
          const w = `${what}[${JSON.stringify(name)}]`;
          expectObject(t, `${w} ({review, block})`);
          out[name] = mapKeys(t, { review: 'review', block: 'block' }, w, (k, n) =>
            expectCount(n, `${w}.${k}`, { nullable: true }),
          );
        }
        return out;
      }
      case 'blockOnSeverity':
        return expectChoice(v, SEVERITIES, what, { nullable: true });
      case 'countDistinct':
        return expectBoolean(v, what);
      case 'minConfidence':
        return expectChoice(v, LEVELS, what);
      default: // onUnscannable
        return expectChoice(v, ACTIONS, what);
    }
  });
}

/** The core's ScannerConfig (snake_case) for camelCase `options`. */
function toConfig(options) {
  expectObject(options, 'options');
  return mapKeys(options, OPTION_KEYS, 'options', (key, v) => {
    const what = `options.${key}`;
    switch (key) {
      case 'kinds':
        return v === null ? null : expectKinds(v, what);
      case 'requireContext':
        return expectKinds(v, what);
      case 'contextWindow':
      case 'maxFindings':
        return expectCount(v, what);
      case 'minConfidence':
        return expectChoice(v, LEVELS, what);
      case 'keywords':
        if (!Array.isArray(v)) throw typeError(`${what} must be an array, got ${describe(v)}`);
        return v.map((k, i) => keywordEntry(k, `${what}[${i}]`));
      case 'regexes':
        if (!Array.isArray(v)) throw typeError(`${what} must be an array, got ${describe(v)}`);
        return v.map((r, i) => regexRule(r, `${what}[${i}]`));
      case 'policy':
        return policyConfig(v);
      case 'limits':
        expectObject(v, what);
        return mapKeys(v, LIMIT_KEYS, what, (k, n) => expectCount(n, `${what}.${k}`));
      default: // revealValues
        return expectBoolean(v, what);
    }
  });
}

/** The camelCase options for the core's `config` (every field present): the inverse of toConfig. */
function toOptions(config) {
  const rename = (obj, keys) => {
    const optionName = Object.fromEntries(Object.entries(keys).map(([option, core]) => [core, option]));
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [optionName[k] ?? k, v]));
  };
  const options = rename(config, OPTION_KEYS);
  options.policy = rename(config.policy, POLICY_KEYS);
  options.limits = rename(config.limits, LIMIT_KEYS);
  return options;
}

// ------------------------------------------------------------------ results

/**
 * A finding row (see FindingRow in src/report.rs) as an object (camelCase field names),
 * built on `f` (the iterators' events start with their `type`).
 */
function toFinding(r, f = {}) {
  f.kind = r[0];
  if (r[1] !== null) f.rule = r[1];
  f.severity = r[2];
  f.confidence = { score: r[3], level: r[4] };
  f.start = r[5];
  f.end = r[6];
  f.byteStart = r[7];
  f.byteEnd = r[8];
  f.line = r[9];
  f.column = r[10];
  f.location = r[11];
  f.masked = r[12];
  if (r[13] !== null) f.text = r[13];
  f.hotwords = r[14];
  if (r[15] !== null) f.parts = r[15];
  return f;
}

function toReport(json) {
  return reportFrom(JSON.parse(json));
}

function reportFrom(report) {
  report.findings = report.findings.map((r) => toFinding(r));
  return report;
}

/** An event row of src/events.rs (`["f", row]` or `["u", part]`) as an iterator's event. */
function toEvent(e) {
  return e[0] === 'f' ? toFinding(e[1], { type: 'finding' }) : { type: 'unscannable', ...e[1] };
}

function toFindings(json) {
  return json === '[]' ? [] : JSON.parse(json).map((r) => toFinding(r));
}

// ------------------------------------------------------------------ inputs

const isShared =
  typeof SharedArrayBuffer === 'function'
    ? (buffer) => buffer instanceof SharedArrayBuffer
    : () => false;

/**
 * A Uint8Array over the bytes of `input` (Buffer, any TypedArray or DataView, ArrayBuffer),
 * without copying, except memory shared with other threads (SharedArrayBuffer), which a
 * Worker could write while Rust reads it: that is copied first.
 */
function toBytes(input, what) {
  let view;
  if (input instanceof Uint8Array) view = input;
  else if (ArrayBuffer.isView(input)) view = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  else if (input instanceof ArrayBuffer || isShared(input)) view = new Uint8Array(input);
  else throw typeError(`${what} must be a Buffer, TypedArray, DataView or ArrayBuffer, got ${describe(input)}`);
  return isShared(view.buffer) ? new Uint8Array(view) : view;
}

function nameOption(options, what) {
  if (options === undefined || options === null) return null;
  expectObject(options, what);
  const name = options.name;
  for (const key of Object.keys(options)) {
    if (key !== 'name') throw configError(`${what}: unknown option ${JSON.stringify(key)} (known: name)`);
  }
  if (name === undefined || name === null) return null;
  return expectString(name, `${what}.name`);
}

function pathArgument(path) {
  const p = path instanceof URL ? fileURLToPath(path) : path;
  if (typeof p !== 'string') throw typeError(`path must be a string or a file: URL, got ${describe(path)}`);
  if (p.includes('\0')) {
    const err = new TypeError(`path must not contain null bytes, got ${JSON.stringify(p)}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  return p;
}

/**
 * The native layer reports I/O failures as ERR_MAMORI_IO with the OS error number; made
 * into the errors fs gives (`code: 'ENOENT'`, negative `errno`, `syscall`, `path`).
 */
function ioError(e) {
  if (e && e.code === 'ERR_MAMORI_IO' && typeof e.errno === 'number') {
    const entry = util.getSystemErrorMap().get(-e.errno);
    if (entry) {
      const [code, description] = entry;
      const err = new Error(`${code}: ${description}, ${e.syscall} '${e.path}'`);
      err.errno = -e.errno;
      err.code = code;
      err.syscall = e.syscall;
      err.path = e.path;
      return err;
    }
  }
  return e;
}

// ------------------------------------------------------------------ Scanner

/** Set by Scanner.fromConfig for the constructor call it makes (synchronously). */
let coreConfig = null;

/**
 * A compiled scanner. Compiling is the only expensive step; the scanner is immutable, so
 * build one and share it (asynchronous scans of one scanner run in parallel).
 */
class Scanner {
  #native;

  /** @param {import('./index').ScannerOptions} [options] */
  constructor(options = {}) {
    let config;
    if (coreConfig !== null) {
      config = coreConfig;
      coreConfig = null;
    } else {
      config = toConfig(options);
    }
    this.#native = new native.NativeScanner(JSON.stringify(config));
  }

  /**
   * A scanner from the core's configuration shape (snake_case: what a JSON config file
   * or `scanner.config` holds). Fields left out keep their defaults.
   */
  static fromConfig(config) {
    expectObject(config, 'config');
    coreConfig = config;
    try {
      return new Scanner();
    } finally {
      coreConfig = null;
    }
  }

  /** The configuration in the core's shape (every field present); see fromConfig. */
  get config() {
    return JSON.parse(this.#native.configJson());
  }

  /** The options of this scanner, camelCase and every field present: `new Scanner(scanner.options)` is the same scanner. */
  get options() {
    return toOptions(this.config);
  }

  /** Scans a string. `start`/`end` index the string (UTF-16); `byteStart`/`byteEnd` are UTF-8 bytes. */
  scanText(text) {
    expectString(text, 'text');
    return toReport(this.#native.scanText(text));
  }

  /**
   * Scans bytes synchronously, in place, with the core's document support (Office, PDF,
   * mail, archives, Japanese encodings). `start`/`end` are byte offsets (into the
   * extracted text of `location` when the finding sits in a part of a document).
   */
  scanBytes(input, options) {
    const bytes = toBytes(input, 'input');
    return toReport(this.#native.scanBytes(bytes, nameOption(options, 'options')));
  }

  /**
   * Scans bytes on the libuv thread pool. The bytes are copied first (on this thread):
   * JavaScript may write to the Buffer while the scan runs, and Rust must not read memory
   * that is being written (a data race; napi-rs issues 1295 and 2261).
   */
  async scanBytesAsync(input, options) {
    const bytes = toBytes(input, 'input');
    const name = nameOption(options, 'options');
    return toReport(await this.#native.scanBytesAsync(bytes, name));
  }

  /** Reads, extracts and scans a file on the libuv thread pool (text is streamed). */
  async scanFile(path) {
    const p = pathArgument(path);
    let json;
    try {
      json = await this.#native.scanFile(p);
    } catch (e) {
      throw ioError(e);
    }
    return toReport(json);
  }

  /** `scanFile` on this thread: blocks the event loop for the whole read and scan. */
  scanFileSync(path) {
    const p = pathArgument(path);
    let json;
    try {
      json = this.#native.scanFileSync(p);
    } catch (e) {
      throw ioError(e);
    }
    return toReport(json);
  }

  /**
   * The findings and unread parts of a file as the scan finds them, as an async iterator
   * (`for await (const ev of scanner.iterFile(p))`); `ev.type` is 'finding' or
   * 'unscannable'. The scan runs on a thread of its own, a bounded queue ahead of the
   * consumer; leaving the loop early stops it. `iterator.report` is set at the end.
   */
  iterFile(path) {
    const p = pathArgument(path);
    return new ScanIterator(this.#native.iterFile(p));
  }

  /** `iterFile` for bytes in memory (copied first, as for scanBytesAsync). */
  iterBytes(input, options) {
    const bytes = toBytes(input, 'input');
    const name = nameOption(options, 'options');
    return new ScanIterator(this.#native.iterBytes(bytes, name));
  }

  /**
   * A Writable stream: write or pipe bytes in, get 'finding' events as they are found and
   * a final 'report'. The input is read like `scanBytes` reads it (documents, mail,
   * archives, encodings), or as UTF-8 text with `{ text: true }`.
   */
  createStream(options) {
    const opts = streamOptions(options);
    const handle = opts.text ? this.#native.stream() : this.#native.documentStream(opts.name);
    return new ScanStream(handle, opts);
  }
}

// ------------------------------------------------------------------ ScanIterator

const noop = () => {};

/**
 * The events of a scan running on its own thread, pulled in batches. `next()` calls are
 * served in order; `return()` (a `break` out of `for await`) stops the scan.
 */
class ScanIterator {
  #handle;
  #chain = Promise.resolve();
  #batch = [];
  #at = 0;
  #done = false;
  #report = null;

  constructor(handle) {
    if (!(handle instanceof native.NativeEvents)) {
      throw typeError('ScanIterator is made by scanner.iterFile() and scanner.iterBytes()');
    }
    this.#handle = handle;
  }

  /** The report once every event has been read, else null. */
  get report() {
    return this.#report;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  next() {
    const result = this.#chain.then(() => this.#next());
    this.#chain = result.then(noop, noop);
    return result;
  }

  async #next() {
    while (this.#at === this.#batch.length) {
      if (this.#done) return { done: true, value: undefined };
      let json;
      try {
        json = await this.#handle.next();
      } catch (e) {
        if (this.#done) return { done: true, value: undefined }; // returned meanwhile
        this.#finish();
        throw ioError(e);
      }
      const [events, report] = JSON.parse(json);
      this.#batch = events.map(toEvent);
      this.#at = 0;
      if (report !== null) {
        this.#report = reportFrom(report);
        this.#done = true;
      }
    }
    const value = this.#batch[this.#at];
    this.#batch[this.#at++] = undefined;
    return { done: false, value };
  }

  #finish() {
    this.#done = true;
    this.#batch = [];
    this.#at = 0;
    this.#handle.cancel();
  }

  /** Stops the scan (what `break` in `for await` calls). */
  async return(value) {
    this.#finish();
    return { done: true, value };
  }
}

// ------------------------------------------------------------------ ScanStream

/**
 * Text streams: chunks at least this large are fed on the thread pool, smaller ones on this
 * thread: a 256 KiB feed takes well under a millisecond, less than the round trip to the
 * pool costs in throughput (64 KiB file chunks stream about 1.5x faster inline than through
 * the pool).
 */
const DEFAULT_ASYNC_THRESHOLD = 256 * 1024;
/**
 * Bytes buffered before write() asks the writer to wait. Chunks that queue up while a feed
 * runs are then fed together (_writev): 64 KiB file chunks one by one scan markedly slower
 * than a few hundred KiB at a time.
 */
const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

const STREAM_OPTIONS = ['highWaterMark', 'signal', 'asyncThreshold', 'text', 'name'];

function streamOptions(options) {
  const opts = options === undefined || options === null ? {} : expectObject(options, 'options');
  for (const key of Object.keys(opts)) {
    if (!STREAM_OPTIONS.includes(key)) {
      throw configError(`options: unknown option ${JSON.stringify(key)} (known: ${STREAM_OPTIONS.join(', ')})`);
    }
  }
  const text = opts.text === undefined ? false : expectBoolean(opts.text, 'options.text');
  const name = nameOption(opts.name === undefined ? undefined : { name: opts.name }, 'options');
  if (text && name !== null) throw configError('options: `name` is for document streams, not with `text: true`');
  if (!text && opts.asyncThreshold !== undefined) {
    throw configError('options: `asyncThreshold` is for text streams (`text: true`)');
  }
  return { ...opts, text, name };
}

/**
 * A streaming scan as a stream.Writable. Findings are emitted ('finding') as soon as they
 * are found; at the end, `report` is set and a 'report' event carries it (before
 * 'finish'). Memory stays bounded whatever the input size.
 *
 * Two engines: a document stream (the default) hands the chunks through a bounded queue to
 * the core's reader scan on a thread of its own, which reads documents, mail, archives and
 * encodings as `scanBytes` does; a text stream (`text: true`) feeds the core's streaming
 * text scanner, inline or on the thread pool, with offsets from the stream's first byte.
 */
class ScanStream extends Writable {
  #text = null;
  #events = null;
  #asyncThreshold = DEFAULT_ASYNC_THRESHOLD;
  #report = null;
  #written = 0;
  /** Document streams: resolves with the report, or an error, when the scan ends. */
  #ended = null;
  /**
   * Document streams: while the scan waits for input the pump waits too (no libuv work
   * in flight, so an abandoned stream does not keep the process alive); a write wakes it.
   */
  #wake = null;
  #woken = false;

  constructor(handle, options) {
    const isText = handle instanceof native.NativeStream;
    if (!isText && !(handle instanceof native.NativeEvents)) {
      throw typeError('ScanStream is made by scanner.createStream()');
    }
    const opts = options ?? {};
    const writable = { decodeStrings: true, highWaterMark: DEFAULT_HIGH_WATER_MARK };
    if (opts.highWaterMark !== undefined) writable.highWaterMark = expectCount(opts.highWaterMark, 'options.highWaterMark');
    if (opts.signal !== undefined) writable.signal = opts.signal;
    super(writable);
    if (isText) {
      this.#text = handle;
      if (opts.asyncThreshold !== undefined) this.#asyncThreshold = expectCount(opts.asyncThreshold, 'options.asyncThreshold');
    } else {
      this.#events = handle;
      this.#ended = this.#pump();
    }
  }

  /** The final report once the stream has finished, else null. */
  get report() {
    return this.#report;
  }

  /** Bytes written so far (text streams: written and scanned). */
  get bytesFed() {
    if (this.#events) return this.#written;
    if (this.#report) return this.#report.bytesScanned;
    try {
      return this.#text.bytesFed();
    } catch {
      return 0; // busy with an asynchronous feed, or destroyed
    }
  }

  #wakePump() {
    if (this.#wake) {
      this.#wake();
      this.#wake = null;
    } else {
      this.#woken = true;
    }
  }

  /** Document streams: emits the scan's events until its report; never rejects. */
  async #pump() {
    try {
      for (;;) {
        const [events, report, idle] = JSON.parse(await this.#events.next());
        for (const e of events) {
          if (this.destroyed) return { report: null };
          if (e[0] === 'f') this.emit('finding', toFinding(e[1]));
          else this.emit('unscannable', e[1]);
        }
        if (report !== null) return { report: reportFrom(report) };
        if (this.destroyed) return { report: null };
        if (idle) {
          if (!this.#woken) await new Promise((resolve) => (this.#wake = resolve));
          this.#woken = false;
        }
      }
    } catch (error) {
      if (!this.destroyed) this.destroy(error);
      return { error };
    }
  }

  #emitFindings(json) {
    if (json === '[]' || this.destroyed) return;
    for (const f of toFindings(json)) this.emit('finding', f);
  }

  _write(chunk, _encoding, callback) {
    if (this.#events) {
      this.#written += chunk.length;
      // Both copy the chunk on this thread; the second waits for room in the queue.
      if (this.#events.write(chunk)) {
        this.#wakePump();
        callback();
      } else {
        this.#events.writeAsync(chunk).then(() => {
          this.#wakePump();
          callback();
        }, callback);
      }
      return;
    }
    if (chunk.length >= this.#asyncThreshold) {
      // Copied by the addon before the work is queued (see scanBytesAsync).
      let pending;
      try {
        pending = this.#text.feedAsync(toBytes(chunk, 'chunk'));
      } catch (e) {
        callback(e);
        return;
      }
      pending.then(
        (json) => {
          try {
            this.#emitFindings(json);
          } catch (e) {
            callback(e);
            return;
          }
          callback();
        },
        (e) => callback(e),
      );
      return;
    }
    try {
      this.#emitFindings(this.#text.feed(toBytes(chunk, 'chunk')));
    } catch (e) {
      callback(e);
      return;
    }
    callback();
  }

  _writev(chunks, callback) {
    if (chunks.length === 1) {
      this._write(chunks[0].chunk, chunks[0].encoding, callback);
      return;
    }
    this._write(Buffer.concat(chunks.map((c) => c.chunk)), 'buffer', callback);
  }

  #finished(report, callback) {
    this.#report = report;
    this.emit('report', report);
    callback();
  }

  _final(callback) {
    if (this.#events) {
      this.#events.endInput();
      this.#wakePump();
      this.#ended.then(({ report, error }) => {
        if (error) callback(error);
        else if (report) this.#finished(report, callback);
        else callback();
      });
      return;
    }
    // The end of the input settles the last findings: emitted, then the report. The
    // report (up to maxFindings findings) is serialised on the thread pool.
    this.#text.finishAsync().then(
      (json) => {
        try {
          const [last, report] = JSON.parse(json);
          reportFrom(report);
          if (!this.destroyed) for (const row of last) this.emit('finding', toFinding(row));
          this.#finished(report, callback);
        } catch (e) {
          callback(e);
        }
      },
      (e) => callback(e),
    );
  }

  _destroy(err, callback) {
    if (this.#events) {
      this.#events.cancel();
      this.#wakePump();
    }
    else this.#text.close();
    callback(err);
  }
}

module.exports = { Scanner, ScanStream, ScanIterator, KINDS, version: native.version() };
// `import mamori from 'mamori'` and `require('mamori').default` give the same object.
module.exports.default = module.exports;
