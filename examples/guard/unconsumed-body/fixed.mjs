// A thumbnail fetcher: it asks the image service for each thumbnail, and a failed fetch goes to a
// retry queue with its error, the way HTTP clients' errors carry the response (ky's HTTPError,
// ofetch's FetchError, axios' error.response).
//
// Shape from supabase/storage-js#174 and node-fetch#1673: the `if (!res.ok) throw` path left the
// error page unread, and the connection in CLOSE_WAIT.
//
// What changed from leak.mjs: the error path reads the error page to its end before it throws, which
// releases the connection. (`await res.body?.cancel()` releases it too, by closing the connection.)
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
  if (!res.ok) {
    await res.text(); // read the error page to its end, so the connection is released
    throw new HTTPError(res);
  }
  return Buffer.from(await res.arrayBuffer());
}

const retryQueue = [];

images.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${images.address().port}`;
  console.log(`unconsumed-body (fixed): image service on ${base}`);
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
