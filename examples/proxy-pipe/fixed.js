// A TCP proxy: forwards every connection on PORT to UPSTREAM (host:port, default 127.0.0.1:6379).
//
// Shape from node-http-proxy#559 and amqplib#584: pipe() only moves data; when one side fails it
// unpipes and leaves the other open.
//
// What changed from leak.js: the two pipe() calls are one stream.pipeline(client, upstream, client),
// which destroys both sockets when either fails or closes, and reports the error once.
import net from 'node:net';
import { pipeline } from 'node:stream';

const [upstreamHost, upstreamPort] = (process.env.UPSTREAM ?? '127.0.0.1:6379').split(':');

let open = 0;

const proxy = net.createServer((client) => {
  open++;
  const peer = `${client.remoteAddress}:${client.remotePort}`;
  client.on('close', () => open--);
  const upstream = net.connect(Number(upstreamPort), upstreamHost);
  pipeline(client, upstream, client, (err) => {
    if (err) console.error(`${peer} ⇄ ${upstreamHost}:${upstreamPort}: ${err.message}`);
  });
});

proxy.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  setInterval(() => console.log(`${open} client connection(s) open`), 5000).unref();
  console.log(`proxy-pipe (fixed) listening on 127.0.0.1:${proxy.address().port} → ${upstreamHost}:${upstreamPort}`);
});
