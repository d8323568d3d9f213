import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const linesDir = fileURLToPath(new URL('../../../../tools/node-lines/node_modules/', import.meta.url));

export interface NodeLine {
  name: string;
  bin: string;
}

/**
 * Node 20 runs the tests; Node 22 and 24 come from the npm registry (tools/node-lines). Every behaviour
 * test runs on all three: the guard's client tracking differs by version (nodejs/node#58349).
 */
export const NODE_LINES: NodeLine[] = [
  { name: `node ${process.versions.node}`, bin: process.execPath },
  ...['node22', 'node24'].map((dir) => {
    const bin = `${linesDir}${dir}/bin/node`;
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run the install (npx pnpm install) first`);
    return { name: dir.replace('node', 'node '), bin };
  }),
];
