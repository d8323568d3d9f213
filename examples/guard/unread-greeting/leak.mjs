// A metrics shipper: it sends `name value timestamp` lines to a plaintext relay over one long-lived
// TCP connection, and reconnects when the relay drops it.
//
// Shape from nodejs/node#35825, #32575 and #46015: a socket used only for writing. The protocol is
// one-way, so the shipper never reads; but this relay greets every connection with a comment line and
// closes connections that stay idle. Its FIN arrives behind the unread greeting, and 'end' is emitted
// only after all data has been read (nodejs/node#19241): 'end' never fires, Node never ends our side,
// 'close' never fires, so the shipper never reconnects and the socket sits in CLOSE_WAIT.
//
// Expected guard finding: unread-eof (the client socket made by connect() in openConnection()).
// The linter sees a socket with 'close' and 'error' listeners and no 'end' listener: nothing to flag.
//
// The fix (fixed.mjs): socket.resume() reads and discards what the relay says.
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
    socket.on('error', (err) => console.error(`shipper: ${err.message}`));
    socket.on('close', () => {
      console.log('shipper: relay connection closed, will reconnect on the next flush');
      this.#socket = undefined;
    });
    return socket;
  }
}

relay.listen(0, '127.0.0.1', () => {
  console.log(`unread-greeting (leak): relay on 127.0.0.1:${relay.address().port}`);
  const shipper = new Shipper(relay.address().port);
  shipper.record('app.requests', 42);
  shipper.record('app.errors', 0);
  shipper.flush();
  setInterval(() => shipper.flush(), 10_000).unref(); // the next batch goes out in 10 s
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
