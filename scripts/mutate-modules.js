/**
 * The core domain modules `npm run mutate` measures (docs/testing.md): for each,
 * the files Stryker mutates and the fast in-process specs that cover them. One
 * list, read by scripts/mutate.js (one Stryker run per module, then the score
 * check), stryker.config.js and jest.mutate.config.js (the specs of the module
 * being run, from JM_MUTATE_MODULE).
 */
const { existsSync, readdirSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '..');

/** Every *.decider.ts under services/, relative to the root. */
function deciderFiles(dir = join(ROOT, 'services')) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : deciderFiles(path);
      return entry.name.endsWith('.decider.ts') ? [relative(ROOT, path)] : [];
    })
    .sort();
}

/** Each decider is measured on its own (the "deciders" module is all of them), covered by its own given/when/then spec. */
function deciderModules() {
  return Object.fromEntries(
    deciderFiles().map((file) => {
      const spec = file.replace(/\.ts$/, '.spec.ts');
      return [`decider ${file.split('/').pop().replace('.decider.ts', '')}`, exactly(file, existsSync(join(ROOT, spec)) ? [spec] : [])];
    }),
  );
}

/** Module name → the glob Stryker mutates, a test of a path (relative to the root) against it, and the covering specs. */
const MODULES = {
  'hash chain': exactly('libs/event-sourcing/src/event-store/hash.ts', ['libs/event-sourcing/src/event-store/hash.spec.ts']),
  'credit code': exactly('libs/reference/src/credit-code.ts', [
    'libs/reference/src/reference.spec.ts',
    'services/intake/src/matching/match-keys.spec.ts',
  ]),
  'match keys': exactly('services/intake/src/matching/match-keys.ts', [
    'services/intake/src/matching/match-keys.spec.ts',
    'services/intake/src/matching/matching.process-manager.spec.ts',
  ]),
  'need-to-know': exactly('services/cases/src/access/need-to-know.ts', ['services/cases/src/access/need-to-know.spec.ts']),
  'calendar arithmetic': exactly('services/notifications/src/deadlines/calendar/calendar-arithmetic.ts', [
    'test/notifications/deadlines-calendar.spec.ts',
  ]),
  'deadline engine': exactly('services/notifications/src/deadlines/deadline-engine.ts', [
    'services/notifications/src/deadlines/deadline-engine.spec.ts',
  ]),
  ...deciderModules(),
};

function exactly(path, specs) {
  return { glob: path, has: (file) => file === path, specs };
}

const THRESHOLD = 80;

/** The module a Stryker run is for (scripts/mutate.js sets it for the run and its test-runner processes). */
function currentModule() {
  const name = process.env.JM_MUTATE_MODULE;
  if (!name || !MODULES[name]) throw new Error(`JM_MUTATE_MODULE must name one of: ${Object.keys(MODULES).join(', ')} (npm run mutate sets it)`);
  return { name, ...MODULES[name] };
}

module.exports = { MODULES, THRESHOLD, currentModule };
