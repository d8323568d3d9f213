// A status poller: fetches each dependency's /health JSON and prints the ones that are down.
//
// Shape from node-fetch#428 and nodejs/node#51162: a fetch() response holds its connection until its
// body is read or cancelled, on every path, error paths included ("it is important to always either
// consume or cancel the response body anyway", undici's README).
//
// What changed from leak.mjs: the !res.ok branch reads the error page, and quotes its start in the
// error, before throwing; the connection goes back to the pool for the next poll.
import http from 'node:http';

const errorPage = `<html><body><h1>503 Service Unavailable</h1>${'<!-- padding -->'.repeat(10_000)}</body></html>`;

const dependency = http.createServer((req, res) => {
  res.writeHead(503, { 'content-type': 'text/html' }).end(errorPage);
});

async function checkHealth(url) {
  const res = await fetch(url);
  if (!res.ok) {
    const page = await res.text();
    throw new Error(`${url}: HTTP ${res.status}: ${page.slice(0, 60)}`);
  }
  return res.json();
}

dependency.listen(Number(process.env.PORT ?? 0), '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${dependency.address().port}/health`;
  for (let poll = 1; poll <= 10; poll++) {
    try {
      console.log(await checkHealth(url));
    } catch (error) {
      console.log(`poll ${poll}: down (${error.message.slice(0, 60)})`);
    }
  }
  dependency.getConnections((err, count) => {
    console.log(`health-check-body (fixed): 10 polls, ${count} connection(s) still open to the dependency`);
    process.exit(0);
  });
});
