import type { StackMode } from './config';

/**
 * Where a socket was created. `lazy` keeps V8's structured frames (`new Error()` ≈ 4 µs; ~0.6–1.2 KB per
 * socket) and formats them (≈ 9 µs more) only for a socket that outlives a scan or is reported; `full`
 * formats at once. Formatted sites are shared: the thousand sockets a pool opens from one line of code
 * hold one string between them.
 */
export type Site = string | { stack?: string } | undefined;

/** Distinct formatted sites kept for sharing; past this many, new sites are kept unshared. */
const SHARED_SITES = 4096;
const shared = new Map<string, string>();

/** The one copy of `text` every socket created there points to. */
function share(text: string): string {
  const known = shared.get(text);
  if (known !== undefined) return known;
  if (shared.size < SHARED_SITES) shared.set(text, text);
  return text;
}

/**
 * A site as the few formatted frames a report shows, shared with every socket created at the same
 * place: what a long-lived socket keeps instead of V8's frames.
 */
export function settleSite(site: Site): Site {
  return typeof site === 'object' ? share(formatFrames(site.stack)) : site;
}

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
  return mode === 'full' ? share(formatFrames(holder.stack)) : holder;
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
