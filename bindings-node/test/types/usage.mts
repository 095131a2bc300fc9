// Compiled by `tsc --noEmit -p test/types` (test.sh): the definitions in index.d.ts must
// accept every documented use (ESM side) and give exact types to the results.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import mamori, { KINDS, Scanner, ScanIterator, ScanStream, version } from 'mamori';
import type {
  Action,
  Finding,
  Kind,
  Level,
  MamoriError,
  Report,
  ScanEvent,
  ScannerConfig,
  ScannerOptions,
  Unscannable,
} from 'mamori';

const options: ScannerOptions = {
  kinds: ['my_number', 'phone'],
  contextWindow: 300,
  requireContext: ['corporate_number'],
  minConfidence: 'medium',
  keywords: ['社外秘', { text: 'Project Orion', label: 'orion', severity: 'high' }, { text: '極秘', label: null }],
  regexes: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}', severity: 'low', score: 0.7 }],
  policy: {
    blockOnAny: ['my_number'],
    reviewAtPersonal: null,
    blockAtPersonal: 10,
    reviewAtPersons: 3,
    blockAtPersons: null,
    perKind: { phone: { review: 3, block: null } },
    blockOnSeverity: null,
    countDistinct: true,
    minConfidence: 'low',
    onUnscannable: 'block',
  },
  revealValues: false,
  maxFindings: 1000,
  limits: {
    maxDepth: 4,
    maxTotalBytes: 1 << 30,
    maxMemberBytes: 1 << 28,
    maxRatio: 100,
    ratioFloorBytes: 1 << 20,
    maxMembers: 1000,
    maxTimeMs: 10_000,
    spillThreshold: 1 << 23,
    maxUnscannable: 100,
  },
};

const scanner = new Scanner(options);
const plain = new Scanner();
const config: ScannerConfig = scanner.config;
const again: Scanner = Scanner.fromConfig(config);
const partial: Scanner = Scanner.fromConfig({ min_confidence: 'high', policy: { per_kind: { phone: { review: 1 } } } });
void [plain, again, partial];

const report: Report = scanner.scanText('TEL 03-1234-5678');
const action: Action = report.verdict.action;
const reasons: string[] = report.verdict.reasons;
const name: string | null = report.name;
const perKind: number | undefined = report.counts['phone'];
const unscannable: Unscannable[] = report.unscannable;
void [action, reasons, name, perKind, unscannable, report.findingsTruncated, report.distinctSaturated];
void [report.personalItems, report.distinctPersonalItems, report.bytesScanned, report.distinctCounts];
const persons: number = report.persons;
void persons;

for (const f of report.findings) {
  const kind: Kind = f.kind;
  const level: Level = f.confidence.level;
  const score: number = f.confidence.score;
  const rule: string | undefined = f.rule;
  const text: string | undefined = f.text;
  const location: string | null = f.location;
  const span: [number, number, number, number] = [f.start, f.end, f.byteStart, f.byteEnd];
  const where: [number, number] = [f.line, f.column];
  const shown: string = f.masked;
  const hot: string[] = f.hotwords;
  void [kind, level, score, rule, text, location, span, where, shown, hot, f.severity];
  if (f.parts !== undefined) {
    const municipality: [number, number] = f.parts.municipality;
    const rest: [number, number] = f.parts.rest;
    const prefecture: [number, number] | undefined = f.parts.prefecture;
    const town: [number, number] | undefined = f.parts.town;
    void [municipality, rest, prefecture, town];
  }
}

const bytes = new Uint8Array([0x41]);
scanner.scanBytes(Buffer.from('x'), { name: 'a.txt' });
scanner.scanBytes(bytes);
scanner.scanBytes(new DataView(bytes.buffer));
scanner.scanBytes(bytes.buffer);
const fromAsync: Promise<Report> = scanner.scanBytesAsync(bytes, { name: null });
const fromFile: Promise<Report> = scanner.scanFile(new URL('file:///etc/hostname'));
const fromFileSync: Report = scanner.scanFileSync('/etc/hostname');
const counted: number = fromFileSync.countedPersonalItems;
void [fromAsync, fromFile, counted];
const resolved = scanner.options;
const window: number = resolved.contextWindow;
const onUnscannable: Action = resolved.policy.onUnscannable;
const depth: number = resolved.limits.maxDepth;
const same: Scanner = new Scanner(resolved);
void [window, onUnscannable, depth, same];

const stream: ScanStream = scanner.createStream({ highWaterMark: 1 << 20, asyncThreshold: 0, signal: AbortSignal.timeout(1000) });
stream.on('finding', (f: Finding) => void f.masked);
stream.once('report', (r: Report) => void r.verdict);
stream.on('error', (e: Error) => void e.message);
stream.on('finish', () => {
  const final: Report | null = stream.report;
  void final;
});
const fed: number = stream.bytesFed;
void fed;
await pipeline(createReadStream('/etc/hostname'), stream);
createReadStream('/etc/hostname').pipe(scanner.createStream());

const iter: ScanIterator = scanner.iterFile('/etc/hostname');
for await (const ev of iter) {
  if (ev.type === 'finding') {
    const k: Kind = ev.kind;
    const at: number = ev.byteStart;
    void [k, at];
  } else {
    const why: Unscannable['reason'] = ev.reason;
    void why;
  }
}
const done: Report | null = iter.report;
const events: ScanEvent[] = [];
for await (const ev of scanner.iterBytes(bytes, { name: 'a.zip' })) events.push(ev);
void [done, events];
const documents: ScanStream = scanner.createStream({ name: 'a.docx' });
documents.on('unscannable', (u: Unscannable) => void u.reason);
const stopped: boolean = report.stopped;
void stopped;

const kinds: readonly Kind[] = KINDS;
const v: string = version;
const viaDefault: Scanner = new mamori.Scanner();
void [kinds, v, viaDefault];

try {
  new Scanner({ kinds: ['phone'] });
} catch (e) {
  const err = e as MamoriError;
  if (err.code === 'ERR_MAMORI_CONFIG' || err.code === 'ENOENT') void err.message;
}
