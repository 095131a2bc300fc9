'use strict';
// examples/upload-guard.js over loopback: a server on 127.0.0.1 with a random port, a
// bounded number of requests with timeouts, closed at the end.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { once } = require('node:events');
const { Scanner } = require('..');
const { createUploadGuard } = require('../examples/upload-guard');

const REQUEST_TIMEOUT_MS = 10_000;

/** One request; resolves with { status, body (parsed JSON), headers }. */
function request(port, { method = 'POST', path = '/upload', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

describe('examples/upload-guard.js', () => {
  let server;
  let port;
  const accepted = [];

  before(async () => {
    server = createUploadGuard({ maxBytes: 8 * 1024 * 1024, onUpload: (u) => accepted.push(u) });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = server.address().port;
  });

  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('accepts a clean upload', async () => {
    const res = await request(port, { body: '来週の会議は10時からです。', headers: { 'x-file-name': encodeURIComponent('議事録.txt') } });
    assert.equal(res.status, 201);
    assert.equal(res.body.accepted, true);
    assert.equal(res.body.name, '議事録.txt');
    assert.equal(res.body.verdict.action, 'allow');
    assert.deepEqual(res.body.unscannable, []);
    assert.equal(res.body.bytes, Buffer.byteLength('来週の会議は10時からです。'));
    assert.equal(accepted.at(-1).name, '議事録.txt');
  });

  it('accepts with the verdict when the policy says review', async () => {
    const res = await request(port, { body: '担当 TEL 03-1234-5678' });
    assert.equal(res.status, 201);
    assert.equal(res.body.verdict.action, 'review');
    assert.deepEqual(res.body.counts, { phone: 1 });
  });

  it('rejects an upload carrying a My Number, with the value masked', async () => {
    const res = await request(port, { body: '社員番号 12 マイナンバー：６２１４ ９８３２ ０２５７', method: 'PUT' });
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'my_number');
    assert.equal(res.body.finding.masked, '****-****-0257');
    assert.ok(!JSON.stringify(res.body).includes('6214'), 'no raw value in the answer');
  });

  it('rejects a My Number early, before the rest of a large body', async () => {
    // 6 MB sent in 64 KiB pieces; the My Number is in the first one.
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const first = Buffer.concat([Buffer.from('マイナンバー：6214-9832-0257\n'), piece]);
    let sent = 0;
    const res = await request(port, {
      headers: { 'content-length': String(first.length + 95 * piece.length) },
      body: (req) => {
        req.on('error', () => {}); // the server may close while we are still sending
        req.write(first);
        sent += 1;
        const more = () => {
          while (sent < 96) {
            sent += 1;
            if (!req.write(piece)) {
              req.once('drain', more);
              return;
            }
          }
          req.end();
        };
        more();
      },
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'my_number');
    assert.ok(res.body.bytesRead < 6 * 1024 * 1024, `answered after ${res.body.bytesRead} bytes`);
    assert.equal(res.headers.connection, 'close');
  });

  it('rejects an upload the policy blocks (10 personal items)', async () => {
    const list = Array.from({ length: 12 }, (_, i) => `TEL 090-1234-${5670 + i}`).join('\n');
    const res = await request(port, { body: list });
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'policy');
    assert.equal(res.body.verdict.action, 'block');
    assert.deepEqual(res.body.verdict.reasons, ['personal items: 12 >= 10 (block)']);
  });

  it('takes a chunked body (no content-length) and a multipart form', async () => {
    const boundary = 'xyz123';
    const form =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n` +
      `口座番号 普通 1234567\r\n--${boundary}--\r\n`;
    const res = await request(port, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
      body: (req) => {
        req.write(form.slice(0, 30));
        setTimeout(() => req.end(form.slice(30)), 10);
      },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.counts.bank_account, 1);
  });

  it('refuses bodies over the size limit, declared or not', async () => {
    const declared = await request(port, { headers: { 'content-length': String(9 * 1024 * 1024) }, body: (req) => {
      req.on('error', () => {});
      req.end();
    } }).catch((e) => ({ error: e }));
    // Either the 413 answer arrives, or the connection is cut: never an acceptance.
    if (!declared.error) assert.equal(declared.status, 413);
    const big = Buffer.alloc(9 * 1024 * 1024, 0x41);
    const chunked = await request(port, {
      headers: { 'transfer-encoding': 'chunked' },
      body: (req) => {
        req.on('error', () => {});
        req.end(big);
      },
    }).catch((e) => ({ error: e }));
    if (!chunked.error) assert.equal(chunked.status, 413);
  });

  it('extracts documents: a My Number inside an xlsx or docx is rejected, with its location', async () => {
    const fs = require('node:fs');
    const path = require('node:path');
    const dir = path.join(__dirname, '..', '..', 'corpora', 'documents', 'office');
    for (const file of ['顧客台帳.xlsx', '議事録.docx']) {
      const res = await request(port, {
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file) },
        body: fs.readFileSync(path.join(dir, file)),
      });
      assert.equal(res.status, 422, file);
      assert.equal(res.body.reason, 'my_number');
      assert.ok(res.body.finding.location.startsWith(`${file}#`), res.body.finding.location);
      assert.match(res.body.finding.masked, /^\*{4}-?\*{4}-?\d{4}$/);
    }
    const clean = await request(port, {
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' },
      body: Buffer.from('%PDF-1.4 nothing here'),
    });
    assert.equal(clean.status, 201);
    assert.equal(clean.body.verdict.action, 'allow');
  });

  it('answers 404 and 405 for other paths and methods', async () => {
    assert.equal((await request(port, { method: 'GET' })).status, 405);
    assert.equal((await request(port, { path: '/other', body: 'x' })).status, 404);
  });

  it('serves concurrent uploads', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'ok' : 'マイナンバー：6214-9832-0257'));
    const results = await Promise.all(bodies.map((body) => request(port, { body })));
    results.forEach((r, i) => assert.equal(r.status, i % 2 ? 201 : 422));
  });

  it('uses the scanner it is given', async () => {
    const strict = createUploadGuard({ scanner: new Scanner({ keywords: [{ text: '社外秘', severity: 'high' }] }) });
    strict.listen(0, '127.0.0.1');
    await once(strict, 'listening');
    try {
      const res = await request(strict.address().port, { body: '【社外秘】' });
      assert.equal(res.status, 422);
      assert.equal(res.body.reason, 'policy');
    } finally {
      strict.closeAllConnections();
      strict.close();
    }
  });
});
