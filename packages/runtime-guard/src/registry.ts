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
 * closed socket is never retained.
 *
 * Built for servers that accept a connection per request: accepting a socket costs a slot in three
 * arrays and one property on the socket holding its slot (no hash table, no listener, no object), and
 * an accepted socket gets its `Tracked` record only when a scan first sees it alive, so the many that
 * close within a scan interval never have one. Removal swaps the last entry into the freed slot.
 */
export class Registry {
  /** Per registry: a socket tracked by an earlier, uninstalled guard is not mistaken for one of ours. */
  readonly #slot = Symbol('closewait.slot');
  readonly #sockets: Socket[] = [];
  readonly #since: number[] = [];
  readonly #records: (Tracked | undefined)[] = [];
  readonly #describe: Describe;

  constructor(describe: Describe) {
    this.#describe = describe;
  }

  get size(): number {
    return this.#sockets.length;
  }

  #slotOf(socket: Socket): number {
    const slot = (socket as unknown as Record<symbol, unknown>)[this.#slot];
    return typeof slot === 'number' && this.#sockets[slot] === socket ? slot : -1;
  }

  #recordAt(slot: number): Tracked {
    let record = this.#records[slot];
    if (record === undefined) {
      record = this.#describe(this.#sockets[slot]!, this.#since[slot]!);
      this.#records[slot] = record;
    }
    return record;
  }

  /** The socket's record (built now if it has none yet), or `undefined` for a socket not tracked. */
  get(socket: Socket): Tracked | undefined {
    const slot = this.#slotOf(socket);
    return slot < 0 ? undefined : this.#recordAt(slot);
  }

  has(socket: Socket): boolean {
    return this.#slotOf(socket) >= 0;
  }

  /** A socket just accepted: published once, never destroyed yet, so nothing to check first. */
  addAccepted(socket: Socket, since: number): void {
    this.#push(socket, since, undefined);
  }

  add(tracked: Tracked): void {
    const { socket } = tracked;
    if (socket.destroyed || this.has(socket)) return;
    this.#push(socket, tracked.createdAt, tracked);
  }

  #push(socket: Socket, since: number, record: Tracked | undefined): void {
    (socket as unknown as Record<symbol, unknown>)[this.#slot] = this.#sockets.length;
    this.#sockets.push(socket);
    this.#since.push(since);
    this.#records.push(record);
  }

  /** The TLS layer took over `from` (a raw socket): judge `to`, keeping where and why `from` was made. */
  replace(from: Socket, to: Socket): void {
    const slot = this.#slotOf(from);
    if (slot < 0 || from === to) return;
    if (to.destroyed || this.has(to)) {
      this.delete(from);
      return;
    }
    // Built from the raw socket, which knows its server (a TLSSocket made by the app for STARTTLS does not).
    const record = this.#recordAt(slot);
    (from as unknown as Record<symbol, unknown>)[this.#slot] = undefined;
    (to as unknown as Record<symbol, unknown>)[this.#slot] = slot;
    this.#sockets[slot] = to;
    record.socket = to;
  }

  delete(socket: Socket): void {
    const slot = this.#slotOf(socket);
    if (slot < 0) return;
    // Set, not deleted: deleting a property would turn the socket into a slow dictionary object.
    (socket as unknown as Record<symbol, unknown>)[this.#slot] = undefined;
    const last = this.#sockets.pop()!;
    const since = this.#since.pop()!;
    const record = this.#records.pop();
    if (slot < this.#sockets.length) {
      this.#sockets[slot] = last;
      this.#since[slot] = since;
      this.#records[slot] = record;
      (last as unknown as Record<symbol, unknown>)[this.#slot] = slot;
    }
  }

  /**
   * Every tracked socket's record, building the missing ones. Last slot first, so that a socket deleted
   * on the way (destroyed by the scan itself) only moves an already visited entry.
   */
  *values(): Generator<Tracked> {
    for (let slot = this.#sockets.length - 1; slot >= 0; slot--) {
      if (slot < this.#sockets.length) yield this.#recordAt(slot);
    }
  }

  /** Every tracked socket, without building records. */
  sockets(): readonly Socket[] {
    return this.#sockets;
  }

  clear(): void {
    for (const socket of this.#sockets) (socket as unknown as Record<symbol, unknown>)[this.#slot] = undefined;
    this.#sockets.length = 0;
    this.#since.length = 0;
    this.#records.length = 0;
  }
}
