// ESM entry point: the same objects as the CommonJS entry (index.js), so a scanner made
// through either works with both, and `instanceof` agrees.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mamori = require('./index.js');

export const { Scanner, ScanStream, ScanIterator, KINDS, version } = mamori;
export default mamori;
