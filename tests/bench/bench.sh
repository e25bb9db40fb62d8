#!/usr/bin/env bash
# Speed benchmark (prints figures; not a test). Usage: tests/bench/bench.sh [build/sheaf] [N]
#  - the seed article to EPUB and to PDF (best of 10 runs, wall time; CPU time and peak memory)
#  - a 1 MB plain-text book to PDF (../shared/corpus/plain/big.txt when present): wall, CPU, memory
#  - a 5 MB HTML page to EPUB and to the native dump (made by make-html-page.sh from
#    ../shared/corpus/html/big.html when present): wall, user CPU, peak memory
#  - N (default 1000) article-sized inputs to EPUB+PDF with --jobs 1 and --jobs 2, and the speed-up
#  - pandoc's, pandoc+WeasyPrint's and pandoc+xelatex's times for the same work when installed
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
sheaf=${1:-$here/build/sheaf}
n=${2:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000
seed=$here/examples/seed-nato.txt

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
best_of() { # best_of RUNS CMD...: best wall time in ms
  local runs=$1; shift; local best=999999
  for _ in $(seq "$runs"); do
    local t0 t1 ms; t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
    ms=$(calc "($t1 - $t0) * 1000"); best=$(calc "($ms < $best) ? $ms : $best")
  done
  printf '%.1f' "$best"
}
peak_rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
best_user() { # best_user RUNS CMD...: best user+system CPU time in ms (steadier than wall when busy)
  local runs=$1; shift; local best=999999
  for _ in $(seq "$runs"); do
    local cpu; cpu=$(/usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -1)
    cpu=$(calc "($(echo "$cpu" | cut -d' ' -f1) + $(echo "$cpu" | cut -d' ' -f2)) * 1000")
    best=$(calc "($cpu < $best) ? $cpu : $best")
  done
  printf '%.0f' "$best"
}

echo "sheaf benchmark ($(nproc) cores, $("$sheaf" --version))"
printf '%-44s %10s\n' "seed article -> EPUB (best of 10)" "$(best_of 10 "$sheaf" "$seed" --lang en -o "$work/s.epub") ms"
printf '%-44s %10s\n' "seed article -> PDF (best of 10)" "$(best_of 10 "$sheaf" "$seed" --lang en -o "$work/s.pdf") ms"
if [ -x /usr/bin/time ]; then
  printf '%-44s %10s\n' "  CPU user+sys (best of 10)" "$(best_user 10 "$sheaf" "$seed" --lang en -o "$work/s.pdf") ms"
  printf '%-44s %10s\n' "  peak memory" "$(peak_rss "$sheaf" "$seed" --lang en -o "$work/s2.pdf") KB"
fi
big=$here/../shared/corpus/plain/big.txt
if [ -f "$big" ]; then
  printf '%-44s %10s\n' "1.2 MB book (big.txt) -> PDF" "$(best_of 1 "$sheaf" "$big" --lang en -o "$work/big.pdf") ms"
  if [ -x /usr/bin/time ]; then
    printf '%-44s %10s\n' "  CPU user+sys" "$(best_user 1 "$sheaf" "$big" --lang en -o "$work/big3.pdf") ms"
    printf '%-44s %10s\n' "  peak memory" "$(peak_rss "$sheaf" "$big" --lang en -o "$work/big2.pdf") KB"
  fi
  printf '%-44s %10s\n' "1.2 MB book (big.txt) -> EPUB" "$(best_of 1 "$sheaf" "$big" --lang en -o "$work/big.epub") ms"
fi
# A ~5 MB web page (big.html's body twice): best of 3 by user CPU time, with its wall time and
# peak memory.
time_line() { # time_line LABEL CMD...: "wall user rss" of the run with the least user time
  local label=$1 best="" best_user=999999; shift
  for _ in 1 2 3; do
    local r; r=$(/usr/bin/time -f '%e %U %M' "$@" 2>&1 >/dev/null | tail -1)
    local u; u=$(echo "$r" | awk '{ print $2 }')
    if awk "BEGIN { exit !($u < $best_user) }"; then best_user=$u; best=$r; fi
  done
  echo "$best" | awk -v l="$label" '{ printf "%-44s %6.2f s wall %5.2f s user %6.0f MB\n", l, $1, $2, $3 / 1024 }'
}
if [ -f "$here/../shared/corpus/html/big.html" ] && [ -x /usr/bin/time ]; then
  "$here/tests/bench/make-html-page.sh" "$work/page.html"
  mb=$(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$work/page.html") / 1048576 }")
  time_line "$mb MB HTML page -> EPUB (best of 3)" "$sheaf" "$work/page.html" -q -o "$work/page.epub"
  time_line "$mb MB HTML page -> native (best of 3)" "$sheaf" "$work/page.html" -q -t native -o "$work/page.txt"
fi
mkdir -p "$work/in"
for i in $(seq 1 "$n"); do cp "$seed" "$work/in/a$i.txt"; done
t0=$(now); "$sheaf" --recursive "$work/in" --to epub,pdf -o "$work/o1/" --jobs 1 -q --lang en; t1=$(now)
j1=$(calc "$t1 - $t0")
t0=$(now); "$sheaf" --recursive "$work/in" --to epub,pdf -o "$work/o2/" --jobs 2 -q --lang en; t1=$(now)
j2=$(calc "$t1 - $t0")
printf '%-44s %10.2f s\n' "$n articles -> EPUB+PDF, --jobs 1" "$j1"
printf '%-44s %10.2f s\n' "$n articles -> EPUB+PDF, --jobs 2" "$j2"
printf '%-44s %10.2fx\n' "  speed-up" "$(calc "$j1 / $j2")"
diff -rq "$work/o1" "$work/o2" >/dev/null && echo "  outputs identical for --jobs 1 and 2" || echo "  WARNING: outputs differ between --jobs 1 and 2"
if command -v pandoc >/dev/null; then
  printf '%-44s %10s\n' "pandoc: seed -> EPUB (best of 3)" "$(best_of 3 pandoc "$seed" -o "$work/p.epub") ms"
  t0=$(now); for i in $(seq 1 "$n"); do pandoc "$work/in/a$i.txt" -o "$work/in/a$i.epub" 2>/dev/null; done; t1=$(now)
  printf '%-44s %10.2f s\n' "pandoc: $n articles -> EPUB (sequential)" "$(calc "$t1 - $t0")"
fi
if command -v weasyprint >/dev/null && command -v pandoc >/dev/null; then
  printf '%-44s %10s\n' "pandoc+weasyprint: seed -> PDF (best of 3)" \
    "$(best_of 3 pandoc "$seed" --pdf-engine=weasyprint -o "$work/p.pdf") ms"
fi
if command -v xelatex >/dev/null && command -v pandoc >/dev/null; then
  printf '%-44s %10s\n' "pandoc+xelatex: seed -> PDF (best of 3)" \
    "$(best_of 3 pandoc "$seed" --pdf-engine=xelatex -o "$work/px.pdf") ms"
fi
