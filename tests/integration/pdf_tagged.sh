#!/usr/bin/env bash
# Tagged PDF end to end: a Markdown page with headings, a link, a footnote, a list, a table, an
# image with alt text and a long code line converts to a PDF that qpdf accepts, that pdfinfo
# calls Tagged, whose structure tree (pdfinfo -struct-text) has the expected elements in
# reading order, whose figure keeps its alt text (/Alt), and whose code line extracts whole.
# Exit 77 (skipped) when qpdf/poppler/python3 are missing.
. "$(dirname "$0")/lib.sh"
need_pdf_tools qpdf pdftotext pdfinfo python3
export SOURCE_DATE_EPOCH=1700000000
dir="$SCRATCH/doc"
mkdir -p "$dir"
python3 - "$dir/photo.png" <<'PY'
import struct, sys, zlib
w, h = 64, 48
rows = b"".join(b"\0" + b"".join(bytes((x * 4, y * 5, 128)) for x in range(w)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
cat >"$dir/doc.md" <<'MD'
---
title: Tagged sample
lang: en
---

# First heading

A paragraph with [a link](https://example.org/) and a note.[^1]

- first item
- second item

| Name | Value |
|------|-------|
| alpha | 1 |

![a gradient photo](photo.png)

```
int main(void) { return 0; } /* a long comment that certainly needs to wrap somewhere in the line */
```

[^1]: The note text.
MD
out="$SCRATCH/doc.pdf"
if ! "$SHEAF" "$dir/doc.md" -o "$out" 2>"$SCRATCH/doc.log"; then
  fail "conversion failed: $(head -3 "$SCRATCH/doc.log")"; finish
fi
qpdf --check "$out" >"$SCRATCH/qpdf.txt" 2>&1 && ! grep -qi warning "$SCRATCH/qpdf.txt" \
  && pass "qpdf --check" || fail "qpdf: $(head -3 "$SCRATCH/qpdf.txt")"
pdfinfo "$out" | grep -Eq '^Tagged: +yes' && pass "pdfinfo: Tagged: yes" || fail "not tagged"
pdfinfo -struct-text "$out" >"$SCRATCH/struct.txt" 2>&1
# the elements, in reading order (each pattern must follow the previous one)
python3 - "$SCRATCH/struct.txt" <<'PY' && pass "structure tree in reading order" || fail "structure: $(head -60 "$SCRATCH/struct.txt")"
import re, sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
want = ["Document", "H1", '"Tagged sample"', "H1", '"First heading"', "P", "Link", '"a link"',
        "Link", '"1"', "Note", "P", '"The note text."', "L", "LI", "Lbl", "LBody", "P",
        '"first item"', "Table", "TR", "TH", '"Name"', "TR", "TD", '"alpha"', "Figure",
        "Caption", '"a gradient photo"', "Code"]
i = 0
for l in lines:
    if i < len(want) and (l == want[i] or l.startswith(want[i] + " ")):
        i += 1
sys.exit(0 if i == len(want) else print("stopped at", want[i]) or 1)
PY
qpdf --qdf --object-streams=disable "$out" "$SCRATCH/qdf.pdf"
grep -aq "/Alt (a gradient photo)" "$SCRATCH/qdf.pdf" && pass "figure /Alt kept" || fail "no /Alt"
grep -aq "/Artifact BMC" "$SCRATCH/qdf.pdf" && pass "page furniture marked /Artifact" \
  || fail "no artifacts"
grep -aq "/MarkInfo" "$SCRATCH/qdf.pdf" && grep -aq "/Marked true" "$SCRATCH/qdf.pdf" && pass "MarkInfo Marked" \
  || fail "no /MarkInfo"
pdftotext "$out" "$SCRATCH/doc.txt"
grep -q "int main(void) { return 0; } /\* a long comment that certainly needs to wrap" \
  "$SCRATCH/doc.txt" && grep -q "^somewhere in the line \*/" "$SCRATCH/doc.txt" \
  && pass "code line wraps after a space and extracts whole words" \
  || fail "code text: $(grep -A2 'int main' "$SCRATCH/doc.txt")"
finish
