import type { CloseWaitRows } from './kernel';
import { formatKernelAddress, ownSocketInodes } from './kernel';
import type { Finding } from './report';
import { describe } from './report';

/**
 * CLOSE_WAIT sockets of this process that the guard did not see created (opened before a late
 * `install()`): kernel rows no tracked socket accounts for, whose inode one of our fds points at.
 */
export class UntrackedSockets {
  /** Inodes of ours in CLOSE_WAIT, when first seen and whether reported. */
  readonly #ours = new Map<number, { since: number; reported: boolean }>();
  /** Inodes checked and found to belong to other processes, or to tracked sockets. */
  readonly #others = new Set<number>();

  get size(): number {
    return this.#ours.size;
  }

  /**
   * Returns the untracked sockets leaking for `thresholdMs`, and calls `report` for the new ones.
   * `trackedFds` is asked only when a row not seen before turns out to be ours (rare).
   */
  check(now: number, rows: CloseWaitRows, thresholdMs: number, trackedFds: () => Set<number>, report: (finding: Finding) => void): Finding[] {
    for (const inode of this.#ours.keys()) if (!rows.has(inode)) this.#ours.delete(inode);
    for (const inode of this.#others) if (!rows.has(inode)) this.#others.delete(inode);
    const unseen = [...rows.keys()].filter((inode) => !this.#others.has(inode) && !this.#ours.has(inode));
    if (unseen.length > 0) {
      const own = ownSocketInodes();
      let tracked: Set<number> | undefined;
      for (const inode of unseen) {
        const fd = own.get(inode);
        if (fd !== undefined && !(tracked ??= trackedFds()).has(fd)) this.#ours.set(inode, { since: now, reported: false });
        else this.#others.add(inode);
      }
    }
    const found: Finding[] = [];
    for (const [inode, entry] of this.#ours) {
      const row = rows.get(inode);
      if (row === undefined || now - entry.since < thresholdMs) continue;
      const finding = describe({
        kind: 'close-wait',
        severity: 'error',
        action: 'reported',
        origin: 'unknown',
        tls: false,
        local: formatKernelAddress(row.local),
        remote: formatKernelAddress(row.remote),
        family: row.local.length > 13 ? 'IPv6' : 'IPv4',
        ageMs: undefined,
        idleMs: now - entry.since,
        bytesRead: 0,
        bytesWritten: 0,
        site: [],
        context: undefined,
      });
      found.push(finding);
      if (!entry.reported) {
        entry.reported = true;
        report(finding);
      }
    }
    return found;
  }
}
