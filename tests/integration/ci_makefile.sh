#!/usr/bin/env bash
# Exercises examples/ci/: the Makefile (conversion, report, failure exit, incremental re-run,
# shards, check, clean) on a small folder of articles, and checks that the CI YAML files parse.
. "$(dirname "$0")/lib.sh"
command -v make >/dev/null || { echo "make not installed"; exit 77; }
cd "$SCRATCH" || exit 1
export SOURCE_DATE_EPOCH=1700000000
cp -r "$SHEAF_SOURCE_DIR/examples/ci" ci

formats=epub
"$SHEAF" --list-formats | grep -q '^  pdf ' && formats=epub,pdf
exts=$(echo "$formats" | tr ',' ' ')

# A small folder of articles: text and Markdown, one in a sub-folder, one broken (binary).
mkdir -p articles/travel
cat > articles/harbour-notes.txt <<'TXT'
Harbour Notes

By Ana Marin

The ferry left at dawn, and the harbour was still half asleep. Gulls argued over the nets.

The Market

By nine the stalls were full: figs, cheese, and the first sardines of the season.
TXT
cat > articles/garden-diary.md <<'MD'
---
title: Garden Diary
author: Tom Reed
lang: en
---

# Garden Diary

The tomatoes are late this year, but the beans have *finally* climbed the fence.

## Weeds

Nothing grows as fast as the weeds between the paving stones.
MD
cat > articles/travel/night-walk.md <<'MD'
# A Night Walk

Streetlights hum. The river is louder at night than it ever is by day.

- the bridge
- the old mill
- the long way home
MD
head -c 4096 /dev/urandom > articles/broken.txt
printf '\0\1\2\3' >> articles/broken.txt
good=(harbour-notes garden-diary night-walk)
all_inputs=(articles/broken.txt articles/garden-diary.md articles/harbour-notes.txt articles/travel/night-walk.md)

mk() { make -C ci SHEAF="$SHEAF" ARTICLES="$SCRATCH/articles" OUT="$SCRATCH/out" \
         FORMATS="$formats" JOBS=2 SHEAF_FLAGS="--lang en" "$@"; }

# 1. make with a broken input: outputs for the good ones, report lists all, make fails.
mk >make1.log 2>&1
rc=$?
[ "$rc" -ne 0 ] && pass "make fails with a broken input (exit $rc)" || fail "make exited 0 with a broken input"
grep -q "sheaf exited with status 5" make1.log && pass "sheaf status 5 reported" || fail "no status line: $(tail -3 make1.log)"
missing=""
for g in "${good[@]}"; do for e in $exts; do [ -s "out/$g.$e" ] || missing="$missing $g.$e"; done; done
[ -z "$missing" ] && pass "outputs for every good article ($formats)" || fail "missing outputs:$missing"
compgen -G "out/broken.*" >/dev/null && fail "output written for the broken input" || pass "no output for the broken input"
python3 - out/report.json "$SCRATCH" "${all_inputs[@]}" <<'PY' && pass "report lists every input, broken.txt failed" || fail "report content"
import json, os, sys
r = json.load(open(sys.argv[1])); root = sys.argv[2]; want = sys.argv[3:]
got = {os.path.relpath(i["input"], root): i for i in r["inputs"]}
assert sorted(got) == sorted(want), sorted(got)
for name, i in got.items():
    assert i["status"] == ("failed" if name == "articles/broken.txt" else "ok"), (name, i["status"])
assert got["articles/broken.txt"]["diagnostics"][0]["severity"] == "error"
assert r["summary"]["ok"] == len(want) - 1 and r["summary"]["failed"] == 1, r["summary"]
PY
# a failed run must not look up to date
mk -q >/dev/null 2>&1 && fail "make -q says up to date after a failed run" || pass "failed run is re-run next time"

# 2. remove the broken input: make succeeds, then is up to date, then re-runs when an input changes.
rm articles/broken.txt
mk >make2.log 2>&1 && pass "make succeeds without the broken input" || fail "make failed: $(tail -3 make2.log)"
python3 -c "import json,sys; r=json.load(open('out/report.json')); assert r['summary']=={**r['summary'],'ok':3,'failed':0}, r['summary']" \
  && pass "report: 3 ok, 0 failed" || fail "report after fix: $(head -c 300 out/report.json)"
mk -q >/dev/null 2>&1 && pass "up to date after success" || fail "make -q wants to re-run after success"
mk >make3.log 2>&1; grep -q -- "--recursive" make3.log && fail "second make re-ran sheaf" || pass "second make does nothing"
touch -d '1 hour ago' out/report.json; touch articles/garden-diary.md  # an article now newer than the report
mk >make4.log 2>&1; grep -q -- "--recursive" make4.log && pass "changed input triggers a re-run" || fail "no re-run after an input changed"

# 3. check: one validator run per output, failures propagate. The real epubcheck needs a JVM
# per file (tens of seconds on a loaded machine), so a stand-in `java` on PATH records the
# calls and rejects one chosen file; qpdf is the real one when installed.
mkdir -p fakebin
cat > fakebin/java <<'SH'
#!/bin/sh
echo "$@" >> "$FAKE_JAVA_LOG"
case "$*" in *"$FAKE_JAVA_REJECT"*) echo "ERROR(RSC-005): fake rejection"; exit 1 ;; esac
exit 0
SH
chmod +x fakebin/java
: > fakejar.jar
export FAKE_JAVA_LOG=$SCRATCH/java.log FAKE_JAVA_REJECT=no-such-file
: > java.log
PATH="$SCRATCH/fakebin:$PATH" mk check EPUBCHECK_JAR="$SCRATCH/fakejar.jar" >check.log 2>&1 \
  && pass "make check passes" || fail "make check: $(grep -i fail check.log | head -3)"
[ "$(grep -c -- '-jar .*fakejar.jar .*\.epub' java.log)" -eq 3 ] && pass "epubcheck called once per EPUB" || fail "epubcheck calls: $(cat java.log)"
if command -v qpdf >/dev/null && [ "$formats" = epub,pdf ]; then
  [ "$(grep -c '^qpdf ok' check.log)" -eq 3 ] && pass "qpdf checked 3 PDFs" || fail "qpdf lines: $(grep -c '^qpdf ok' check.log)"
  cp out/night-walk.pdf keep.pdf; head -c 300 keep.pdf > out/night-walk.pdf
  mk check EPUBCHECK_JAR=/nonexistent >check2.log 2>&1 && fail "make check passed a truncated PDF" || pass "make check fails on a broken PDF"
  cp keep.pdf out/night-walk.pdf
fi
FAKE_JAVA_REJECT=garden-diary.epub PATH="$SCRATCH/fakebin:$PATH" mk check EPUBCHECK_JAR="$SCRATCH/fakejar.jar" >check3.log 2>&1 \
  && fail "make check passed a rejected EPUB" || pass "make check fails when epubcheck rejects an EPUB"
grep -q "epubcheck FAILED: .*garden-diary.epub" check3.log && pass "failing EPUB named" || fail "failing EPUB not named: $(tail -3 check3.log)"

# 4. clean removes the outputs.
mk clean >/dev/null 2>&1
[ ! -e out ] && pass "make clean removes the outputs" || fail "out/ still there: $(ls out | head -3)"

# 5. shards 1/2 and 2/2 cover every input exactly once (broken input back in, so a shard may fail).
head -c 2048 /dev/urandom > articles/broken.txt; printf '\0' >> articles/broken.txt
mk shard SHARD=1/2 >shard1.log 2>&1
mk shard SHARD=2/2 >shard2.log 2>&1
python3 - out/report-shard-1-of-2.json out/report-shard-2-of-2.json "$SCRATCH" "${all_inputs[@]}" <<'PY' \
  && pass "shards 1/2 + 2/2 cover all inputs without overlap" || fail "shard coverage"
import json, os, sys
a, b, root, want = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sa = [os.path.relpath(i["input"], root) for i in json.load(open(a))["inputs"]]
sb = [os.path.relpath(i["input"], root) for i in json.load(open(b))["inputs"]]
assert not set(sa) & set(sb), (sa, sb)
assert sorted(sa + sb) == sorted(want), (sa, sb)
PY
n=$(find out -name '*.epub' | wc -l)
[ "$n" -eq 3 ] && pass "shards wrote the 3 EPUBs" || fail "shards wrote $n EPUBs"
mk clean >/dev/null 2>&1

# 6. the CI YAML files parse (when PyYAML is available) and use shards.
if python3 -c 'import yaml' 2>/dev/null; then
  for y in github-actions.yml gitlab-ci.yml; do
    python3 -c "import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); assert isinstance(d, dict) and d" "ci/$y" \
      && pass "$y parses" || fail "$y does not parse"
  done
  python3 - ci/github-actions.yml ci/gitlab-ci.yml <<'PY' && pass "workflows shard the inputs" || fail "workflow structure"
import sys, yaml
gh = yaml.safe_load(open(sys.argv[1])); gl = yaml.safe_load(open(sys.argv[2]))
job = next(iter(gh["jobs"].values()))
shards = job["strategy"]["matrix"]["shard"]
steps = " ".join(str(s.get("run", "")) for s in job["steps"])
assert "--shard" in steps and "--report" in steps, steps
assert any("upload-artifact" in str(s.get("uses", "")) for s in job["steps"])
jobs = [v for k, v in gl.items() if isinstance(v, dict) and "script" in v]
assert any("CI_NODE_INDEX" in " ".join(j["script"]) and j.get("parallel") for j in jobs)
assert len(shards) == max(shards)
PY
else
  echo "skip: PyYAML not installed, YAML files not parsed"
fi
finish
