import { describe, expect, it } from 'vitest';

import { ConfigError, optionsFromEnv, resolveOptions } from '../src/config.js';

describe('install() options', () => {
  it('defaults: warn, text, kernel on, lazy stacks, channels, 30 s threshold scanned every 7.5 s', () => {
    expect(resolveOptions()).toMatchObject({
      thresholdMs: 30_000, intervalMs: 7_500, mode: 'warn', report: 'text', kernel: true, stacks: 'lazy', tracker: 'channels',
    });
  });

  it('attributes sockets to HTTP requests by default only where AsyncLocalStorage is cheap (Node 24+)', () => {
    expect(resolveOptions().requestContext).toBe(Number(process.versions.node.split('.')[0]) >= 24);
    expect(resolveOptions({ requestContext: true }).requestContext).toBe(true);
  });

  it('derives the scan interval from the threshold, within 25 ms and 10 s', () => {
    expect(resolveOptions({ thresholdMs: 300 }).intervalMs).toBe(75);
    expect(resolveOptions({ thresholdMs: 0 }).intervalMs).toBe(25);
    expect(resolveOptions({ thresholdMs: 600_000 }).intervalMs).toBe(10_000);
    expect(resolveOptions({ thresholdMs: 300, intervalMs: 40 }).intervalMs).toBe(40);
  });

  it.each([
    [{ mode: 'loud' }, 'closewait: mode must be one of warn, strict, destroy (got "loud")'],
    [{ report: 'xml' }, 'closewait: report must be one of text, json (got "xml")'],
    [{ stacks: 'some' }, 'closewait: stacks must be one of off, lazy, full (got "some")'],
    [{ tracker: 'ebpf' }, 'closewait: tracker must be one of channels, async-hooks (got "ebpf")'],
    [{ thresholdMs: -1 }, 'closewait: thresholdMs must be a whole number of milliseconds from 0 to 2147483647 (got -1)'],
    [{ thresholdMs: 1.5 }, 'closewait: thresholdMs must be a whole number of milliseconds from 0 to 2147483647 (got 1.5)'],
    [{ intervalMs: 5 }, 'closewait: intervalMs must be a whole number of milliseconds from 10 to 2147483647 (got 5)'],
    [{ kernel: 'yes' }, 'closewait: kernel must be true or false (got "yes")'],
    [{ context: 'req' }, 'closewait: context must be a function (got string)'],
    [{ requestContext: 'on' }, 'closewait: requestContext must be true or false (got "on")'],
    [{ reportFile: '' }, 'closewait: reportFile must be a file path (got "")'],
    [{ treshold: 1 }, 'closewait: unknown option "treshold" (accepted: thresholdMs, intervalMs, mode, report, reportFile, kernel, stacks, tracker, requestContext, context, write)'],
  ])('rejects %j with one line naming it and what is accepted', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(new ConfigError(message));
  });
});

describe('CLOSEWAIT_* variables', () => {
  it('reads every variable, case-insensitively for the named values', () => {
    const { options, errors } = optionsFromEnv({
      CLOSEWAIT_THRESHOLD_MS: '300', CLOSEWAIT_INTERVAL_MS: '50', CLOSEWAIT_MODE: 'Strict', CLOSEWAIT_REPORT: 'JSON',
      CLOSEWAIT_REPORT_FILE: '/tmp/x.jsonl', CLOSEWAIT_KERNEL: 'off', CLOSEWAIT_STACKS: 'full', CLOSEWAIT_TRACKER: 'async-hooks', CLOSEWAIT_REQUEST_CONTEXT: 'on',
    });
    expect(errors).toEqual([]);
    expect(options).toEqual({
      thresholdMs: 300, intervalMs: 50, mode: 'strict', report: 'json', reportFile: '/tmp/x.jsonl', kernel: false, stacks: 'full', tracker: 'async-hooks', requestContext: true,
    });
  });

  it('ignores unset and empty variables', () => {
    expect(optionsFromEnv({ CLOSEWAIT_MODE: '', PATH: '/bin' })).toEqual({ options: {}, errors: [] });
  });

  it('reports each bad value on one line and keeps that option at its default', () => {
    const { options, errors } = optionsFromEnv({
      CLOSEWAIT_THRESHOLD_MS: '3s', CLOSEWAIT_INTERVAL_MS: '5', CLOSEWAIT_MODE: 'strcit', CLOSEWAIT_REPORT: 'yaml',
      CLOSEWAIT_KERNEL: 'maybe', CLOSEWAIT_STACKS: 'deep', CLOSEWAIT_TRACKER: 'ebpf', CLOSEWAIT_REQUEST_CONTEXT: 'yes please',
    });
    expect(options).toEqual({});
    expect(errors).toEqual([
      'closewait: CLOSEWAIT_THRESHOLD_MS must be a whole number of milliseconds from 0 to 2147483647 (got "3s"); using the default',
      'closewait: CLOSEWAIT_INTERVAL_MS must be a whole number of milliseconds from 10 to 2147483647 (got "5"); using the default',
      'closewait: CLOSEWAIT_MODE must be one of warn, strict, destroy (got "strcit"); using the default',
      'closewait: CLOSEWAIT_REPORT must be one of text, json (got "yaml"); using the default',
      'closewait: CLOSEWAIT_STACKS must be one of off, lazy, full (got "deep"); using the default',
      'closewait: CLOSEWAIT_TRACKER must be one of channels, async-hooks (got "ebpf"); using the default',
      'closewait: CLOSEWAIT_KERNEL must be on or off (got "maybe"); using the default',
      'closewait: CLOSEWAIT_REQUEST_CONTEXT must be on or off (got "yes please"); using the default',
    ]);
  });
});
