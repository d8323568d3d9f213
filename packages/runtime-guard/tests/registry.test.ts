import type { Socket } from 'node:net';

import { describe, expect, it } from 'vitest';

import { CLIENT, Registry, SERVER, Tracked } from '../src/registry.js';

// The registry only reads `destroyed`: plain objects stand in for sockets, so that every slot move can
// be checked without the timing of real connections.
const fake = (name: string): Socket => ({ name, destroyed: false }) as unknown as Socket;
const nameOf = (socket: Socket): string => (socket as unknown as { name: string }).name;

function registry(): { registry: Registry; described: string[] } {
  const described: string[] = [];
  return {
    described,
    registry: new Registry((socket, since) => {
      described.push(nameOf(socket));
      return new Tracked(socket, SERVER, since, undefined, undefined);
    }),
  };
}

describe('Registry', () => {
  it('builds an accepted socket’s record only when first asked, once', () => {
    const { registry: sockets, described } = registry();
    const a = fake('a');
    sockets.addAccepted(a, 1000);
    expect(described).toEqual([]);
    expect(sockets.get(a)).toMatchObject({ socket: a, origin: SERVER, createdAt: 1000 });
    expect(sockets.get(a)).toBe(sockets.get(a));
    expect(described).toEqual(['a']);
  });

  it('keeps every other socket findable when one in the middle leaves', () => {
    const { registry: sockets } = registry();
    const all = ['a', 'b', 'c', 'd'].map(fake);
    all.forEach((socket, at) => sockets.addAccepted(socket, at));
    sockets.delete(all[1]!);
    expect(sockets.size).toBe(3);
    expect(sockets.has(all[1]!)).toBe(false);
    expect(sockets.get(all[1]!)).toBeUndefined();
    for (const [at, socket] of all.entries()) {
      if (at !== 1) expect(sockets.get(socket)?.createdAt).toBe(at);
    }
    expect([...sockets.values()].map((tracked) => nameOf(tracked.socket)).sort()).toEqual(['a', 'c', 'd']);
    sockets.delete(all[1]!);
    expect(sockets.size).toBe(3);
  });

  it('visits every socket once even when the visit deletes the one it is at', () => {
    const { registry: sockets } = registry();
    const all = ['a', 'b', 'c', 'd', 'e'].map(fake);
    all.forEach((socket, at) => sockets.addAccepted(socket, at));
    const seen: string[] = [];
    for (const tracked of sockets.values()) {
      seen.push(nameOf(tracked.socket));
      if (nameOf(tracked.socket) !== 'c') sockets.delete(tracked.socket);
    }
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...sockets.sockets()].map(nameOf)).toEqual(['c']);
  });

  it('moves a record to the TLS socket that took over, and skips destroyed or known sockets', () => {
    const { registry: sockets } = registry();
    const raw = fake('raw');
    const secure = fake('secure');
    sockets.addAccepted(raw, 5);
    sockets.replace(raw, secure);
    expect(sockets.has(raw)).toBe(false);
    expect(sockets.get(secure)).toMatchObject({ socket: secure, createdAt: 5 });

    const gone = { ...fake('gone'), destroyed: true } as unknown as Socket;
    sockets.add(new Tracked(gone, CLIENT, 0, undefined, undefined));
    expect(sockets.has(gone)).toBe(false);
    const client = fake('client');
    const first = new Tracked(client, CLIENT, 0, 'site', undefined);
    sockets.add(first);
    sockets.add(new Tracked(client, CLIENT, 9, 'other', undefined));
    expect(sockets.get(client)).toBe(first);
  });

  it('forgets every socket on clear(), and a new registry never claims an old one’s', () => {
    const { registry: sockets } = registry();
    const a = fake('a');
    sockets.addAccepted(a, 0);
    sockets.clear();
    expect(sockets.size).toBe(0);
    expect(sockets.has(a)).toBe(false);
    const { registry: next } = registry();
    sockets.addAccepted(a, 0);
    expect(next.has(a)).toBe(false);
  });
});
