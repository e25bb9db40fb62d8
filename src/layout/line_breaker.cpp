// Knuth–Plass total-fit line breaking (after "Breaking Paragraphs into Lines", 1981) and a
// greedy first-fit fallback, over a generic box/glue/penalty list.
#include "layout/line_breaker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sheaf::layout {
namespace {

using Kind = BreakItem::Kind;

struct Node {
  std::size_t pos; ///< break item index (npos-like SIZE_MAX for the start)
  int line;
  int fitness;
  double w, y, z; ///< totals after the break
  double demerits;
  long prev; ///< index into nodes, -1 for none
  bool flagged;
};

bool is_legal_break(const std::vector<BreakItem>& items, std::size_t i) {
  const auto& it = items[i];
  if (it.kind == Kind::penalty) return it.penalty < k_infinite_penalty;
  if (it.kind == Kind::glue) return i > 0 && items[i - 1].kind == Kind::box;
  return false;
}

int fitness_class(double r) {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

} // namespace

bool try_total_fit_pass(const std::vector<BreakItem>& items, const BreakParams& p, double tolerance,
                        std::vector<std::size_t>& out) {
  const std::size_t n = items.size();
  std::vector<double> sw(n + 1, 0), sy(n + 1, 0), sz(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& it = items[i];
    bool counts = it.kind != Kind::penalty;
    sw[i + 1] = sw[i] + (counts ? it.width : 0);
    sy[i + 1] = sy[i] + (it.kind == Kind::glue ? it.stretch : 0);
    sz[i + 1] = sz[i] + (it.kind == Kind::glue ? it.shrink : 0);
  }
  std::vector<Node> nodes;
  nodes.push_back({std::numeric_limits<std::size_t>::max(), 0, 1, 0, 0, 0, 0, -1, false});
  std::vector<std::size_t> active{0};
  const double inf = std::numeric_limits<double>::infinity();

  for (std::size_t b = 0; b < n; ++b) {
    if (!is_legal_break(items, b)) continue;
    const auto& item = items[b];
    bool forced = item.kind == Kind::penalty && item.penalty <= -k_infinite_penalty;
    double best[4] = {inf, inf, inf, inf};
    long best_node[4] = {-1, -1, -1, -1};
    double best_ratio[4] = {0, 0, 0, 0};
    std::vector<std::size_t> still;
    still.reserve(active.size());
    for (std::size_t ai : active) {
      const Node& a = nodes[ai];
      double len = sw[b] - a.w + (item.kind == Kind::penalty ? item.width : 0);
      double r;
      if (len < p.line_width) {
        double st = sy[b] - a.y;
        r = st > 0 ? (p.line_width - len) / st : inf;
      } else if (len > p.line_width) {
        double sh = sz[b] - a.z;
        r = sh > 0 ? (p.line_width - len) / sh : -inf;
      } else {
        r = 0;
      }
      bool deactivate = r < -1 || forced;
      if (!deactivate) still.push_back(ai);
      if (r < -1 || r > tolerance) {
        if (!(std::isinf(r) && r > 0 && tolerance >= 1e9)) continue;
      }
      double badness =
          std::isinf(r) ? 10000.0 : std::min(10000.0, 100.0 * std::pow(std::abs(r), 3));
      double base = p.line_penalty + badness;
      double d = base * base;
      if (item.kind == Kind::penalty) {
        if (item.penalty >= 0)
          d += double(item.penalty) * item.penalty;
        else if (item.penalty > -k_infinite_penalty)
          d -= double(item.penalty) * item.penalty;
      }
      bool flagged = item.kind == Kind::penalty && item.flagged;
      if (flagged && a.flagged) d += p.flagged_demerits;
      int fc = std::isinf(r) ? 3 : fitness_class(r);
      if (std::abs(fc - a.fitness) > 1) d += p.fitness_demerits;
      d += a.demerits;
      if (d < best[fc]) {
        best[fc] = d;
        best_node[fc] = static_cast<long>(ai);
        best_ratio[fc] = r;
      }
    }
    active.swap(still);
    double min_d = *std::min_element(best, best + 4);
    if (min_d < inf) {
      // totals after the break: skip glue and penalties up to the next box
      std::size_t after = b;
      if (items[after].kind != Kind::box) ++after;
      while (after < n && items[after].kind != Kind::box &&
             !(items[after].kind == Kind::penalty && items[after].penalty <= -k_infinite_penalty))
        ++after;
      for (int fc = 0; fc < 4; ++fc) {
        if (best_node[fc] < 0 || best[fc] > min_d + p.fitness_demerits) continue;
        const Node& from = nodes[static_cast<std::size_t>(best_node[fc])];
        Node nn{b,         from.line + 1, fc,
                sw[after], sy[after],     sz[after],
                best[fc],  best_node[fc], item.kind == Kind::penalty && item.flagged};
        (void)best_ratio;
        nodes.push_back(nn);
        active.push_back(nodes.size() - 1);
      }
    }
    if (active.empty()) return false;
  }
  // choose the best node ending at the last item
  long best = -1;
  for (std::size_t ai : active)
    if (nodes[ai].pos == n - 1 &&
        (best < 0 || nodes[ai].demerits < nodes[static_cast<std::size_t>(best)].demerits))
      best = static_cast<long>(ai);
  if (best < 0) return false;
  out.clear();
  for (long k = best; k > 0; k = nodes[static_cast<std::size_t>(k)].prev)
    out.push_back(nodes[static_cast<std::size_t>(k)].pos);
  std::reverse(out.begin(), out.end());
  return true;
}

std::size_t line_start_after(const std::vector<BreakItem>& items, std::size_t b) {
  std::size_t i = b + 1;
  while (i < items.size() && items[i].kind != Kind::box &&
         !(items[i].kind == Kind::penalty && items[i].penalty <= -k_infinite_penalty))
    ++i;
  return i;
}

double adjustment_ratio(const std::vector<BreakItem>& items, std::size_t first, std::size_t to,
                        double line_width) {
  double len = 0, st = 0, sh = 0;
  for (std::size_t i = first; i < to && i < items.size(); ++i) {
    const auto& it = items[i];
    if (it.kind == Kind::penalty) continue;
    len += it.width;
    if (it.kind == Kind::glue) {
      st += it.stretch;
      sh += it.shrink;
    }
  }
  if (to < items.size() && items[to].kind == Kind::penalty) len += items[to].width;
  if (len < line_width) return st > 0 ? (line_width - len) / st : 0;
  if (len > line_width) return sh > 0 ? std::max(-1.0, (line_width - len) / sh) : 0;
  return 0;
}

BreakResult break_total_fit(const std::vector<BreakItem>& items, const BreakParams& params) {
  BreakResult res;
  if (items.empty() || items.size() < 2) return res;
  const double passes[] = {1.0, params.tolerance, 1e10};
  for (double tol : passes) {
    if (try_total_fit_pass(items, params, tol, res.breaks)) {
      res.total_fit = true;
      return res;
    }
  }
  res.breaks.clear();
  return res;
}

BreakResult break_first_fit(const std::vector<BreakItem>& items, const BreakParams& params) {
  BreakResult res;
  const std::size_t n = items.size();
  if (n == 0) return res;
  std::size_t start = 0;
  while (start < n) {
    double len = 0, shrink = 0;
    std::size_t last_ok = n; // last legal break that fits
    std::size_t i = start;
    std::size_t chosen = n;
    bool has_box = false;
    for (; i < n; ++i) {
      const auto& it = items[i];
      if (is_legal_break(items, i)) {
        double with = len + (it.kind == Kind::penalty ? it.width : 0);
        double fit = params.ragged ? with : with - shrink;
        if (it.kind == Kind::penalty && it.penalty <= -k_infinite_penalty) {
          chosen = (fit <= params.line_width || last_ok == n) ? i : last_ok;
          break;
        }
        if (fit <= params.line_width) {
          if (has_box) last_ok = i;
        } else {
          chosen = last_ok != n ? last_ok : i; // nothing fits: overfull line
          break;
        }
      }
      if (it.kind == Kind::box) has_box = true;
      if (it.kind != Kind::penalty) {
        len += it.width;
        if (it.kind == Kind::glue) shrink += it.shrink;
      }
    }
    if (chosen == n) chosen = n - 1;
    res.breaks.push_back(chosen);
    if (chosen >= n - 1) break;
    start = line_start_after(items, chosen);
  }
  if (res.breaks.empty() || res.breaks.back() != n - 1) res.breaks.push_back(n - 1);
  return res;
}

} // namespace sheaf::layout
