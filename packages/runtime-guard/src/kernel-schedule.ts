import { isMainThread } from 'node:worker_threads';

import { IPV4, IPV6 } from './kernel';

/**
 * Sockets opened before the guard are looked for in the kernel's table this often, and at most once per
 * 1000× the last read's cost (a 100 k-row table costs ~150 ms a read: once every 2.5 min).
 */
const UNTRACKED_EVERY_MS = 10_000;

/**
 * When the guard reads the kernel's tables, and which of them.
 *
 * Reading the kernel's table costs ~3–5 ms even when it holds a handful of rows (the kernel walks its
 * whole hash table) and ~23 ms at 10 k sockets. Only a socket whose handle has stopped reading can sit
 * in CLOSE_WAIT unseen by JavaScript, so the table is read only while such a socket exists (a
 * candidate; and every 10 s for sockets opened before the guard), only the candidates' families, at
 * most once per 100 times its last cost but at least twice per threshold, so a finding is never later
 * than the threshold promises — unless the host's table is so large (the kernel formats every row,
 * TIME_WAIT included: ~1.2 µs a row, 90 ms at 70 k rows) that this would keep a libuv thread busy more
 * than 10 % of the time: then latency gives way.
 */
export class KernelSchedule {
  #enabled: boolean;
  #busy = false;
  #costMs = 0;
  #last = Date.now();
  /** Sockets whose handle stopped reading, seen in the current scan, and the tables they are in. */
  #candidates = 0;
  #families = 0;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  /** The kernel view is off for good (not Linux, or a read failed). */
  disable(): void {
    this.#enabled = false;
  }

  /** A scan begins: candidates are counted anew. */
  startScan(): void {
    this.#candidates = 0;
    this.#families = 0;
  }

  /** A socket whose handle stopped reading and that JavaScript sees in no leak condition. */
  candidate(family: string | undefined): void {
    this.#candidates++;
    this.#families |= family === 'IPv4' ? IPV4 : family === 'IPv6' ? IPV6 : IPV4 | IPV6;
  }

  /** For a timer-driven read: the families to read now, or 0 when no read is due. */
  due(now: number, thresholdMs: number): number {
    if (!this.#enabled || this.#busy) return 0;
    const due = this.#candidates > 0 || (isMainThread && now - this.#last >= Math.max(UNTRACKED_EVERY_MS, this.#costMs * 1000));
    const gap = Math.max(Math.min(this.#costMs * 100, thresholdMs / 2), this.#costMs * 10);
    if (!due || now - this.#last < gap) return 0;
    return this.#candidates > 0 ? this.#families : IPV4 | IPV6;
  }

  /** An asynchronous read started (`due()` said so); `finished()` reports its cost. */
  started(): void {
    this.#busy = true;
  }

  finished(costMs: number): void {
    this.#busy = false;
    this.#costMs = costMs;
    this.#last = Date.now();
  }

  /** For `check()`, `snapshot()` and the exit check: the families worth a read now, or 0. */
  now(untracked: number): number {
    if (!this.#enabled) return 0;
    if (untracked > 0) return IPV4 | IPV6;
    return this.#candidates > 0 ? this.#families : 0;
  }
}
