/**
 * `npm run mutate` (docs/testing.md): StrykerJS with its jest runner over each
 * core domain module of scripts/mutate-modules.js in turn (one run per module,
 * with only that module's specs, so a static mutant reruns a few specs rather
 * than all), then each module's mutation score against the threshold; exits
 * non-zero when one is below it.
 *
 *   npm run mutate                          every module
 *   npm run mutate -- "credit code" deciders  only these
 *   npm run mutate -- --force               re-test every mutant (ignore the incremental files)
 *   npm run mutate -- --report              only print the scores of the last runs
 *
 * Stryker is loaded as a library, not through its CLI: the 10.x CLI refuses
 * Node.js < 22 at start-up, while the workspace supports Node.js >= 20.20, on
 * which the library runs.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { MODULES, THRESHOLD } = require('./mutate-modules.js');

const ROOT = join(__dirname, '..');
const slug = (name) => name.replace(/[^a-z0-9]+/g, '-');
const reportOf = (name) => join(ROOT, 'reports/mutation', `${slug(name)}.json`);

/** In a child process (JM_MUTATE_MODULE set): one Stryker run. */
async function runOne(force) {
  const core = dirname(require.resolve('@stryker-mutator/core/package.json'));
  const { Stryker } = await import(pathToFileURL(join(core, 'dist/src/stryker.js')).href);
  await new Stryker({ configFile: join(ROOT, 'stryker.config.js'), ...(force ? { force: true } : {}) }).runMutationTest();
}

/** Detected over valid mutants, as Stryker counts it (compile and runtime errors and ignored mutants are not valid). */
function scoreOf(statuses) {
  const count = (...wanted) => statuses.filter((s) => wanted.includes(s)).length;
  const detected = count('Killed', 'Timeout');
  const valid = detected + count('Survived', 'NoCoverage');
  return { detected, valid, survived: count('Survived'), noCoverage: count('NoCoverage'), score: valid === 0 ? 100 : (100 * detected) / valid };
}

function report(names) {
  const line = (label, s) =>
    `${label.padEnd(76)} ${s.score.toFixed(2).padStart(6)} %  ${String(s.detected).padStart(4)}/${String(s.valid).padEnd(4)} survived ${s.survived}, no coverage ${s.noCoverage}`;
  const below = [];
  const rows = [];
  const deciders = [];
  for (const name of names) {
    // An interrupted run leaves only its incremental file: its mutants tested so far give a partial score.
    const incremental = join(ROOT, 'reports/mutation', `${slug(name)}.incremental.json`);
    const partial = !existsSync(reportOf(name)) && existsSync(incremental);
    if (!existsSync(reportOf(name)) && !partial) {
      below.push(name);
      rows.push(`${name}: no report (run failed or not run)`);
      continue;
    }
    const files = JSON.parse(readFileSync(partial ? incremental : reportOf(name), 'utf8')).files;
    const all = [];
    for (const [file, { mutants }] of Object.entries(files).sort()) {
      const statuses = mutants.map((m) => m.status);
      all.push(...statuses);
      if (Object.keys(files).length > 1) rows.push(line(`  ${file}`, scoreOf(statuses)));
    }
    const s = scoreOf(all);
    if (name.startsWith('decider ')) deciders.push(...all);
    if (s.score < THRESHOLD || partial) below.push(name);
    rows.push(line(name, s) + (partial ? '  PARTIAL (run interrupted)' : '') + (s.score < THRESHOLD ? '  BELOW THRESHOLD' : ''));
  }
  if (deciders.length) rows.push(line('deciders (all measured above, together)', scoreOf(deciders)));
  console.log(`\nMutation score per module (threshold ${THRESHOLD} %):\n${rows.join('\n')}`);
  if (below.length) {
    console.error(`\nmutate: ${below.join(', ')}: below ${THRESHOLD} % or not measured; reports/mutation/<module>.html shows the survivors`);
    process.exitCode = 1;
  }
}

async function main() {
  process.chdir(ROOT);
  const args = process.argv.slice(2);
  if (process.env.JM_MUTATE_MODULE) return runOne(args.includes('--force'));
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !MODULES[n]);
  if (unknown.length) throw new Error(`unknown module ${unknown.join(', ')}: one of ${Object.keys(MODULES).join(', ')}`);
  const chosen = names.length ? names : Object.keys(MODULES);
  if (!args.includes('--report')) {
    for (const name of chosen) {
      console.log(`\n== mutate: ${name}`);
      const run = spawnSync(process.execPath, [__filename, ...args.filter((a) => a === '--force')], {
        stdio: 'inherit',
        env: { ...process.env, JM_MUTATE_MODULE: name },
      });
      if (run.status !== 0) console.error(`mutate: the run for ${name} exited with ${run.status}`);
    }
  }
  report(chosen);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
