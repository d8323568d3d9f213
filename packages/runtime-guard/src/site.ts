import type { StackMode } from './config';

/**
 * Where a socket was created. `lazy` keeps V8's structured frames and formats them only if the socket is
 * ever reported (`new Error()` ≈ 4 µs, formatting ≈ 9 µs more); `full` formats at once and keeps only the
 * few frames a report shows.
 */
export type Site = string | { stack?: string } | undefined;

/**
 * Frames kept above the socket's creation: node's https agent → tls.connect → Socket#connect is ~9 deep,
 * but undici opens fetch() sockets synchronously inside the app's call ~30 frames down its dispatcher
 * chain, and that call is the one the report must name.
 */
const CAPTURE_DEPTH = 40;
const SHOWN_FRAMES = 4;

// `at` lines from node's own modules and from this package are never the answer to "which code".
const OWN_DIR = __dirname;

export function captureSite(mode: StackMode, above: (...args: never[]) => unknown): Site {
  if (mode === 'off') return undefined;
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CAPTURE_DEPTH;
  Error.captureStackTrace(holder, above);
  Error.stackTraceLimit = limit;
  return mode === 'full' ? formatFrames(holder.stack) : holder;
}

/** The app's frames of a captured site, innermost first, without node internals or the guard itself. */
export function siteFrames(site: Site): string[] {
  if (site === undefined) return [];
  const text = typeof site === 'string' ? site : formatFrames(site.stack);
  return text === '' ? [] : text.split('\n');
}

const NODE_MODULES = /[/\\]node_modules[/\\]/;

/**
 * Frames of the app first: a dependency's frames (undici's connector, a driver's pool) are shown only
 * when no frame of the app is on the stack at all.
 */
function formatFrames(stack: string | undefined): string {
  if (stack === undefined) return '';
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('at ')) continue;
    const frame = trimmed.slice(3);
    const location = frame.startsWith('async ') ? frame.slice(6) : frame;
    if (location.startsWith('node:') || location.includes('(node:') || location.endsWith('(<anonymous>)') || location.includes(OWN_DIR)) continue;
    frames.push(frame);
  }
  const app = frames.filter((frame) => !NODE_MODULES.test(frame));
  return (app.length > 0 ? app : frames).slice(0, SHOWN_FRAMES).join('\n');
}
