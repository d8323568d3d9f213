// A metrics shipper: it sends `name value timestamp` lines to a plaintext relay over one long-lived
// TCP connection, and reconnects when the relay drops it.
//
// Shape from nodejs/node#35825, #32575 and #46015: the shipper never read its socket, so the relay's
// FIN waited behind the unread greeting and the connection sat in CLOSE_WAIT.
//
// What changed from leak.mjs: socket.resume() reads and discards whatever the relay says. Its FIN then
// becomes 'end', Node ends our side, 'close' fires and the next flush opens a fresh connection.
import net from 'node:net';

// A stand-in relay, as carbon-style relays behave: a greeting, then idle connections are closed.
const relay = net.createServer((socket) => {
  socket.write('# relay ready: send "name value timestamp" lines\n');
  socket.setEncoding('utf8').on('data', (text) => console.log(`relay got: ${text.trim().split('\n').join(' | ')}`));
  socket.setTimeout(300, () => socket.end('# idle, closing\n'));
});

class Shipper {
  #port;
  #socket = undefined;
  #batch = [];

  constructor(port) {
    this.#port = port;
  }

  record(name, value) {
    this.#batch.push(`${name} ${value} ${Math.floor(Date.now() / 1000)}\n`);
  }

  flush() {
    if (this.#batch.length === 0) return;
    this.#socket ??= this.#openConnection();
    this.#socket.write(this.#batch.join(''));
    this.#batch = [];
  }

  #openConnection() {
    const socket = net.connect(this.#port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.resume(); // the protocol is one-way: read and drop the relay's comments, so its FIN is seen
    socket.on('error', (err) => console.error(`shipper: ${err.message}`));
    socket.on('close', () => {
      console.log('shipper: relay connection closed, will reconnect on the next flush');
      this.#socket = undefined;
    });
    return socket;
  }
}

relay.listen(0, '127.0.0.1', () => {
  console.log(`unread-greeting (fixed): relay on 127.0.0.1:${relay.address().port}`);
  const shipper = new Shipper(relay.address().port);
  shipper.record('app.requests', 42);
  shipper.record('app.errors', 0);
  shipper.flush();
  setInterval(() => shipper.flush(), 10_000).unref(); // the next batch goes out in 10 s
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
