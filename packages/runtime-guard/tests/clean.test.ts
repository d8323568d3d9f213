import { describe, expect, it, vi } from 'vitest';

import { NODE_LINES } from './helpers/node-lines.js';
import { runGuarded } from './helpers/run-guarded.js';

// Strict mode with a short threshold: any socket in a leak condition for 300 ms fails the run. The
// fixtures hold for at least HOLD_MS, so idle pooled sockets are scanned long past the threshold.
const STRICT = { CLOSEWAIT_MODE: 'strict', CLOSEWAIT_THRESHOLD_MS: '300', HOLD_MS: '2500' };
const TIMEOUT_MS = 20_000;

type Summary = Record<string, unknown>;

interface Workload {
  title: string;
  fixture: string;
  /** Asserts the workload really did its work (the fixture's summary line), so no test passes vacuously. */
  did(summary: Summary): void;
}

const WORKLOADS: Workload[] = [
  {
    title: 'http keep-alive server with an async handler and a keep-alive agent: 2000 requests, 50 in flight',
    fixture: 'clean-http-keepalive.mjs',
    did: (s) => {
      expect(s).toMatchObject({ requests: 2000, ok: 2000 });
      expect(s.connections).toBeLessThanOrEqual(50);
    },
  },
  {
    title: 'a connection per request (agent: false): 1000 requests, 50 in flight',
    fixture: 'clean-connection-per-request.mjs',
    did: (s) => expect(s).toEqual({ requests: 1000, ok: 1000, connections: 1000 }),
  },
  {
    title: 'fetch: bodies consumed (text, json, arrayBuffer, for await) or cancelled (body.cancel(), !res.ok)',
    fixture: 'clean-fetch.mjs',
    did: (s) => expect(s).toEqual({ requests: 600, consumed: 400, cancelled: 200 }),
  },
  {
    title: "undici's request(): bodies consumed or dumped",
    fixture: 'clean-undici.mjs',
    did: (s) => expect(s).toEqual({ requests: 600, consumed: 450, dumped: 150 }),
  },
  {
    title: 'https keep-alive server and agent: 600 requests over pooled TLS sockets',
    fixture: 'clean-https-keepalive.mjs',
    did: (s) => {
      expect(s).toMatchObject({ requests: 600, ok: 600 });
      expect(s.connections).toBeLessThanOrEqual(20);
    },
  },
  {
    title: "correct 'upgrade'/'connect' handlers: echo and end, refuse and destroy, hand off, CONNECT tunnel",
    fixture: 'clean-upgrade.mjs',
    did: (s) => expect(s).toEqual({ echo: 100, handedOff: 100, refused: 100, tunnel: 100 }),
  },
  {
    title: "an allowHalfOpen server that answers after the client's FIN and ends on 'end'",
    fixture: 'clean-half-open-server.mjs',
    did: (s) => expect(s).toEqual({ connections: 1000, ok: 1000 }),
  },
  {
    title: 'allowHalfOpen clients that half-close, then read the reply to its end',
    fixture: 'clean-half-close-client.mjs',
    did: (s) => expect(s).toEqual({ connections: 1000, ok: 1000 }),
  },
  {
    title: "an allowHalfOpen TLS server that ends on 'end', with half-closing TLS clients",
    fixture: 'clean-tls-half-close.mjs',
    did: (s) => expect(s).toEqual({ connections: 300, ok: 300 }),
  },
  {
    title: 'timeouts whose handlers destroy: server and client setTimeout, http request timeout, agent timeout',
    fixture: 'clean-timeouts.mjs',
    did: (s) => {
      expect(s).toMatchObject({ serverTimeouts: 100, idleClosed: 100, clientTimeouts: 100, requestTimeouts: 100, pooledAfter: 0 });
      expect(s.pooled).toBeGreaterThan(0);
    },
  },
  {
    title: "an idle timeout on a socket busy writing a slow upload: Node re-arms it, no 'timeout' is emitted",
    fixture: 'clean-slow-upload.mjs',
    did: (s) => expect(s).toEqual({ reply: `ok ${48 << 20}`, slow: true, timeouts: 0 }),
  },
  {
    title: "a server that pauses its socket on backpressure and resumes it on 'drain'",
    fixture: 'clean-backpressure.mjs',
    did: (s) => {
      expect(s).toMatchObject({ clients: 10, ok: 10 });
      expect(s.drainWaits).toBeGreaterThanOrEqual(10);
    },
  },
  {
    title: 'a half-closed client that reads its 6 MB reply only after 600 ms: the server is still sending',
    fixture: 'clean-slow-reader.mjs',
    did: (s) => {
      expect(s).toMatchObject({ received: 6 << 20, complete: true });
      expect(s.drainWaits).toBeGreaterThan(0);
    },
  },
  {
    title: 'keep-alive sockets idle in an agent pool longer than the threshold, with no timeout, then reused',
    fixture: 'clean-idle-pool.mjs',
    did: (s) => expect(s).toEqual({ requests: 300, ok: 300, connections: 10, pooled: 10 }),
  },
  {
    title: 'servers closing idle pooled connections: keepAliveTimeout and closeIdleConnections()',
    fixture: 'clean-server-closes-idle.mjs',
    did: (s) => expect(s).toEqual({
      keepAliveTimeout: { ok: 200, pooledBefore: 10, connections: 20 },
      closeIdleConnections: { ok: 200, pooledBefore: 10, connections: 20 },
    }),
  },
];

// Each test is a child process that runs ~2.5 s, busy for about the first half second: a few more of
// them run at once than vitest's default 5.
vi.setConfig({ maxConcurrency: 6 });

describe.concurrent.each(NODE_LINES)('clean workloads on $name', ({ bin }) => {
  for (const workload of WORKLOADS) {
    it(workload.title, async () => {
      const run = runGuarded(bin, workload.fixture, { env: STRICT });
      const { code, signal, stderr, stdout, findings } = await run.exit;
      // No finding, nor any other line from the guard (internal errors, notices), and a clean exit.
      expect({ findings, guardLines: stderr.split('\n').filter((line) => line.includes('closewait')) }).toEqual({ findings: [], guardLines: [] });
      expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      const summary = stdout.split('\n').find((line) => line.startsWith('{'));
      expect(summary, `${workload.fixture} printed no summary:\n${stdout}`).toBeDefined();
      workload.did(JSON.parse(summary ?? '{}') as Summary);
    }, TIMEOUT_MS);
  }
});
