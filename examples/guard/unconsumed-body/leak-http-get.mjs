// A health endpoint that checks its dependencies: one GET per dependency, healthy if it answers 200.
//
// Shape from node-fetch#499 ("Sockets staying open if body not read?": a health check that looks only
// at the status) and the `http.get(url, (res) => cb(res.statusCode))` reports behind it: with a
// 'response' listener the body is the listener's to read, and this one never reads it. The dependency
// answers with a 143 KB status document and closes the connection. The end of the body and the FIN are
// never consumed, and every check leaves a socket in CLOSE_WAIT, taken out of the agent's pool.
//
// Expected guard finding: close-wait or unread-eof. Node 20 stops reading at 128 KB, so the FIN stays
// in the kernel (close-wait); Node 22 and later buffer the whole body and take the FIN behind it
// (unread-eof). The socket is the one made by the http.get() in checkDependency().
// The linter does not track response bodies: nothing to flag.
//
// The fix (fixed-http-get.mjs): res.resume() discards the body.
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
      .get(url, (res) => resolve(res.statusCode === 200))
      .on('error', () => resolve(false));
  });
}

dependency.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${dependency.address().port}/status`;
  console.log(`unconsumed-body (leak, http.get): dependency on ${url}, status document ${statusDocument.length} bytes`);
  console.log(`dependency healthy: ${await checkDependency(url)}`);
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
