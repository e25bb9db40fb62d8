// Paragraph layout: whitespace collapsing, UAX #14 break opportunities (ICU), shaping by word
// through a cache, hyphenation, Knuth–Plass breaking, bidi reordering and justification.
#include "layout/paragraph.hpp"

#include "layout/hyphenator.hpp"
#include "layout/line_breaker.hpp"
#include "layout/text_utils.hpp"

#include <algorithm>
#include <cmath>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

namespace sheaf::layout {

// ---- ShapeCache ------------------------------------------------------------------------------

ShapeCache::ShapeCache(FontProvider& fonts, std::string language, diag::DiagnosticSink& sink)
    : m_fonts(fonts), m_language(std::move(language)), m_sink(sink) {}

ShapeCache::~ShapeCache() {
  if (m_breaker) ubrk_close(m_breaker);
}

UBreakIterator* ShapeCache::breaker() {
  if (!m_breaker) {
    UErrorCode st = U_ZERO_ERROR;
    std::string loc = m_language.empty() ? "en" : m_language;
    for (auto& c : loc)
      if (c == '-') c = '_';
    m_breaker = ubrk_open(UBRK_LINE, loc.c_str(), nullptr, 0, &st);
    if (U_FAILURE(st)) {
      st = U_ZERO_ERROR;
      m_breaker = ubrk_open(UBRK_LINE, "en", nullptr, 0, &st);
      if (U_FAILURE(st)) m_breaker = nullptr;
    }
  }
  return m_breaker;
}

const FontMetrics& ShapeCache::metrics(FontId font) {
  auto it = m_metrics.find(font);
  if (it == m_metrics.end()) it = m_metrics.emplace(font, m_fonts.metrics(font)).first;
  return it->second;
}

const ShapedWord& ShapeCache::word(FontId font, std::string_view text, bool rtl) {
  m_key.assign(reinterpret_cast<const char*>(&font), sizeof font);
  m_key += rtl ? 'R' : 'L';
  m_key.append(text);
  auto it = m_words.find(m_key);
  if (it != m_words.end()) return *it->second;
  auto w = std::make_unique<ShapedWord>();
  std::vector<MissingGlyph> missing;
  auto runs = m_fonts.shape(font, text, m_language, rtl, &missing);
  for (const auto& run : runs)
    for (const auto& g : run.glyphs)
      w->glyphs.push_back({run.font, g.glyph, static_cast<float>(g.x_advance),
                           static_cast<float>(g.x_offset), static_cast<float>(g.y_offset),
                           g.cluster, 0});
  // text of each cluster goes on its first glyph (in visual order)
  std::vector<std::uint32_t> starts;
  for (const auto& g : w->glyphs)
    starts.push_back(g.cluster);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::vector<bool> seen(starts.size(), false);
  for (auto& g : w->glyphs) {
    auto k = static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), g.cluster) -
                                      starts.begin());
    if (seen[k]) continue;
    seen[k] = true;
    std::uint32_t end =
        k + 1 < starts.size() ? starts[k + 1] : static_cast<std::uint32_t>(text.size());
    g.text_len = end > g.cluster ? end - g.cluster : 0;
  }
  for (const auto& m : missing) {
    if (std::find(m_reported_missing.begin(), m_reported_missing.end(), m.code_point) !=
        m_reported_missing.end())
      continue;
    m_reported_missing.push_back(m.code_point);
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(m.code_point));
    std::string ch;
    encode_utf8(ch, m.code_point);
    m_sink.emit("missing-glyph", std::string("no font has a glyph for ") + buf + " '" + ch + "'");
  }
  auto& ref = *w;
  m_words.emplace(m_key, std::move(w));
  return ref;
}

// ---- Line ------------------------------------------------------------------------------------

std::string Line::text() const {
  std::string s;
  for (const auto& r : runs)
    for (const auto& g : r.glyphs)
      s += g.text;
  return s;
}

namespace {

enum class InfoKind { indent, box, glue, hyphen_penalty, penalty, end_glue, end_penalty };

/// What an item stands for when drawn.
struct ItemInfo {
  InfoKind kind = InfoKind::box;
  std::size_t seg = 0;
  const ShapedWord* word = nullptr;
  std::uint32_t g0 = 0, g1 = 0; ///< glyph range of the word
  std::uint32_t text_begin = 0; ///< byte offset of the word in the paragraph text
  std::uint32_t word_begin = 0; ///< byte offset of the word's text start (for glyph text)
  std::string_view word_text;
  std::uint8_t level = 0; ///< bidi level
};

/// One element of a line being drawn.
struct Piece {
  std::size_t item;
  double width;
  std::uint8_t level;
};

bool is_space_byte(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

} // namespace

ParagraphResult layout_paragraph(const std::vector<TextSegment>& segments,
                                 const ParagraphSettings& settings, ShapeCache& cache,
                                 diag::DiagnosticSink& sink, const diag::SourceLocation& where) {
  ParagraphResult result;
  // 1. paragraph text with collapsed whitespace; segment byte ranges
  std::string text;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges(segments.size());
  std::vector<std::pair<std::uint32_t, std::string>> anchors;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const auto& seg = segments[s];
    ranges[s].first = static_cast<std::uint32_t>(text.size());
    if (!seg.anchor.empty()) anchors.emplace_back(ranges[s].first, seg.anchor);
    for (char c : seg.text) {
      if (is_space_byte(c)) {
        if (!text.empty() && text.back() != ' ' && text.back() != '\n') text += ' ';
      } else {
        text += c;
      }
    }
    if (seg.hard_break) {
      if (!text.empty() && text.back() == ' ') text.pop_back();
      text += '\n';
    }
    ranges[s].second = static_cast<std::uint32_t>(text.size());
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n'))
    text.pop_back();
  for (auto& r : ranges) {
    r.first = std::min<std::uint32_t>(r.first, static_cast<std::uint32_t>(text.size()));
    r.second = std::min<std::uint32_t>(r.second, static_cast<std::uint32_t>(text.size()));
  }
  if (text.empty()) {
    if (!anchors.empty()) { // an anchor-only paragraph still marks its place
      Line line;
      line.height = 0;
      for (auto& a : anchors)
        line.anchors.push_back({a.second, 0, 0});
      result.lines.push_back(std::move(line));
    }
    return result;
  }
  auto seg_at = [&](std::uint32_t off) {
    std::size_t lo = 0;
    for (std::size_t s = 0; s < ranges.size(); ++s)
      if (ranges[s].first <= off && off < ranges[s].second)
        return s;
      else if (ranges[s].first <= off)
        lo = s;
    return lo;
  };

  // 2. bidi levels per byte (only when the text has right-to-left characters)
  bool has_rtl = false;
  for (std::size_t p = 0; p < text.size();) {
    if (static_cast<unsigned char>(text[p]) < 0x80) {
      ++p;
      continue;
    }
    if (is_rtl_char(decode_utf8(text, p))) {
      has_rtl = true;
      break;
    }
  }
  std::vector<std::uint8_t> levels;
  std::uint8_t base_level = 0;
  if (has_rtl) {
    UErrorCode st = U_ZERO_ERROR;
    std::vector<UChar> u16(text.size() + 1);
    int32_t len16 = 0;
    u_strFromUTF8Lenient(u16.data(), static_cast<int32_t>(u16.size()), &len16, text.data(),
                         static_cast<int32_t>(text.size()), &st);
    UBiDi* bidi = ubidi_openSized(len16, 0, &st);
    if (U_SUCCESS(st)) ubidi_setPara(bidi, u16.data(), len16, UBIDI_DEFAULT_LTR, nullptr, &st);
    if (U_SUCCESS(st)) {
      const UBiDiLevel* lv = ubidi_getLevels(bidi, &st);
      base_level = ubidi_getParaLevel(bidi);
      levels.assign(text.size(), base_level);
      std::size_t p = 0;
      int32_t i16 = 0;
      while (p < text.size() && U_SUCCESS(st)) {
        std::size_t at = p;
        char32_t cp = decode_utf8(text, p);
        std::uint8_t l = i16 < len16 ? lv[i16] : base_level;
        for (std::size_t k = at; k < p; ++k)
          levels[k] = l;
        i16 += cp >= 0x10000 ? 2 : 1;
      }
    }
    if (bidi) ubidi_close(bidi);
  }
  auto level_at = [&](std::uint32_t off) -> std::uint8_t {
    return levels.empty() || off >= levels.size() ? base_level : levels[off];
  };

  // 3. items
  std::vector<BreakItem> items;
  std::vector<ItemInfo> info;
  items.reserve(text.size() / 2 + 8);
  info.reserve(text.size() / 2 + 8);
  const bool justify = settings.align == style::TextAlign::justify;
  double indent = std::max(0.0, settings.indent);
  const Hyphenator* hyphenator = nullptr; // set for the hyphenating pass
  // widths of '-' and ' ' per segment, measured once
  std::vector<double> hyphen_widths(segments.size(), -1), space_widths(segments.size(), -1);
  auto measure = [&](std::size_t s, const char* str, std::vector<double>& memo) {
    if (memo[s] < 0) {
      const auto& w = cache.word(segments[s].font, str, false);
      double a = 0;
      for (const auto& g : w.glyphs)
        a += g.advance;
      memo[s] = a * segments[s].size;
    }
    return memo[s];
  };
  auto hyphen_width = [&](std::size_t s) { return measure(s, "-", hyphen_widths); };
  auto space_width = [&](std::size_t s) { return measure(s, " ", space_widths); };
  bool reported_overfull = false;
  static const std::vector<std::uint32_t> no_cuts;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> word_pieces; // reused for every word
  auto add_word_boxes = [&](std::size_t s, std::uint32_t a, std::uint32_t b) {
    std::string_view wt(text.data() + a, b - a);
    std::uint8_t lvl = level_at(a);
    bool rtl = lvl & 1;
    const ShapedWord& word = cache.word(segments[s].font, wt, rtl);
    const double size = segments[s].size;
    // split points: hyphenation
    const std::vector<std::uint32_t>* cuts_of = &no_cuts;
    if (!rtl && segments[s].hyphenate && hyphenator && wt.size() >= 5) {
      auto& mw = const_cast<ShapedWord&>(word);
      if (!mw.hyphens_known) {
        for (auto p : hyphenator->points(wt))
          mw.hyphens.push_back(static_cast<std::uint32_t>(p));
        mw.hyphens_known = true;
      }
      cuts_of = &word.hyphens;
    }
    const std::vector<std::uint32_t>& cuts = *cuts_of;
    // glyph ranges per piece (LTR: glyph order follows clusters)
    word_pieces.clear();
    {
      std::uint32_t g = 0;
      const auto n = static_cast<std::uint32_t>(word.glyphs.size());
      for (std::uint32_t cut : cuts) {
        std::uint32_t start = g;
        while (g < n && word.glyphs[g].cluster < cut)
          ++g;
        if (g > start && g < n)
          word_pieces.emplace_back(start, g);
        else
          g = start;
      }
      word_pieces.emplace_back(g, n);
    }
    for (std::size_t k = 0; k < word_pieces.size(); ++k) {
      auto [g0, g1] = word_pieces[k];
      double w = 0;
      for (auto g = g0; g < g1; ++g)
        w += word.glyphs[g].advance * size;
      double limit = settings.width - (items.size() <= 1 ? indent : 0);
      if (w > settings.width && g1 - g0 > 1) {
        if (!reported_overfull) {
          sink.emit("overfull-line",
                    "'" + std::string(wt.substr(0, 60)) + "' is wider than the line; split", where);
          reported_overfull = true;
        }
        // split into pieces that fit
        std::uint32_t start = g0;
        double acc = 0;
        for (auto g = g0; g < g1; ++g) {
          double gw = word.glyphs[g].advance * size;
          if (acc + gw > limit && g > start) {
            items.push_back(BreakItem::box(acc));
            info.push_back({InfoKind::box, s, &word, start, g, a, a, wt, lvl});
            items.push_back(BreakItem::pen(0, 0, false));
            info.push_back({InfoKind::penalty, s, nullptr, 0, 0, a, a, {}, lvl});
            start = g;
            acc = 0;
            limit = settings.width;
          }
          acc += gw;
        }
        items.push_back(BreakItem::box(acc));
        info.push_back({InfoKind::box, s, &word, start, g1, a, a, wt, lvl});
      } else {
        items.push_back(BreakItem::box(w));
        info.push_back({InfoKind::box, s, &word, g0, g1, a, a, wt, lvl});
      }
      if (k + 1 < word_pieces.size()) {
        items.push_back(BreakItem::pen(hyphen_width(s), 50, true));
        info.push_back({InfoKind::hyphen_penalty, s, nullptr, 0, 0, a, a, {}, lvl});
      }
    }
  };

  UBreakIterator* bi = cache.breaker();
  std::vector<std::uint32_t> breaks;
  if (bi) {
    UErrorCode st = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &st);
    if (U_SUCCESS(st)) {
      ubrk_setUText(bi, ut, &st);
      for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
        if (p > 0) breaks.push_back(static_cast<std::uint32_t>(p));
    }
    utext_close(ut);
  }
  if (breaks.empty() || breaks.back() != text.size())
    breaks.push_back(static_cast<std::uint32_t>(text.size()));

  auto build = [&]() {
    items.clear();
    info.clear();
    if (indent > 0) {
      items.push_back(BreakItem::box(indent));
      info.push_back({InfoKind::indent, 0, nullptr, 0, 0, 0, 0, {}, base_level});
    }
    std::uint32_t prev = 0;
    for (std::uint32_t p : breaks) {
      if (p <= prev) continue;
      std::uint32_t q = p;
      while (q > prev && (text[q - 1] == ' ' || text[q - 1] == '\n'))
        --q;
      bool hard = q < p && text.find('\n', q) < p;
      // a soft hyphen is never drawn: it only marks a break (drawn as '-' when taken)
      bool shy = q == p && q - prev >= 2 && static_cast<unsigned char>(text[q - 2]) == 0xC2 &&
                 static_cast<unsigned char>(text[q - 1]) == 0xAD;
      std::uint32_t content_end = shy ? q - 2 : q;
      // content split by segments
      std::uint32_t a = prev;
      while (a < content_end) {
        std::size_t s = seg_at(a);
        std::uint32_t b = std::min(content_end, std::max(ranges[s].second, a + 1));
        add_word_boxes(s, a, b);
        a = b;
      }
      std::size_t s_last = seg_at(q > prev ? q - 1 : prev);
      if (p == text.size()) break;
      if (hard) {
        items.push_back(BreakItem::glue(0, 1e6, 0));
        info.push_back({InfoKind::end_glue, s_last, nullptr, 0, 0, q, q, {}, base_level});
        items.push_back(BreakItem::pen(0, -k_infinite_penalty, false));
        info.push_back({InfoKind::end_penalty, s_last, nullptr, 0, 0, q, q, {}, base_level});
      } else if (q < p) {
        std::size_t s = seg_at(q);
        double sp = space_width(s);
        double nspaces = 1;
        items.push_back(justify ? BreakItem::glue(sp * nspaces, sp * 0.5, sp / 3.0)
                                : BreakItem::glue(sp * nspaces, 0, 0));
        info.push_back({InfoKind::glue, s, nullptr, 0, 0, q, q, {}, level_at(q)});
      } else {
        // break without space: after a soft hyphen, an explicit hyphen, a dash, a slash, CJK…
        bool hyphen = q >= 1 && text[q - 1] == '-';
        if (shy) {
          items.push_back(BreakItem::pen(hyphen_width(s_last), 50, true));
          info.push_back(
              {InfoKind::hyphen_penalty, s_last, nullptr, 0, 0, q, q, {}, level_at(q - 1)});
        } else {
          items.push_back(BreakItem::pen(0, hyphen ? 50 : 0, hyphen));
          info.push_back({InfoKind::penalty, s_last, nullptr, 0, 0, q, q, {}, level_at(q - 1)});
        }
      }
      prev = p;
    }
    if (items.empty() || (items.size() == 1 && info[0].kind == InfoKind::indent)) {
      items.clear();
      return;
    }
    std::size_t last_seg = segments.empty() ? 0 : segments.size() - 1;
    items.push_back(BreakItem::glue(0, 1e6, 0));
    info.push_back({InfoKind::end_glue,
                    last_seg,
                    nullptr,
                    0,
                    0,
                    static_cast<std::uint32_t>(text.size()),
                    0,
                    {},
                    base_level});
    items.push_back(BreakItem::pen(0, -k_infinite_penalty, false));
    info.push_back({InfoKind::end_penalty,
                    last_seg,
                    nullptr,
                    0,
                    0,
                    static_cast<std::uint32_t>(text.size()),
                    0,
                    {},
                    base_level});
  };

  // 4. break: like TeX, first try without hyphenation at a strict tolerance; hyphenate
  // (loading the dictionary on first use) only when that fails
  const Hyphenator* available = settings.hyphenator;
  bool may_hyphenate = false;
  for (const auto& seg : segments)
    may_hyphenate = may_hyphenate || seg.hyphenate;
  BreakParams params;
  params.line_width = settings.width;
  params.ragged = !justify;
  BreakResult br;
  build();
  if (items.empty()) return result;
  std::size_t words = 1;
  for (const auto& it : items)
    if (it.kind == BreakItem::Kind::glue) ++words;
  result.words = words;
  auto hyphenate_items = [&]() {
    if (!may_hyphenate) return false;
    if (!available && settings.lazy_hyphenator) available = settings.lazy_hyphenator->get();
    if (!available) return false;
    hyphenator = available;
    build();
    return true;
  };
  if (justify && words <= settings.first_fit_words) {
    if (try_total_fit_pass(items, params, 1.0, br.breaks)) {
      br.total_fit = true;
    } else {
      hyphenate_items();
      br = break_total_fit(items, params);
    }
  } else if (hyphenate_items() && !justify) {
    // ragged text hyphenates words that would overflow
  }
  if (br.breaks.empty()) br = break_first_fit(items, params);
  result.total_fit = br.total_fit;

  // 5. draw lines
  std::size_t from = 0;
  std::size_t anchor_i = 0;
  std::sort(anchors.begin(), anchors.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (std::size_t li = 0; li < br.breaks.size(); ++li) {
    std::size_t to = br.breaks[li];
    bool last = li + 1 == br.breaks.size() || (items[to].kind == BreakItem::Kind::penalty &&
                                               items[to].penalty <= -k_infinite_penalty);
    // justified lines stretch or shrink to the measure; last and ragged lines keep natural
    // spacing unless they are too long, then they shrink rather than overflow
    double r = adjustment_ratio(items, from, to, settings.width);
    if ((!justify || last) && r > 0) r = 0;
    std::vector<Piece> pieces;
    for (std::size_t i = from; i < to; ++i) {
      const auto& it = items[i];
      const auto& in = info[i];
      if (it.kind == BreakItem::Kind::penalty) continue;
      double w = it.width;
      if (it.kind == BreakItem::Kind::glue) {
        if (in.kind == InfoKind::end_glue) continue;
        w += r > 0 ? r * it.stretch : r * it.shrink;
      }
      pieces.push_back({i, w, in.level});
    }
    bool draw_hyphen = info[to].kind == InfoKind::hyphen_penalty;
    if (draw_hyphen) pieces.push_back({to, items[to].width, info[to].level});
    // visual order
    if (has_rtl && pieces.size() > 1) {
      std::vector<UBiDiLevel> lv(pieces.size());
      for (std::size_t k = 0; k < pieces.size(); ++k)
        lv[k] = pieces[k].level;
      // glue takes the lower level of its neighbours
      for (std::size_t k = 0; k < pieces.size(); ++k)
        if (items[pieces[k].item].kind == BreakItem::Kind::glue) {
          UBiDiLevel l = k > 0 ? lv[k - 1] : base_level;
          UBiDiLevel rr = k + 1 < pieces.size() ? lv[k + 1] : base_level;
          lv[k] = std::min(l, rr);
        }
      std::vector<int32_t> map(pieces.size());
      ubidi_reorderVisual(lv.data(), static_cast<int32_t>(lv.size()), map.data());
      std::vector<Piece> vis(pieces.size());
      for (std::size_t k = 0; k < pieces.size(); ++k)
        vis[k] = pieces[static_cast<std::size_t>(map[k])];
      pieces.swap(vis);
    }
    double used = 0;
    for (const auto& pc : pieces)
      used += pc.width;
    double x = 0;
    style::TextAlign align = settings.align;
    if ((base_level & 1) &&
        (align == style::TextAlign::left || (align == style::TextAlign::justify && last)))
      align = style::TextAlign::right;
    if (align == style::TextAlign::right)
      x = settings.width - used;
    else if (align == style::TextAlign::center)
      x = (settings.width - used) / 2;
    if (x < 0) x = 0;

    Line line;
    line.width = used;
    // vertical metrics
    double asc = 0, desc = 0, need = settings.line_height;
    for (const auto& pc : pieces) {
      const auto& seg = segments[info[pc.item].seg];
      const auto& m = cache.metrics(seg.font);
      asc = std::max(asc, m.ascender * seg.size + seg.baseline_shift);
      desc = std::max(desc, -m.descender * seg.size - seg.baseline_shift);
      need = std::max(need, seg.line_height);
    }
    if (pieces.empty()) {
      const auto& seg = segments[info[to].seg];
      const auto& m = cache.metrics(seg.font);
      asc = m.ascender * seg.size;
      desc = -m.descender * seg.size;
    }
    line.height = std::max(need, asc + desc);
    line.baseline = (line.height - (asc + desc)) / 2 + asc;

    // glyphs this line will hold, so that runs are allocated once and without slack (the
    // page tree keeps every line of the document until it is written)
    std::size_t line_glyphs = 0, placed = 0;
    for (const auto& pc : pieces) {
      const auto& in = info[pc.item];
      if (in.kind == InfoKind::box)
        line_glyphs += in.g1 - in.g0;
      else if (in.kind == InfoKind::glue || in.kind == InfoKind::hyphen_penalty)
        ++line_glyphs;
    }
    GlyphRun* run = nullptr;
    std::size_t run_seg = static_cast<std::size_t>(-1);
    LinkArea* link = nullptr;
    for (const auto& pc : pieces) {
      const auto& in = info[pc.item];
      const auto& seg = segments[in.seg];
      const double size = seg.size;
      if (in.kind != InfoKind::indent) {
        auto add_glyph = [&](const FlatGlyph& g, double adv, std::string_view gtext) {
          if (!run || run->font != g.font || run_seg == static_cast<std::size_t>(-1) ||
              segments[run_seg].size != size || !(run->color == seg.color) ||
              segments[run_seg].baseline_shift != seg.baseline_shift ||
              segments[run_seg].link_uri != seg.link_uri || // a link is its own run (tagging)
              segments[run_seg].link_destination != seg.link_destination) {
            line.runs.emplace_back();
            run = &line.runs.back();
            run->glyphs.reserve(line_glyphs > placed ? line_glyphs - placed : 1); // exact, one run
            run->font = g.font;
            run->size = size;
            run->color = seg.color;
            run->x = x;
            run->y = line.baseline - seg.baseline_shift;
            run_seg = in.seg;
          }
          PlacedGlyph pg;
          pg.glyph = g.glyph;
          pg.x = x - run->x + g.x_offset * size;
          pg.y_offset = g.y_offset * size;
          pg.advance = adv;
          pg.text.assign(gtext.data(), gtext.size());
          run->glyphs.push_back(std::move(pg));
          ++placed;
        };
        if (in.kind == InfoKind::box) {
          double gx = x;
          for (auto g = in.g0; g < in.g1; ++g) {
            const auto& fg = in.word->glyphs[g];
            double adv = fg.advance * size;
            std::string_view t =
                fg.text_len ? in.word_text.substr(fg.cluster, fg.text_len) : std::string_view();
            double save = x;
            x = gx;
            add_glyph(fg, adv, t);
            x = save;
            gx += adv;
          }
        } else if (in.kind == InfoKind::glue) {
          const auto& sw = cache.word(seg.font, " ", false);
          if (!sw.glyphs.empty()) add_glyph(sw.glyphs[0], pc.width, " ");
        } else if (in.kind == InfoKind::hyphen_penalty) {
          const auto& hw = cache.word(seg.font, "-", false);
          if (!hw.glyphs.empty()) add_glyph(hw.glyphs[0], pc.width, "-");
        }
      }
      // text decorations
      if ((seg.underline || seg.strike) && in.kind != InfoKind::indent) {
        const auto& m = cache.metrics(seg.font);
        double thick = std::max(0.4, m.underline_thickness * size);
        double base = line.baseline - seg.baseline_shift;
        if (seg.underline)
          line.rules.push_back(
              {x, base - m.underline_position * size - thick / 2, pc.width, thick, seg.color});
        if (seg.strike)
          line.rules.push_back(
              {x, base - m.x_height * size * 0.55 - thick / 2, pc.width, thick, seg.color});
      }
      // links
      const std::string& uri = seg.link_uri;
      const std::string& dest = seg.link_destination;
      if ((!uri.empty() || !dest.empty()) && in.kind != InfoKind::indent) {
        if (link && link->uri == uri && link->destination == dest &&
            std::abs(link->x + link->width - x) < 0.01) {
          link->width += pc.width;
        } else {
          line.links.push_back({x, 0, pc.width, line.height, uri, dest});
          link = &line.links.back();
        }
      } else if (in.kind != InfoKind::glue) {
        link = nullptr;
      }
      x += pc.width;
    }
    // anchors that start inside this line
    std::uint32_t line_end = li + 1 < br.breaks.size()
                                 ? info[to].text_begin
                                 : static_cast<std::uint32_t>(text.size() + 1);
    if (li + 1 == br.breaks.size()) line_end = static_cast<std::uint32_t>(-1);
    while (anchor_i < anchors.size() && anchors[anchor_i].first < line_end) {
      line.anchors.push_back({anchors[anchor_i].second, 0, 0});
      ++anchor_i;
    }
    result.lines.push_back(std::move(line));
    from = line_start_after(items, to);
  }
  return result;
}

} // namespace sheaf::layout
