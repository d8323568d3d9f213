import { readFileSync } from 'node:fs';

/**
 * The kernel's state of one connection, read from /proc/net/tcp{,6} independently of the guard's own
 * reader: `'08'` is CLOSE_WAIT, `'01'` ESTABLISHED; undefined when the kernel has no such row.
 * Addresses as the guard reports them: `127.0.0.1:8080`, `[::1]:8080`, `[::ffff:127.0.0.1]:8080`.
 */
export function kernelState(local: string, remote: string): string | undefined {
  const want = `${hex(local)} ${hex(remote)}`;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'latin1').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (`${fields[1]} ${fields[2]}` === want) return fields[3];
    }
  }
  return undefined;
}

function hex(endpoint: string): string {
  const match = /^\[?(.*?)\]?:(\d+)$/.exec(endpoint);
  if (match === null) throw new Error(`not an address:port: ${endpoint}`);
  const [, address = '', port = ''] = match;
  const portHex = Number(port).toString(16).toUpperCase().padStart(4, '0');
  if (!address.includes(':')) return `${ipv4Word(address)}:${portHex}`;
  return `${ipv6Bytes(address).map(wordOf).join('')}:${portHex}`;
}

// The kernel prints each 32-bit word in host (little-endian) byte order.
function wordOf(bytes: number[]): string {
  return [...bytes].reverse().map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('');
}

function ipv4Word(address: string): string {
  return wordOf(address.split('.').map(Number));
}

function ipv6Bytes(address: string): number[][] {
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const [a = 0, b = 0, c = 0, d = 0] = (v4[1] ?? '').split('.').map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  const bytes = groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]);
  return [0, 4, 8, 12].map((at) => bytes.slice(at, at + 4));
}
