// A thumbnail fetcher: it asks the image service for each thumbnail, and a failed fetch goes to a
// retry queue with its error, the way HTTP clients' errors carry the response (ky's HTTPError,
// ofetch's FetchError, axios' error.response).
//
// Shape from supabase/storage-js#174 and node-fetch#1673 (the `if (!res.ok) throw` path): fetch()
// resolves as soon as the headers arrive, and the body is the caller's to consume or cancel. The error
// path throws without touching it. Here the image service answers 503 with a 140 KB error page and
// closes the connection. Nobody reads the page, so its end and the FIN are never consumed: the socket
// sits in CLOSE_WAIT, out of the pool. undici releases an unread body once the Response is garbage-
// collected, but this one is kept alive by the error waiting in the retry queue. (A body too big for
// the kernel's buffers stalls the connection ESTABLISHED instead: just as stuck, but no FIN to see.)
//
// Expected guard finding: close-wait or unread-eof. Node 20 stops reading at 128 KB, so the FIN stays
// in the kernel (close-wait); Node 22 and later buffer the whole page and take the FIN behind it, where
// JavaScript can see it (unread-eof). The socket is the one undici opened for fetchThumbnail() below.
// The linter sees a response that is read on the success path: nothing to flag.
//
// The fix (fixed.mjs): read (or cancel) the body before throwing.
import http from 'node:http';

// A stand-in image service that is overloaded: a 503 with a large HTML error page, then it hangs up.
const errorPage = `<!doctype html><title>503 Service Unavailable</title><style>${' '.repeat(140 << 10)}</style>`;
const images = http.createServer((req, res) => {
  res.writeHead(503, { 'content-type': 'text/html', connection: 'close' });
  res.end(errorPage);
});

class HTTPError extends Error {
  constructor(response) {
    super(`HTTP ${response.status} from ${response.url}`);
    this.response = response;
  }
}

async function fetchThumbnail(base, id) {
  const res = await fetch(`${base}/thumbnails/${id}.png`);
  if (!res.ok) throw new HTTPError(res);
  return Buffer.from(await res.arrayBuffer());
}

const retryQueue = [];

images.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${images.address().port}`;
  console.log(`unconsumed-body (leak): image service on ${base}`);
  try {
    const png = await fetchThumbnail(base, 42);
    console.log(`thumbnail 42: ${png.length} bytes`);
  } catch (error) {
    console.log(`thumbnail 42: ${error.message}; retrying in a minute`);
    retryQueue.push({ id: 42, error, at: Date.now() + 60_000 });
  }
});

// Hold the situation for a while, then exit the way a script or a test run ends.
setTimeout(() => process.exit(0), 2500);
