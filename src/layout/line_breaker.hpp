// Line breaking over boxes, glue and penalties: Knuth–Plass total fit (fitness classes,
// flagged-penalty demerits, several tolerance passes) and a first-fit fallback.
#pragma once

#include <cstddef>
#include <vector>

namespace sheaf::layout {

/// Penalty value that forces a break; its negation forbids one.
constexpr int k_infinite_penalty = 10000;

/// One element of the Knuth–Plass item list (widths in pt).
struct BreakItem {
  enum class Kind { box, glue, penalty };
  Kind kind = Kind::box;
  double width = 0;
  double stretch = 0;   ///< glue only
  double shrink = 0;    ///< glue only
  int penalty = 0;      ///< penalty only; <= -k_infinite_penalty forces, >= forbids
  bool flagged = false; ///< a hyphen break (consecutive ones cost extra)

  static BreakItem box(double w) { return {Kind::box, w, 0, 0, 0, false}; }
  static BreakItem glue(double w, double st, double sh) {
    return {Kind::glue, w, st, sh, 0, false};
  }
  static BreakItem pen(double w, int p, bool flagged) {
    return {Kind::penalty, w, 0, 0, p, flagged};
  }
};

/// Tuning of the total-fit algorithm (TeX's defaults where they exist).
struct BreakParams {
  double line_width = 400;
  double tolerance = 2.0; ///< largest adjustment ratio of a feasible line
  double line_penalty = 10;
  double flagged_demerits = 3000; ///< two hyphenated lines in a row
  double fitness_demerits = 100;  ///< adjacent lines in very different fitness classes
  bool ragged = false;            ///< do not measure stretch (first-fit semantics)
};

/// Result of breaking: the item indexes where lines end (each a glue or penalty; the last is
/// the final item), and whether the total-fit algorithm produced it.
struct BreakResult {
  std::vector<std::size_t> breaks;
  bool total_fit = false;
};

/// Knuth–Plass total fit. Tries tolerance 1, then `params.tolerance`, then any ratio; returns
/// an empty result only if no break sequence exists (some box wider than the line).
BreakResult break_total_fit(const std::vector<BreakItem>& items, const BreakParams& params);

/// One total-fit pass at `tolerance` (largest adjustment ratio; >= 1e9 accepts any line that
/// is not overfull). Returns false when no feasible break sequence exists.
bool try_total_fit_pass(const std::vector<BreakItem>& items, const BreakParams& params,
                        double tolerance, std::vector<std::size_t>& breaks);

/// Greedy first fit: each line takes as many items as fit at natural width (shrink allowed
/// unless ragged). Always succeeds; a too-wide box makes its own overfull line.
BreakResult break_first_fit(const std::vector<BreakItem>& items, const BreakParams& params);

/// Adjustment ratio of the line made of items (from, to] … where `from` is the previous break
/// (or npos for the first line); the item at `to` is the break itself.
double adjustment_ratio(const std::vector<BreakItem>& items, std::size_t first, std::size_t to,
                        double line_width);

/// Index of the first item of a line following a break at `b` (glue and non-forced penalties
/// after a break are discarded).
std::size_t line_start_after(const std::vector<BreakItem>& items, std::size_t b);

} // namespace sheaf::layout
