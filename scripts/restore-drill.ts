/**
 * `npm run restore:drill`: the logic is in scripts/ops-backup/ (docs/operations/backup.md); this only wires the process to it.
 */
import { runOpsCli } from './ops-backup/cli';

void runOpsCli('drill', process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
