import { describe, expect, it } from 'vitest';

import { kernelState } from './helpers/kernel-view.js';
import { NODE_LINES } from './helpers/node-lines.js';
import { runGuarded } from './helpers/run-guarded.js';

const STRICT = { CLOSEWAIT_MODE: 'strict', CLOSEWAIT_THRESHOLD_MS: '300', HOLD_MS: '2000' };
// The time budget the guard promises: threshold + 1 s from the moment the leak exists.
const BUDGET_MS = 300 + 1000;

describe.concurrent.each(NODE_LINES)('finding kinds on $name', ({ bin }) => {
  it('half-closed: the peer closed, the allowHalfOpen server never ended (kernel: CLOSE_WAIT)', async () => {
    const run = runGuarded(bin, 'half-closed.mjs', { env: STRICT });
    const finding = await run.finding('half-closed');
    expect(kernelState(finding.local, finding.remote)).toBe('08');
    expect(finding).toMatchObject({ severity: 'error', origin: 'server', family: 'IPv4', bytesRead: 3, bytesWritten: 0 });
    expect(finding.ageMs).toBeLessThan(BUDGET_MS);
    expect(finding.idleMs).toBeGreaterThanOrEqual(300);
    expect(finding.site[0]).toMatch(/half-closed\.mjs:\d+:\d+/);
    expect(finding.rule).toBe('@closewait/no-ignored-half-close');
    const { code, findings } = await run.exit;
    expect(code).toBe(1);
    expect(findings).toHaveLength(1);
  });

  it("unread-eof: the FIN sits behind unread bytes, 'end' never fires (kernel: CLOSE_WAIT)", async () => {
    const run = runGuarded(bin, 'unread-eof.mjs', { env: STRICT });
    const finding = await run.finding('unread-eof');
    expect(kernelState(finding.local, finding.remote)).toBe('08');
    expect(finding).toMatchObject({ origin: 'client', bytesRead: 10 });
    expect(finding.ageMs).toBeLessThan(BUDGET_MS);
    expect(finding.site.join('\n')).toMatch(/unread-eof\.mjs:\d+:\d+/);
    expect((await run.exit).code).toBe(1);
  });

  it('close-wait: a pauseOnConnect socket never resumed, visible only in the kernel', async () => {
    const run = runGuarded(bin, 'pause-on-connect.mjs', { env: STRICT });
    const finding = await run.finding('close-wait');
    expect(kernelState(finding.local, finding.remote)).toBe('08');
    expect(finding).toMatchObject({ origin: 'server', bytesRead: 0, rule: '@closewait/no-unread-socket' });
    expect(finding.ageMs).toBeLessThan(BUDGET_MS);
    expect((await run.exit).code).toBe(1);
  });

  it('an unconsumed 128 KB response body: close-wait in the kernel (or unread-eof when Node took the FIN)', async () => {
    const run = runGuarded(bin, 'unread-body.mjs', { env: STRICT });
    // How much of the body Node buffers before it stops reading varies from run to run: if it took the
    // FIN too, the same leak shows in JS as unread-eof.
    const finding = await run.finding();
    expect(['close-wait', 'unread-eof']).toContain(finding.kind);
    expect(kernelState(finding.local, finding.remote)).toBe('08');
    expect(finding.origin).toBe('client');
    expect(finding.rule).toBe(finding.kind === 'close-wait' ? '@closewait/no-unconsumed-body' : '@closewait/no-unread-socket');
    expect(finding.site.join('\n')).toMatch(/unread-body\.mjs:\d+:\d+/);
    expect((await run.exit).code).toBe(1);
  });

  it("timeout-ignored: a 'timeout' handler that only logs (kernel: still ESTABLISHED)", async () => {
    const run = runGuarded(bin, 'timeout-ignored.mjs', { env: STRICT });
    const finding = await run.finding('timeout-ignored');
    expect(kernelState(finding.local, finding.remote)).toBe('01');
    expect(finding).toMatchObject({ severity: 'warning', origin: 'client' });
    expect(finding.site.join('\n')).toMatch(/timeout-ignored\.mjs:\d+:\d+/);
    expect((await run.exit).code).toBe(1);
  });
});
