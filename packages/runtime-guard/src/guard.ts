import type * as net from 'node:net';
import { isMainThread } from 'node:worker_threads';

import { trackWithAsyncHooks } from './async-hooks-tracker';
import type { Config } from './config';
import { Attribution } from './context';
import type { Kind } from './detect';
import { fdOf, handleStopped, jsCondition, serverOf, SEVERITY } from './detect';
import type { CloseWaitRows } from './kernel';
import { inodeOfFd, kernelViewAvailable, readCloseWait, readCloseWaitSync, timeWaitCount } from './kernel';
import { KernelSchedule } from './kernel-schedule';
import type { Finding, LeakListener } from './report';
import { addressesOf, describe, Reporter } from './report';
import type { Snapshot, SocketInfo } from './report';
import { CLIENT, Registry, SERVER, Tracked } from './registry';
import type { Site } from './site';
import { captureSite, settleSite, siteFrames } from './site';
import { watchSockets } from './sources';
import { UntrackedSockets } from './untracked';

const severityName = (kind: Kind): Finding['severity'] => (SEVERITY[kind] > 1 ? 'error' : 'warning');

/** A running guard: see `install()`. */
/**
 * CPU a timer-driven scan may spend settling client sites (~10 µs each, so ~200 a scan): a burst of
 * 10 k long-lived client sockets is settled within minutes, without ever holding the loop for long.
 */
const SETTLE_MS_PER_TICK = 2;

export class Guard {
  readonly config: Readonly<Config>;
  readonly #registry = new Registry((socket, since) => {
    const server = this.#serverOf(socket);
    return new Tracked(socket, SERVER, since, server?.site, server?.context);
  });
  readonly #attribution: Attribution;
  /** Where each server was told to listen, and in which context: what its accepted sockets are attributed to. */
  readonly #servers = new WeakMap<net.Server, { site: Site; context: unknown }>();
  readonly #wrappedBeforeTracked = new WeakMap<net.Socket, net.Socket>();
  /** Whether a TLS wrap was ever seen before its raw socket was published (TLS servers): until then the lookup is skipped. */
  #wrapsPending = false;
  readonly #reporter: Reporter;
  readonly #stops: (() => void)[] = [];
  readonly #failedOnce = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  readonly #kernel: KernelSchedule;
  readonly #untracked = new UntrackedSockets();
  #findings = 0;
  #installed = true;

  constructor(config: Config) {
    this.config = config;
    this.#attribution = new Attribution(config.context);
    this.#kernel = new KernelSchedule(config.kernel);
    this.#reporter = new Reporter(config, (where, fn) => this.#safely(where, fn));
  }

  /** Starts watching: called once by `install()`. */
  start(): void {
    if (this.#kernel.enabled) {
      const notice = kernelViewAvailable();
      if (notice !== undefined) {
        this.#kernel.disable();
        this.#write(notice);
      }
    }
    if (this.config.requestContext) this.#attribution.followRequests();
    const clients = this.config.tracker === 'channels';
    this.#stops.push(watchSockets({
      // A TLS server wraps its raw socket in its own 'connection' listener, before Node publishes the raw
      // socket on `net.server.socket`: the wrap is remembered until then, and the TLS socket is tracked.
      // The per-socket handlers catch inline rather than through #safely: a closure per socket is
      // measurable garbage on connection-per-request servers.
      server: (socket) => {
        try {
          const judged = this.#wrapsPending ? this.#wrappedBeforeTracked.get(socket) ?? socket : socket;
          // An accepted socket runs in its server's context: its record is built from the server's when
          // first needed. Only an app's own context function must be asked now.
          if (this.config.context === undefined) this.#registry.addAccepted(judged, Date.now());
          else this.#registry.add(new Tracked(judged, SERVER, Date.now(), this.#serverOf(socket)?.site, this.#attribution.capture()));
        } catch (error) {
          this.#failed('server socket', error);
        }
      },
      client: (socket, above) => {
        try {
          if (!this.#registry.has(socket)) this.#track(socket, CLIENT, captureSite(this.config.stacks, above), this.#attribution.capture());
        } catch (error) {
          this.#failed('client socket', error);
        }
      },
      wrapped: (raw, secure) => {
        try {
          if (this.#registry.has(raw)) this.#registry.replace(raw, secure);
          else {
            this.#wrappedBeforeTracked.set(raw, secure);
            this.#wrapsPending = true;
          }
        } catch (error) {
          this.#failed('tls socket', error);
        }
      },
      timedOut: (socket) => {
        try {
          const tracked = this.#registry.get(socket);
          if (tracked !== undefined) tracked.timedOut = { at: Date.now(), bytes: socket.bytesRead + socket.bytesWritten };
        } catch (error) {
          this.#failed('timeout', error);
        }
      },
      destroyed: (socket) => {
        try {
          this.#registry.delete(socket);
        } catch (error) {
          this.#failed('socket destroy', error);
        }
      },
      listening: (server, above) => this.#safely('listen', () => {
        if (!this.#servers.has(server)) this.#servers.set(server, { site: captureSite(this.config.stacks, above), context: this.#attribution.capture() });
      }),
    }, { clients }));
    if (!clients) {
      this.#stops.push(trackWithAsyncHooks({
        capture: (above) => ({ context: this.#attribution.capture(), site: captureSite(this.config.stacks, above) }),
        found: (socket, origin, context, site) => this.#safely('async_hooks socket', () => {
          if (this.#registry.has(socket)) return;
          const server = origin === 'server' ? this.#serverOf(socket) : undefined;
          this.#track(socket, origin === 'server' ? SERVER : CLIENT, server === undefined ? site as Site : server.site, server === undefined ? context : server.context);
        }),
      }));
    }
    this.#timer = setInterval(() => this.#safely('scan', () => this.#tick()), this.config.intervalMs);
    this.#timer.unref();
    process.on('exit', this.#onExit);
  }

  #serverOf(socket: net.Socket): { site: Site; context: unknown } | undefined {
    const server = serverOf(socket);
    return server === undefined ? undefined : this.#servers.get(server);
  }

  #track(socket: net.Socket, origin: number, site: Site, context: unknown): void {
    this.#registry.add(new Tracked(socket, origin, Date.now(), site, context));
  }

  /** Runs `fn` with `context` as the attribution of every socket it opens (a test's name, a job id). */
  run<T>(context: unknown, fn: () => T): T {
    return this.#attribution.run(context, fn);
  }

  on(event: 'leak', listener: LeakListener): this {
    if (event !== 'leak') throw new TypeError(`closewait: unknown event ${JSON.stringify(event)} (accepted: leak)`);
    this.#reporter.listeners.add(listener);
    return this;
  }

  off(event: 'leak', listener: LeakListener): this {
    if (event === 'leak') this.#reporter.listeners.delete(listener);
    return this;
  }

  /** Number of findings reported since install. */
  get findings(): number {
    return this.#findings;
  }

  /** Every tracked socket now, with its state; reads the kernel's table synchronously. */
  snapshot(): Snapshot {
    const now = Date.now();
    const rows = this.#readKernelNow();
    const sockets: SocketInfo[] = [];
    for (const tracked of this.#registry.values()) {
      const { socket } = tracked;
      if (socket.destroyed) continue;
      let state: SocketInfo['state'] = jsCondition(socket) ?? 'open';
      if (state === 'open' && rows !== undefined && rows.size > 0 && rows.has(this.#inodeOf(tracked))) state = 'close-wait';
      if (state === 'open' && tracked.timedOut !== undefined) state = 'timeout-ignored';
      sockets.push({
        origin: tracked.origin === SERVER ? 'server' : 'client',
        ...addressesOf(socket),
        state,
        ageMs: now - tracked.createdAt,
        bytesRead: socket.bytesRead,
        bytesWritten: socket.bytesWritten,
        site: siteFrames(tracked.site),
        context: tracked.context,
      });
    }
    return { sockets, timeWait: this.#kernel.enabled ? timeWaitCount() : undefined, findings: this.#findings };
  }

  /**
   * Scans now (the kernel's table included, read synchronously) and returns every socket that has been
   * in a leak condition for at least `thresholdMs` (default: the guard's threshold), reporting the ones
   * not reported before.
   */
  check(options: { thresholdMs?: number } = {}): Finding[] {
    const thresholdMs = options.thresholdMs ?? this.config.thresholdMs;
    if (!Number.isInteger(thresholdMs) || thresholdMs < 0) {
      throw new TypeError(`closewait: check() thresholdMs must be a whole number of milliseconds ≥ 0 (got ${JSON.stringify(options.thresholdMs)})`);
    }
    const rows = this.#readKernelNow();
    return this.#scan(Date.now(), rows, thresholdMs, Infinity);
  }

  /** Stops tracking and restores every patched method and subscription; findings already made stay. */
  uninstall(): void {
    if (!this.#installed) return;
    this.#installed = false;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const stop of this.#stops.splice(0).reverse()) this.#safely('uninstall', stop);
    this.#attribution.stop();
    this.#registry.clear();
    process.removeListener('exit', this.#onExit);
    this.#reporter.close();
  }

  get installed(): boolean {
    return this.#installed;
  }

  #tick(): void {
    const now = Date.now();
    this.#scan(now, undefined, this.config.thresholdMs, SETTLE_MS_PER_TICK);
    const families = this.#kernel.due(now, this.config.thresholdMs);
    if (families === 0) return;
    this.#kernel.started();
    const started = performance.now();
    readCloseWait(families, (error, rows) => this.#safely('kernel scan', () => {
      this.#kernel.finished(performance.now() - started);
      if (error !== undefined) {
        this.#kernelFailed(error);
        return;
      }
      this.#scan(Date.now(), rows, this.config.thresholdMs, 0);
    }));
  }

  /**
   * `rows`: a fresh kernel reading, or `undefined` to keep the kernel state from the last one.
   * `settleMs`: time this scan may spend turning the captured stacks of client sockets that outlived a
   * scan interval into shared formatted sites (a few hundred B less per long-lived socket); `Infinity`
   * (check()) settles every client socket.
   */
  #scan(now: number, rows: CloseWaitRows | undefined, thresholdMs: number, settleMs: number): Finding[] {
    const found: Finding[] = [];
    this.#kernel.startScan();
    let settleUntil = settleMs > 0 ? performance.now() + settleMs : 0;
    // A timer-driven scan settles the sockets that outlived an interval (most never do); check() all.
    const settleAge = settleMs === Infinity ? 0 : this.config.intervalMs;
    for (const tracked of this.#registry.values()) {
      if (tracked.socket.destroyed) {
        // Closed by a path that never reached Socket#_destroy (a library's own override): let it go.
        this.#registry.delete(tracked.socket);
        continue;
      }
      // Server sockets share their server's site object: only client sites are per socket.
      if (settleUntil !== 0 && tracked.origin === CLIENT && typeof tracked.site === 'object' && now - tracked.createdAt >= settleAge) {
        tracked.site = settleSite(tracked.site);
        if (performance.now() > settleUntil) settleUntil = 0;
      }
      const finding = this.#evaluate(tracked, now, rows, thresholdMs);
      if (finding !== undefined) found.push(finding);
    }
    if (rows !== undefined && rows.size > 0 && isMainThread) {
      const trackedFds = (): Set<number> => new Set(Array.from(this.#registry.sockets(), fdOf));
      found.push(...this.#untracked.check(now, rows, thresholdMs, trackedFds, (finding) => this.#emit(finding)));
    }
    return found;
  }

  /** A kernel reading for `check()`, `snapshot()` and the exit check: only when it can change the answer. */
  #readKernelNow(): CloseWaitRows | undefined {
    const families = this.#kernel.now(this.#untracked.size);
    if (families === 0) return undefined;
    try {
      return readCloseWaitSync(families);
    } catch (error) {
      this.#kernelFailed(error as Error);
      return undefined;
    }
  }

  #inodeOf(tracked: Tracked): number {
    if (tracked.inode === 0) tracked.inode = inodeOfFd(fdOf(tracked.socket));
    return tracked.inode;
  }

  #evaluate(tracked: Tracked, now: number, rows: CloseWaitRows | undefined, thresholdMs: number): Finding | undefined {
    const { socket } = tracked;
    if (socket.destroyed) return undefined;
    let kind = jsCondition(socket);
    if (kind === undefined && handleStopped(socket) && now - tracked.createdAt >= Math.min(this.config.intervalMs, thresholdMs)) {
      this.#kernel.candidate(socket.remoteFamily);
      // Between kernel readings a socket keeps the kernel state it was last seen in.
      if (rows === undefined) kind = tracked.watch?.kind === 'close-wait' ? 'close-wait' : undefined;
      else if (rows.size > 0 && rows.has(this.#inodeOf(tracked))) kind = 'close-wait';
    }
    const bytesRead = socket.bytesRead;
    const bytesWritten = socket.bytesWritten;
    if (kind === undefined && tracked.timedOut !== undefined) {
      // Traffic after the timeout means somebody dealt with it (the timer re-armed).
      if (bytesRead + bytesWritten !== tracked.timedOut.bytes) tracked.timedOut = undefined;
      else if (!socket.writableEnded) kind = 'timeout-ignored';
    }
    if (kind === undefined) {
      tracked.watch = undefined;
      return undefined;
    }
    const buffered = socket.readableLength;
    let watch = tracked.watch;
    if (watch === undefined || watch.kind !== kind) {
      const since = kind === 'timeout-ignored' && tracked.timedOut !== undefined && socket.writableLength === 0 ? tracked.timedOut.at : now;
      tracked.watch = watch = { kind, since, bytesRead, bytesWritten, buffered };
    } else if (watch.bytesRead !== bytesRead || watch.bytesWritten !== bytesWritten || watch.buffered !== buffered || socket.writableLength > 0) {
      // Still moving bytes, or still waiting for a write to drain (`bytesWritten` counts bytes when they
      // are queued, so a slow reader's peer shows no progress there): in use, not leaked. Idle time
      // starts over.
      watch.since = now;
      watch.bytesRead = bytesRead;
      watch.bytesWritten = bytesWritten;
      watch.buffered = buffered;
    }
    const idleMs = now - watch.since;
    if (idleMs < thresholdMs) return undefined;
    const finding = describe({
      kind,
      severity: severityName(kind),
      action: 'reported',
      origin: tracked.origin === SERVER ? 'server' : 'client',
      ...addressesOf(socket),
      ageMs: now - tracked.createdAt,
      idleMs,
      bytesRead,
      bytesWritten,
      site: siteFrames(tracked.site),
      context: tracked.context,
    });
    if (SEVERITY[kind] > tracked.reported) {
      tracked.reported = SEVERITY[kind];
      if (this.config.mode === 'destroy') {
        finding.action = 'destroyed';
        socket.destroy();
      }
      this.#emit(finding);
    }
    return finding;
  }

  #emit(finding: Finding): void {
    this.#findings++;
    if (this.config.mode === 'strict') process.exitCode = process.exitCode || 1;
    this.#reporter.finding(finding);
  }

  readonly #onExit = (): void => {
    this.#safely('exit check', () => {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      this.#scan(Date.now(), this.#readKernelNow(), this.config.thresholdMs, 0);
      if (this.config.mode === 'strict' && this.#findings > 0) {
        this.#write(`closewait: strict mode: ${this.#findings} leaking socket${this.#findings === 1 ? '' : 's'} reported; exit code 1`);
        if (!process.exitCode) process.exitCode = 1;
      }
    });
  };

  #kernelFailed(error: Error): void {
    this.#kernel.disable();
    this.#write(`closewait: cannot read the kernel's socket table (${error.message}); sockets that nothing reads are not reported`);
  }

  #write(line: string): void {
    this.#reporter.notice(line);
  }

  /** Runs guard code; an error is reported once per place and never reaches the host application. */
  #safely(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#failed(where, error);
    }
  }

  /** Reports an internal error once per place; the guard keeps running and the host never sees it. */
  #failed(where: string, error: unknown): void {
    if (this.#failedOnce.has(where)) return;
    this.#failedOnce.add(where);
    this.#write(`closewait: internal error in ${where} (${error instanceof Error ? error.message : String(error)}); the guard keeps running`);
  }
}
