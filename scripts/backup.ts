/**
 * `npm run backup`, `npm run restore` and `npm run restore:drill`: package.json passes the command
 * (backup, restore or drill) first. The logic is in scripts/ops-backup/ (docs/operations/backup.md).
 */
import { runOpsCli } from './ops-backup/cli';

const [command, ...args] = process.argv.slice(2);
if (command !== 'backup' && command !== 'restore' && command !== 'drill') {
  process.stderr.write(`scripts/backup.ts: the first argument is backup, restore or drill, not ${JSON.stringify(command)}\n`);
  process.exit(2);
}
void runOpsCli(command, args, {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
