'use strict';
// index.d.ts against the package at run time: every field of the results and of the
// configuration, every option the wrapper accepts, every name in the string unions.
// (test.sh also compiles test/types/*.ts with `tsc --noEmit`.)

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const ts = require('typescript');
const { Scanner, KINDS } = require('..');
const { PKG } = require('./helpers');

let checker;
let declarations;

before(() => {
  const file = path.join(PKG, 'index.d.ts');
  const program = ts.createProgram([file], { strict: true, types: ['node'], noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  assert.deepEqual(
    diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
    'index.d.ts compiles',
  );
  checker = program.getTypeChecker();
  declarations = new Map();
  const source = program.getSourceFile(file);
  ts.forEachChild(source, (node) => {
    if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name) {
      declarations.set(node.name.text, node);
    }
  });
});

/** Property names of an interface: { name: { optional, type } }. */
function members(name) {
  const node = declarations.get(name);
  assert.ok(node, `index.d.ts declares ${name}`);
  const type = checker.getTypeAtLocation(node);
  const out = {};
  for (const p of checker.getPropertiesOfType(type)) {
    const decl = p.valueDeclaration ?? p.declarations[0];
    out[p.name] = {
      optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
      type: checker.typeToString(checker.getTypeOfSymbolAtLocation(p, decl)),
    };
  }
  return out;
}

/** String literal members of a union type alias. */
function literals(name) {
  const type = checker.getTypeAtLocation(declarations.get(name));
  return (type.isUnion() ? type.types : [type]).map((t) => t.value).sort();
}

/** The declared type accepts this runtime value (by category). */
function accepts(declared, value, where) {
  const parts = declared.split(' | ').map((s) => s.trim());
  let ok;
  if (value === null) ok = parts.includes('null');
  else if (typeof value === 'number') ok = parts.includes('number');
  else if (typeof value === 'boolean') ok = parts.includes('boolean');
  else if (typeof value === 'string') ok = parts.some((p) => p === 'string' || p.startsWith('"') || /^[A-Z]\w*$/.test(p));
  else if (Array.isArray(value)) {
    ok = parts.some((p) => p.endsWith('[]') || p.startsWith('Array<') || p.startsWith('readonly ') || p.startsWith('['));
  }
  else ok = parts.some((p) => /^(Record<|[A-Z]\w*$|\{)/.test(p));
  assert.ok(ok, `${where}: runtime ${JSON.stringify(value)} does not fit the declared ${declared}`);
}

/** The object's keys are exactly the interface's, optional ones allowed to be missing. */
function matchesInterface(obj, name, { allOptionalPresent = false, except = [] } = {}) {
  const m = members(name);
  for (const key of Object.keys(obj)) {
    assert.ok(key in m, `${name} lacks the field ${key} that the package returns`);
    accepts(m[key].type, obj[key], `${name}.${key}`);
  }
  for (const [key, { optional }] of Object.entries(m)) {
    if (!optional || (allOptionalPresent && !except.includes(key))) {
      assert.ok(key in obj, `${name}.${key} is declared but not returned`);
    }
  }
}

/** The option names the wrapper accepts, read from its "unknown option" message. */
function acceptedKeys(fn) {
  try {
    fn();
  } catch (e) {
    const m = /\(known: ([^)]*)\)/.exec(e.message);
    assert.ok(m, `no list of options in: ${e.message}`);
    return m[1].split(', ').sort();
  }
  assert.fail('an unknown option was accepted');
}

function optionNames(name) {
  return Object.keys(members(name)).sort();
}

describe('index.d.ts', () => {
  it('string unions list exactly the names the engine uses', () => {
    assert.deepEqual(literals('Kind'), [...KINDS].sort());
    assert.deepEqual(literals('Level'), ['high', 'low', 'medium']);
    assert.deepEqual(literals('Severity'), ['high', 'low', 'medium']);
    assert.deepEqual(literals('Action'), ['allow', 'block', 'review']);
    assert.deepEqual(literals('UnscannableReason'), ['corrupt', 'encrypted', 'limit_exceeded', 'raw_text_only', 'unsupported_format']);
  });

  it('Report, Finding, Confidence and Verdict match what scans return', () => {
    const scanner = new Scanner({ keywords: [{ text: '社外秘', label: 'confidential' }], revealValues: true });
    const report = scanner.scanText('社外秘 TEL 03-1234-5678');
    matchesInterface(report, 'Report');
    matchesInterface(report.verdict, 'Verdict');
    const keyword = report.findings.find((f) => f.kind === 'keyword');
    matchesInterface(keyword, 'Finding', { allOptionalPresent: true, except: ['parts'] }); // has rule and text
    matchesInterface(keyword.confidence, 'Confidence');
    const plain = new Scanner().scanText('TEL 03-1234-5678').findings[0];
    matchesInterface(plain, 'Finding'); // without the optional ones
    assert.deepEqual(
      Object.entries(members('Finding'))
        .filter(([, m]) => m.optional)
        .map(([k]) => k)
        .sort(),
      ['parts', 'rule', 'text'],
    );
    // An address has parts, with every part when the prefecture and town are written.
    const address = scanner.scanText('住所：東京都渋谷区道玄坂1-2-3').findings.find((f) => f.kind === 'address');
    matchesInterface(address, 'Finding', { allOptionalPresent: true, except: ['rule'] }); // parts and text
    matchesInterface(address.parts, 'AddressParts', { allOptionalPresent: true });
    const noPrefecture = new Scanner().scanText('住所 渋谷区道玄坂1-2-3').findings.find((f) => f.kind === 'address');
    matchesInterface(noPrefecture.parts, 'AddressParts');
    // A person's name: `rule` is its form.
    const name = new Scanner().scanText('担当：山田太郎様').findings.find((f) => f.kind === 'person_name');
    matchesInterface(name, 'Finding');
  });

  it('ScanEvent: iterator events are a Finding or an Unscannable with their type', async () => {
    const samples = path.join(PKG, '..', 'samples');
    const scanner = new Scanner();
    const events = [];
    for (const name of ['documents.zip', 'encrypted.zip']) {
      for await (const ev of scanner.iterFile(path.join(samples, name))) events.push(ev);
    }
    const finding = events.find((e) => e.type === 'finding');
    const part = events.find((e) => e.type === 'unscannable');
    assert.ok(finding && part);
    const { type: t1, ...f } = finding;
    const { type: t2, ...u } = part;
    matchesInterface(f, 'Finding');
    matchesInterface(u, 'Unscannable');
    assert.equal(Object.keys(finding)[0], 'type');
    assert.equal(Object.keys(part)[0], 'type');
    const union = checker.getTypeAtLocation(declarations.get('ScanEvent'));
    const types = union.types.map((t) => checker.typeToString(checker.getTypeOfSymbolAtLocation(t.getProperty('type'), declarations.get('ScanEvent'))));
    assert.deepEqual(types.sort(), [`"${t1}"`, `"${t2}"`].sort());
  });

  it('ScannerConfig and ScannerOptions match scanner.config and scanner.options', () => {
    const scanner = new Scanner({
      keywords: [{ text: 'a', label: 'b' }],
      regexes: [{ name: 'r', pattern: 'x' }],
      policy: { perKind: { phone: { review: 1 } } },
    });
    const config = scanner.config;
    matchesInterface(config, 'ScannerConfig');
    matchesInterface(config.policy, 'CorePolicy');
    matchesInterface(config.policy.per_kind.phone, 'CoreThresholds');
    matchesInterface(config.keywords[0], 'CoreKeywordEntry');
    matchesInterface(config.regexes[0], 'CoreRegexRule');
    matchesInterface(config.limits, 'CoreLimits');
    // scanner.options: every option, policy and limit present.
    const options = scanner.options;
    matchesInterface(options, 'ScannerOptions', { allOptionalPresent: true });
    matchesInterface(options.policy, 'PolicyOptions', { allOptionalPresent: true });
    matchesInterface(options.limits, 'LimitsOptions', { allOptionalPresent: true });
    matchesInterface(options.policy.perKind.phone, 'Thresholds', { allOptionalPresent: true });
    matchesInterface(options.keywords[0], 'KeywordEntry', { allOptionalPresent: true });
    matchesInterface(options.regexes[0], 'RegexRule', { allOptionalPresent: true });
    // fromConfig's input type has the same fields, all optional.
    const input = members('ScannerConfigInput');
    assert.deepEqual(Object.keys(input).sort(), Object.keys(config).sort());
    assert.ok(Object.values(input).every((m) => m.optional));
  });

  it('every option interface lists exactly the options the wrapper accepts', () => {
    const unknown = { zzz: 1 };
    assert.deepEqual(optionNames('ScannerOptions'), acceptedKeys(() => new Scanner(unknown)));
    assert.deepEqual(optionNames('PolicyOptions'), acceptedKeys(() => new Scanner({ policy: unknown })));
    assert.deepEqual(optionNames('LimitsOptions'), acceptedKeys(() => new Scanner({ limits: unknown })));
    assert.deepEqual(
      optionNames('Thresholds'),
      acceptedKeys(() => new Scanner({ policy: { perKind: { phone: unknown } } })),
    );
    assert.deepEqual(optionNames('KeywordEntry'), acceptedKeys(() => new Scanner({ keywords: [{ text: 'a', zzz: 1 }] })));
    assert.deepEqual(
      optionNames('RegexRule'),
      acceptedKeys(() => new Scanner({ regexes: [{ name: 'a', pattern: 'b', zzz: 1 }] })),
    );
    const scanner = new Scanner();
    assert.deepEqual(optionNames('ScanBytesOptions'), acceptedKeys(() => scanner.scanBytes(Buffer.alloc(1), unknown)));
    assert.deepEqual(optionNames('ScanStreamOptions'), acceptedKeys(() => scanner.createStream(unknown)));
    // Every option is optional.
    for (const name of ['ScannerOptions', 'PolicyOptions', 'LimitsOptions', 'Thresholds', 'ScanStreamOptions']) {
      assert.ok(Object.values(members(name)).every((m) => m.optional), `${name}: all optional`);
    }
  });

  it('each camelCase option maps onto its core field', () => {
    // Option -> (value, core path): set each to a non-default value and read it back.
    const cases = {
      kinds: [['phone'], ['kinds']],
      contextWindow: [42, ['context_window']],
      requireContext: [['email'], ['require_context']],
      minConfidence: ['high', ['min_confidence']],
      revealValues: [true, ['reveal_values']],
      maxFindings: [7, ['max_findings']],
    };
    for (const [option, [value, at]] of Object.entries(cases)) {
      const config = new Scanner({ [option]: value }).config;
      assert.deepEqual(at.reduce((o, k) => o[k], config), value, option);
    }
    const policy = {
      blockOnAny: [['phone'], 'block_on_any'],
      reviewAtPersonal: [null, 'review_at_personal'],
      blockAtPersonal: [3, 'block_at_personal'],
      reviewAtPersons: [4, 'review_at_persons'],
      blockAtPersons: [11, 'block_at_persons'],
      perKind: [{ email: { review: 2, block: null } }, 'per_kind'],
      blockOnSeverity: ['low', 'block_on_severity'],
      countDistinct: [false, 'count_distinct'],
      minConfidence: ['low', 'min_confidence'],
      onUnscannable: ['allow', 'on_unscannable'],
    };
    for (const [option, [value, core]] of Object.entries(policy)) {
      assert.deepEqual(new Scanner({ policy: { [option]: value } }).config.policy[core], value, option);
    }
    assert.deepEqual(Object.keys(policy).sort(), optionNames('PolicyOptions'));
    const limits = new Scanner({
      limits: Object.fromEntries(optionNames('LimitsOptions').map((k, i) => [k, 1000 + i])),
    }).config.limits;
    const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    optionNames('LimitsOptions').forEach((k, i) => assert.equal(limits[snake(k)], 1000 + i, k));
  });
});
