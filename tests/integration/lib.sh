# Shared helpers for the integration scripts (sourced, not run).
set -u
: "${SHEAF:?SHEAF must point to the sheaf binary}"
: "${SHEAF_SOURCE_DIR:?}"
SCRATCH=${SHEAF_SCRATCH:-$(mktemp -d)}
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"; exit 0
}
have_epubcheck() { command -v java >/dev/null && [ -f /usr/share/java/epubcheck.jar ]; }
# epubcheck_ok FILE: 0 errors, 0 warnings (fatal/error/warning lines absent).
epubcheck_ok() {
  local out
  out=$(java -jar /usr/share/java/epubcheck.jar "$1" 2>&1)
  if echo "$out" | grep -qE '^(FATAL|ERROR|WARNING)'; then echo "$out" | grep -E '^(FATAL|ERROR|WARNING)' | head -5; return 1; fi
  echo "$out" | grep -q "No errors or warnings detected" || { echo "$out" | tail -3; return 1; }
}
