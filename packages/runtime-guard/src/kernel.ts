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
  const buffer = Buffer.from(text.endsWith('\n') ? text : `${text}\n`, 'latin1');
  scanLines(buffer, buffer.length, into);
  return into;
}

/** Which tables to read: the families of the sockets in question (an IPv4-mapped socket is in tcp6). */
export const IPV4 = 1;
export const IPV6 = 2;
const TABLE_FAMILIES = [IPV4, IPV6];

// A host's table can hold 100 k rows (15 MB, mostly other processes' TIME_WAIT). It is read in chunks
// into one reused buffer and only the CLOSE_WAIT rows become strings: reading it whole would allocate
// the 15 MB string each time, and that memory pressure alone triggers garbage collections that change
// what the application does (undici cancels unreferenced fetch bodies on GC).
const CHUNK = 64 * 1024;
const MARK = Buffer.from(` ${CLOSE_WAIT} `, 'latin1');
const NEWLINE = 10;

/**
 * Parses the complete lines in `buffer[0, end)`: only lines where ' 08 ' occurs are split (it can only
 * be the state column: the other numeric columns are zero-padded hex joined by ':' or space-padded
 * decimals). Moves the unfinished last line to the front and returns its length.
 */
function scanLines(buffer: Buffer, end: number, into: CloseWaitRows): number {
  const tail = buffer.lastIndexOf(NEWLINE, end - 1) + 1;
  let from = 0;
  for (;;) {
    const at = buffer.indexOf(MARK, from);
    if (at === -1 || at + MARK.length > tail) break;
    const start = buffer.lastIndexOf(NEWLINE, at) + 1;
    const stop = buffer.indexOf(NEWLINE, at);
    const fields = buffer.toString('latin1', start, stop).trim().split(/\s+/);
    const inode = Number(fields[9]);
    if (fields[3] === CLOSE_WAIT && inode > 0) into.set(inode, { local: fields[1] ?? '', remote: fields[2] ?? '' });
    from = stop;
  }
  buffer.copy(buffer, 0, tail, end);
  return end - tail;
}

function tablesFor(families: number): string[] {
  return TABLES.filter((_, index) => (families & (TABLE_FAMILIES[index] ?? 0)) !== 0);
}

export function readCloseWaitSync(families = IPV4 | IPV6): CloseWaitRows {
  const rows: CloseWaitRows = new Map();
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (const table of tablesFor(families)) {
    let fd: number;
    try {
      fd = fs.openSync(table, 'r');
    } catch (error) {
      // tcp6 is absent when IPv6 is disabled.
      if (table === TABLES[0]) throw error;
      continue;
    }
    try {
      let kept = 0;
      for (;;) {
        const read = fs.readSync(fd, buffer, kept, CHUNK - kept, null);
        if (read === 0) break;
        kept = scanLines(buffer, kept + read, rows);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return rows;
}

/** The same reading off the main thread (libuv's pool), so a large table never stalls the loop. */
export function readCloseWait(families: number, done: (error: Error | undefined, rows: CloseWaitRows) => void): void {
  const rows: CloseWaitRows = new Map();
  const buffer = Buffer.allocUnsafe(CHUNK);
  const tables = tablesFor(families);
  const next = (index: number): void => {
    const table = tables[index];
    if (table === undefined) {
      done(undefined, rows);
      return;
    }
    fs.open(table, 'r', (openError, fd) => {
      if (openError !== null) {
        if (table === TABLES[0]) done(openError, rows);
        else next(index + 1);
        return;
      }
      let kept = 0;
      const chunk = (): void => {
        fs.read(fd, buffer, kept, CHUNK - kept, null, (readError, read) => {
          if (readError === null && read > 0) {
            kept = scanLines(buffer, kept + read, rows);
            chunk();
            return;
          }
          fs.close(fd, () => {});
          if (readError !== null && table === TABLES[0]) done(readError, rows);
          else next(index + 1);
        });
      };
      chunk();
    });
  };
  next(0);
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
