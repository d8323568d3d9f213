// A webhook notifier: posts every order event to a partner's endpoint.
//
// Shape from mojaloop/project#4204 and request#1324: an agent is a connection pool, and a pool built
// per call never reuses a connection.
//
// What changed from leak.js: the keep-alive agent is built once, at module level, and every notify()
// call shares it, so the 50 events travel over one connection instead of 50.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

let connections = 0;
const endpoint = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(204).end());
});
endpoint.on('connection', () => connections++);

function notify(url, event) {
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
  console.log(`per-request-agent (fixed): 50 events sent over ${connections} TCP connection(s)`);
  process.exit(0);
});
