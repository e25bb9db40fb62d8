#!/usr/bin/env bash
# PDF rich content end to end: an HTML page with a local PNG (with alpha), a JPEG in a figure
# with a caption, a GIF (first frame embedded), an SVG (rasterized), internal links and --toc converts to a PDF that qpdf
# accepts, whose images pdfimages lists, whose destinations pdfinfo shows and whose text has
# the caption and the contents. The JPEG is made by pdftoppm; the PNG by python3 (zlib).
# Exit 77 (skipped) when qpdf/poppler/python3 are missing.
. "$(dirname "$0")/lib.sh"
need_pdf_tools qpdf pdfimages pdftotext pdfinfo pdftoppm python3
export SOURCE_DATE_EPOCH=1700000000
dir="$SCRATCH/page"
mkdir -p "$dir"

# a 64x48 RGBA PNG: a colour gradient with a transparent band
python3 - "$dir/photo.png" <<'PY'
import struct, sys, zlib
w, h = 64, 48
rows = b"".join(b"\0" + b"".join(bytes((x * 4, y * 5, 128, 0 if 20 <= y < 28 else 255))
                                 for x in range(w)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
# an SVG with its size in attributes
cat >"$dir/logo.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#3060c0"/></svg>
SVG
# a GIF header + minimal body (1x1)
printf 'GIF89a\001\000\001\000\200\000\000\000\000\000\377\377\377!\371\004\001\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' >"$dir/anim.gif"
# a JPEG: render a first conversion's page with pdftoppm
cat >"$dir/seed.html" <<'HTML'
<html><head><title>Seed</title></head><body><p>Seed page for a JPEG.</p></body></html>
HTML
"$SHEAF" "$dir/seed.html" -o "$SCRATCH/seed.pdf" 2>/dev/null \
  && pdftoppm -r 20 -jpeg -singlefile "$SCRATCH/seed.pdf" "$dir/scan" \
  || fail "could not make the JPEG fixture"

cat >"$dir/rich.html" <<'HTML'
<html lang="en"><head><title>Rich page</title></head><body>
<h1>Rich page</h1>
<p>Jump to <a href="#results">the results</a>, to <a href="#fig-scan">the scan</a> or to <a href="#anchor-span">the word</a>.</p>
<h2>Photos</h2>
<p><img src="photo.png" alt="gradient photo"></p>
<p>A paragraph after the photo, with an inline <img src="anim.gif" alt="little animation"> image.</p>
<figure id="fig-scan"><img src="scan.jpg" alt="scanned page"><figcaption>A scanned page of the seed document.</figcaption></figure>
<h2 id="results">Results</h2>
<p>The <span id="anchor-span">results</span> are in.</p>
<p><img src="anim.gif" alt="block animation"></p>
<p><img src="logo.svg" alt="blue logo"></p>
</body></html>
HTML

out="$SCRATCH/rich.pdf"
if ! "$SHEAF" "$dir/rich.html" -o "$out" --toc 2>"$SCRATCH/rich.log"; then
  fail "conversion failed: $(head -3 "$SCRATCH/rich.log")"; finish
fi
pass "converted rich.html with --toc"
qpdf --check "$out" >"$SCRATCH/qpdf.txt" 2>&1 && ! grep -qi warning "$SCRATCH/qpdf.txt" \
  && pass "qpdf --check" || fail "qpdf: $(head -3 "$SCRATCH/qpdf.txt")"

pdfimages -list "$out" >"$SCRATCH/images.txt" 2>&1
# the PNG (image + smask) and the JPEG (dct)
grep -Eq '^ +[0-9]+ +[0-9]+ image +64 +48 ' "$SCRATCH/images.txt" && pass "pdfimages: PNG 64x48" \
  || fail "pdfimages: no 64x48 image: $(cat "$SCRATCH/images.txt")"
grep -Eq ' smask +64 +48 ' "$SCRATCH/images.txt" && pass "pdfimages: PNG alpha as smask" \
  || fail "pdfimages: no smask"
grep -Eq ' image .* jpeg ' "$SCRATCH/images.txt" && pass "pdfimages: JPEG passed through (DCT)" \
  || fail "pdfimages: no jpeg image: $(cat "$SCRATCH/images.txt")"
grep -Eq '^ +[0-9]+ +[0-9]+ image +1 +1 ' "$SCRATCH/images.txt" && pass "pdfimages: GIF first frame" \
  || fail "pdfimages: no 1x1 GIF image: $(cat "$SCRATCH/images.txt")"
# the SVG placed at 90x45 pt, rasterized at 2 px per pt
grep -Eq '^ +[0-9]+ +[0-9]+ image +180 +90 ' "$SCRATCH/images.txt" && pass "pdfimages: SVG rasterized" \
  || fail "pdfimages: no 180x90 SVG raster: $(cat "$SCRATCH/images.txt")"
! grep -q "unsupported-image\|image-unreadable" "$SCRATCH/rich.log" && pass "no image warnings" \
  || fail "image warnings: $(cat "$SCRATCH/rich.log")"

pdfinfo -dests "$out" >"$SCRATCH/dests.txt" 2>&1
for d in results fig-scan anchor-span sheaf-heading-1; do
  grep -q "\"$d\"" "$SCRATCH/dests.txt" && pass "destination $d" \
    || fail "destination $d missing: $(cat "$SCRATCH/dests.txt")"
done

pdftotext -layout "$out" "$SCRATCH/rich.txt"
grep -q "A scanned page of the seed document" "$SCRATCH/rich.txt" && pass "caption in the text" \
  || fail "caption missing"
grep -q "\[little animation\]" "$SCRATCH/rich.txt" && pass "inline GIF: alt text in the text" \
  || fail "inline GIF alt text missing"
! grep -q "\[block animation\]" "$SCRATCH/rich.txt" && pass "block GIF drawn, not its alt text" \
  || fail "block GIF set as alt text"
grep -Eq "Contents" "$SCRATCH/rich.txt" && grep -Eq "Results.* [0-9]+ *$" "$SCRATCH/rich.txt" \
  && pass "printed contents with page numbers" || fail "no printed contents: $(head -20 "$SCRATCH/rich.txt")"
# the contents page lists Results with the page the heading is on
toc_page=$(grep -E "Results.*[0-9]+ *$" "$SCRATCH/rich.txt" | head -1 | grep -Eo "[0-9]+ *$" | tr -d ' ')
real_page=$(python3 - "$SCRATCH/rich.txt" <<'PY'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
for i, p in enumerate(pages):
    if i > 0 and any(l.strip() == "Results" for l in p.splitlines()):
        print(i + 1); break
PY
)
[ -n "$toc_page" ] && [ "$toc_page" = "$real_page" ] && pass "contents page number $toc_page is right" \
  || fail "contents says page '$toc_page', heading is on page '$real_page'"
pdftoppm -r 60 -png -f 2 -l 2 "$out" "$SCRATCH/render" && pass "rendered page 2" || fail "pdftoppm failed"
finish
