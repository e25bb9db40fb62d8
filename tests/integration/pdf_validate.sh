#!/usr/bin/env bash
# PDF output checked by real tools: every example, a multilingual text (French, German,
# Greek, Russian, Czech, Vietnamese, Hebrew, typographic symbols) and a long generated text
# (streamed output over many pages) convert to a PDF that passes
# qpdf --check, has only embedded subset fonts, gives its words back through pdftotext, and is
# byte-identical on a second run. Exit 77 (skipped) when qpdf/poppler/python3 are missing.
. "$(dirname "$0")/lib.sh"
need_pdf_tools qpdf pdffonts pdftotext pdfinfo python3
export SOURCE_DATE_EPOCH=1700000000

# recall REF.txt OUT.txt: share of REF's words (lower-cased \w+ runs) found in OUT, with words
# hyphenated across lines joined back.
recall() {
  python3 - "$1" "$2" <<'PY'
import collections, re, sys
def words(t):
    t = re.sub(r"(\w)-\n(\w)", r"\1\2", t)
    return collections.Counter(w.lower() for w in re.findall(r"\w+", t))
ref = words(open(sys.argv[1], encoding="utf-8").read())
out = words(open(sys.argv[2], encoding="utf-8").read())
print("%.4f" % (sum((ref & out).values()) / max(1, sum(ref.values()))))
PY
}

# A long text (about 150 pages): its pages are written while later ones are still being set,
# content streams are deflated in several batches on other threads.
mkdir -p "$SCRATCH/src" # not beside the outputs: $base.txt there is pdftotext's
long="$SCRATCH/src/long-excerpt.txt"
for i in $(seq 1 150); do
  printf 'Chapter %s\n\n' "$i"
  cat "$SHEAF_SOURCE_DIR/tests/fixtures/pg84-excerpt.utf8.txt"
  printf '\n\n'
done >"$long"

shopt -s nullglob
inputs=("$SHEAF_SOURCE_DIR"/examples/*.txt "$SHEAF_SOURCE_DIR"/tests/fixtures/multilingual.txt "$long")
for in in "${inputs[@]}"; do
  base=$(basename "${in%.*}")
  out="$SCRATCH/$base.pdf"
  if ! "$SHEAF" "$in" -o "$out" 2>"$SCRATCH/$base.log"; then
    fail "$base: conversion failed: $(head -3 "$SCRATCH/$base.log")"; continue
  fi
  qpdf --check "$out" >"$SCRATCH/$base.qpdf" 2>&1 && ! grep -qi warning "$SCRATCH/$base.qpdf" \
    && pass "$base: qpdf --check" || fail "$base: qpdf: $(grep -iv '^checking\|^PDF Version' "$SCRATCH/$base.qpdf" | head -3)"
  fonts=$(pdffonts "$out" | tail -n +3)
  bad=$(printf '%s\n' "$fonts" | awk 'NF>0 && ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes")')
  [ -z "$bad" ] && [ -n "$fonts" ] && pass "$base: fonts embedded, subset, with ToUnicode" \
    || fail "$base: pdffonts: ${bad:-no fonts}"
  pdftotext "$out" "$SCRATCH/$base.txt"
  r=$(recall "$in" "$SCRATCH/$base.txt")
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 0.99 else 1)" "$r" \
    && pass "$base: word recall $r" || fail "$base: word recall $r < 0.99"
  "$SHEAF" "$in" -o "$SCRATCH/$base.again.pdf" 2>/dev/null
  cmp -s "$out" "$SCRATCH/$base.again.pdf" && pass "$base: byte-identical twice" \
    || fail "$base: second run differs"
done

# The multilingual text: exact phrases (Hebrew in logical order) and the fallback faces.
ml="$SCRATCH/multilingual.txt"
if [ -f "$ml" ]; then
  flat=$(tr '\n' ' ' <"$ml" | tr -s ' ')
  for phrase in "été dernier, nous avons flâné" "Schöne Grüße" "Καλημέρα, φίλοι μου" "Съешь же ещё" \
    "Příliš žluťoučký kůň" "những người đàn ông" "שלום עולם" "euro sign €" "3 × 4"; do
    case "$flat" in *"$phrase"*) pass "multilingual: '$phrase'" ;;
      *) fail "multilingual: '$phrase' not extracted" ;; esac
  done
  pdffonts "$SCRATCH/multilingual.pdf" | grep -qi "hebrew\|dejavusans" \
    && pass "multilingual: Hebrew fallback face embedded" || fail "multilingual: no Hebrew face"
fi
finish
