#!/usr/bin/env bash
# Batch conversion: output naming and collisions, shards, the JSON report, progress output,
# a failing input in the middle, --jobs independence of the bytes, --combine, interruption.
. "$(dirname "$0")/lib.sh"
cd "$SCRATCH"
export SOURCE_DATE_EPOCH=1700000000
mkdir -p in/a in/b
for i in $(seq 1 12); do
  printf 'Article number %s\n\nBy Test Writer\n\nThis is the first paragraph of article %s. It has "quotes" -- and dashes.\n\nA subheading\n\nAnd a second paragraph with more words in it, enough to be an article body.\n' "$i" "$i" > "in/art$i.txt"
done
printf 'Index A\n\nFirst index file.\n' > in/a/index.txt
printf 'Index B\n\nSecond index file.\n' > in/b/index.txt
inputs=(in/art*.txt in/a/index.txt in/b/index.txt)

# 1. many inputs, two formats (epub always; pdf when available), a missing input in the middle
formats=epub
"$SHEAF" --list-formats | grep -q '^  pdf ' && formats=epub,pdf
nfmt=$(echo "$formats" | tr ',' '\n' | wc -l)
"$SHEAF" in/art1.txt in/missing.txt "${inputs[@]:1}" --to "$formats" -o out1/ --jobs 2 --report report1.json 2>progress1.txt
rc=$?
[ "$rc" -eq 5 ] && pass "partial failure exit code 5" || fail "exit code $rc, want 5 (some inputs failed)"
want=$(( ${#inputs[@]} * nfmt ))
got=$(find out1 -type f | wc -l)
[ "$got" -eq "$want" ] && pass "$got output files" || fail "$got output files, want $want"
[ -f out1/a-index.epub ] && [ -f out1/b-index.epub ] || [ -f out1/index.epub ] || fail "collision outputs missing: $(ls out1 | grep index)"
ls out1 | grep -q '^index.epub$' && ls out1 | grep -q 'b-index.epub' && pass "collision resolved (index, b-index)" || fail "collision naming: $(ls out1 | grep index | tr '\n' ' ')"
grep -q "output-name-collision" report1.json && pass "collision reported" || fail "collision not in the report"
python3 - report1.json "${#inputs[@]}" <<'PY' && pass "report schema" || fail "report schema"
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert r["version"] == 1
ins = r["inputs"]; assert len(ins) == n + 1, len(ins)
for i in ins:
    assert set(i) >= {"input", "status", "outputs", "diagnostics", "seconds"}, i.keys()
    assert i["status"] in ("ok", "failed")
    for o in i["outputs"]:
        assert set(o) >= {"path", "format", "bytes", "sha256"} and len(o["sha256"]) == 64
    for d in i["diagnostics"]:
        assert set(d) >= {"severity", "code", "message", "file", "line", "column"}
failed = [i for i in ins if i["status"] == "failed"]
assert len(failed) == 1 and failed[0]["input"] == "in/missing.txt", failed
assert failed[0]["diagnostics"][0]["code"] == "input-not-found"
s = r["summary"]; assert s["ok"] == n and s["failed"] == 1, s
assert "seconds" in s and "warnings" in s
PY
# non-terminal progress: one line per finished input
[ "$(grep -c '^\[[0-9]*/[0-9]*\] ' progress1.txt)" -eq $(( ${#inputs[@]} + 1 )) ] && pass "one progress line per input" || fail "progress lines: $(head -5 progress1.txt)"
grep -q "missing.txt.*error:.*\[input-not-found\]" progress1.txt && pass "failure diagnostic printed" || fail "no error line for missing input"

# 2. --jobs 1 gives identical bytes
"$SHEAF" "${inputs[@]}" --to "$formats" -o out2/ --jobs 1 -q
diff -r out1 out2 >/dev/null && pass "--jobs 1 and --jobs 2 give identical bytes" || fail "outputs differ between --jobs 1 and 2"

# 3. -q is silent; --report - writes JSON to stdout
"$SHEAF" "${inputs[@]}" --to epub -o out3/ -q --report - >report3.json 2>stderr3.txt
[ ! -s stderr3.txt ] && pass "-q silent" || fail "-q printed: $(head -2 stderr3.txt)"
python3 -c "import json,sys; json.load(open('report3.json'))" && pass "--report - is JSON on stdout" || fail "--report - not JSON"

# 4. shards: disjoint, complete, stable under reordering
: > shards.txt
for k in 1 2 3; do
  "$SHEAF" "${inputs[@]}" --to epub -o "shard$k/" --shard "$k/3" -q
  ls "shard$k" >> shards.txt
done
[ "$(sort shards.txt | uniq -d | wc -l)" -eq 0 ] && pass "shards disjoint" || fail "shards overlap"
[ "$(wc -l < shards.txt)" -eq ${#inputs[@]} ] && pass "shards complete" || fail "shards cover $(wc -l < shards.txt) of ${#inputs[@]}"
reversed=($(printf '%s\n' "${inputs[@]}" | sort -r))
"$SHEAF" "${reversed[@]}" --to epub -o shard1r/ --shard 1/3 -q
diff <(ls shard1) <(ls shard1r) >/dev/null && pass "shard stable under reordering" || fail "shard 1/3 changed with argument order"
"$SHEAF" "${inputs[@]}" --to epub -o x/ --shard 4/3 2>/dev/null; [ $? -eq 2 ] && pass "bad shard is a usage error" || fail "bad shard accepted"

# 5. --fail-fast stops early
"$SHEAF" in/missing.txt "${inputs[@]}" --to epub -o out5/ --jobs 1 --fail-fast -q
rc=$?
[ "$rc" -ne 0 ] && [ "$(ls out5 2>/dev/null | wc -l)" -lt ${#inputs[@]} ] && pass "--fail-fast stops" || fail "--fail-fast: rc $rc, $(ls out5 | wc -l) files"

# 6. --combine
"$SHEAF" in/art1.txt in/art2.txt in/art3.txt --combine -o book.epub --title "The Book" --author "Ed Itor" -q
[ $? -eq 0 ] && [ -s book.epub ] && pass "--combine epub" || fail "--combine failed"
if have_epubcheck; then msg=$(epubcheck_ok book.epub) && pass "combined epub passes epubcheck" || fail "combined epub: $msg"; fi
python3 - book.epub <<'PY' && pass "combined book has a chapter per article" || fail "combined structure"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1]); text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
assert "The Book" in z.read([n for n in z.namelist() if n.endswith(".opf")][0]).decode()
for i in (1, 2, 3): assert f"Article number {i}" in text, i
PY

# 7. progress on a terminal (live line), when `script` is available
if command -v script >/dev/null; then
  script -qec "$SHEAF ${inputs[*]} --to epub -o out7/ --jobs 2" typescript >/dev/null 2>&1
  grep -q $'\r' typescript && grep -q "converted, 0 failed" typescript && pass "terminal progress line" || fail "no live progress on a terminal"
fi

# 8. interruption leaves no partial files
mkdir -p many
for i in $(seq 1 300); do cp in/art1.txt "many/a$i.txt"; done
"$SHEAF" --recursive many --to "$formats" -o out8/ --jobs 2 -q &
pid=$!
sleep 0.5
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
if [ "$rc" -eq 130 ]; then pass "interrupted: exit 130"; elif [ "$rc" -eq 0 ]; then echo "note: batch finished before the signal"; else fail "interrupted: exit $rc"; fi
leftover=$(find out8 -name '.*sheaf*' 2>/dev/null | head -3)
[ -z "$leftover" ] && pass "no temporary files after interruption" || fail "temporary files left: $leftover"
finish
