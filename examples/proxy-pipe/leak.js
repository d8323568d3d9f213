// A TCP proxy: forwards every connection on PORT to UPSTREAM (host:port, default 127.0.0.1:6379).
//
// Shape from node-http-proxy#559 and amqplib#584 (LEAK-PATTERNS P7): `client.pipe(upstream);
// upstream.pipe(client);` moves the bytes, but pipe() tears nothing down on failure. When a client
// resets its connection, its 'error' listener logs, pipe() unpipes, and the upstream connection stays
// open for good, ESTABLISHED on both ends, one per vanished client (and an upstream that fails leaves
// its client the same way). `ss -tan dst :6379` shows them pile up.
//
// The fix (fixed.js): one stream.pipeline(client, upstream, client), which destroys both sockets when
// either fails or closes.
import net from 'node:net';

const [upstreamHost, upstreamPort] = (process.env.UPSTREAM ?? '127.0.0.1:6379').split(':');

let open = 0;

const proxy = net.createServer((client) => {
  open++;
  const peer = `${client.remoteAddress}:${client.remotePort}`;
  client.on('close', () => open--);
  const upstream = net.connect(Number(upstreamPort), upstreamHost);
  client.on('error', (err) => console.error(`client ${peer}: ${err.message}`));
  upstream.on('error', (err) => console.error(`upstream ${upstreamHost}:${upstreamPort}: ${err.message}`));
  client.pipe(upstream);
  upstream.pipe(client);
});

proxy.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  setInterval(() => console.log(`${open} client connection(s) open`), 5000).unref();
  console.log(`proxy-pipe (leak) listening on 127.0.0.1:${proxy.address().port} → ${upstreamHost}:${upstreamPort}`);
});
