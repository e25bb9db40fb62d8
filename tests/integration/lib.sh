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
# need_pdf_tools TOOL...: skip the script (exit 77) unless every tool is installed and the
# binary has a PDF writer.
need_pdf_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "skipped: $tool not installed"; exit 77; }
  done
  "$SHEAF" --list-formats | grep -q "^  pdf " || { echo "skipped: no pdf writer registered"; exit 77; }
}
have_epubcheck() { command -v java >/dev/null && [ -f /usr/share/java/epubcheck.jar ]; }
# epubcheck_ok FILE: 0 errors, 0 warnings (fatal/error/warning lines absent).
epubcheck_ok() {
  local out
  out=$(java -jar /usr/share/java/epubcheck.jar "$1" 2>&1)
  if echo "$out" | grep -qE '^(FATAL|ERROR|WARNING)'; then echo "$out" | grep -E '^(FATAL|ERROR|WARNING)' | head -5; return 1; fi
  echo "$out" | grep -q "No errors or warnings detected" || { echo "$out" | tail -3; return 1; }
}
# epubcheck_all FILE...: run epubcheck over all files in one JVM; prints "ok FILE" or
# "bad FILE: messages" per file; returns 1 when any file has a fatal error, error or warning.
epubcheck_all() {
  local report status=0
  report=$(java -cp /usr/share/java/epubcheck.jar "$SHEAF_SOURCE_DIR/tests/tools/EpubcheckBatch.java" "$@" 2>&1)
  local f
  for f in "$@"; do
    local part
    part=$(echo "$report" | awk -v f="== $f" '$0==f{on=1;next} /^== /{on=0} on')
    if echo "$part" | grep -q "No errors or warnings detected" && ! echo "$part" | grep -qE '^(FATAL|ERROR|WARNING)'; then
      echo "ok $f"
    else
      echo "bad $f: $(echo "$part" | grep -E '^(FATAL|ERROR|WARNING)' | head -3)"; status=1
    fi
  done
  return $status
}
