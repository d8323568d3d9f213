import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { Finding } from '../../src/report.js';

export const REGISTER = fileURLToPath(new URL('../../dist/register.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface GuardedRun {
  /** Resolves with the first JSON finding of this kind printed on stderr (rejects if the run ends). */
  finding(kind?: Finding['kind']): Promise<Finding>;
  /** Resolves once stdout has printed this text (fixtures announce their phases). */
  stdout(text: string): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string; findings: Finding[] }>;
  kill(): void;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** `--import` (default) or `-r`, or `none` to run the fixture without the preload. */
  preload?: '--import' | '-r' | 'none';
  args?: string[];
  /** Node flags placed before the preload (`--expose-gc`). */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/**
 * Spawns `node <preload> <register> fixtures/<script>` with JSON reports, and follows its output. Every
 * child is killed after `timeoutMs` (default 15 s) so a broken fixture cannot hang the suite.
 */
export function runGuarded(bin: string, script: string, options: RunOptions = {}): GuardedRun {
  const preload = options.preload ?? '--import';
  const nodeArgs = [...(options.nodeArgs ?? []), ...(preload === 'none' ? [] : [preload, REGISTER])];
  const child = spawn(bin, [...nodeArgs, `${FIXTURES}${script}`, ...(options.args ?? [])], {
    env: { ...process.env, NODE_OPTIONS: '', CLOSEWAIT_REPORT: 'json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const findings: Finding[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  let pending = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"closewait":"finding"')) findings.push(JSON.parse(line) as Finding);
    }
    notify();
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  let ended = false;
  const exit = new Promise<Awaited<GuardedRun['exit']>>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      ended = true;
      notify();
      resolve({ code, signal, stderr, stdout, findings });
    });
  });
  const waitFor = <T>(test: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const value = test();
        if (value !== undefined) {
          waiters.delete(check);
          resolve(value);
        } else if (ended) {
          waiters.delete(check);
          reject(new Error(`${script} ended before ${what}\nstdout: ${stdout}\nstderr: ${stderr}`));
        }
      };
      waiters.add(check);
      check();
    });
  return {
    finding: (kind) => waitFor(() => findings.find((f) => kind === undefined || f.kind === kind), `a ${kind ?? ''} finding`),
    stdout: (text) => waitFor(() => (stdout.includes(text) ? true : undefined), `printing ${text}`).then(() => {}),
    exit,
    kill: () => child.kill('SIGKILL'),
  };
}
