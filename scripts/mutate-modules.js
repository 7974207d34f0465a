/**
 * The core domain modules `npm run mutate` measures (docs/testing.md): for each,
 * the files Stryker mutates and the fast in-process specs that cover them. One
 * list, read by scripts/mutate.js (one Stryker run per module, then the score
 * check), stryker.config.js and jest.mutate.config.js (the specs of the module
 * being run, from JM_MUTATE_MODULE).
 */
const DECIDER_SPECS = [
  'services/cases/src/case/case.decider.spec.ts',
  'services/cases/src/meeting/meeting.decider.spec.ts',
  'services/cases/src/triage/triage.decider.spec.ts',
  'services/intake/src/lead/lead.decider.spec.ts',
  'services/intake/src/submission/submission.decider.spec.ts',
  'services/notifications/src/channels/notification/notification.decider.spec.ts',
  'services/notifications/src/deadlines/clock/clock.decider.spec.ts',
  'services/notifications/src/deadlines/obligation/obligation.decider.spec.ts',
];

/** Module name → the glob Stryker mutates, a test of a path (relative to the root) against it, and the covering specs. */
const MODULES = {
  'hash chain': exactly('libs/shared/src/event-store/hash.ts', ['libs/shared/src/event-store/hash.spec.ts']),
  'credit code': exactly('libs/shared/src/reference/credit-code.ts', ['libs/shared/src/reference/reference.spec.ts', 'services/intake/src/matching/match-keys.spec.ts']),
  'match keys': exactly('services/intake/src/matching/match-keys.ts', [
    'services/intake/src/matching/match-keys.spec.ts',
    'services/intake/src/matching/matching.process-manager.spec.ts',
  ]),
  'need-to-know': exactly('services/cases/src/access/need-to-know.ts', ['services/cases/src/access/need-to-know.spec.ts']),
  'calendar arithmetic': exactly('services/notifications/src/deadlines/calendar/calendar-arithmetic.ts', ['test/notifications/deadlines-calendar.spec.ts']),
  'deadline engine': exactly('services/notifications/src/deadlines/deadline-engine.ts', ['services/notifications/src/deadlines/deadline-engine.spec.ts']),
  deciders: {
    glob: 'services/*/src/**/*.decider.ts',
    has: (file) => /^services\/[^/]+\/src\/.*\.decider\.ts$/.test(file),
    specs: DECIDER_SPECS,
  },
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
