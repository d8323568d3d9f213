// A status poller: fetches each dependency's /health JSON and prints the ones that are down.
//
// Shape from node-fetch#428 and nodejs/node#51162 (LEAK-PATTERNS P4):
// `const res = await fetch(url); if (!res.ok) throw new Error(...)` reads the body on the happy path
// only. On the throw path the response is dropped unread, and undici keeps its connection checked out:
// once the error page is bigger than what it reads ahead, the server's FIN waits behind unread bytes and
// the socket sits in CLOSE_WAIT. A dependency that is down for a while costs one connection per poll,
// exactly when the poller matters. The stand-in dependency below answers 503 with a 150 KB error page.
//
// The fix (fixed.mjs): the !res.ok branch reads the error page (and quotes it) before throwing.
import http from 'node:http';

const errorPage = `<html><body><h1>503 Service Unavailable</h1>${'<!-- padding -->'.repeat(10_000)}</body></html>`;

const dependency = http.createServer((req, res) => {
  res.writeHead(503, { 'content-type': 'text/html' }).end(errorPage);
});

async function checkHealth(url) {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${url}: HTTP ${res.status}`);
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
    console.log(`health-check-body (leak): 10 polls, ${count} connection(s) still open to the dependency`);
    process.exit(0);
  });
});
