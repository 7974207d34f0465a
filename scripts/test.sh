#!/usr/bin/env bash
# `npm test`: make sure the real PostgreSQL and Kafka answer (starting them with
# scripts/infra.sh when they do not), then lint, type-check, run jest, build and run
# the console's browser stories in headless Chromium (scripts/browser.sh installs it;
# playwright.config.ts, docs/console.md; SKIP_BROWSER=1 leaves them out), and hold the
# services to their OpenAPI documents with a short fuzz run (docs/api-contract.md;
# FUZZ_EXAMPLES, FUZZ_MAX_TIME to change it, SKIP_FUZZ=1 to leave it out).
# Extra arguments go to jest: npm test -- test/infra --verbose
# The servers are left running for the next run; `npm run infra:down` stops them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_PORT=${JM_PG_PORT:-55432}
KAFKA_PORT=${JM_KAFKA_PORT:-59092}
KAFKA_SASL_PORT=${JM_KAFKA_SASL_PORT:-59094}
export TEST_PG_URL="postgres://jm:jm@127.0.0.1:$PG_PORT/jm_test"
export TEST_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export TEST_KAFKA_SASL_BROKERS="127.0.0.1:$KAFKA_SASL_PORT"
export KAFKAJS_NO_PARTITIONER_WARNING=1

now() { date +%s.%N; }
step() { printf '\n== test.sh: %s\n' "$*"; }
took() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }'; }

pg_reachable() {
  command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 3 >/dev/null 2>&1
}
kafka_reachable() {
  node scripts/infra/kafka-probe.js "$TEST_KAFKA_BROKERS" 5000 >/dev/null 2>&1
}

t=$(now)
if pg_reachable && kafka_reachable; then
  step "PostgreSQL (127.0.0.1:$PG_PORT) and Kafka ($TEST_KAFKA_BROKERS) answer"
else
  step "starting PostgreSQL and Kafka (scripts/infra.sh up)"
  if ! bash scripts/infra.sh up; then
    echo "test.sh: ERROR: scripts/infra.sh up failed; see the messages above" >&2
    exit 1
  fi
  pg_reachable || { echo "test.sh: ERROR: PostgreSQL does not answer on 127.0.0.1:$PG_PORT after infra up" >&2; exit 1; }
  kafka_reachable || { echo "test.sh: ERROR: Kafka does not answer on $TEST_KAFKA_BROKERS after infra up" >&2; exit 1; }
fi
echo "test.sh: infrastructure ready ($(took "$t"))"

# A fresh clone has no cached Nx project graph, and without one the
# @nx/enforce-module-boundaries lint rule is silently skipped (eslint and the
# boundary tests both rely on it): compute it first.
step "nx project graph"
t=$(now)
npx nx show projects >/dev/null
echo "test.sh: project graph ready ($(took "$t"))"

eslint_config=""
for f in eslint.config.js eslint.config.mjs eslint.config.cjs eslint.config.ts eslint.config.mts eslint.config.cts \
         .eslintrc .eslintrc.js .eslintrc.cjs .eslintrc.json .eslintrc.yml .eslintrc.yaml; do
  if [ -f "$f" ]; then eslint_config=$f; break; fi
done
if [ -n "$eslint_config" ]; then
  step "eslint ($eslint_config)"
  t=$(now)
  npx eslint .
  echo "test.sh: eslint passed ($(took "$t"))"
  step "prettier --check (the formatting the lint holds: .prettierrc.json; npm run format fixes it)"
  t=$(now)
  npx prettier --check . --log-level warn
  echo "test.sh: formatting checked ($(took "$t"))"
else
  step "eslint skipped (no eslint config file)"
fi

step "tsc --noEmit"
t=$(now)
npx tsc -p tsconfig.json --noEmit
echo "test.sh: typecheck passed ($(took "$t"))"

step "jest --maxWorkers=2 $*"
t=$(now)
rc=0
npx jest --maxWorkers=2 "$@" || rc=$?
echo "test.sh: jest exited with $rc ($(took "$t"))"

# What the browser stories and the fuzz run start: the services' JS in dist/ and the console's web app.
built=0
step "build: tsc -p tsconfig.build.json and the console web app (node scripts/console-web.js build)"
t=$(now)
if npm run --silent build && node scripts/console-web.js build; then
  built=1
  echo "test.sh: build done ($(took "$t"))"
else
  echo "test.sh: ERROR: the build failed ($(took "$t")); the browser stories cannot run" >&2
  [ "$rc" -ne 0 ] || rc=1
fi

if [ "${SKIP_BROWSER:-}" = 1 ]; then
  step "browser stories skipped (SKIP_BROWSER=1)"
elif [ "$built" = 1 ]; then
  step "browser: Chromium and CJK fonts (scripts/browser.sh)"
  t=$(now)
  browser_rc=0
  bash scripts/browser.sh || browser_rc=$?
  if [ "$browser_rc" -eq 0 ]; then
    step "playwright: the console's browser stories (test/browser, headless Chromium; screenshots in reports/screens/)"
    npx playwright test || browser_rc=$?
  else
    echo "test.sh: ERROR: scripts/browser.sh failed; the browser stories did not run" >&2
  fi
  echo "test.sh: browser stories exited with $browser_rc ($(took "$t"))"
  [ "$rc" -ne 0 ] || rc=$browser_rc
fi

if [ "${SKIP_FUZZ:-}" = 1 ]; then
  step "fuzz skipped (SKIP_FUZZ=1)"
else
  step "fuzz: the services against their OpenAPI documents, short form"
  t=$(now)
  fuzz_rc=0
  build_flag=()
  [ "$built" = 1 ] && build_flag=(--no-build)
  node -r @swc-node/register scripts/fuzz.ts --examples "${FUZZ_EXAMPLES:-3}" --max-time "${FUZZ_MAX_TIME:-30}" "${build_flag[@]}" || fuzz_rc=$?
  echo "test.sh: fuzz exited with $fuzz_rc ($(took "$t"))"
  [ "$rc" -ne 0 ] || rc=$fuzz_rc
fi
exit "$rc"
