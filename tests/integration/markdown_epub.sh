#!/usr/bin/env bash
# Markdown end to end: the field-notes example and pandoc's Markdown test files convert to EPUBs
# that epubcheck accepts, with the front-matter metadata in the package document and the
# image, table, notes and task list in the content; the article as PDF too (qpdf, same text)
# when the PDF writer is registered. Skipped until an EPUB writer is registered.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
"$SHEAF" --list-formats | grep -q "^  epub " || { echo "no epub writer yet"; exit 77; }
have_epubcheck || { echo "epubcheck missing"; exit 77; }

src=$SHEAF_SOURCE_DIR
notes=$SCRATCH/field-notes.epub
if "$SHEAF" "$src/examples/field-notes.md" -o "$notes" 2>"$SCRATCH/notes.log"; then
  pass "field-notes.md converts"
else
  fail "field-notes.md: $(head -3 "$SCRATCH/notes.log")"
fi
for f in testsuite.txt markdown-reader-more.txt; do
  "$SHEAF" -f markdown "$src/tests/fixtures/markdown/$f" -o "$SCRATCH/${f%.txt}.epub" \
    2>"$SCRATCH/$f.log" && pass "$f converts" || fail "$f: $(head -3 "$SCRATCH/$f.log")"
done

# All EPUBs in one epubcheck JVM.
epubs=("$SCRATCH"/*.epub)
while IFS= read -r line; do
  case "$line" in ok\ *) pass "epubcheck ${line#ok }" ;; *) fail "epubcheck $line" ;; esac
done < <(epubcheck_all "${epubs[@]}")

if [ -f "$notes" ]; then
  opf=$(unzip -p "$notes" '*.opf')
  for want in "Field Notes from the Upper Meadow" "Ada Fieldwork" "Ben Transect" \
              "urn:uuid:6f1c2a3e-8d4b-4a51-9c33-2f0e5b7d9a10" "Sheaf Examples" "2026-06-21" \
              "<dc:language>en</dc:language>" "cover-image" "image/png"; do
    echo "$opf" | grep -qF -- "$want" && pass "package has $want" || fail "package lacks $want"
  done
  body=$(unzip -p "$notes" '*.xhtml')
  for want in "<table" "<img" "totals(rows)" "Meadow Survey 2025" "50 m"; do
    echo "$body" | grep -qF -- "$want" && pass "content has $want" || fail "content lacks $want"
  done
  echo "$body" | grep -qE 'checkbox|☐|☑' && pass "task list items marked" || fail "no task marks"
fi
# The same article as PDF, when the PDF writer is there: valid, and the same text.
if "$SHEAF" --list-formats | grep -q "^  pdf " && command -v qpdf >/dev/null &&
   command -v pdftotext >/dev/null; then
  pdf=$SCRATCH/field-notes.pdf
  if "$SHEAF" "$src/examples/field-notes.md" -o "$pdf" 2>"$SCRATCH/pdf.log"; then
    qpdf --check "$pdf" >/dev/null 2>&1 && pass "field-notes.pdf qpdf" || fail "qpdf --check"
    text=$(pdftotext "$pdf" - | tr -s ' \n' ' ')
    for want in "Field Notes from the Upper Meadow" "Yellow rattle" "Meadow Survey 2025" \
                "def totals(rows):" "Send the data to the county recorder" "50 m 40 m"; do
      echo "$text" | grep -qF -- "$want" && pass "pdf has $want" || fail "pdf lacks $want"
    done
  else
    fail "field-notes.pdf: $(head -3 "$SCRATCH/pdf.log")"
  fi
fi
finish
