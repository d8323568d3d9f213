/** What the guard does once a finding is raised. */
export type Mode = 'warn' | 'strict' | 'destroy';
/** How findings are written to stderr. */
export type ReportFormat = 'text' | 'json';
/** How much of the creating stack is kept per socket. */
export type StackMode = 'off' | 'lazy' | 'full';
/** How sockets are discovered. */
export type Tracker = 'channels' | 'async-hooks';

/** Options accepted by `install()`; every one has an environment variable twin read by `register`. */
export interface GuardOptions {
  /** Idle time a socket must spend in a leak condition before it is reported (ms). */
  thresholdMs?: number;
  /** Time between scans (ms). Defaults to a quarter of the threshold, between 25 ms and 10 s. */
  intervalMs?: number;
  mode?: Mode;
  report?: ReportFormat;
  /** Append one JSON line per finding to this file, beside the stderr report. */
  reportFile?: string | undefined;
  /** Read the kernel's socket table (Linux only). */
  kernel?: boolean;
  stacks?: StackMode;
  tracker?: Tracker;
  /**
   * Attribute client sockets opened while an HTTP server serves a request to `"METHOD /url"`. Default:
   * on from Node 24, where AsyncLocalStorage rides on AsyncContextFrame; off before, where entering a
   * store per request turns on async_hooks' promise hooks (+25–45 % CPU per request measured on Node 20
   * with an async handler).
   */
  requestContext?: boolean;
  /**
   * Names the context a socket is created in (a request id, a test name). Called once per socket;
   * the guard's own `run()` context is used when this returns `undefined`.
   */
  context?: () => unknown;
  /** Where the text and JSON report lines go (default: `process.stderr`). */
  write?: (line: string) => void;
}

export interface Config {
  thresholdMs: number;
  intervalMs: number;
  mode: Mode;
  report: ReportFormat;
  reportFile: string | undefined;
  kernel: boolean;
  stacks: StackMode;
  tracker: Tracker;
  requestContext: boolean;
  context: (() => unknown) | undefined;
  write: (line: string) => void;
}

const MODES: readonly Mode[] = ['warn', 'strict', 'destroy'];
const REPORTS: readonly ReportFormat[] = ['text', 'json'];
const STACKS: readonly StackMode[] = ['off', 'lazy', 'full'];
const TRACKERS: readonly Tracker[] = ['channels', 'async-hooks'];
const SWITCHES: Readonly<Record<string, boolean>> = { on: true, off: false, true: true, false: false, 1: true, 0: false };

export const DEFAULT_THRESHOLD_MS = 30_000;
const MAX_MS = 2 ** 31 - 1;

/** The variable each option is read from by `register`, named in error lines. */
export const ENV_NAMES = {
  thresholdMs: 'CLOSEWAIT_THRESHOLD_MS',
  intervalMs: 'CLOSEWAIT_INTERVAL_MS',
  mode: 'CLOSEWAIT_MODE',
  report: 'CLOSEWAIT_REPORT',
  reportFile: 'CLOSEWAIT_REPORT_FILE',
  kernel: 'CLOSEWAIT_KERNEL',
  stacks: 'CLOSEWAIT_STACKS',
  tracker: 'CLOSEWAIT_TRACKER',
  requestContext: 'CLOSEWAIT_REQUEST_CONTEXT',
} as const;

/** A bad option or variable: one line naming what was wrong and what is accepted. */
export class ConfigError extends TypeError {
  override name = 'ConfigError';
}

function defaultWrite(line: string): void {
  process.stderr.write(`${line}\n`);
}

function checkMs(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_MS) {
    throw new ConfigError(`closewait: ${name} must be a whole number of milliseconds from ${min} to ${MAX_MS} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function checkOneOf<T extends string>(name: string, value: unknown, accepted: readonly T[]): T {
  if (typeof value === 'string' && (accepted as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`closewait: ${name} must be one of ${accepted.join(', ')} (got ${JSON.stringify(value)})`);
}

/**
 * Validates `install()` options. Throws a `ConfigError` naming the option and the accepted values:
 * a wrong option is a programming error the developer should see at start-up.
 */
export function resolveOptions(options: GuardOptions = {}): Config {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`closewait: install() takes an options object (got ${options === null ? 'null' : typeof options})`);
  }
  const known = new Set(['thresholdMs', 'intervalMs', 'mode', 'report', 'reportFile', 'kernel', 'stacks', 'tracker', 'requestContext', 'context', 'write']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new ConfigError(`closewait: unknown option "${key}" (accepted: ${[...known].join(', ')})`);
  }
  const thresholdMs = options.thresholdMs === undefined ? DEFAULT_THRESHOLD_MS : checkMs('thresholdMs', options.thresholdMs, 0);
  const intervalMs = options.intervalMs === undefined
    ? Math.min(10_000, Math.max(25, Math.floor(thresholdMs / 4)))
    : checkMs('intervalMs', options.intervalMs, 10);
  for (const key of ['kernel', 'requestContext'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw new ConfigError(`closewait: ${key} must be true or false (got ${JSON.stringify(options[key])})`);
    }
  }
  for (const key of ['context', 'write'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new ConfigError(`closewait: ${key} must be a function (got ${typeof options[key]})`);
    }
  }
  if (options.reportFile !== undefined && (typeof options.reportFile !== 'string' || options.reportFile === '')) {
    throw new ConfigError(`closewait: reportFile must be a file path (got ${JSON.stringify(options.reportFile)})`);
  }
  return {
    thresholdMs,
    intervalMs,
    mode: options.mode === undefined ? 'warn' : checkOneOf('mode', options.mode, MODES),
    report: options.report === undefined ? 'text' : checkOneOf('report', options.report, REPORTS),
    reportFile: options.reportFile,
    kernel: options.kernel ?? true,
    stacks: options.stacks === undefined ? 'lazy' : checkOneOf('stacks', options.stacks, STACKS),
    tracker: options.tracker === undefined ? 'channels' : checkOneOf('tracker', options.tracker, TRACKERS),
    requestContext: options.requestContext ?? Number(process.versions.node.split('.')[0]) >= 24,
    context: options.context,
    write: options.write ?? defaultWrite,
  };
}

/**
 * Reads the `CLOSEWAIT_*` variables into options. A bad value never stops the host application: it
 * yields one error line naming the variable and the accepted values, and that option keeps its default.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv): { options: GuardOptions; errors: string[] } {
  const options: GuardOptions = {};
  const errors: string[] = [];
  const read = (key: keyof typeof ENV_NAMES): string | undefined => {
    const raw = env[ENV_NAMES[key]];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const ms = (key: 'thresholdMs' | 'intervalMs', min: number): void => {
    const raw = read(key);
    if (raw === undefined) return;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= MAX_MS) options[key] = value;
    else errors.push(`closewait: ${ENV_NAMES[key]} must be a whole number of milliseconds from ${min} to ${MAX_MS} (got "${raw}"); using the default`);
  };
  const oneOf = <K extends 'mode' | 'report' | 'stacks' | 'tracker'>(key: K, accepted: readonly string[]): void => {
    const raw = read(key);
    if (raw === undefined) return;
    const value = raw.toLowerCase();
    if (accepted.includes(value)) (options as Record<string, unknown>)[key] = value;
    else errors.push(`closewait: ${ENV_NAMES[key]} must be one of ${accepted.join(', ')} (got "${raw}"); using the default`);
  };
  ms('thresholdMs', 0);
  ms('intervalMs', 10);
  oneOf('mode', MODES);
  oneOf('report', REPORTS);
  oneOf('stacks', STACKS);
  oneOf('tracker', TRACKERS);
  for (const key of ['kernel', 'requestContext'] as const) {
    const raw = read(key);
    if (raw === undefined) continue;
    const value = SWITCHES[raw.toLowerCase()];
    if (value === undefined) errors.push(`closewait: ${ENV_NAMES[key]} must be on or off (got "${raw}"); using the default`);
    else options[key] = value;
  }
  const file = read('reportFile');
  if (file !== undefined) options.reportFile = file;
  return { options, errors };
}
