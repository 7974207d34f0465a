/**
 * `npm run audit -- <command> [options]`: timelines, the state of a case as of
 * a moment, the access log, verification and anchors, on the event store
 * directly. The logic is in services/reporting/src/audit/audit-cli.ts (shared
 * with the REST API); this only wires the process to it.
 */
import { runAuditCli } from '../services/reporting/src/audit/audit-cli';

// `npm run -s audit -- timeline ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runAuditCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
