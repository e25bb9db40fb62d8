#!/usr/bin/env bash
# Builds the ~5 MB HTML benchmark page: the <head> of SOURCE (default ../shared/corpus/html/big.html)
# and its <body> content twice, in one document. Usage: tests/bench/make-html-page.sh OUT [SOURCE]
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
src=${2:-$here/../shared/corpus/html/big.html}
[ -f "$src" ] || { echo "make-html-page: $src not found" >&2; exit 1; }
awk '
  { lines[NR] = $0 }
  /<body[ >]/ && !b { b = NR }
  /<\/body>/ { e = NR }
  END {
    if (!b || !e || e <= b) { print "make-html-page: no <body>...</body> in input" > "/dev/stderr"; exit 1 }
    for (i = 1; i <= b; i++) print lines[i]
    for (pass = 1; pass <= 2; pass++) for (i = b + 1; i < e; i++) print lines[i]
    for (i = e; i <= NR; i++) print lines[i]
  }' "$src" >"$out"
