import * as diagnostics from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import type { Socket } from 'node:net';

import type { ReportFormat } from './config';
import type { Kind } from './detect';
import { CLIENT_CLOSE_WAIT_RULE, HINTS, TITLES } from './detect';

/** One leaking socket, as printed, written to the report file and passed to `'leak'` listeners. */
export interface Finding {
  kind: Kind;
  severity: 'error' | 'warning';
  /** What happened to the socket: `reported`, or `destroyed` in `destroy` mode. */
  action: 'reported' | 'destroyed';
  origin: 'server' | 'client' | 'unknown';
  tls: boolean;
  local: string;
  remote: string;
  family: string;
  /** Time since the socket was created (ms); `undefined` for a socket the guard did not see created. */
  ageMs: number | undefined;
  /** Time the socket has spent in this condition with no bytes moving (ms). */
  idleMs: number;
  bytesRead: number;
  bytesWritten: number;
  /** The app's frames where the socket was created (a server's: where it was told to listen). */
  site: string[];
  context: unknown;
  fix: string;
  /** The lint rule that finds the same shape statically, or `null` when none does. */
  rule: string | null;
}

/** One tracked socket as `snapshot()` shows it. */
export interface SocketInfo {
  origin: 'server' | 'client';
  tls: boolean;
  local: string;
  remote: string;
  family: string;
  /** `open`, or the leak condition the socket is in now (reported or not yet). */
  state: 'open' | Kind;
  ageMs: number;
  bytesRead: number;
  bytesWritten: number;
  site: string[];
  context: unknown;
}

export interface Snapshot {
  sockets: SocketInfo[];
  /** TIME_WAIT sockets on the host (Linux), the other half of the story when ports run out. */
  timeWait: number | undefined;
  findings: number;
}

/** Where a socket connects, as findings and snapshots print it. */
export function addressesOf(socket: Socket): Pick<Finding, 'tls' | 'local' | 'remote' | 'family'> {
  const tls = (socket as { encrypted?: boolean }).encrypted === true;
  const format = (address: string | undefined, port: number | undefined): string =>
    address === undefined ? 'unknown' : address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  return {
    tls,
    local: format(socket.localAddress, socket.localPort),
    remote: format(socket.remoteAddress, socket.remotePort),
    family: socket.remoteFamily ?? 'unknown',
  };
}

export function describe(finding: Omit<Finding, 'fix' | 'rule'>): Finding {
  const hint = HINTS[finding.kind];
  const rule = finding.kind === 'close-wait' && finding.origin === 'client' ? CLIENT_CLOSE_WAIT_RULE : hint.rule;
  return { ...finding, fix: hint.fix, rule };
}

function duration(ms: number | undefined): string {
  if (ms === undefined) return 'unknown';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function contextText(context: unknown): string {
  if (typeof context === 'string') return context;
  try {
    return JSON.stringify(context) ?? String(context);
  } catch {
    return String(context);
  }
}

const UNKNOWN_SITE: Readonly<Record<Finding['origin'], string>> = {
  unknown: 'opened before the guard was installed, or outside node:net',
  client: 'no application frame on the stack: opened from a library\'s queue, or CLOSEWAIT_STACKS=off',
  server: 'the server was listening before the guard was installed, or CLOSEWAIT_STACKS=off',
};

/** Human report: one headline, then where it came from and how to fix it. */
export function formatText(finding: Finding): string {
  const arrow = finding.origin === 'server' ? '←' : '→';
  const lines = [
    `closewait: ${finding.severity} ${finding.kind}: ${TITLES[finding.kind]}${finding.action === 'destroyed' ? ' (destroyed)' : ''}`,
    `  ${finding.origin}${finding.tls ? ' TLS' : ''} socket ${finding.local} ${arrow} ${finding.remote} (${finding.family}), idle ${duration(finding.idleMs)}, age ${duration(finding.ageMs)}, read ${finding.bytesRead} B, written ${finding.bytesWritten} B`,
  ];
  const [first, ...rest] = finding.site;
  if (first === undefined) lines.push(`  created at: unknown (${UNKNOWN_SITE[finding.origin]})`);
  else lines.push(`  ${finding.origin === 'server' ? 'accepted by the server listening at' : 'created at'} ${first}`, ...rest.map((frame) => `      ${frame}`));
  if (finding.context !== undefined) lines.push(`  context: ${contextText(finding.context)}`);
  lines.push(`  fix: ${finding.fix}`, `  lint: ${finding.rule ?? 'no rule covers this shape yet; only the guard sees it'}`);
  return lines.join('\n');
}

export function formatJson(finding: Finding): string {
  let context = finding.context;
  try {
    JSON.stringify(context);
  } catch {
    context = String(context);
  }
  return JSON.stringify({ closewait: 'finding', ...finding, context });
}

/**
 * Findings are also published here, for APM agents and test harnesses that already listen to
 * diagnostics channels. Message: the `Finding` object.
 */
export const FINDING_CHANNEL = 'closewait:finding';

export type LeakListener = (finding: Finding) => void;

/**
 * Where findings and notices go: stderr (text or JSON), the report file, the diagnostics channel and
 * `'leak'` listeners. `safely` runs code that must not throw into the host (listeners, the channel).
 */
export class Reporter {
  readonly listeners = new Set<LeakListener>();
  readonly #format: ReportFormat;
  readonly #write: (line: string) => void;
  readonly #safely: (where: string, fn: () => void) => void;
  readonly #channel = diagnostics.channel(FINDING_CHANNEL);
  #file: ReportFile | undefined;

  constructor(
    options: { report: ReportFormat; reportFile: string | undefined; write: (line: string) => void },
    safely: (where: string, fn: () => void) => void,
  ) {
    this.#format = options.report;
    this.#write = options.write;
    this.#safely = safely;
    if (options.reportFile !== undefined) {
      try {
        this.#file = new ReportFile(options.reportFile);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        this.notice(`closewait: cannot open CLOSEWAIT_REPORT_FILE ${options.reportFile} (${code}); findings go to stderr only`);
      }
    }
  }

  /** One line on stderr; if stderr itself is gone there is nowhere left to report to. */
  notice(line: string): void {
    try {
      this.#write(line);
    } catch {
      // stderr closed.
    }
  }

  finding(finding: Finding): void {
    const json = formatJson(finding);
    this.notice(this.#format === 'json' ? json : formatText(finding));
    if (this.#file !== undefined) {
      try {
        this.#file.append(json);
      } catch (error) {
        this.notice(`closewait: cannot append to CLOSEWAIT_REPORT_FILE ${this.#file.path} (${(error as Error).message}); findings still go to stderr`);
        this.#file.close();
        this.#file = undefined;
      }
    }
    if (this.#channel.hasSubscribers) this.#safely('finding channel', () => this.#channel.publish(finding));
    for (const listener of this.listeners) this.#safely("'leak' listener", () => listener(finding));
  }

  close(): void {
    this.#file?.close();
    this.#file = undefined;
  }
}

/** Appends JSON lines to a file opened once. */
class ReportFile {
  #fd: number | undefined;
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    this.#fd = fs.openSync(path, 'a');
  }

  append(line: string): void {
    if (this.#fd === undefined) return;
    fs.writeSync(this.#fd, `${line}\n`);
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      fs.closeSync(this.#fd);
    } finally {
      this.#fd = undefined;
    }
  }
}
