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

/**
 * Every live socket the guard knows, and nothing else: an entry leaves when the socket is destroyed
 * (`forget()`, called from `Socket#_destroy`, which every way of closing a socket goes through), so a
 * closed socket is never retained. No listener is added to the socket: on a server that accepts a
 * connection per request, a `'close'` listener per socket (and the listener array it turns into beside
 * the server's own) is measurable garbage.
 */
export class Registry {
  readonly #sockets = new Map<Socket, Tracked>();

  get size(): number {
    return this.#sockets.size;
  }

  get(socket: Socket): Tracked | undefined {
    return this.#sockets.get(socket);
  }

  has(socket: Socket): boolean {
    return this.#sockets.has(socket);
  }

  add(tracked: Tracked): void {
    const { socket } = tracked;
    if (socket.destroyed || this.#sockets.has(socket)) return;
    this.#sockets.set(socket, tracked);
  }

  /** A socket just accepted: published once, never destroyed yet, so nothing to check first. */
  addAccepted(tracked: Tracked): void {
    this.#sockets.set(tracked.socket, tracked);
  }

  /** The TLS layer took over `from` (a raw socket): judge `to`, keeping where and why `from` was made. */
  replace(from: Socket, to: Socket): void {
    const tracked = this.#sockets.get(from);
    if (tracked === undefined || from === to) return;
    this.#sockets.delete(from);
    tracked.socket = to;
    this.add(tracked);
  }

  delete(socket: Socket): void {
    this.#sockets.delete(socket);
  }

  values(): IterableIterator<Tracked> {
    return this.#sockets.values();
  }

  clear(): void {
    this.#sockets.clear();
  }
}
