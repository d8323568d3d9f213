/**
 * The modules whose APIs closewait understands: Node's core modules (`node:net`, `net` and
 * `process.getBuiltinModule('net')` are all `net`), and the HTTP client packages whose responses carry a
 * body the caller must consume. Everything else in `node-api/` speaks of these canonical names.
 */
export type NodeModule =
  | 'net'
  | 'tls'
  | 'http'
  | 'https'
  | 'http2'
  | 'stream'
  | 'stream/promises'
  | 'events'
  | ClientPackage;

/** npm packages, named exactly as imported (no `node:` form). */
export type ClientPackage = 'undici' | 'node-fetch' | 'cross-fetch' | '@aws-sdk/client-s3';

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

const PACKAGES: ReadonlySet<string> = new Set<ClientPackage>(['undici', 'node-fetch', 'cross-fetch', '@aws-sdk/client-s3']);

/** The canonical module name for an import specifier, or null when it is not a module we know. */
export function canonicalModule(specifier: unknown): NodeModule | null {
  if (typeof specifier !== 'string') return null;
  if (PACKAGES.has(specifier)) return specifier as ClientPackage;
  const name = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  return MODULES.has(name) ? (name as NodeModule) : null;
}
