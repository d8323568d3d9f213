// A webhook notifier: posts every order event to a partner's endpoint.
//
// Shape from mojaloop/project#4204 and request#1324 (LEAK-PATTERNS P5): notify() builds a new
// keep-alive agent on every call. Agents are pools and share nothing, so no connection is ever reused:
// each event opens a new TCP connection, which then idles in its own private pool until the keep-alive
// timeout, and every connection closed leaves a TIME_WAIT entry for 60 s. At a few hundred events a
// second that exhausts the ephemeral ports: `connect EADDRNOTAVAIL`. The stand-in endpoint below counts
// the connections it is given.
//
// The fix (fixed.js): one keep-alive agent at module level, shared by every call.
import http from 'node:http';

let connections = 0;
const endpoint = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
endpoint.on('connection', () => connections++);

function notify(url, event) {
  const agent = new http.Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(JSON.stringify(event));
  });
}

endpoint.listen(Number(process.env.PORT ?? 0), '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${endpoint.address().port}/hooks/orders`;
  for (let id = 1; id <= 50; id++) await notify(url, { type: 'order.created', id });
  console.log(`per-request-agent (leak): 50 events sent over ${connections} TCP connection(s)`);
  process.exit(0);
});
