# Generates tests/fixtures/tall_table_long_note.html (deterministic filler text): a table row
# whose cell holds about three pages of text and a footnote of about a page and a half, for
# tests/integration/pdf_split.sh. Run from the repository root.
words = ("river stone window garden letter morning harbour candle meadow lantern "
         "orchard bridge valley thunder feather pebble compass anchor willow cobalt").split()
def sentences(tag, n, start=0):
    out = []
    for i in range(start, start + n):
        w = [words[(i * 7 + k * 3) % len(words)] for k in range(9)]
        out.append(f"{tag} sentence {i + 1} mentions the {w[0]} and the {w[1]} near a {w[2]}, "
                   f"while the {w[3]} {w[4]}s quietly beside {w[5]} {w[6]} {w[7]} {w[8]}.")
    return out
def paras(tag, total, per):
    ps, i = [], 0
    while i < total:
        ps.append(" ".join(sentences(tag, min(per, total - i), i)))
        i += per
    return ps
cell = paras("Cell", 45, 9)
note = paras("Note", 20, 7)
html = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>A tall table row and a long footnote</title></head><body>",
        "<article>", "<h1>A tall table row and a long footnote</h1>",
        '<p>This opening paragraph carries the long footnote<sup><a href="#fn1" id="ref1">1</a></sup> '
        "whose text runs for about a page and a half, so it has to continue on the next page.</p>",
        "<p>The table below has one row whose second cell holds about three pages of text; "
        "the row is split between pages and the header row is repeated above each continuation.</p>",
        "<table><thead><tr><th>Label</th><th>Description</th></tr></thead><tbody>",
        "<tr><td>First</td><td>A short row before the tall one.</td></tr>",
        "<tr><td>Tall</td><td>" + "".join(f"<p>{p}</p>" for p in cell) + "</td></tr>",
        "<tr><td>Last</td><td>A short row after the tall one.</td></tr>",
        "</tbody></table>",
        '<p>The closing paragraph has a short note<sup><a href="#fn2" id="ref2">2</a></sup> '
        "that fits on its page.</p>",
        '<section class="footnotes"><ol>',
        '<li id="fn1">' + "".join(f"<p>{p}</p>" for p in note) + ' <a href="#ref1">↩</a></li>',
        '<li id="fn2"><p>The short note ends the page.</p> <a href="#ref2">↩</a></li>',
        "</ol></section>", "</article></body></html>"]
open("tests/fixtures/tall_table_long_note.html", "w").write("\n".join(html) + "\n")
