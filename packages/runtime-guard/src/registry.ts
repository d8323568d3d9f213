import type { Socket } from 'node:net';

import type { Site } from './site';

/** A leak condition a socket has been seen in, with the activity counters at the time it began. */
export interface Watch {
  kind: string;
  since: number;
  bytesRead: number;
  bytesWritten: number;
  buffered: number;
}

/** A `'timeout'` that fired, with the bytes moved so far: any later traffic means somebody handled it. */
export interface TimedOut {
  at: number;
  bytes: number;
}

export const SERVER = 1;
export const CLIENT = 2;

/**
 * One tracked socket. Kept small (it exists for every socket in the process): what happens to a socket is
 * read from the socket itself when a scan runs, and the optional parts exist only once they are needed.
 */
export class Tracked {
  socket: Socket;
  origin: number;
  createdAt: number;
  site: Site;
  context: unknown;
  watch: Watch | undefined = undefined;
  timedOut: TimedOut | undefined = undefined;
  /** The socket's inode in the kernel's tables, read once when a kernel scan needs it (0: not yet). */
  inode = 0;
  /** Severity already reported for this socket (0: none): each socket is reported once per level. */
  reported = 0;

  constructor(socket: Socket, origin: number, createdAt: number, site: Site, context: unknown) {
    this.socket = socket;
    this.origin = origin;
    this.createdAt = createdAt;
    this.site = site;
    this.context = context;
  }
}

/** Builds the record of an accepted socket the first time a scan or an event needs one. */
export type Describe = (socket: Socket, since: number) => Tracked;

/**
 * Every live socket the guard knows, and nothing else: an entry leaves when the socket is destroyed
 * (`delete()`, called from `Socket#_destroy`, which every way of closing a socket goes through), so a
 * closed socket is never retained. No listener and no property is added to the socket.
 *
 * Built for servers that accept a connection per request: an accepted socket is entered with only the
 * time it was accepted (a small integer: ms since the registry began), and gets its `Tracked` record
 * when a scan first sees it alive, so the many that close within a scan interval never have one.
 */
export class Registry {
  readonly #sockets = new Map<Socket, Tracked | number>();
  readonly #describe: Describe;
  readonly #epoch = Date.now();

  constructor(describe: Describe) {
    this.#describe = describe;
  }

  get size(): number {
    return this.#sockets.size;
  }

  #record(socket: Socket, entry: Tracked | number): Tracked {
    if (typeof entry !== 'number') return entry;
    const record = this.#describe(socket, this.#epoch + entry);
    this.#sockets.set(socket, record);
    return record;
  }

  /** The socket's record (built now if it has none yet), or `undefined` for a socket not tracked. */
  get(socket: Socket): Tracked | undefined {
    const entry = this.#sockets.get(socket);
    return entry === undefined ? undefined : this.#record(socket, entry);
  }

  has(socket: Socket): boolean {
    return this.#sockets.has(socket);
  }

  /** A socket just accepted: published once, never destroyed yet, so nothing to check first. */
  addAccepted(socket: Socket, since: number): void {
    this.#sockets.set(socket, since - this.#epoch);
  }

  add(tracked: Tracked): void {
    const { socket } = tracked;
    if (socket.destroyed || this.#sockets.has(socket)) return;
    this.#sockets.set(socket, tracked);
  }

  /** The TLS layer took over `from` (a raw socket): judge `to`, keeping where and why `from` was made. */
  replace(from: Socket, to: Socket): void {
    const entry = this.#sockets.get(from);
    if (entry === undefined || from === to) return;
    // Built from the raw socket, which knows its server (a TLSSocket made by the app for STARTTLS does not).
    const record = this.#record(from, entry);
    this.#sockets.delete(from);
    record.socket = to;
    this.add(record);
  }

  delete(socket: Socket): void {
    this.#sockets.delete(socket);
  }

  /** Every tracked socket's record, building the missing ones. */
  *values(): Generator<Tracked> {
    for (const [socket, entry] of this.#sockets) yield this.#record(socket, entry);
  }

  /** Every tracked socket, without building records. */
  sockets(): IterableIterator<Socket> {
    return this.#sockets.keys();
  }

  clear(): void {
    this.#sockets.clear();
  }
}
