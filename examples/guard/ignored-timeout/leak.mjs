// A readiness check that pings its upstream with a 200 ms budget and reports "not ready" when the
// upstream is too slow.
//
// Shape from node-influx#494 ("Requests are not finished on timeout") and sindresorhus/got#394
// ("Sockets aren't being closed after a timeout"): the 'timeout' event only notifies, and the request
// keeps its socket until something destroys it. Here the 'timeout' listener settles the promise and
// stops there. The upstream has stalled (it takes requests and never answers), so every ping leaves one
// more connection open, ESTABLISHED, until the process runs out of sockets or the upstream recovers.
//
// Expected guard finding: timeout-ignored (the client socket made by the http.get() in ping()).
// The linter flags the same line: require-timeout-destroy (the 'timeout' listener never destroys req).
//
// The fix (fixed.mjs): the 'timeout' listener destroys the request.
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
    req.on('timeout', () => reject(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

upstream.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${upstream.address().port}/ping`;
  console.log(`ignored-timeout (leak): upstream on ${url}`);
  try {
    console.log(`upstream answered ${await ping(url, 200)}: ready`);
  } catch (err) {
    console.log(`upstream ping failed (${err.message}): not ready`);
  }
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
