// The preload entry: `node --import @closewait/runtime-guard/register app.js`, `node -r …` or the same
// through NODE_OPTIONS. The only module of the package with side effects on load. It never throws into
// the application: a bad variable is reported on one line and keeps its default.
import { optionsFromEnv } from './config';
import { install } from './index';

const { options, errors } = optionsFromEnv(process.env);
for (const line of errors) process.stderr.write(`${line}\n`);
try {
  install(options);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}; the guard is not running\n`);
}
