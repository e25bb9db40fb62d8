#!/usr/bin/env bash
# Converts every plain-text example in examples/ with the text reader: each must read without
# warnings (native dump); when the EPUB writer is registered, each must also become an EPUB
# that epubcheck accepts (one epubcheck run per file is ~3 s, so they run in one batch).
set -euo pipefail
: "${SHEAF:?}" "${SHEAF_SOURCE_DIR:?}" "${SHEAF_SCRATCH:?}"
mkdir -p "$SHEAF_SCRATCH"
cd "$SHEAF_SCRATCH"

fail=0
shopt -s nullglob
examples=("$SHEAF_SOURCE_DIR"/examples/*.txt)
if [ ${#examples[@]} -lt 3 ]; then
  echo "expected at least 3 examples, found ${#examples[@]}"
  exit 1
fi

for f in "${examples[@]}"; do
  name=$(basename "$f" .txt)
  if ! "$SHEAF" "$f" -t native -o "$name.native" 2> "$name.err"; then
    echo "FAIL: $name: conversion to native failed"; cat "$name.err"; fail=1; continue
  fi
  if grep -q "warning\|error" "$name.err"; then
    echo "FAIL: $name: diagnostics:"; cat "$name.err"; fail=1
  fi
  grep -q '^  title ' "$name.native" || { echo "FAIL: $name: no title"; fail=1; }
  grep -q '^Header 2' "$name.native" || { echo "FAIL: $name: no subheadings"; fail=1; }
done

# The seed: three subheadings and nine paragraphs, nothing else.
[ "$(grep -c '^Header 2' seed-nato.native)" = 3 ] || { echo "FAIL: seed headings"; fail=1; }
[ "$(grep -c '^Para' seed-nato.native)" = 9 ] || { echo "FAIL: seed paragraphs"; fail=1; }

if "$SHEAF" --list-formats 2>/dev/null | grep -qw epub; then
  epubs=()
  for f in "${examples[@]}"; do
    name=$(basename "$f" .txt)
    if SOURCE_DATE_EPOCH=1700000000 "$SHEAF" "$f" -o "$name.epub" 2> "$name.epub.err"; then
      epubs+=("$name.epub")
    else
      echo "FAIL: $name: EPUB conversion failed"; cat "$name.epub.err"; fail=1
    fi
  done
  jar=/usr/share/java/epubcheck.jar
  if [ -f "$jar" ] && command -v java >/dev/null && [ ${#epubs[@]} -gt 0 ]; then
    for e in "${epubs[@]}"; do
      out=$(java -jar "$jar" "$e" 2>&1) || { echo "FAIL: epubcheck $e"; echo "$out"; fail=1; continue; }
      if echo "$out" | grep -q "^WARNING\|^ERROR"; then echo "FAIL: epubcheck $e"; echo "$out"; fail=1; fi
    done
  fi
fi

exit $fail
