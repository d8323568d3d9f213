import type { GuardOptions } from './config';
import { resolveOptions } from './config';
import { Guard } from './guard';

export type { Config, GuardOptions, Mode, ReportFormat, StackMode, Tracker } from './config';
export { ConfigError, optionsFromEnv } from './config';
export type { Kind } from './detect';
export type { Guard } from './guard';
export type { Snapshot, SocketInfo } from './report';
export type { Finding } from './report';
export { FINDING_CHANNEL } from './report';

export const version = '0.0.0';

// One guard per process, even when two copies of the package are loaded (`-r` and `--import`, or a
// preload plus a bundled copy): the active guard is kept under a global symbol.
const ACTIVE = Symbol.for('closewait.runtime-guard');
type Holder = { [ACTIVE]?: Guard };

/**
 * Starts watching every TCP and TLS socket of the process. No side effects happen before this is
 * called. If a guard is already running (the `register` preload, an earlier call), that guard is
 * returned unchanged: `uninstall()` it first to start one with other options.
 *
 * Throws a `ConfigError` (a `TypeError`) with one line naming a bad option and the accepted values.
 */
export function install(options: GuardOptions = {}): Guard {
  const config = resolveOptions(options);
  const holder = globalThis as Holder;
  const active = holder[ACTIVE];
  if (active?.installed) return active;
  const guard = new Guard(config);
  guard.start();
  holder[ACTIVE] = guard;
  return guard;
}

/** The running guard, if any. */
export function activeGuard(): Guard | undefined {
  const active = (globalThis as Holder)[ACTIVE];
  return active?.installed ? active : undefined;
}
