import rule from '../../src/rules/no-unconsumed-body.js';
import { syntaxTester } from '../rule-tester.js';

// A response holds its connection until its body is read to the end or released (LEAK-PATTERNS shape
// P4, the most reported leak): Node's http client keeps the socket assigned even for HEAD and 204
// responses, undici keeps the connection until the body is consumed or cancelled, the AWS SDK's S3
// client runs out of sockets after 50 unread GetObject bodies (aws-sdk-js-v3#6691).
// Code is kept flush left so that `line`/`column` can be read straight off the template literal.

syntaxTester().run('no-unconsumed-body', rule, {
  valid: [
    // --- fetch: read, cancelled or handed on on every path ---------------------------------------
    {
      name: 'the error path reads the body into the message',
      code: `
export async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(\`HTTP \${res.status}: \${await res.text()}\`);
  return res.json();
}
`,
    },
    {
      name: 'the body is read before the status is checked',
      code: `
export async function getJson(url) {
  const res = await fetch(url);
  const data = await res.json();
  if (!res.ok) throw new Error(data.message);
  return data;
}
`,
    },
    {
      name: 'the error path cancels the body before throwing',
      code: `
export async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(\`HTTP \${res.status}\`);
  }
  return res.json();
}
`,
    },
    {
      name: 'a finally block cancels whatever was not read',
      code: `
export async function etag(url) {
  const res = await fetch(url);
  try {
    if (!res.ok) throw new Error('bad status');
    return res.headers.get('etag');
  } finally {
    await res.body?.cancel();
  }
}
`,
    },
    {
      name: 'the response is declared and read inside try; the catch never sees it',
      code: `
export async function tryJson(url) {
  try {
    const res = await fetch(url);
    return await res.json();
  } catch {
    return null;
  }
}
`,
    },
    {
      name: 'returned: the caller owns the body',
      code: `
export async function get(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  return res;
}
`,
    },
    {
      name: 'handed to an error object on the failure path',
      code: `
export async function get(url) {
  const res = await fetch(url);
  if (!res.ok) throw new HttpError(res);
  return res.json();
}
`,
    },
    {
      name: 'the body streamed to a file with pipeline(Readable.fromWeb(res.body))',
      code: `
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createWriteStream } from 'node:fs';
export async function download(url, file) {
  const res = await fetch(url);
  if (!res.body) throw new Error('no body');
  await pipeline(Readable.fromWeb(res.body), createWriteStream(file));
}
`,
    },
    {
      name: 'for await over res.body',
      code: `
export async function size(url) {
  const res = await fetch(url);
  let n = 0;
  for await (const chunk of res.body) n += chunk.length;
  return n;
}
`,
    },
    {
      name: 'a reader takes the body',
      code: `
export async function firstChunk(url) {
  const res = await fetch(url);
  const reader = res.body.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return value;
}
`,
    },
    {
      name: 'an upstream body proxied into a new Response',
      code: `
export async function proxy(request) {
  const upstream = await fetch(new URL(request.url).pathname, { headers: request.headers });
  return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
}
`,
    },
    {
      name: '204 and 304 responses have no body: a fetch-like client releases them',
      code: `
export async function refresh(url, cached) {
  const res = await fetch(url, { headers: { 'if-none-match': cached.etag } });
  if (res.status === 304) return cached;
  if (res.status === 204) return null;
  return res.json();
}
`,
    },
    {
      name: 'a status list that only holds bodiless statuses',
      code: `
export async function save(url, data) {
  const res = await fetch(url, { method: 'PUT', body: JSON.stringify(data) });
  if ([204, 205].includes(res.status)) return;
  return res.json();
}
`,
    },
    {
      name: 'no body to read: if (!res.body) return',
      code: `
export async function lines(url) {
  const res = await fetch(url);
  if (!res.body) return [];
  return (await res.text()).split('\\n');
}
`,
    },
    {
      name: 'no response at all after .catch(() => null)',
      code: `
export async function maybe(url) {
  const res = await fetch(url).catch(() => null);
  if (!res) return null;
  return res.json();
}
`,
    },
    {
      name: 'a switch whose 304 case returns early and whose default cancels',
      code: `
export async function load(url, cached) {
  const res = await fetch(url);
  switch (res.status) {
    case 200:
      return res.json();
    case 304:
      return cached;
    default:
      await res.body?.cancel();
      throw new Error(String(res.status));
  }
}
`,
    },
    {
      name: 'HEAD: fetch releases a bodiless response (undici README, "Garbage Collection")',
      code: `
export async function exists(url) {
  const res = await fetch(url, { method: 'HEAD' });
  return res.ok;
}
`,
    },
    {
      name: 'HEAD through an options constant and through a Request',
      code: `
const HEAD = { method: 'head' };
export async function exists(url) {
  const { ok } = await fetch(url, HEAD);
  const again = await fetch(new Request(url, { method: 'HEAD' }));
  return ok && again.ok;
}
`,
    },
    {
      name: 'then() callbacks that read',
      code: `
export function load(url) {
  return fetch(url).then((res) => res.json());
}
`,
    },
    {
      name: 'the body read in both arms of a conditional',
      code: `
export async function load(url) {
  const res = await fetch(url);
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}
`,
    },
    {
      name: 'kept in a cache: whoever takes it from there reads it',
      code: `
export async function prefetch(url, cache) {
  const res = await fetch(url);
  cache.set(url, res);
  return res.status;
}
`,
    },
    {
      name: 'a retry loop that cancels before trying again',
      code: `
export async function withRetry(url) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url);
    if (res.status === 429 && attempt < 3) {
      await res.body?.cancel();
      await sleep(1000 * 2 ** attempt);
      continue;
    }
    if (!res.ok) throw new HttpError(res);
    return res.json();
  }
}
`,
    },
    {
      name: 'aborting the request on the error path drops the body with it',
      code: `
export async function get(url) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  if (!res.ok) {
    controller.abort();
    throw new Error('bad status');
  }
  return res.json();
}
`,
    },
    {
      name: 'a same-file helper that reads the body on its failure path',
      code: `
async function ensureOk(res) {
  if (!res.ok) throw new Error(await res.text());
}
export async function get(url) {
  const res = await fetch(url);
  await ensureOk(res);
  return res.json();
}
`,
    },
    {
      name: 'a helper that throws on a bad status, called once the body has been read',
      code: `
function assertOk(res) {
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
}
export async function get(url) {
  const res = await fetch(url);
  const text = await res.text();
  assertOk(res);
  return JSON.parse(text);
}
`,
    },
    {
      name: 'read in the same expression it was fetched in',
      code: `
export async function get(url) {
  const text = await (await fetch(url)).text();
  return JSON.parse(text);
}
`,
    },
    {
      name: 'an Express route streaming the upstream body to the client',
      code: `
import { Readable } from 'node:stream';
app.get('/proxy', async (req, res) => {
  const upstream = await fetch(target + req.url);
  res.status(upstream.status);
  Readable.fromWeb(upstream.body).pipe(res);
});
`,
    },
    {
      name: 'undici fetch (named import) read on every path',
      code: `
import { fetch } from 'undici';
export async function get(url) {
  const res = await fetch(url);
  return res.ok ? res.json() : res.text().then((text) => Promise.reject(new Error(text)));
}
`,
    },
    {
      name: 'the status destructured from the response proves a 204',
      code: `
export async function save(url, data) {
  const res = await fetch(url, { method: 'PUT', body: JSON.stringify(data) });
  const { status } = res;
  if (status === 204) return null;
  return res.json();
}
`,
    },
    {
      name: 'a catch that cancels and rethrows what the try threw',
      code: `
export async function get(url) {
  const res = await fetch(url);
  try {
    if (!res.ok) throw new Error(res.statusText);
    return await res.json();
  } catch (err) {
    await res.body?.cancel().catch(() => {});
    throw err;
  }
}
`,
    },
    {
      name: 'a then() that passes the response on or rejects with it',
      code: `
export const get = (url) => fetch(url).then((res) => (res.ok ? res : Promise.reject(res)));
`,
    },
    {
      name: 'both arms of a conditional statement read or discard the http response',
      code: `
import http from 'node:http';
http.get(url, (res) => {
  res.statusCode === 200 ? res.pipe(file) : res.resume();
});
`,
    },
    // --- undici.request and dispatchers -----------------------------------------------------------
    {
      name: 'undici.request: the error path dumps the body',
      code: `
import { request } from 'undici';
export async function get(url) {
  const { statusCode, body } = await request(url);
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(\`HTTP \${statusCode}\`);
  }
  return body.json();
}
`,
    },
    {
      name: 'undici.request through require and a namespace; a 204 has no body',
      code: `
const undici = require('undici');
async function remove(url) {
  const res = await undici.request(url, { method: 'DELETE' });
  if (res.statusCode === 204) return;
  return res.body.text();
}
`,
    },
    {
      name: 'a Pool request whose body is iterated',
      code: `
import { Pool } from 'undici';
const pool = new Pool('http://localhost:3000');
export async function count(path) {
  const { body } = await pool.request({ path, method: 'GET' });
  let n = 0;
  for await (const chunk of body) n += chunk.length;
  return n;
}
`,
    },
    {
      name: 'a HEAD request on a Pool',
      code: `
import { Pool } from 'undici';
const pool = new Pool('http://localhost:3000');
export async function alive() {
  const { statusCode } = await pool.request({ path: '/', method: 'HEAD' });
  return statusCode < 500;
}
`,
    },
    {
      name: 'a request() resolved through then() into a reading callback',
      code: `
import { request } from 'undici';
export const get = (url) => request(url).then(({ body }) => body.text());
`,
    },
    // --- node-fetch ---------------------------------------------------------------------------------
    {
      name: 'node-fetch: the error path drains the Node stream',
      code: `
import fetch from 'node-fetch';
export async function get(url) {
  const res = await fetch(url);
  if (!res.ok) {
    res.body.resume();
    throw new Error(res.statusText);
  }
  return res.json();
}
`,
    },
    {
      name: 'node-fetch (require): the body piped to a file',
      code: `
const fetch = require('node-fetch');
const fs = require('fs');
module.exports = async function download(url, file) {
  const res = await fetch(url);
  res.body.pipe(fs.createWriteStream(file));
};
`,
    },
    // --- http(s): response callbacks and 'response' listeners --------------------------------------
    {
      name: "Node's own http.get example: resume() on the error path, 'data' on the other",
      code: `
const http = require('node:http');
http.get('http://localhost:8000/', (res) => {
  const { statusCode } = res;
  const contentType = res.headers['content-type'];
  let error;
  if (statusCode !== 200) {
    error = new Error(\`Request Failed. Status Code: \${statusCode}\`);
  } else if (!/^application\\/json/.test(contentType)) {
    error = new Error('Invalid content-type.');
  }
  if (error) {
    console.error(error.message);
    res.resume();
    return;
  }
  res.setEncoding('utf8');
  let rawData = '';
  res.on('data', (chunk) => { rawData += chunk; });
  res.on('end', () => console.log(JSON.parse(rawData)));
}).on('error', (e) => console.error(e.message));
`,
    },
    {
      name: 'a promise wrapper collecting the body',
      code: `
import https from 'node:https';
export function get(url) {
  return new Promise((resolve, reject) => {
    https
      .get(url, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}
`,
    },
    {
      name: 'the response resolved to the caller',
      code: `
const https = require('https');
const get = (url) => new Promise((resolve, reject) => https.get(url, (res) => resolve(res)).on('error', reject));
`,
    },
    {
      name: 'the response handed to a callback and piped, destroyed on the error path',
      code: `
import { get } from 'node:https';
export function download(url, file, cb) {
  get(url, (res) => {
    if (res.statusCode !== 200) {
      res.destroy();
      return cb(new Error(\`HTTP \${res.statusCode}\`));
    }
    res.pipe(file).on('finish', () => cb(null));
  });
}
`,
    },
    {
      name: 'pipeline() and for await read the response',
      code: `
import http from 'node:http';
import { pipeline } from 'node:stream';
http.get(url, (res) => pipeline(res, sink, done));
http.get(url, async (res) => {
  for await (const chunk of res) parser.write(chunk);
});
`,
    },
    {
      name: 'destroying the request, or the socket, drops the response',
      code: `
const http = require('http');
const req = http.request(options, (res) => {
  if (res.statusCode === 401) {
    req.destroy();
    return;
  }
  if (res.statusCode >= 500) return res.socket.destroy();
  res.pipe(process.stdout);
});
req.end();
`,
    },
    {
      name: "a 'response' listener that hands the response to a parser",
      code: `
import http from 'node:http';
const req = http.request(options);
req.on('response', (res) => {
  new Parser(res).on('record', onRecord);
});
req.end();
`,
    },
    {
      name: 'a named drain function called on the error path',
      code: `
const http = require('http');
http.get(url, (res) => {
  function discard() {
    res.resume();
  }
  if (res.statusCode !== 200) {
    discard();
    return callback(new Error('unexpected status'));
  }
  res.pipe(out);
});
`,
    },
    {
      name: 'a named drain arrow called on the error path',
      code: `
const http = require('http');
http.get(url, (res) => {
  const drain = () => res.resume();
  if (res.statusCode !== 200) {
    drain();
    return callback(new Error('unexpected status'));
  }
  res.pipe(out);
});
`,
    },
    {
      name: 'a same-file helper that reads the response it is given',
      code: `
const https = require('https');
function collect(stream, cb) {
  let body = '';
  stream.on('data', (c) => (body += c)).on('end', () => cb(null, body));
}
https.get(url, (res) => collect(res, done));
`,
    },
    {
      name: "no callback and no 'response' listener: Node dumps the response itself",
      code: `
const http = require('http');
http.get('http://metrics.internal/ping').on('error', () => {});
`,
    },
    {
      name: 'process.getBuiltinModule and a destructured alias',
      code: `
const { request: send } = process.getBuiltinModule('node:https');
send(options, (res) => res.resume()).end();
`,
    },
    // --- AWS SDK v3 ---------------------------------------------------------------------------------
    {
      name: 'GetObjectCommand: Body read with transformToString()',
      code: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const client = new S3Client({});
export async function read(Key) {
  const response = await client.send(new GetObjectCommand({ Bucket: 'assets', Key }));
  return response.Body.transformToString();
}
`,
    },
    {
      name: 'GetObjectCommand: Body streamed to a file, checked for presence first',
      code: `
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { pipeline } = require('node:stream/promises');
const s3 = new S3Client({});
async function download(Key, file) {
  const command = new GetObjectCommand({ Bucket: 'assets', Key });
  const { Body } = await s3.send(command);
  if (!Body) throw new Error('empty object');
  await pipeline(Body, file);
}
`,
    },
    {
      name: 'GetObjectCommand: Body returned to the caller',
      code: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const open = async (Key) => (await s3.send(new GetObjectCommand({ Bucket: 'b', Key }))).Body;
`,
    },
    {
      name: 'other commands have no streaming body',
      code: `
import { S3Client, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export async function size(Key) {
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key, Body: 'x' }));
  const { ContentLength } = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key }));
  return ContentLength;
}
`,
    },
    // --- Not a response -----------------------------------------------------------------------------
    {
      name: 'shadowed: fetch is a parameter',
      code: `
export async function get(fetch, url) {
  const res = await fetch(url);
  return res.status;
}
`,
    },
    {
      name: 'shadowed: fetch from a client that parses the body itself',
      code: `
import { ofetch as fetch } from 'ofetch';
export async function get(url) {
  const data = await fetch(url);
  return data.status;
}
`,
    },
    {
      name: 'shadowed: a local request() and http from a userland package',
      code: `
import http from 'http-mock';
function request(url) {
  return { statusCode: 200, body: url };
}
export async function get(url) {
  const { statusCode } = await request(url);
  http.get(url, (res) => console.log(res.statusCode));
  return statusCode;
}
`,
    },
    {
      name: 'a server handler: req and res are not client responses',
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  res.end(String(req.headers.host));
}).listen(8080);
`,
    },
    {
      name: 'a module-level response read by an exported function later',
      code: `
const res = await fetch(new URL('./config.json', import.meta.url));
export const config = () => res.json();
`,
    },
    {
      // @kubernetes/client-node's watch: undici aborts the request and closes its connection.
      name: 'a throw out of the try block lands in a catch that aborts the signal the request was given, through a helper',
      code: `
import { fetch } from 'undici';
export async function watch(url, onLine, done) {
  const controller = new AbortController();
  let called = false;
  const finish = (err) => {
    if (called) return;
    called = true;
    controller.abort();
    done(err);
  };
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (response.status === 200) {
      for await (const chunk of response.body) onLine(chunk);
      finish(null);
    } else {
      throw new Error(\`HTTP \${response.status}\`);
    }
  } catch (err) {
    finish(err);
  }
  return controller;
}
`,
    },
    {
      // ssh2's emscripten loader (lib/protocol/crypto/poly1305.js): in Node the wasm file is read from disk.
      name: "a fetch that runs only in a browser or worker, behind typeof tests kept in variables",
      code: `
var isWeb = typeof window === 'object';
var isWorker = typeof importScripts === 'function';
function instantiate(file, readBinary) {
  if (!file.startsWith('file://') && (isWeb || isWorker)) {
    return fetch(file, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw 'failed to load ' + file;
      return response.arrayBuffer();
    }).catch(function () { return readBinary(); });
  }
  return Promise.resolve().then(readBinary);
}
`,
    },
    {
      name: "a fetch in the else branch of a test for Node (typeof document === 'undefined')",
      code: `
export async function config(url) {
  if (typeof document === 'undefined') return readLocal(url);
  else {
    const res = await fetch(url);
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return res.json();
  }
}
`,
    },
  ],

  invalid: [
    {
      name: "a fetch behind typeof window === 'undefined' runs in Node",
      code: `
export async function load(url) {
  if (typeof window === 'undefined') {
    const res = await fetch(url);
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return res.json();
  }
  return null;
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function load(url) {
  if (typeof window === 'undefined') {
    const res = await fetch(url);
    if (!res.ok) { await res.body?.cancel(); throw new Error('HTTP ' + res.status); }
    return res.json();
  }
  return null;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "compiled TypeScript's call of an imported fetch: (0, undici_1.fetch)(url)",
      code: `
const undici_1 = require('undici');
async function getJson(url) {
  const res = await (0, undici_1.fetch)(url);
  if (!res.ok) throw new Error('HTTP ' + res.status);
  return res.json();
}
exports.getJson = getJson;
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
const undici_1 = require('undici');
async function getJson(url) {
  const res = await (0, undici_1.fetch)(url);
  if (!res.ok) { await res.body?.cancel(); throw new Error('HTTP ' + res.status); }
  return res.json();
}
exports.getJson = getJson;
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a throw out of the try block lands in a catch whose helper aborts nothing',
      code: `
import { fetch } from 'undici';
export async function watch(url, onLine, done) {
  const controller = new AbortController();
  let called = false;
  const finish = (err) => {
    if (called) return;
    called = true;
    console.log('done');
    done(err);
  };
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (response.status === 200) {
      for await (const chunk of response.body) onLine(chunk);
      finish(null);
    } else {
      throw new Error(\`HTTP \${response.status}\`);
    }
  } catch (err) {
    finish(err);
  }
  return controller;
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 18,
          column: 7,
          suggestions: [{ messageId: 'suggestRelease', output: `
import { fetch } from 'undici';
export async function watch(url, onLine, done) {
  const controller = new AbortController();
  let called = false;
  const finish = (err) => {
    if (called) return;
    called = true;
    console.log('done');
    done(err);
  };
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (response.status === 200) {
      for await (const chunk of response.body) onLine(chunk);
      finish(null);
    } else {
      await response.body?.cancel();
      throw new Error(\`HTTP \${response.status}\`);
    }
  } catch (err) {
    finish(err);
  }
  return controller;
}
` }],
        },
      ],
    },
    // --- fetch ------------------------------------------------------------------------------------
    {
      name: 'the classic: if (!res.ok) throw before res.json()',
      code: `
export async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
  return res.json();
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) { await res.body?.cancel(); throw new Error(\`HTTP \${res.status}\`); }
  return res.json();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a 404 that returns null before reading',
      code: `
export async function findUser(id) {
  const res = await fetch(\`https://api.example.com/users/\${id}\`);
  if (res.status === 404) {
    return null;
  }
  return res.json();
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function findUser(id) {
  const res = await fetch(\`https://api.example.com/users/\${id}\`);
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  return res.json();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the returned conditional drops the body in one arm (globalThis.fetch)',
      code: `
export async function maybeJson(url) {
  const res = await globalThis.fetch(url);
  return res.ok ? res.json() : null;
}
`,
      errors: [{ messageId: 'unconsumedPath', line: 4, column: 32 }],
    },
    {
      name: 'a continue in a loop over URLs: the next round drops this response',
      code: `
export async function all(urls) {
  const out = [];
  for (const url of urls) {
    const res = await fetch(url);
    if (!res.ok) continue;
    out.push(await res.json());
  }
  return out;
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 6,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function all(urls) {
  const out = [];
  for (const url of urls) {
    const res = await fetch(url);
    if (!res.ok) { await res.body?.cancel(); continue; }
    out.push(await res.json());
  }
  return out;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a 429 retry that sleeps and goes round again',
      code: `
export async function withRetry(url) {
  while (true) {
    const res = await fetch(url);
    if (res.status === 429) {
      await sleep(1000);
      continue;
    }
    return res.json();
  }
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 7,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function withRetry(url) {
  while (true) {
    const res = await fetch(url);
    if (res.status === 429) {
      await sleep(1000);
      await res.body?.cancel();
      continue;
    }
    return res.json();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a retry loop reassigning one variable: unread responses are overwritten',
      code: `
export async function poll(url) {
  let res;
  for (let i = 0; i < 5; i++) {
    res = await fetch(url);
    if (res.ok) break;
  }
  return res.json();
}
`,
      errors: [{ messageId: 'overwritten', line: 5, column: 5 }],
    },
    {
      name: 'a throw inside try lands in a catch that cannot see the response',
      code: `
export async function tryJson(url) {
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(res.statusText);
    return await res.json();
  } catch (err) {
    log.warn(err);
    return null;
  }
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function tryJson(url) {
  try {
    const res = await fetch(url);
    if (!res.ok) { await res.body?.cancel(); throw new Error(res.statusText); }
    return await res.json();
  } catch (err) {
    log.warn(err);
    return null;
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a switch: the 404 case and the default leave the body',
      code: `
export async function load(url) {
  const res = await fetch(url);
  switch (res.status) {
    case 200:
      return res.json();
    case 404:
      return null;
    default:
      throw new Error(String(res.status));
  }
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 8,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function load(url) {
  const res = await fetch(url);
  switch (res.status) {
    case 200:
      return res.json();
    case 404:
      await res.body?.cancel();
      return null;
    default:
      throw new Error(String(res.status));
  }
}
`,
            },
          ],
        },
        {
          messageId: 'unconsumedPath',
          line: 10,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function load(url) {
  const res = await fetch(url);
  switch (res.status) {
    case 200:
      return res.json();
    case 404:
      return null;
    default:
      await res.body?.cancel();
      throw new Error(String(res.status));
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'an if without else that reads only on success, then falls off the end',
      code: `
export async function refresh(url, state) {
  const res = await fetch(url);
  if (res.ok) {
    state.data = await res.json();
  }
}
`,
      errors: [{ messageId: 'unconsumedPath', line: 4, column: 3 }],
    },
    {
      name: 'only the status is looked at',
      code: `
export async function isUp(url) {
  const res = await fetch(url);
  return res.ok;
}
`,
      errors: [
        {
          messageId: 'neverConsumed',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function isUp(url) {
  const res = await fetch(url);
  await res.body?.cancel();
  return res.ok;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'headers destructured from the response: the body is dropped',
      code: `
export async function lastModified(url) {
  const { headers } = await fetch(url);
  return headers.get('last-modified');
}
`,
      errors: [{ messageId: 'dropped', line: 3, column: 29 }],
    },
    {
      name: 'a fire-and-forget POST: the response is dropped',
      code: `
export async function notify(hook, event) {
  await fetch(hook, { method: 'POST', body: JSON.stringify(event) });
}
`,
      errors: [
        {
          messageId: 'dropped',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestReleaseDropped',
              output: `
export async function notify(hook, event) {
  await (await fetch(hook, { method: 'POST', body: JSON.stringify(event) })).body?.cancel();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the status of an awaited fetch read inline',
      code: `
export async function statusOf(url) {
  return (await fetch(url)).status;
}
`,
      errors: [{ messageId: 'dropped', line: 3, column: 17 }],
    },
    {
      name: 'then() callbacks that drop the response',
      code: `
export function ping(url) {
  fetch(url).then(() => console.log('pinged'));
  void fetch(url + '/again');
}
`,
      errors: [
        { messageId: 'dropped', line: 3, column: 3 },
        { messageId: 'dropped', line: 4, column: 8 },
      ],
    },
    {
      name: 'a then() callback that throws on a bad status',
      code: `
export function load(url) {
  return fetch(url).then((res) => {
    if (!res.ok) throw new Error(res.statusText);
    return res.json();
  });
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export function load(url) {
  return fetch(url).then((res) => {
    if (!res.ok) { void res.body?.cancel(); throw new Error(res.statusText); }
    return res.json();
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a then() callback that only reads the status',
      code: `
export const isUp = (url) => fetch(url).then((r) => r.status < 400);
`,
      errors: [{ messageId: 'neverConsumed', line: 2, column: 47 }],
    },
    {
      name: 'a same-file helper that throws on a bad status before the caller reads',
      code: `
function assertOk(res) {
  if (!res.ok) throw new Error(\`HTTP \${res.status}\`);
}
export async function get(url) {
  const res = await fetch(url);
  assertOk(res);
  return res.json();
}
`,
      errors: [
        {
          messageId: 'borrowedThrow',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
function assertOk(res) {
  if (!res.ok) { void res.body?.cancel(); throw new Error(\`HTTP \${res.status}\`); }
}
export async function get(url) {
  const res = await fetch(url);
  assertOk(res);
  return res.json();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'undici fetch (namespace import): the redirect branch returns early',
      code: `
import * as undici from 'undici';
export async function resolve(url) {
  const res = await undici.fetch(url, { redirect: 'manual' });
  if (res.status >= 300 && res.status < 400) return res.headers.get('location');
  return (await res.json()).url;
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 46,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import * as undici from 'undici';
export async function resolve(url) {
  const res = await undici.fetch(url, { redirect: 'manual' });
  if (res.status >= 300 && res.status < 400) { await res.body?.cancel(); return res.headers.get('location'); }
  return (await res.json()).url;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'read in one arm of a conditional, returned later: the other arm drops it (no suggestion: a path has read it)',
      code: `
export async function maybe(url) {
  const res = await fetch(url);
  const data = res.ok ? await res.json() : undefined;
  return data;
}
`,
      errors: [{ messageId: 'unconsumedPath', line: 5, column: 3 }],
    },
    {
      name: 'res.ok && res.json(): the falsy side returns without reading',
      code: `
export async function maybe(url) {
  const res = await fetch(url);
  return res.ok && res.json();
}
`,
      errors: [{ messageId: 'unconsumedPath', line: 4, column: 3 }],
    },
    {
      name: 'a labeled continue leaves the inner loop, and the response with it',
      code: `
export async function crawl(groups) {
  outer: for (const group of groups) {
    for (const url of group.urls) {
      const res = await fetch(url);
      if (res.status >= 500) continue outer;
      group.pages.push(await res.text());
    }
  }
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 6,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
export async function crawl(groups) {
  outer: for (const group of groups) {
    for (const url of group.urls) {
      const res = await fetch(url);
      if (res.status >= 500) { await res.body?.cancel(); continue outer; }
      group.pages.push(await res.text());
    }
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a do-while that polls until the service is back overwrites every 503 response',
      code: `
export async function waitForIt(url) {
  let res;
  do {
    res = await fetch(url);
  } while (res.status === 503);
  return res.json();
}
`,
      errors: [{ messageId: 'overwritten', line: 5, column: 5 }],
    },
    {
      name: 'a then() helper in the style of checkStatus that throws a plain error',
      code: `
function checkStatus(response) {
  if (response.status >= 200 && response.status < 300) return response;
  throw new Error(response.statusText);
}
fetch('/users').then(checkStatus).then((res) => res.json());
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
function checkStatus(response) {
  if (response.status >= 200 && response.status < 300) return response;
  void response.body?.cancel();
  throw new Error(response.statusText);
}
fetch('/users').then(checkStatus).then((res) => res.json());
`,
            },
          ],
        },
      ],
    },
    // --- node-fetch -----------------------------------------------------------------------------------
    {
      name: 'node-fetch (require): only the status is looked at',
      code: `
const fetch = require('node-fetch');
module.exports = async function isUp(url) {
  const res = await fetch(url);
  return res.status === 200;
};
`,
      errors: [
        {
          messageId: 'neverConsumed',
          line: 4,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
const fetch = require('node-fetch');
module.exports = async function isUp(url) {
  const res = await fetch(url);
  res.body?.resume();
  return res.status === 200;
};
`,
            },
          ],
        },
      ],
    },
    {
      name: 'cross-fetch (named import): the error path throws',
      code: `
import { fetch } from 'cross-fetch';
export async function get(url) {
  const res = await fetch(url);
  if (res.status >= 400) throw new Error('Bad response from server');
  return res.json();
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 26,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import { fetch } from 'cross-fetch';
export async function get(url) {
  const res = await fetch(url);
  if (res.status >= 400) { res.body?.resume(); throw new Error('Bad response from server'); }
  return res.json();
}
`,
            },
          ],
        },
      ],
    },
    // --- undici.request and dispatchers -----------------------------------------------------------------
    {
      name: 'undici.request: { statusCode, body } with a throw before body.json()',
      code: `
import { request } from 'undici';
export async function get(url) {
  const { statusCode, body } = await request(url);
  if (statusCode !== 200) throw new Error(\`HTTP \${statusCode}\`);
  return body.json();
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 5,
          column: 27,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import { request } from 'undici';
export async function get(url) {
  const { statusCode, body } = await request(url);
  if (statusCode !== 200) { await body.dump(); throw new Error(\`HTTP \${statusCode}\`); }
  return body.json();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'undici.request: only the status code is destructured',
      code: `
const { request } = require('undici');
async function status(url) {
  const { statusCode } = await request(url);
  return statusCode;
}
`,
      errors: [{ messageId: 'dropped', line: 4, column: 32 }],
    },
    {
      name: 'a Pool request that returns early on a server error',
      code: `
import { Pool } from 'undici';
const pool = new Pool('http://localhost:3000');
export async function get(path) {
  const res = await pool.request({ path, method: 'GET' });
  if (res.statusCode >= 500) return null;
  return res.body.json();
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 6,
          column: 30,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import { Pool } from 'undici';
const pool = new Pool('http://localhost:3000');
export async function get(path) {
  const res = await pool.request({ path, method: 'GET' });
  if (res.statusCode >= 500) { await res.body.dump(); return null; }
  return res.body.json();
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the global dispatcher: a request whose response is dropped',
      code: `
import { getGlobalDispatcher } from 'undici';
const dispatcher = getGlobalDispatcher();
export async function touch(origin, path) {
  await dispatcher.request({ origin, path, method: 'POST' });
}
`,
      errors: [
        {
          messageId: 'dropped',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestReleaseDropped',
              output: `
import { getGlobalDispatcher } from 'undici';
const dispatcher = getGlobalDispatcher();
export async function touch(origin, path) {
  await (await dispatcher.request({ origin, path, method: 'POST' })).body.dump();
}
`,
            },
          ],
        },
      ],
    },
    // --- http(s) ----------------------------------------------------------------------------------------
    {
      name: 'http.get: the non-200 branch calls back and returns without reading',
      code: `
const http = require('http');
function getJson(url, cb) {
  http.get(url, (res) => {
    if (res.statusCode !== 200) {
      return cb(new Error(\`HTTP \${res.statusCode}\`));
    }
    let raw = '';
    res.on('data', (chunk) => (raw += chunk));
    res.on('end', () => cb(null, JSON.parse(raw)));
  });
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 6,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
const http = require('http');
function getJson(url, cb) {
  http.get(url, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      return cb(new Error(\`HTTP \${res.statusCode}\`));
    }
    let raw = '';
    res.on('data', (chunk) => (raw += chunk));
    res.on('end', () => cb(null, JSON.parse(raw)));
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a drain arrow that is defined but not called on the error path',
      code: `
const http = require('http');
http.get(url, (res) => {
  const drain = () => res.resume();
  if (res.statusCode !== 200) return callback(new Error('unexpected status'));
  res.on('error', drain);
  res.pipe(out);
});
`,
      errors: [{ messageId: 'unconsumedPath', line: 5, column: 31 }],
    },
    {
      name: 'https.get: a callback that only looks at statusCode',
      code: `
import https from 'node:https';
export const check = (url, cb) => https.get(url, (res) => cb(res.statusCode === 200));
`,
      errors: [{ messageId: 'neverConsumed', line: 3, column: 51 }],
    },
    {
      name: 'a redirect followed before the body is read (a download helper)',
      code: `
const https = require('node:https');
const fs = require('node:fs');
function download(url, dest, cb) {
  https.get(url, (res) => {
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      return download(res.headers.location, dest, cb);
    }
    res.pipe(fs.createWriteStream(dest)).on('finish', cb);
  });
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 7,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
const https = require('node:https');
const fs = require('node:fs');
function download(url, dest, cb) {
  https.get(url, (res) => {
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      res.resume();
      return download(res.headers.location, dest, cb);
    }
    res.pipe(fs.createWriteStream(dest)).on('finish', cb);
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'the else branch reports an error and falls off the end',
      code: `
import { get } from 'node:http';
get(url, (res) => {
  if (res.statusCode === 200) {
    res.pipe(file);
  } else {
    emitter.emit('error', new Error('bad status'));
  }
});
`,
      errors: [{ messageId: 'unconsumedPath', line: 7, column: 5 }],
    },
    {
      name: 'an if without else: other statuses fall through unread',
      code: `
import { get } from 'node:http';
get(url, (res) => {
  if (res.statusCode === 200) res.pipe(file);
});
`,
      errors: [{ messageId: 'unconsumedPath', line: 4, column: 3 }],
    },
    {
      name: "a 'response' listener on the ClientRequest that logs and leaves",
      code: `
const http = require('http');
const req = http.request({ host, path: '/health' });
req.on('response', (res) => {
  console.log('health', res.statusCode);
});
req.end();
`,
      errors: [
        {
          messageId: 'neverConsumed',
          line: 4,
          column: 21,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
const http = require('http');
const req = http.request({ host, path: '/health' });
req.on('response', (res) => {
  res.resume();
  console.log('health', res.statusCode);
});
req.end();
`,
            },
          ],
        },
      ],
    },
    {
      name: "a chained once('response') on https.request(); an 'end' listener alone reads nothing",
      code: `
import { request } from 'node:https';
request(options)
  .once('response', (response) => {
    response.on('end', () => done(response.statusCode));
  })
  .end();
`,
      errors: [
        {
          messageId: 'neverConsumed',
          line: 4,
          column: 22,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import { request } from 'node:https';
request(options)
  .once('response', (response) => {
    response.resume();
    response.on('end', () => done(response.statusCode));
  })
  .end();
`,
            },
          ],
        },
      ],
    },
    {
      name: 'HEAD through http.request still holds the socket until the (empty) response is read',
      code: `
import http from 'node:http';
export function exists(url) {
  return new Promise((resolve) => {
    http.request(url, { method: 'HEAD' }, (res) => resolve(res.statusCode === 200)).end();
  });
}
`,
      errors: [{ messageId: 'neverConsumed', line: 5, column: 44 }],
    },
    {
      name: 'a response callback that declares no parameter',
      code: `
const https = require('https');
https.get(hook, () => console.log('delivered'));
`,
      errors: [{ messageId: 'dropped', line: 3, column: 1 }],
    },
    {
      name: "a 'response' listener that declares no parameter",
      code: `
const http = require('http');
const req = http.request(options);
req.once('response', () => console.log('answered'));
req.end();
`,
      errors: [{ messageId: 'dropped', line: 4, column: 1 }],
    },
    {
      name: 'a class method bound as the response callback',
      code: `
import https from 'node:https';
export class Feed {
  poll() {
    https.get(this.url, this.onResponse.bind(this));
  }
  onResponse(res) {
    if (res.statusCode === 304) return;
    res.pipe(this.parser);
  }
}
`,
      errors: [
        {
          messageId: 'unconsumedPath',
          line: 8,
          column: 33,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import https from 'node:https';
export class Feed {
  poll() {
    https.get(this.url, this.onResponse.bind(this));
  }
  onResponse(res) {
    if (res.statusCode === 304) { res.resume(); return; }
    res.pipe(this.parser);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: "events.once(req, 'response'): only the status code is read",
      code: `
import { once } from 'node:events';
import http from 'node:http';
export async function status(url) {
  const req = http.get(url);
  const [res] = await once(req, 'response');
  return res.statusCode;
}
`,
      errors: [
        {
          messageId: 'neverConsumed',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestRelease',
              output: `
import { once } from 'node:events';
import http from 'node:http';
export async function status(url) {
  const req = http.get(url);
  const [res] = await once(req, 'response');
  res.resume();
  return res.statusCode;
}
`,
            },
          ],
        },
      ],
    },
    // --- AWS SDK v3 -------------------------------------------------------------------------------------
    {
      name: 'GetObjectCommand for its metadata only (aws-sdk-js-v3#6691)',
      code: `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export async function size(Key) {
  const { ContentLength } = await s3.send(new GetObjectCommand({ Bucket: 'assets', Key }));
  return ContentLength;
}
`,
      errors: [{ messageId: 'dropped', line: 5, column: 35 }],
    },
    {
      name: 'GetObjectCommand kept in a variable, with a throw before Body is read',
      code: `
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const client = new S3Client({ region: 'eu-west-1' });
async function readJson(Key) {
  const command = new GetObjectCommand({ Bucket: 'config', Key });
  const { Body, ContentType } = await client.send(command);
  if (ContentType !== 'application/json') throw new Error(\`unexpected \${ContentType}\`);
  return JSON.parse(await Body.transformToString());
}
`,
      errors: [{ messageId: 'unconsumedPath', line: 7, column: 43 }],
    },
    {
      name: 'the aggregated S3 client: getObject() for its content type',
      code: `
import { S3 } from '@aws-sdk/client-s3';
const s3 = new S3({});
export async function typeOf(Key) {
  const object = await s3.getObject({ Bucket: 'assets', Key });
  return object.ContentType;
}
`,
      errors: [{ messageId: 'neverConsumed', line: 5, column: 9 }],
    },
    {
      name: 'header validation failure is caught and logged and the function returns, leaving the fetched body unread.',
      code: `
const { fetch } = require('undici');

function validate(headers) {
  const len = Number(headers.get('content-length'));
  if (!Number.isFinite(len) || len > 50 * 1024 * 1024) throw new Error('artifact too large or unknown size');
  if (headers.get('x-checksum-sha256') == null) throw new Error('missing checksum header');
}

async function fetchArtifact(url, logger = console) {
  const resp = await fetch(url, { redirect: 'follow' });
  if (resp.status !== 200) {
    await resp.body?.cancel();
    return undefined;
  }
  try {
    validate(resp.headers);
  } catch (e) {
    logger.warn(\`skipping \${url}: \${e.message}\`);
    return undefined;
  }
  return Buffer.from(await resp.arrayBuffer());
}

module.exports = { fetchArtifact };
`,
      errors: [
        { messageId: 'unconsumedPath', line: 20, column: 5 },
      ],
    },
  ],
});
