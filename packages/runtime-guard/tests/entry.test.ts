import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { kernelState } from './helpers/kernel-view.js';
import { NODE_LINES } from './helpers/node-lines.js';
import { FIXTURES, REGISTER, runGuarded } from './helpers/run-guarded.js';

const STRICT = { CLOSEWAIT_MODE: 'strict', CLOSEWAIT_THRESHOLD_MS: '300', HOLD_MS: '1500' };
const findingLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.includes('"closewait":"finding"'));

describe.concurrent.each(NODE_LINES)('entry points and configuration on $name', ({ bin, name }) => {
  it.each([
    ['--import', 'half-closed.mjs'],
    ['-r', 'entry-commonjs.cjs'],
    ['-r', 'half-closed.mjs'],
  ] as const)('%s register preloads the guard into %s', async (preload, script) => {
    const { code, findings } = await runGuarded(bin, script, { preload, env: STRICT }).exit;
    expect(findings.map((f) => f.kind)).toEqual(['half-closed']);
    expect(code).toBe(1);
  });

  it.each([`--import ${REGISTER}`, `-r ${REGISTER}`])('NODE_OPTIONS="%s" preloads it too', async (nodeOptions) => {
    const { code, findings } = await runGuarded(bin, 'half-closed.mjs', { preload: 'none', env: { ...STRICT, NODE_OPTIONS: nodeOptions } }).exit;
    expect(findings.map((f) => f.kind)).toEqual(['half-closed']);
    expect(code).toBe(1);
  });

  it('loading it twice (-r and --import) runs one guard: one finding, not two', async () => {
    const { code, findings } = await runGuarded(bin, 'half-closed.mjs', { preload: '-r', env: { ...STRICT, NODE_OPTIONS: `--import ${REGISTER}` } }).exit;
    expect(findings).toHaveLength(1);
    expect(code).toBe(1);
  });

  it('without the preload the same leak exits 0 (the exit code above is the guard’s doing)', async () => {
    const { code, stderr } = await runGuarded(bin, 'half-closed.mjs', { preload: 'none', env: STRICT }).exit;
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('warn mode reports and leaves the exit code alone; strict keeps an app’s own non-zero code', async () => {
    const warn = await runGuarded(bin, 'half-closed.mjs', { env: { ...STRICT, CLOSEWAIT_MODE: 'warn' } }).exit;
    expect(warn.findings).toHaveLength(1);
    expect(warn.code).toBe(0);
    const own = await runGuarded(bin, 'entry-commonjs.cjs', { env: { ...STRICT, EXIT_CODE: '3' } }).exit;
    expect(own.findings).toHaveLength(1);
    expect(own.code).toBe(3);
  });

  it('a clean app ends on its own, exit 0, nothing printed: the guard keeps nothing alive', async () => {
    // A 30 s threshold and scan interval: an un-unref'd timer would hold the process until the harness kills it.
    const { code, signal, stdout, stderr } = await runGuarded(bin, 'entry-quiet.mjs', { env: { CLOSEWAIT_MODE: 'strict' }, timeoutMs: 10_000 }).exit;
    expect({ code, signal, stdout, stderr }).toEqual({ code: 0, signal: null, stdout: 'done\n', stderr: '' });
  });

  it('retains no closed socket (WeakRefs empty after gc)', async () => {
    const run = runGuarded(bin, 'entry-retention.mjs', { env: { CLOSEWAIT_THRESHOLD_MS: '300' }, nodeArgs: ['--expose-gc'] });
    const { stdout, code } = await run.exit;
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ alive: 0 });
  });

  it('text reports: headline, addresses, where it was created, the fix and the lint rule', async () => {
    const { stderr } = await runGuarded(bin, 'half-closed.mjs', { env: { ...STRICT, CLOSEWAIT_REPORT: 'text' } }).exit;
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('closewait: error half-closed: peer closed, our side never ended');
    expect(lines[1]).toMatch(/^ {2}server socket 127\.0\.0\.1:\d+ ← 127\.0\.0\.1:\d+ \(IPv4\), idle \d+ ms, age \d+ ms, read 3 B, written 0 B$/);
    expect(lines[2]).toMatch(/^ {2}accepted by the server listening at .*half-closed\.mjs:\d+:\d+$/);
    expect(lines).toContain('  lint: @closewait/no-ignored-half-close');
    expect(lines.at(-1)).toBe('closewait: strict mode: 1 leaking socket reported; exit code 1');
  });

  it('json reports: one parseable object per line with every field', async () => {
    const { stderr, findings } = await runGuarded(bin, 'half-closed.mjs', { env: STRICT }).exit;
    expect(findingLines(stderr)).toHaveLength(1);
    expect(Object.keys(findings[0] ?? {}).sort()).toEqual([
      'action', 'ageMs', 'bytesRead', 'bytesWritten', 'closewait', 'context', 'family', 'fix', 'idleMs', 'kind', 'local', 'origin', 'remote', 'rule', 'severity', 'site', 'tls',
    ].filter((key) => key !== 'context'));
  });

  it('CLOSEWAIT_REPORT_FILE appends JSON lines across runs, beside the stderr report', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'closewait-')), 'findings.jsonl');
    for (let run = 0; run < 2; run++) {
      const { stderr } = await runGuarded(bin, 'half-closed.mjs', { env: { ...STRICT, CLOSEWAIT_REPORT: 'text', CLOSEWAIT_REPORT_FILE: file } }).exit;
      expect(stderr).toContain('closewait: error half-closed');
    }
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string });
    expect(lines.map((line) => line.kind)).toEqual(['half-closed', 'half-closed']);
  });

  it('an unwritable CLOSEWAIT_REPORT_FILE: one clear line, and findings still reach stderr', async () => {
    const { code, stderr, findings } = await runGuarded(bin, 'half-closed.mjs', { env: { ...STRICT, CLOSEWAIT_REPORT_FILE: '/nonexistent-dir/findings.jsonl' } }).exit;
    expect(stderr.split('\n')[0]).toMatch(/^closewait: cannot open CLOSEWAIT_REPORT_FILE \/nonexistent-dir\/findings\.jsonl \(ENOENT\); findings go to stderr only$/);
    expect(findings).toHaveLength(1);
    expect(code).toBe(1);
  });

  it('bad variables: one line each naming the variable and the accepted values; defaults apply', async () => {
    const env = {
      CLOSEWAIT_MODE: 'strcit', CLOSEWAIT_THRESHOLD_MS: '300ms', CLOSEWAIT_KERNEL: 'maybe', CLOSEWAIT_STACKS: 'deep', CLOSEWAIT_REPORT: 'yaml', CLOSEWAIT_TRACKER: 'ebpf', CLOSEWAIT_INTERVAL_MS: '1',
    };
    const { code, stderr, stdout } = await runGuarded(bin, 'entry-quiet.mjs', { env }).exit;
    expect(code).toBe(0);
    expect(stdout).toBe('done\n');
    expect(stderr.trimEnd().split('\n')).toEqual([
      'closewait: CLOSEWAIT_THRESHOLD_MS must be a whole number of milliseconds from 0 to 2147483647 (got "300ms"); using the default',
      'closewait: CLOSEWAIT_INTERVAL_MS must be a whole number of milliseconds from 10 to 2147483647 (got "1"); using the default',
      'closewait: CLOSEWAIT_MODE must be one of warn, strict, destroy (got "strcit"); using the default',
      'closewait: CLOSEWAIT_REPORT must be one of text, json (got "yaml"); using the default',
      'closewait: CLOSEWAIT_STACKS must be one of off, lazy, full (got "deep"); using the default',
      'closewait: CLOSEWAIT_TRACKER must be one of channels, async-hooks (got "ebpf"); using the default',
      'closewait: CLOSEWAIT_KERNEL must be on or off (got "maybe"); using the default',
    ]);
  });

  it('destroy mode: reports, then destroys the socket; the kernel row leaves CLOSE_WAIT', async () => {
    const run = runGuarded(bin, 'entry-destroy.mjs', { env: { ...STRICT, CLOSEWAIT_MODE: 'destroy' } });
    const finding = await run.finding('half-closed');
    expect(finding.action).toBe('destroyed');
    await run.stdout('server socket closed');
    expect(kernelState(finding.local, finding.remote)).not.toBe('08');
    expect((await run.exit).code).toBe(0);
  });

  it('CLOSEWAIT_STACKS=off keeps no site; full keeps the same frames as lazy', async () => {
    const off = await runGuarded(bin, 'unread-eof.mjs', { env: { ...STRICT, CLOSEWAIT_STACKS: 'off' } }).exit;
    expect(off.findings[0]?.site).toEqual([]);
    const full = await runGuarded(bin, 'unread-eof.mjs', { env: { ...STRICT, CLOSEWAIT_STACKS: 'full' } }).exit;
    expect(full.findings[0]?.site.join('\n')).toMatch(/unread-eof\.mjs:\d+:\d+/);
  });

  it('CLOSEWAIT_KERNEL=off: JS-visible leaks still reported, kernel-only ones not', async () => {
    const env = { ...STRICT, CLOSEWAIT_KERNEL: 'off' };
    expect((await runGuarded(bin, 'half-closed.mjs', { env }).exit).findings).toHaveLength(1);
    const paused = await runGuarded(bin, 'pause-on-connect.mjs', { env }).exit;
    expect({ code: paused.code, findings: paused.findings }).toEqual({ code: 0, findings: [] });
  });

  it('off Linux: one notice that the kernel view is skipped, and the JS-visible leaks still found', async () => {
    const { stderr, findings } = await runGuarded(bin, 'half-closed.mjs', {
      env: { ...STRICT, NODE_OPTIONS: `-r ${FIXTURES}entry-platform.cjs` },
    }).exit;
    expect(stderr.split('\n').filter((line) => line.includes('Linux only'))).toEqual([
      "closewait: the kernel's socket table is read on Linux only; on darwin sockets that nothing reads (unread bodies, paused sockets) are not reported",
    ]);
    expect(findings).toHaveLength(1);
  });

  it('names the HTTP request a client socket was opened for: by default from Node 24, with CLOSEWAIT_REQUEST_CONTEXT=on before', async () => {
    const byDefault = await runGuarded(bin, 'request-context.mjs', { env: STRICT }).exit;
    const onNode24 = Number(/node (\d+)/.exec(name)?.[1] ?? 0) >= 24;
    expect(byDefault.findings.map((f) => f.context)).toEqual([onNode24 ? 'GET /orders/7' : undefined]);
    const on = await runGuarded(bin, 'request-context.mjs', { env: { ...STRICT, CLOSEWAIT_REQUEST_CONTEXT: 'on' } }).exit;
    expect(on.findings.map((f) => [f.kind, f.origin, f.context])).toEqual([['half-closed', 'client', 'GET /orders/7']]);
  });

  it.each(['half-closed.mjs', 'unread-eof.mjs', 'pause-on-connect.mjs', 'timeout-ignored.mjs'])(
    'the async_hooks tracker finds the same leak in %s',
    async (script) => {
      const { code, findings } = await runGuarded(bin, script, { env: { ...STRICT, CLOSEWAIT_TRACKER: 'async-hooks' } }).exit;
      expect(findings).toHaveLength(1);
      expect(findings[0]?.site.join('\n')).toContain(script);
      expect(code).toBe(1);
    },
  );
});
