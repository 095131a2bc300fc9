// The CommonJS side of the definitions: require() gives the same exports.
import mamori = require('mamori');

const scanner: mamori.Scanner = new mamori.Scanner({ keywords: ['社外秘'] });
const report: mamori.Report = scanner.scanText('社外秘');
const first: mamori.Finding | undefined = report.findings[0];
const same: mamori.Scanner = new mamori.default.Scanner();
void [first, same, mamori.default.default.KINDS];
scanner.scanFile('/etc/hostname').then((r) => r.verdict.action satisfies mamori.Action);
