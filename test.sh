#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test project: unit, integration against real
# Azurite (started by the tests themselves on free ports) and browser tests in headless Chromium.
# Installs what is missing (npm packages, chromium). Exits non-zero on any failure.
#
# Environment: TEST_FILTER (passed to dotnet test --filter), TEST_CONFIGURATION (default Release),
# TEST_HANG_TIMEOUT (default 5m: a single test running longer is killed and the run fails).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/dev-env.sh

configuration=${TEST_CONFIGURATION:-Release}
require_prerequisites
ensure_node_modules
ensure_chromium

echo "==> Building the web front end"
node web/build.mjs

echo "==> Building ($configuration)"
dotnet build ServerlessMinSheng.sln -c "$configuration" --nologo -clp:ErrorsOnly

echo "==> Testing"
rm -rf test-output/results
filter_args=()
if [ -n "${TEST_FILTER:-}" ]; then filter_args=(--filter "$TEST_FILTER"); fi
# A test that hangs is killed after 5 minutes and named in the output, rather than eating CI's 90.
dotnet test ServerlessMinSheng.sln -c "$configuration" --no-build --nologo \
  --results-directory test-output/results --logger trx \
  --blame-hang-timeout "${TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type none "${filter_args[@]}"
echo "==> All tests passed"
