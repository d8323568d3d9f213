import { describe, expect, it } from 'vitest';

import { IPV4, IPV6 } from '../src/kernel.js';
import { KernelSchedule } from '../src/kernel-schedule.js';

describe('KernelSchedule', () => {
  it('reads nothing while no socket has stopped reading, until the untracked-socket check is due', () => {
    const schedule = new KernelSchedule(true);
    schedule.startScan();
    expect(schedule.due(Date.now(), 300)).toBe(0);
    expect(schedule.now(0)).toBe(0);
    expect(schedule.due(Date.now() + 10_000, 300)).toBe(IPV4 | IPV6);
  });

  it("reads only the candidates' families, and at least twice per threshold", () => {
    const schedule = new KernelSchedule(true);
    schedule.startScan();
    schedule.candidate('IPv6');
    const now = Date.now();
    expect(schedule.due(now, 300)).toBe(IPV6);
    expect(schedule.now(0)).toBe(IPV6);
    expect(schedule.now(2)).toBe(IPV4 | IPV6);
    schedule.started();
    expect(schedule.due(now, 300)).toBe(0);
    // A read that cost 10 ms waits 100× its cost, but never more than half the threshold.
    schedule.finished(10);
    expect(schedule.due(Date.now() + 140, 300)).toBe(0);
    expect(schedule.due(Date.now() + 160, 300)).toBe(IPV6);
    // A read that cost 100 ms keeps a gap of 10× its cost whatever the threshold.
    schedule.finished(100);
    expect(schedule.due(Date.now() + 900, 300)).toBe(0);
    expect(schedule.due(Date.now() + 1_100, 300)).toBe(IPV6);
  });

  it('forgets the candidates of the last scan, and stays off once disabled', () => {
    const schedule = new KernelSchedule(true);
    schedule.candidate('IPv4');
    schedule.startScan();
    expect(schedule.now(0)).toBe(0);
    schedule.candidate(undefined);
    expect(schedule.now(0)).toBe(IPV4 | IPV6);
    schedule.disable();
    expect(schedule.enabled).toBe(false);
    expect(schedule.due(Date.now() + 60_000, 300)).toBe(0);
    expect(schedule.now(3)).toBe(0);
  });
});
