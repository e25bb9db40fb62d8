#!/usr/bin/env bash
# HTML reader end to end through the CLI: the real pages under tests/fixtures/html and a page
# written here (images, figure, table, footnotes, tag soup) convert to EPUBs that epubcheck
# accepts (one JVM for all files); a page of 100,000 nested <div>s converts within 10 s wall
# time even on a loaded machine. Exit 77 when java or epubcheck is missing.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000
have_epubcheck || { echo "skip: java or epubcheck missing"; exit 77; }
cd "$SCRATCH"

cp "$SHEAF_SOURCE_DIR"/tests/golden/html/images/dot.png .
cat > page.html <<'HTML'
<!doctype html><html lang="en"><head><title>A Page - Site</title>
<meta property="og:image" content="dot.png"></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>A Page</h1>
<p>Some text with a note.<sup><a href="#fn1">1</a></sup> More text, with commas, and enough words
to be scored as the main content of this little article page.</p>
<figure><img src="dot.png" alt="dot"><figcaption>A dot</figcaption></figure>
<p><img src="https://example.org/remote.png" alt="remote image"> and a <a href="/news">site link</a>.</p>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>
<p>Tag <b>soup <i>here</b> too</i>.<p>Unclosed.
<ol><li id="fn1">The note. <a href="#fn1-ref">↩</a></li></ol>
</article><footer>Footer</footer></body></html>
HTML
files=(page.epub)
"$SHEAF" page.html -o page.epub -q || fail "page.html did not convert"
for dir in "$SHEAF_SOURCE_DIR"/tests/fixtures/html/*/; do
  name=$(basename "$dir")
  "$SHEAF" "$dir/source.html" -o "$name.epub" -q || fail "$name did not convert"
  files+=("$name.epub")
done

# One JVM for all files (tests/tools/EpubcheckBatch.java).
if out=$(java -cp /usr/share/java/epubcheck.jar "$SHEAF_SOURCE_DIR/tests/tools/EpubcheckBatch.java" \
    "${files[@]}" 2>&1) && ! echo "$out" | grep -qE '^(FATAL|ERROR|WARNING)' &&
    [ "$(echo "$out" | grep -c 'No errors or warnings detected')" -eq "${#files[@]}" ]; then
  pass "epubcheck accepts ${#files[@]} EPUBs from HTML"
else
  fail "epubcheck: $(echo "$out" | grep -E '^(FATAL|ERROR|WARNING)|^== ' | head -12)"
fi

python3 - <<'PY'
open("deep.html", "w").write("<div>" * 100000 + "deep" + "</div>" * 100000)
PY
start=$(date +%s)
"$SHEAF" deep.html -o deep.epub -q 2>/dev/null
rc=$?
end=$(date +%s)
[ "$rc" -lt 128 ] || fail "deep nesting crashed (exit $rc)"
[ $((end - start)) -le 10 ] || fail "deep nesting took $((end - start)) s"
pass "100k nested divs: exit $rc in $((end - start)) s"
finish
