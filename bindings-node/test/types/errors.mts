// Uses the definitions must reject: each line below is an error tsc has to report, which
// the @ts-expect-error comments turn into a failure if it does not.
import { Scanner } from 'mamori';

// @ts-expect-error unknown option
new Scanner({ kind: ['phone'] });
// @ts-expect-error unknown kind
new Scanner({ kinds: ['phon'] });
// @ts-expect-error wrong type
new Scanner({ contextWindow: '300' });
// @ts-expect-error snake_case belongs to fromConfig
new Scanner({ context_window: 300 });
// @ts-expect-error camelCase does not belong to fromConfig
Scanner.fromConfig({ contextWindow: 300 });
// @ts-expect-error policy keys are camelCase
new Scanner({ policy: { block_on_any: ['my_number'] } });
// @ts-expect-error keywords need text
new Scanner({ keywords: [{ label: 'x' }] });
// @ts-expect-error scanText takes a string
new Scanner().scanText(Buffer.from('x'));
// @ts-expect-error scanBytes takes bytes
new Scanner().scanBytes('text');
const r = new Scanner().scanText('x');
// @ts-expect-error no such field
void r.findings[0]?.value;
// @ts-expect-error verdict actions are a closed set
const a: 'allow' | 'review' = r.verdict.action;
void a;
// @ts-expect-error report is read-only
new Scanner().createStream().report = null;
// @ts-expect-error the persons thresholds are camelCase too
new Scanner({ policy: { block_at_persons: 3 } });
// @ts-expect-error address parts are [start, end] pairs
const partsSpan: number = new Scanner().scanText('x').findings[0]?.parts?.municipality ?? 0;
void partsSpan;
// @ts-expect-error findings use camelCase
void r.findings[0]?.byte_start;
// @ts-expect-error reports use camelCase
void r.bytes_scanned;
// @ts-expect-error scanFileSync is synchronous
void new Scanner().scanFileSync('/etc/hostname').then;
// @ts-expect-error an unscannable event has no kind
for await (const ev of new Scanner().iterFile('x')) if (ev.type === 'unscannable') void ev.kind;
