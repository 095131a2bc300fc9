'use strict';
// An upload gateway with no dependencies but mamori: `POST /upload` (or PUT) with the file
// as the request body, its name in an `x-file-name` header (percent-encoded UTF-8).
//
//   - Text (content-type text/*, multipart/form-data, JSON, XML, or none) is scanned while
//     it arrives (scanner.createStream({ text: true })): a My Number rejects the upload at once (422),
//     without reading the rest.
//   - Anything else (Office files, PDF, mail, zip...) is collected (up to the size limit)
//     and scanned on the thread pool with the engine's document extraction
//     (scanner.scanBytesAsync(body, { name })): a My Number anywhere inside rejects it.
//   - Otherwise the policy's verdict decides: 'block' rejects (422), 'review' and 'allow'
//     accept (201), with the verdict in the answer. Parts the engine could not read
//     (encrypted, corrupt) make the verdict at least 'review'.
//   - A body over the size limit is refused (413).
//
// Answers are JSON and carry masked values only. Run it:
//
//   node examples/upload-guard.js            # listens on 127.0.0.1:8080 (PORT to change)
//   curl --data-binary @名簿.xlsx -H 'content-type: application/octet-stream' \
//        -H "x-file-name: $(node -p 'encodeURIComponent(`名簿.xlsx`)')" http://127.0.0.1:8080/upload

const http = require('node:http');
const { Scanner } = require('..'); // require('mamori') in an application

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

function sendJson(res, status, body) {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
  });
  res.end(data);
}

/** The `x-file-name` header (percent-encoded UTF-8 allowed), or null. */
function fileName(header) {
  if (typeof header !== 'string' || header === '') return null;
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

/** Bodies scanned as text while they arrive; everything else goes through extraction. */
function isText(contentType) {
  if (!contentType) return true;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'multipart/form-data' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/json' ||
    type === 'application/xml'
  );
}

/** The answer for a finished scan. */
function decide(report, name) {
  const myNumber = report.findings.find((f) => f.kind === 'my_number');
  const { verdict, counts, bytesScanned: bytes } = report;
  if (myNumber) {
    const { kind, masked, line, column, location } = myNumber;
    return [422, { accepted: false, reason: 'my_number', finding: { kind, masked, line, column, location } }];
  }
  if (verdict.action === 'block') return [422, { accepted: false, reason: 'policy', verdict, counts }];
  return [201, { accepted: true, name, bytes, verdict, counts, unscannable: report.unscannable }];
}

/**
 * Creates the server (not listening yet).
 * @param {{ scanner?: Scanner, maxBytes?: number, onUpload?: (info: object) => void }} [options]
 *   `scanner`: the scanner to use (default: the default policy, any My Number blocks);
 *   `maxBytes`: largest accepted body; `onUpload`: called with each accepted upload.
 */
function createUploadGuard({ scanner = new Scanner(), maxBytes = DEFAULT_MAX_BYTES, onUpload } = {}) {
  return http.createServer((req, res) => {
    if (req.url !== '/upload' && !req.url.startsWith('/upload?')) {
      sendJson(res, 404, { error: 'not found' });
      req.resume();
      return;
    }
    if (req.method !== 'POST' && req.method !== 'PUT') {
      res.setHeader('allow', 'POST, PUT');
      sendJson(res, 405, { error: 'method not allowed' });
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes) {
      res.setHeader('connection', 'close');
      sendJson(res, 413, { accepted: false, reason: 'too_large', maxBytes });
      req.destroy();
      return;
    }
    const name = fileName(req.headers['x-file-name']);

    if (!isText(req.headers['content-type'])) {
      collectAndScan(req, res, { scanner, maxBytes, name, onUpload });
      return;
    }

    const scan = scanner.createStream({ text: true });
    let done = false;
    let received = 0;

    // Ends the exchange early: answer now, stop scanning, and discard what is still coming
    // (closing the socket under a client that is still sending could lose the answer).
    const refuse = (status, body) => {
      if (done) return;
      done = true;
      req.unpipe(scan);
      scan.destroy();
      res.setHeader('connection', 'close');
      sendJson(res, status, body);
      req.on('data', () => {}); // drain; the size limit below still applies
      req.resume();
    };

    req.on('data', (chunk) => {
      received += chunk.length;
      if (received > maxBytes) {
        if (!done) refuse(413, { accepted: false, reason: 'too_large', maxBytes });
        req.destroy();
      }
    });
    req.on('error', () => {
      done = true;
      scan.destroy();
    });

    scan.on('finding', (f) => {
      if (f.kind === 'my_number') {
        refuse(422, {
          accepted: false,
          reason: 'my_number',
          finding: { kind: f.kind, masked: f.masked, line: f.line, column: f.column },
          bytesRead: received,
        });
      }
    });
    scan.on('error', (err) => refuse(500, { accepted: false, reason: 'scan_failed', error: err.message }));
    scan.on('finish', () => {
      if (done) return;
      done = true;
      finishUpload(res, decide(scan.report, name), onUpload);
    });

    req.pipe(scan);
  });
}

/** Answers; an accepted upload would be stored here (it is not, in this example). */
function finishUpload(res, [status, body], onUpload) {
  if (status === 201 && onUpload) onUpload(body);
  sendJson(res, status, body);
}

/** A document upload: collected up to `maxBytes`, then extracted and scanned off-thread. */
function collectAndScan(req, res, { scanner, maxBytes, name, onUpload }) {
  const chunks = [];
  let received = 0;
  let failed = false;
  req.on('data', (chunk) => {
    received += chunk.length;
    if (received > maxBytes) {
      if (!failed) {
        failed = true;
        res.setHeader('connection', 'close');
        sendJson(res, 413, { accepted: false, reason: 'too_large', maxBytes });
      }
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => {
    failed = true;
  });
  req.on('end', async () => {
    if (failed) return;
    try {
      const report = await scanner.scanBytesAsync(Buffer.concat(chunks), { name });
      finishUpload(res, decide(report, name), onUpload);
    } catch (err) {
      sendJson(res, 500, { accepted: false, reason: 'scan_failed', error: err.message });
    }
  });
}

module.exports = { createUploadGuard };

if (require.main === module) {
  const port = Number(process.env.PORT || 8080);
  const server = createUploadGuard();
  server.listen(port, '127.0.0.1', () => {
    console.log(`upload guard on http://127.0.0.1:${server.address().port}/upload`);
  });
}
