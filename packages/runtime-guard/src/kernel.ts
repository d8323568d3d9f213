import * as fs from 'node:fs';

/**
 * The kernel's view of TCP sockets (Linux `/proc/net/tcp` and `tcp6`). Rows: `sl local rem st tx:rx
 * tr:when retrnsmt uid timeout inode …`; state 08 is CLOSE_WAIT. Rows with inode 0 belong to no process.
 * The tables list the whole network namespace, so the guard keeps only CLOSE_WAIT rows and joins them to
 * its own sockets by inode (`/proc/self/fd/N` → `socket:[inode]`).
 */
export const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];
const CLOSE_WAIT = '08';

/** A CLOSE_WAIT row's addresses, as the kernel prints them (hex). */
export interface KernelRow {
  local: string;
  remote: string;
}
export type CloseWaitRows = Map<number, KernelRow>;

/**
 * `0100007F:1F90` → `127.0.0.1:8080`; IPv6 rows are four 32-bit words, each in the host's (little-endian)
 * byte order. IPv4-mapped IPv6 addresses print as Node prints them (`::ffff:127.0.0.1`).
 */
export function formatKernelAddress(hex: string): string {
  const [address = '', port = '0'] = hex.split(':');
  const bytes: number[] = [];
  for (let word = 0; word < address.length; word += 8) {
    for (let at = 6; at >= 0; at -= 2) bytes.push(parseInt(address.slice(word + at, word + at + 2), 16));
  }
  const portNumber = parseInt(port, 16);
  if (bytes.length === 4) return `${bytes.join('.')}:${portNumber}`;
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return `[::ffff:${bytes.slice(12).join('.')}]:${portNumber}`;
  const groups: string[] = [];
  for (let at = 0; at < 16; at += 2) groups.push((((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)).toString(16));
  const text = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
  return `[${text}]:${portNumber}`;
}

export function kernelViewAvailable(): string | undefined {
  if (process.platform !== 'linux') {
    return `closewait: the kernel's socket table is read on Linux only; on ${process.platform} sockets that nothing reads (unread bodies, paused sockets) are not reported`;
  }
  try {
    fs.accessSync(TABLES[0] as string, fs.constants.R_OK);
    return undefined;
  } catch (error) {
    return `closewait: cannot read ${TABLES[0]} (${(error as NodeJS.ErrnoException).code ?? String(error)}); sockets that nothing reads are not reported`;
  }
}

/** CLOSE_WAIT rows that belong to some process, by inode, from the text of one or more tables. */
export function closeWaitRows(text: string, into: CloseWaitRows = new Map()): CloseWaitRows {
  // Cheap search first: ' 08 ' can only be the state column (the other numeric columns are zero-padded
  // hex joined by ':' or space-padded decimals); only the rows it lands on are split.
  let from = 0;
  for (;;) {
    const at = text.indexOf(` ${CLOSE_WAIT} `, from);
    if (at === -1) return into;
    const start = text.lastIndexOf('\n', at) + 1;
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const fields = text.slice(start, end).trim().split(/\s+/);
    const inode = Number(fields[9]);
    if (fields[3] === CLOSE_WAIT && inode > 0) into.set(inode, { local: fields[1] ?? '', remote: fields[2] ?? '' });
    from = end;
  }
}

// Each read() of a table returns at most a page, so the tables are read to their end (read() = 0)
// like any /proc file: readFile does exactly that.
export function readCloseWaitSync(): CloseWaitRows {
  const rows: CloseWaitRows = new Map();
  for (const table of TABLES) {
    try {
      closeWaitRows(fs.readFileSync(table, 'latin1'), rows);
    } catch (error) {
      // tcp6 is absent when IPv6 is disabled.
      if (table === TABLES[0]) throw error;
    }
  }
  return rows;
}

/** The same reading off the main thread (libuv's pool), so a 10 k-socket table never stalls the loop. */
export function readCloseWait(done: (error: Error | undefined, rows: CloseWaitRows) => void): void {
  const rows: CloseWaitRows = new Map();
  let left = TABLES.length;
  let failure: Error | undefined;
  for (const table of TABLES) {
    fs.readFile(table, 'latin1', (error, text) => {
      if (error === null) closeWaitRows(text, rows);
      else if (table === TABLES[0]) failure = error;
      if (--left === 0) done(failure, rows);
    });
  }
}

/** The inode of a socket's file descriptor, or 0 when it has none (closed, or not on Linux). */
export function inodeOfFd(fd: number): number {
  if (!(fd >= 0)) return 0;
  try {
    const link = fs.readlinkSync(`/proc/self/fd/${fd}`);
    return link.startsWith('socket:[') ? Number(link.slice(8, -1)) : 0;
  } catch {
    return 0;
  }
}

/** Every socket inode this process holds, by fd: for CLOSE_WAIT rows no tracked socket accounts for. */
export function ownSocketInodes(): Map<number, number> {
  const byInode = new Map<number, number>();
  let fds: string[];
  try {
    fds = fs.readdirSync('/proc/self/fd');
  } catch {
    return byInode;
  }
  for (const name of fds) {
    const inode = inodeOfFd(Number(name));
    if (inode > 0) byInode.set(inode, Number(name));
  }
  return byInode;
}

/** TIME_WAIT sockets on the host (`/proc/net/sockstat` counts both families in `tw`), or undefined. */
export function timeWaitCount(): number | undefined {
  try {
    const match = /\btw (\d+)/.exec(fs.readFileSync('/proc/net/sockstat', 'latin1'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
