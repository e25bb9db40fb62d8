#!/usr/bin/env bash
# Every example converts cleanly: EPUB passes epubcheck with 0 errors/0 warnings, PDF passes
# qpdf --check with every font embedded, and both come out byte-identical on a second run.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
formats=$("$SHEAF" --list-formats)
shopt -s nullglob
inputs=()
for f in "$SHEAF_SOURCE_DIR"/examples/*.txt "$SHEAF_SOURCE_DIR"/examples/*.md "$SHEAF_SOURCE_DIR"/examples/*.html; do
  [ "$(basename "$f")" = README.md ] || inputs+=("$f")
done
epubs=()
[ ${#inputs[@]} -gt 0 ] || { fail "no examples found"; if have_epubcheck && [ ${#epubs[@]} -gt 0 ]; then
  while read -r line; do
    case "$line" in ok\ *) pass "epubcheck ${line#ok }" ;; *) fail "epubcheck $line" ;; esac
  done < <(epubcheck_all "${epubs[@]}")
fi
finish; }
for in in "${inputs[@]}"; do
  base=$(basename "${in%.*}")
  extra=()
  case "$in" in *.txt) extra=(--lang en) ;; esac # plain text cannot say its language
  for fmt in epub pdf; do
    echo "$formats" | grep -q "^  $fmt " || continue
    out="$SCRATCH/$base.$fmt"
    if ! "$SHEAF" "$in" "${extra[@]}" -o "$out" 2>"$SCRATCH/$base.$fmt.log"; then
      fail "$base.$fmt: conversion failed: $(head -3 "$SCRATCH/$base.$fmt.log")"; continue
    fi
    grep -q "warning:" "$SCRATCH/$base.$fmt.log" && fail "$base.$fmt: warnings: $(grep warning: "$SCRATCH/$base.$fmt.log" | head -3)"
    "$SHEAF" "$in" "${extra[@]}" -o "$out.again.$fmt" 2>/dev/null
    cmp -s "$out" "$out.again.$fmt" || fail "$base.$fmt: second run differs"
    if [ "$fmt" = epub ]; then
      epubs+=("$out")
    else
      if command -v qpdf >/dev/null; then
        qpdf --check "$out" >/dev/null 2>&1 && pass "$base.pdf qpdf" || fail "$base.pdf: qpdf --check failed"
        notemb=$(pdffonts "$out" | tail -n +3 | awk '$(NF-4)!="yes"')
        [ -z "$notemb" ] || fail "$base.pdf: fonts not embedded: $notemb"
      fi
    fi
  done
done
if have_epubcheck && [ ${#epubs[@]} -gt 0 ]; then
  while read -r line; do
    case "$line" in ok\ *) pass "epubcheck ${line#ok }" ;; *) fail "epubcheck $line" ;; esac
  done < <(epubcheck_all "${epubs[@]}")
fi
finish
