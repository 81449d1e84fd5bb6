#!/usr/bin/env bash
# Run the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL names one.
# Exits non-zero if any run fails. Extra arguments go to pytest.
set -u
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0

run_suite() {
  local label=$1
  echo
  echo "=== thidua tests on ${label} ==="
  "$BIN/python" -m pytest "${@:2}"
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "=== FAILED on ${label} (exit ${rc}) ==="
    status=1
  else
    echo "=== passed on ${label} ==="
  fi
}


# The multi-node test needs PostgreSQL: with TEST_DATABASE_URL it runs in the PostgreSQL run, not twice.
SQLITE_ONLY=()
case "${TEST_DATABASE_URL:-}" in
  postgres://*|postgresql://*) SQLITE_ONLY=(--deselect tests/core/test_multi_node.py) ;;
esac
(unset DATABASE_URL; run_suite "SQLite (in-memory test database)" "${SQLITE_ONLY[@]}" "$@"; exit $status) || status=1

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  case "$TEST_DATABASE_URL" in
    postgres://*|postgresql://*)
      (export DATABASE_URL="$TEST_DATABASE_URL"; run_suite "PostgreSQL (${TEST_DATABASE_URL%%\?*})" "$@"; exit $status) || status=1
      ;;
    *)
      echo "TEST_DATABASE_URL is not a PostgreSQL URL: ${TEST_DATABASE_URL}" >&2
      status=1
      ;;
  esac
else
  echo
  echo "(TEST_DATABASE_URL is not set: PostgreSQL run skipped)"
fi

# The job-related tests again with the queue on Redis (django-tasks' RQ backend). The multi-process tests start
# their own workers with their own backend, so they are not repeated here.
if [ -n "${TEST_REDIS_URL:-}" ]; then
  (unset DATABASE_URL; export TASKS_BACKEND=django_tasks_rq.RQBackend REDIS_URL="$TEST_REDIS_URL"
   run_suite "SQLite with the RQ backend on Redis (${TEST_REDIS_URL})" \
     tests/core/test_jobs.py tests/core/test_jobs_rq.py tests/indicators/test_import.py \
     tests/indicators/test_views.py tests/submissions/test_jobs.py tests/awards/test_registry_export.py \
     tests/awards/test_views_registry.py "$@"
   exit $status) || status=1
else
  echo
  echo "(TEST_REDIS_URL is not set: the run with the RQ backend on Redis skipped)"
fi
exit $status
