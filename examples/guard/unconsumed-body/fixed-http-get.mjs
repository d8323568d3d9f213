// A health endpoint that checks its dependencies: one GET per dependency, healthy if it answers 200.
//
// Shape from node-fetch#499 ("Sockets staying open if body not read?"): a health check that looked
// only at the status left every response body unread and its socket in CLOSE_WAIT.
//
// What changed from leak-http-get.mjs: res.resume() reads and discards the body the check does not
// need, so the socket sees the FIN, closes, and leaves the agent's pool.
import http from 'node:http';

// A stand-in dependency whose status page is verbose, and which closes after each answer.
const statusDocument = JSON.stringify({ ok: true, checks: Array.from({ length: 2048 }, (_, i) => ({ id: i, ok: true, note: 'x'.repeat(40) })) });
const dependency = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
  res.end(statusDocument);
});

function checkDependency(url) {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        res.resume(); // only the status matters: discard the body
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

dependency.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${dependency.address().port}/status`;
  console.log(`unconsumed-body (fixed, http.get): dependency on ${url}, status document ${statusDocument.length} bytes`);
  console.log(`dependency healthy: ${await checkDependency(url)}`);
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
