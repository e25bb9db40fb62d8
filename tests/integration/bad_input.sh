#!/usr/bin/env bash
# Bad inputs: each converts or is refused with one clear error line naming the file, a
# documented exit code, no crash and no output file left behind.
. "$(dirname "$0")/lib.sh"
cd "$SCRATCH"

# expect NAME EXPECTED_CODE OUTPUT -- sheaf args...: run, check the exit code, the absence of
# the output on failure, and that stderr names the file in a gcc-style error line.
expect() {
  local name=$1 code=$2 out=$3; shift 4
  "$SHEAF" "$@" >stdout.txt 2>stderr.txt
  local rc=$?
  if [ "$rc" -ne "$code" ]; then fail "$name: exit $rc, want $code; stderr: $(head -3 stderr.txt)"; return; fi
  if [ "$code" -ne 0 ]; then
    [ -e "$out" ] && fail "$name: output $out left behind"
    grep -q "error: .*\[[a-z-]*\]" stderr.txt || fail "$name: no 'error: ... [code]' line: $(cat stderr.txt)"
    [ "$(grep -c 'error:' stderr.txt)" -eq 1 ] || fail "$name: more than one error line: $(cat stderr.txt)"
  fi
  ls -a | grep -q '\.sheaf-' && fail "$name: temporary file left behind: $(ls -a | grep sheaf-)"
  [ "$rc" -lt 128 ] || fail "$name: crashed (exit $rc)"
  pass "$name (exit $rc)"
}

expect missing-file 1 out.epub -- missing.txt -o out.epub
grep -q "missing.txt" stderr.txt || fail "missing-file: message does not name the file"

mkdir -p adir
expect directory-input 1 out.epub -- adir -o out.epub
grep -q "adir" stderr.txt || fail "directory-input: message does not name the directory"

: > empty.txt
expect empty-file 0 empty.epub -- empty.txt -o empty.epub
[ -s empty.epub ] || fail "empty-file: no EPUB written for an empty input"

head -c 4096 /dev/urandom > garbage.txt 2>/dev/null || dd if=/dev/urandom of=garbage.txt bs=4096 count=1 2>/dev/null
printf '\0\0\0' >> garbage.txt
expect binary-garbage 1 garbage.epub -- garbage.txt -o garbage.epub
grep -q "garbage.txt" stderr.txt || fail "binary-garbage: message does not name the file"

printf 'Caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d line.\n\nBad \xff byte on line three, in an otherwise UTF-8 file.\n' > invalid.txt
expect invalid-utf8 0 invalid.epub -- invalid.txt -o invalid.epub
grep -q "invalid.txt:3.*\[invalid-encoding\]" stderr.txt || fail "invalid-utf8: no invalid-encoding warning naming line 3: $(cat stderr.txt)"
expect invalid-utf8-strict 3 strict.epub -- invalid.txt -o strict.epub --strict

python3 -c "import sys; sys.stdout.write('word ' * 4000000)" > long.txt
start=$(date +%s)
expect long-line 0 long.epub -- long.txt -o long.epub
[ $(( $(date +%s) - start )) -lt 30 ] || fail "long-line: took more than 30 s"

mkdir -p ro && chmod 555 ro
if [ "$(id -u)" -eq 0 ]; then
  # root ignores directory permissions: use a path below a regular file instead
  echo "x" > afile
  expect unwritable-output 4 afile/out.epub -- empty.txt -o afile/out.epub
else
  expect unwritable-output 4 ro/out.epub -- empty.txt -o ro/out.epub
fi

echo "Some text." > same.txt
cp same.txt same.bak
expect output-is-input 2 none -- same.txt -o same.txt -t epub
cmp -s same.txt same.bak || fail "output-is-input: the input was modified"

echo "Good." > good.txt
echo "previous" > keep.epub
expect no-clobber-on-failure 1 none -- nothere.txt -o keep.epub
grep -q previous keep.epub || fail "no-clobber-on-failure: existing output was replaced"

# A non-regular output (a FIFO here; /dev/null in real use) is written in place, never replaced.
mkfifo out.fifo
timeout 20 cat out.fifo > fifo.received &
reader=$!
expect fifo-output 0 none -- good.txt -t native -o out.fifo
wait $reader
[ -p out.fifo ] && pass "fifo still a fifo" || fail "fifo-output: the FIFO was replaced by a file"
grep -q "Good" fifo.received && pass "fifo received the output" || fail "fifo-output: nothing written to the FIFO"

expect unknown-format 2 none -- good.txt -o out.xyz
expect unknown-option 2 none -- good.txt --frobnicate -o out.epub
finish
