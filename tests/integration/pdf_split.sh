#!/usr/bin/env bash
# Splits across pages in PDF: tests/fixtures/tall_table_long_note.html has a table row whose
# cell holds about three pages of text and a footnote of about a page and a half. The PDF
# passes qpdf --check; every sentence of the cell and of the note is extracted exactly once;
# the header row is on every page the tall row spans; the note starts on its reference's page
# and ends on the next one; the short note stays on its page. Exit 77 without qpdf/poppler.
. "$(dirname "$0")/lib.sh"
need_pdf_tools qpdf pdftotext pdfinfo
export SOURCE_DATE_EPOCH=1700000000
in="$SHEAF_SOURCE_DIR/tests/fixtures/tall_table_long_note.html"
out="$SCRATCH/tall_table_long_note.pdf"
"$SHEAF" -q "$in" -o "$out" || { echo "FAIL: conversion"; exit 1; }
qpdf --check "$out" >/dev/null && pass "qpdf --check" || fail "qpdf --check"
pages=$(pdfinfo "$out" | awk '/^Pages:/ {print $2}')
# text of page $1 (all pages when empty) on one line, hyphenated line ends rejoined
text_of() {
  if [ -n "${1:-}" ]; then pdftotext -f "$1" -l "$1" "$out" -; else pdftotext "$out" -; fi |
    perl -0pe 's/-\n//g; s/\s+/ /g'
}
all=$(text_of)
for kind in Cell:45 Note:20; do
  word=${kind%%:*} n=${kind##*:} bad=0
  for ((i = 1; i <= n; i++)); do
    c=$(grep -oE "$word sentence $i mentions" <<<"$all" | wc -l)
    [ "$c" = 1 ] || { fail "\"$word sentence $i\" extracted $c times"; bad=1; }
  done
  [ "$bad" = 0 ] && pass "$n $word sentences extracted once each"
done
page_of() { # first page whose text matches the regex
  local p
  for ((p = 1; p <= pages; p++)); do
    grep -Eq "$1" <<<"$(text_of "$p")" && { echo "$p"; return; }
  done
  echo 0
}
first=$(page_of 'Cell sentence 1 mentions')
last=$(page_of 'Cell sentence 45 mentions')
header=0
for ((p = first; p <= last; p++)); do
  grep -q "Label Description" <<<"$(text_of "$p")" && header=$((header + 1))
done
if [ "$first" -gt 0 ] && [ $((last - first)) -ge 2 ] && [ "$header" = $((last - first + 1)) ]; then
  pass "tall row on pages $first..$last, header on each"
else
  fail "tall row on pages $first..$last, header on $header of them"
fi
ref=$(page_of 'long footnote ?1 whose')
start=$(page_of '1\. Note sentence 1 mentions')
end=$(page_of 'Note sentence 20 mentions')
[ "$ref" -gt 0 ] && [ "$ref" = "$start" ] && [ "$end" = $((start + 1)) ] &&
  pass "long note from its reference's page $ref to page $end" ||
  fail "reference on page $ref, note on pages $start..$end"
ref2=$(page_of 'short note ?2 that')
[ "$ref2" -gt 0 ] && [ "$ref2" = "$(page_of '2\. The short note ends')" ] &&
  pass "short note on its reference's page $ref2" || fail "short note not on page $ref2"
finish
