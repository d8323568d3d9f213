// A small connection pool for a line-protocol backend (a cache or queue speaking "PING\r\n"), which
// closes connections that sit idle.
//
// Shape from mongodb-core#114 and proxy-chain#362: an idle timeout only emits 'timeout'; "the user must
// manually call socket.end() or socket.destroy()" (Node docs, net, socket.setTimeout()).
//
// What changed from leak.mjs: the 'timeout' listener destroys the socket after taking it out of the
// idle list, so the backend's connection count drops back to zero after every quiet period.
import net from 'node:net';

const IDLE_MS = 300;

const backend = net.createServer((socket) => {
  socket.on('data', () => socket.write('+PONG\r\n'));
  socket.on('error', () => {});
});

class Pool {
  idle = [];

  constructor(port) {
    this.port = port;
  }

  acquire() {
    const pooled = this.idle.pop();
    if (pooled) return Promise.resolve(pooled);
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, '127.0.0.1', () => resolve(socket));
      socket.setTimeout(IDLE_MS);
      socket.on('timeout', () => {
        this.idle = this.idle.filter((s) => s !== socket);
        socket.destroy();
        console.log('pool: idle connection closed');
      });
      socket.on('error', reject);
    });
  }

  release(socket) {
    this.idle.push(socket);
  }
}

function ping(socket) {
  return new Promise((resolve) => {
    socket.once('data', (reply) => resolve(String(reply).trim()));
    socket.write('PING\r\n');
  });
}

backend.listen(0, '127.0.0.1', async () => {
  const pool = new Pool(backend.address().port);
  for (let burst = 0; burst < 3; burst++) {
    const sockets = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    await Promise.all(sockets.map(ping));
    sockets.forEach((socket) => pool.release(socket));
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2)); // quiet period: all go idle
  }
  backend.getConnections((err, count) => {
    console.log(`pool-timeout (fixed): the backend still holds ${count} connection(s); the pool holds ${pool.idle.length}`);
    process.exit(0);
  });
});
