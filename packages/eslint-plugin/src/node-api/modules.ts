/**
 * The Node core modules whose socket APIs closewait understands. Everything else in `node-api/` speaks
 * of these canonical names: `node:net`, `net` and `process.getBuiltinModule('net')` are all `net`.
 */
export type NodeModule = 'net' | 'tls' | 'http' | 'https' | 'http2' | 'stream' | 'stream/promises' | 'events';

const MODULES: ReadonlySet<string> = new Set<NodeModule>([
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'stream',
  'stream/promises',
  'events',
]);

/** The canonical module name for an import specifier, or null when it is not a module we know. */
export function canonicalModule(specifier: unknown): NodeModule | null {
  if (typeof specifier !== 'string') return null;
  const name = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  return MODULES.has(name) ? (name as NodeModule) : null;
}
