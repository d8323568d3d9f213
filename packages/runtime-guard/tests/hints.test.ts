import { describe, expect, it } from 'vitest';

import plugin from '../../eslint-plugin/src/index.js';
import { CLIENT_CLOSE_WAIT_RULE, HINTS } from '../src/detect.js';

describe('fix hints', () => {
  it('name only lint rules that @closewait/eslint-plugin has', () => {
    const rules = Object.keys(plugin.rules).map((name) => `@closewait/${name}`);
    expect(rules).toContain(CLIENT_CLOSE_WAIT_RULE);
    for (const { rule } of Object.values(HINTS)) {
      if (rule !== null) expect(rules).toContain(rule);
    }
  });
});
