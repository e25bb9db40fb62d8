#!/usr/bin/env bash
# EPUB writer end to end through the CLI: a handful of text inputs written here (chapters,
# lists, quotes, non-English text, user CSS, both themes, unsplit), checked for container
# layout, reproducible bytes in three time zones, and epubcheck 0 errors / 0 warnings
# (one JVM for all files). Exit 77 when the text reader, java or epubcheck is missing.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

"$SHEAF" --list-formats | sed -n '/^Input/,/^Output/p' | grep -q "^  text " ||
  { echo "skip: no text reader in this build"; exit 77; }
have_epubcheck || { echo "skip: java or epubcheck missing"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

cat >"$SCRATCH/article.txt" <<'TXT'
# A Short Article

By Jane Writer

This is the first paragraph. It has "quotes" -- and dashes... and a link to https://example.org/page.

Background

The second paragraph follows a subheading. Lists come next:

- first point
- second point
- third point

> A block quote, short and to the point.

1. one
2. two

* * *

Closing words of the article.
TXT

cat >"$SCRATCH/book.txt" <<'TXT'
CHAPTER I

It was a dark and stormy night; the rain fell in torrents, except at occasional intervals.

It was checked by a violent gust of wind which swept up the streets.

CHAPTER II

The second chapter begins here, and it goes on for a while without much happening at all.

CHAPTER III

The third chapter is the last one, and it ends the book quietly.
TXT

cat >"$SCRATCH/francais.txt" <<'TXT'
# Un article en français

L'été dernier, nous sommes allés à la mer. « Quelle belle journée », disait-elle.

Deuxième partie

Les élèves étudient le cœur de l'œuvre ; c'est déjà ça.
TXT

printf 'p { margin-top: 0.2em; }\n' >"$SCRATCH/user.css"

convert() { # name args...
  local name=$1
  shift
  if ! "$SHEAF" "$@" -o "$SCRATCH/$name.epub" 2>"$SCRATCH/$name.log"; then
    fail "$name: conversion failed: $(head -3 "$SCRATCH/$name.log")"
    return 1
  fi
  pass "$name converted"
}

convert article "$SCRATCH/article.txt" --lang en --css "$SCRATCH/user.css"
convert book "$SCRATCH/book.txt" --title "Stormy Night" --author "A. Author" --author "B. Author" --lang en-GB --date 1830-05-01
convert book-single "$SCRATCH/book.txt" --title "Stormy Night" --lang en --split-level 0 --style modern
convert francais "$SCRATCH/francais.txt" --lang fr
convert nolang "$SCRATCH/article.txt"
grep -q "language-unknown" "$SCRATCH/nolang.log" && pass "language-unknown warned" ||
  fail "no language-unknown warning: $(cat "$SCRATCH/nolang.log")"

# container layout and content checks
python3 - "$SCRATCH" <<'PY' || failures=$((failures + 1))
import sys, zipfile, re
d = sys.argv[1]
bad = 0
def check(cond, msg):
    global bad
    if not cond:
        print("FAIL:", msg); bad += 1
for name in ["article", "book", "book-single", "francais", "nolang"]:
    z = zipfile.ZipFile(f"{d}/{name}.epub")
    infos = z.infolist()
    check(infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
          and infos[0].extra == b"", f"{name}: mimetype not first/stored/plain")
    opf = z.read("EPUB/content.opf").decode()
    check("dcterms:modified\">2023-11-14T22:13:20Z<" in opf, f"{name}: dcterms:modified")
    check(re.search(r"<dc:identifier id=\"pub-id\">urn:uuid:[0-9a-f-]{36}</dc:identifier>", opf)
          is not None, f"{name}: identifier")
    for i in infos:
        check(i.date_time == (2023, 11, 14, 22, 13, 20), f"{name}: {i.filename} mtime {i.date_time}")
book = zipfile.ZipFile(f"{d}/book.epub")
names = book.namelist()
check(all(f"EPUB/ch00{i}.xhtml" in names for i in (1, 2, 3)), "book: three chapter files")
opf = book.read("EPUB/content.opf").decode()
check(opf.count("<dc:creator") == 2 and "<dc:date>1830-05-01</dc:date>" in opf, "book: creators/date")
single = zipfile.ZipFile(f"{d}/book-single.epub").namelist()
check("EPUB/ch002.xhtml" not in single and "EPUB/styles/modern.css" in single, "book-single: one file, modern theme")
fr = zipfile.ZipFile(f"{d}/francais.epub")
check('xml:lang="fr"' in fr.read("EPUB/ch001.xhtml").decode(), "francais: xml:lang")
art = zipfile.ZipFile(f"{d}/article.epub")
check("margin-top: 0.2em" in art.read("EPUB/styles/default.css").decode(), "article: user css appended")
print("layout checks:", "ok" if bad == 0 else f"{bad} failed")
sys.exit(1 if bad else 0)
PY

# reproducible in any time zone
for tz in UTC America/New_York Australia/Lord_Howe; do
  again="$SCRATCH/tz-${tz//\//-}.epub"
  TZ=$tz "$SHEAF" "$SCRATCH/book.txt" --title "Stormy Night" --author "A. Author" --author "B. Author" \
    --lang en-GB --date 1830-05-01 -o "$again" 2>/dev/null
  cmp -s "$SCRATCH/book.epub" "$again" && pass "identical bytes with TZ=$tz" ||
    fail "TZ=$tz gives different bytes"
done

# epubcheck: one JVM for all files
files=("$SCRATCH"/article.epub "$SCRATCH"/book.epub "$SCRATCH"/book-single.epub "$SCRATCH"/francais.epub)
report=$(java -cp /usr/share/java/epubcheck.jar "$SHEAF_SOURCE_DIR/tests/tools/EpubcheckBatch.java" "${files[@]}" 2>&1)
clean=$(echo "$report" | grep -c "No errors or warnings detected")
if [ "$clean" -eq "${#files[@]}" ] && ! echo "$report" | grep -qE '^(FATAL|ERROR|WARNING)'; then
  pass "epubcheck: ${#files[@]} files, 0 errors, 0 warnings"
else
  fail "epubcheck: $clean of ${#files[@]} clean"
  echo "$report" | grep -E '^(==|FATAL|ERROR|WARNING)' | head -30
fi
finish
