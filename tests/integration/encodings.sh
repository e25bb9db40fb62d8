#!/usr/bin/env bash
# Input encodings end to end: Windows-1252 + CRLF (Project Gutenberg), UTF-16 with and
# without a byte order mark, a UTF-8 BOM, and decomposed accents, through `sheaf -t native`.
source "$(dirname "$0")/lib.sh"
cd "$SCRATCH" || exit 1

native() { "$SHEAF" "$@" -t native -o - --title T 2>stderr.txt; }

out=$(native "$SHEAF_SOURCE_DIR/tests/fixtures/pg84-excerpt.cp1252.txt" -v)
[ $? -eq 0 ] || fail "cp1252: exit code"
echo "$out" | grep -q "dæmon" || fail "cp1252: æ not decoded: $(echo "$out" | head -3)"
echo "$out" | grep -q '“To seek one who fled from me.”' || fail "cp1252: curly quotes not decoded"
echo "$out" | grep -q $'\r' && fail "cp1252: CR left in the text"
echo "$out" | grep -q $'\xef\xbf\xbd' && fail "cp1252: replacement characters in the text"
grep -q 'WINDOWS-1252.*\[encoding-detected\]' stderr.txt || fail "cp1252: no encoding-detected info: $(cat stderr.txt)"
grep -q '\[invalid-encoding\]' stderr.txt && fail "cp1252: unexpected invalid-encoding warning"
[ "$failures" -eq 0 ] && pass "Windows-1252 with CRLF"

# "Café “q”" + CRLF in UTF-16LE with a BOM, UTF-16BE without one.
printf '\xff\xfeC\x00a\x00f\x00\xe9\x00 \x00\x1c\x20q\x00\x1d\x20\r\x00\n\x00' > le.txt
printf '\x00C\x00a\x00f\x00\xe9\x00 \x20\x1c\x00q\x20\x1d\x00\r\x00\n' > be.txt
for f in le.txt be.txt; do
  out=$(native "$f")
  echo "$out" | grep -q 'Str "Café “q”"' || fail "$f: UTF-16 not decoded: $out"
done
[ "$failures" -eq 0 ] && pass "UTF-16 with and without BOM"

# UTF-8 BOM and a decomposed é (e + U+0301) normalized to NFC.
printf '\xef\xbb\xbfCafe\xcc\x81 au lait\n' > nfc.txt
out=$(native nfc.txt)
echo "$out" | grep -q $'Str "Caf\xc3\xa9 au lait"' || fail "nfc: not normalized or BOM kept: $out"
[ "$failures" -eq 0 ] && pass "UTF-8 BOM and NFC"

finish
