#!/usr/bin/env bash
# Undecodable images in a PDF: a truncated GIF and a broken SVG in an HTML page are set as
# their alt text, each with an image-unreadable warning naming the page; exit 0 (3 with --strict).
# Exit 77 (skipped) when pdftotext is missing.
. "$(dirname "$0")/lib.sh"
need_pdf_tools pdftotext
export SOURCE_DATE_EPOCH=1700000000
dir="$SCRATCH/page"
mkdir -p "$dir"
# a GIF header cut off in its colour table
printf 'GIF89a\001\000\001\000\200\000' >"$dir/cut.gif"
# an SVG whose XML is not closed
printf '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40"' >"$dir/broken.svg"
cat >"$dir/page.html" <<'HTML'
<html><head><title>Bad images</title></head><body>
<p>Before the images.</p>
<p><img src="cut.gif" alt="Truncated animation of waves"></p>
<p><img src="broken.svg" alt="Broken vector diagram"></p>
<p>After the images.</p>
</body></html>
HTML
"$SHEAF" "$dir/page.html" -o "$SCRATCH/out.pdf" 2>"$SCRATCH/err.txt"
rc=$?
[ "$rc" -eq 0 ] && pass "exit code 0" || fail "exit code $rc (want 0)"
text=$(pdftotext "$SCRATCH/out.pdf" - 2>/dev/null)
for alt in "Truncated animation of waves" "Broken vector diagram" "After the images."; do
  echo "$text" | tr '\n' ' ' | grep -q "$alt" && pass "text has '$alt'" || fail "text lacks '$alt'"
done
n=$(grep -c "image-unreadable" "$SCRATCH/err.txt")
[ "$n" -eq 2 ] && pass "two image-unreadable warnings" || { fail "$n image-unreadable warnings (want 2)"; cat "$SCRATCH/err.txt"; }
grep "image-unreadable" "$SCRATCH/err.txt" | grep -q "page.html" \
  && pass "the warning names the source" || fail "no source location in the warning"
"$SHEAF" --strict "$dir/page.html" -o "$SCRATCH/strict.pdf" 2>/dev/null
rc=$?
[ "$rc" -eq 3 ] && pass "--strict exits 3" || fail "--strict exit code $rc (want 3)"
finish
