#!/usr/bin/env bash
# Fresh-clone check: do what a new user (and CI) does, in a temporary folder, and report.
#
#   scripts/fresh_clone_check.sh [REV]        (default REV: HEAD of this repository)
#
# 1. Clones this repository at REV into a new temporary folder, with a copy of ../shared beside it
#    (as CI lays it out: the seed articles live in shared/seeds).
# 2. Reads the README's first code block and checks it is exactly the two documented commands.
# 3. Runs them there, exactly as written: `make test` twice (first run installs everything; the second
#    run must reinstall nothing), then `make dashboard` on a free port until the page answers, then stops it.
# 4. Prints the pytest closing lines and both wall times. Exit status is non-zero when anything failed.
#
# RUNS=1 skips the second `make test` run. KEEP=1 keeps the temporary folder for inspection. PYTEST_ARGS is passed through to make.
set -uo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:-HEAD}"
work="$(mktemp -d /tmp/osteo-fresh.XXXXXX)"
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept: $work" || rm -rf "$work"; }
trap cleanup EXIT

echo "== fresh clone of $(git -C "$here" rev-parse --short "$rev") into $work/main"
git clone -q --no-local "$here" "$work/main" || exit 1
git -C "$work/main" checkout -q "$(git -C "$here" rev-parse "$rev")" || exit 1
if [ -d "$here/../shared" ]; then
  cp -r "$here/../shared" "$work/shared" && chmod -R a-w "$work/shared"
fi
cd "$work/main" || exit 1

echo "== the README's first commands"
# The first fenced block of the README; each line's command is what precedes the comment.
mapfile -t commands < <(awk '/^```/{n++; next} n==1' README.md | sed 's/#.*//; s/[[:space:]]*$//' | grep -v '^$')
printf '   %s\n' "${commands[@]}"
if [ "${commands[*]}" != "make dashboard make test" ]; then
  echo "FAIL: the README must open with exactly 'make dashboard' and 'make test'"; exit 1
fi

status=0
run_test() {
  local label=$1 log="$work/make-test-$1.log" start end
  start=$(date +%s)
  make test ${PYTEST_ARGS:+PYTEST_ARGS="$PYTEST_ARGS"} >"$log" 2>&1; local rc=$?
  end=$(date +%s)
  echo "== make test ($label run): exit $rc, $((end - start)) s wall"
  grep -E '^(=+ )?[0-9]+ (passed|failed)|^FAILED|^ERROR' "$log" | tail -n 15 | sed 's/^/   /'
  if [ "$label" = second ]; then
    # A second run must only run pytest: no venv, pip, npm or apt step.
    if grep -qE -- '-m venv|pip install|npm ci|apt-get' "$log"; then echo "   FAIL: the second run reinstalled something"; rc=1; fi
  fi
  [ $rc = 0 ] || { status=1; tail -n 40 "$log" | sed 's/^/   | /'; }
}
run_test first
[ "${RUNS:-2}" -ge 2 ] && run_test second

echo "== make dashboard"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
setsid make dashboard PORT="$port" >"$work/make-dashboard.log" 2>&1 &
pid=$!
served=0
for _ in $(seq 1 240); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
  if [ "$code" = 200 ]; then served=1; break; fi
  sleep 0.5
done
kill -TERM -- "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if [ $served = 1 ]; then echo "   served http://127.0.0.1:$port/ (HTTP 200)"; else
  echo "   FAIL: make dashboard did not answer"; tail -n 30 "$work/make-dashboard.log" | sed 's/^/   | /'; status=1; fi

echo "== result: $([ $status = 0 ] && echo PASS || echo FAIL)"
exit $status
