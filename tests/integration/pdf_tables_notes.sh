#!/usr/bin/env bash
# Tables and footnotes in PDF: a Markdown file with a wrapped table, a page-spanning table and
# twelve footnotes converts to a PDF that passes qpdf --check, in which pdftotext -layout shows
# table rows as rows, the long table's header on every page it spans, and each footnote's text
# on the same page as its reference. Exit 77 when qpdf/poppler are missing.
. "$(dirname "$0")/lib.sh"
need_pdf_tools qpdf pdftotext pdfinfo
export SOURCE_DATE_EPOCH=1700000000
in="$SHEAF_SOURCE_DIR/tests/fixtures/tables_notes.md"
out="$SHEAF_SCRATCH/tables_notes.pdf"
"$SHEAF" -q "$in" -o "$out" || { echo "FAIL: conversion"; exit 1; }
qpdf --check "$out" >/dev/null || { echo "FAIL: qpdf --check"; exit 1; }
text=$(pdftotext -layout "$out" -)
fail=0
for re in 'Fruit +Count +Description' 'Apple +12 +A round fruit' 'Banana +7 +Long and yellow' \
  'Cherry +1234 +Small, red, with a stone' 'row17 +51'; do
  grep -Eq "$re" <<<"$text" || { echo "FAIL: no table row matching /$re/"; fail=1; }
done
pages=$(pdfinfo "$out" | awk '/^Pages:/ {print $2}')
# page of the first line matching a regex
page_of() {
  local p
  for ((p = 1; p <= pages; p++)); do
    if pdftotext -layout -f "$p" -l "$p" "$out" - | grep -Eq "$1"; then
      echo "$p"
      return
    fi
  done
  echo 0
}
header_pages=0
for ((p = 1; p <= pages; p++)); do
  pdftotext -layout -f "$p" -l "$p" "$out" - | grep -Eq '^ *Row +Value' && header_pages=$((header_pages + 1))
done
first_row=$(page_of 'row1 +3$')
last_row=$(page_of 'row59 +177')
want=$((last_row - first_row + 1))
if [ "$first_row" = 0 ] || [ "$want" -lt 2 ] || [ "$header_pages" -ne "$want" ]; then
  echo "FAIL: long table on pages $first_row..$last_row, header on $header_pages pages"
  fail=1
fi
check_note() { # reference regex, note regex
  local rp np
  rp=$(page_of "$1")
  np=$(page_of "$2")
  if [ "$rp" = 0 ] || [ "$rp" != "$np" ]; then
    echo "FAIL: reference /$1/ on page $rp, note /$2/ on page $np"
    fail=1
  fi
}
check_note 'carries a note' 'Note first:'
check_note 'with a stone' 'Note cherry:'
for i in $(seq 1 12); do
  check_note "mark$i\\." "Note n$i:" # "endmark" may be hyphenated
done
[ "$fail" = 0 ] && echo "ok: $pages pages, table rows as rows, long-table header on $header_pages pages, 14 footnotes on their reference pages"
exit "$fail"
