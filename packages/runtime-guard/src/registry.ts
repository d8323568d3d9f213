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
 * Every live socket the guard knows, and nothing else: an entry leaves on the socket's `'close'`, so a
 * closed socket is never retained.
 */
export class Registry {
  readonly #sockets = new Map<Socket, Tracked>();
  readonly #onClose: (this: Socket) => void;

  constructor() {
    const sockets = this.#sockets;
    // One listener function for all sockets: a per-socket closure would cost memory on every socket.
    this.#onClose = function onClose(this: Socket) {
      sockets.delete(this);
    };
  }

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
    socket.on('close', this.#onClose);
  }

  /** The TLS layer took over `from` (a raw socket): judge `to`, keeping where and why `from` was made. */
  replace(from: Socket, to: Socket): void {
    const tracked = this.#sockets.get(from);
    if (tracked === undefined || from === to) return;
    this.delete(from);
    tracked.socket = to;
    this.add(tracked);
  }

  delete(socket: Socket): void {
    if (this.#sockets.delete(socket)) socket.removeListener('close', this.#onClose);
  }

  values(): IterableIterator<Tracked> {
    return this.#sockets.values();
  }

  clear(): void {
    for (const socket of [...this.#sockets.keys()]) this.delete(socket);
  }
}
