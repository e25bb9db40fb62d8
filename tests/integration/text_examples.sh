#!/usr/bin/env bash
# Reads every plain-text example in examples/ with the text reader: each must read without
# warnings and come out with a title and subheadings; the seed must give its 3 subheadings and
# 9 paragraphs. (EPUB/PDF validation of the examples is tests/integration/examples.sh.)
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

exit $fail
