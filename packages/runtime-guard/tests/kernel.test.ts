import * as net from 'node:net';
import { readlinkSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { closeWaitRows, formatKernelAddress, inodeOfFd, readCloseWaitSync, timeWaitCount } from '../src/kernel.js';

// Rows as Linux prints them (IPv4 and IPv6 tables), trimmed of their trailing columns.
const TABLE = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1008 1 0 100 0 0 10 0',
  '   1: 0100007F:B133 0100007F:95C8 08 00000000:00000004 00:00000000 00000000     0        0 109579 1 0 20 4 28 10 -1',
  '   2: 0100007F:C001 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0',
  '   3: 0100007F:C002 0100007F:1F90 08 00000000:00000000 00:00000000 00000000  1008        0 0 1 0',
  '   4: 00000000000000000000000001000000:0BB8 00000000000000000000000001000000:D431 08 00000000:00000000 00:00000000 00000000     0        0 4242 1 0',
].join('\n');

describe("reading the kernel's table", () => {
  it('keeps CLOSE_WAIT rows that belong to a process, by inode, and nothing else', () => {
    const rows = closeWaitRows(TABLE);
    expect([...rows.keys()]).toEqual([109579, 4242]);
    expect(rows.get(109579)).toEqual({ local: '0100007F:B133', remote: '0100007F:95C8' });
  });

  it('prints kernel addresses the way Node prints them', () => {
    expect(formatKernelAddress('0100007F:1F90')).toBe('127.0.0.1:8080');
    expect(formatKernelAddress('00000000000000000000000001000000:0BB8')).toBe('[::1]:3000');
    expect(formatKernelAddress('0000000000000000FFFF00000100007F:0050')).toBe('[::ffff:127.0.0.1]:80');
    expect(formatKernelAddress('000080FE00000000FF0F0002FE0A0B0C:0016')).toBe('[fe80::200:fff:c0b:afe]:22');
  });

  it("finds a real socket's inode through its file descriptor", async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
    expect(`socket:[${inodeOfFd(fd)}]`).toBe(readlinkSync(`/proc/self/fd/${fd}`));
    expect(inodeOfFd(-1)).toBe(0);
    server.close();
  });

  it('sees a real CLOSE_WAIT on loopback, and the host TIME_WAIT count', async () => {
    const server = net.createServer({ pauseOnConnect: true }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1', () => client.end());
    const socket = await accepted;
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    let rows = readCloseWaitSync();
    for (let tries = 0; tries < 50 && !rows.has(inodeOfFd(fd)); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      rows = readCloseWaitSync();
    }
    expect(rows.has(inodeOfFd(fd))).toBe(true);
    expect(timeWaitCount()).toBeGreaterThanOrEqual(0);
    socket.destroy();
    server.close();
  });
});
