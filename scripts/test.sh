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


(unset DATABASE_URL; run_suite "SQLite (in-memory test database)" "$@"; exit $status) || status=1

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
exit $status
