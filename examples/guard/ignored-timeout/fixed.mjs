// A readiness check that pings its upstream with a 200 ms budget and reports "not ready" when the
// upstream is too slow.
//
// Shape from node-influx#494 and sindresorhus/got#394: a 'timeout' listener that settled the promise
// but never destroyed the request left one connection open per timed-out ping.
//
// What changed from leak.mjs: the 'timeout' listener destroys the request with the error, which closes
// its socket and rejects the promise through the 'error' listener.
import http from 'node:http';

// A stand-in upstream that has stalled: it accepts requests and never answers them.
const stalled = new Set();
const upstream = http.createServer((req, res) => stalled.add(res));

function ping(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

upstream.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${upstream.address().port}/ping`;
  console.log(`ignored-timeout (fixed): upstream on ${url}`);
  try {
    console.log(`upstream answered ${await ping(url, 200)}: ready`);
  } catch (err) {
    console.log(`upstream ping failed (${err.message}): not ready`);
  }
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
