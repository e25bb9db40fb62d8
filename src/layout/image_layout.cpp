// Block-level image placement helpers (see image_layout.hpp).
#include "layout/image_layout.hpp"

#include <algorithm>
#include <string>

namespace sheaf::layout {
namespace {

constexpr double k_pt_per_px = 0.75;

bool blank_text(const model::Inline& in) {
  const auto* t = std::get_if<model::Text>(&in.value);
  if (t) return t->text.find_first_not_of(" \t\n\r") == std::string::npos;
  return std::holds_alternative<model::SoftBreak>(in.value) ||
         std::holds_alternative<model::LineBreak>(in.value);
}

} // namespace

bool image_drawable(const model::Resource* res) {
  return res && !res->data.empty() &&
         (res->media_type == "image/jpeg" || res->media_type == "image/png" ||
          res->media_type == "image/gif" || res->media_type == "image/svg+xml");
}

const model::Image* lone_image(const model::Inlines& content, std::string& link_url) {
  link_url.clear();
  const model::Image* found = nullptr;
  for (const auto& in : content) {
    if (blank_text(in)) continue;
    if (found) return nullptr;
    if (const auto* img = std::get_if<model::Image>(&in.value)) {
      found = img;
    } else if (const auto* link = std::get_if<model::Link>(&in.value)) {
      std::string inner;
      found = lone_image(link->content, inner);
      if (!found || !inner.empty()) return nullptr;
      link_url = link->url;
    } else {
      return nullptr;
    }
  }
  return found;
}

ImageSize fit_image(const model::Image& img, const model::Resource& res, double max_width,
                    double max_height) {
  // aspect ratio (height / width): pixels first, then the declared size, else square
  double aspect = 1;
  if (res.width > 0 && res.height > 0)
    aspect = static_cast<double>(res.height) / res.width;
  else if (img.width > 0 && img.height > 0)
    aspect = static_cast<double>(img.height) / img.width;
  double w = 0;
  if (img.width > 0)
    w = img.width * k_pt_per_px;
  else if (img.height > 0)
    w = img.height * k_pt_per_px / aspect;
  else if (res.width > 0)
    w = res.width * k_pt_per_px;
  else
    w = max_width;
  ImageSize s;
  s.width = std::min(w, max_width);
  s.height = s.width * aspect;
  if (s.height > max_height) {
    s.height = max_height;
    s.width = s.height / aspect;
  }
  return s;
}

} // namespace sheaf::layout

namespace sheaf::layout {

bool keep_boxes_together(std::vector<VBox>& boxes, std::size_t first, double page_height) {
  double total = 0;
  std::size_t start = boxes.size();
  for (std::size_t i = first; i < boxes.size(); ++i) {
    if (start == boxes.size() && boxes[i].discardable) continue;
    if (start == boxes.size()) start = i;
    total += boxes[i].height;
  }
  if (start == boxes.size() || total > page_height) return false;
  for (std::size_t i = start + 1; i < boxes.size(); ++i) {
    boxes[i].break_before = false;
    boxes[i].force_break_before = false;
  }
  return true;
}

} // namespace sheaf::layout

namespace sheaf::layout {
namespace {

/// Page of each box (-1: dropped at a page top) and the used height of each page, from a
/// dry run of the paginator on item-less copies.
void simulate(const std::vector<VBox>& boxes, const PageGeometry& g, std::vector<int>& page_of,
              std::vector<double>& used) {
  std::vector<VBox> copy;
  copy.reserve(boxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    VBox b;
    b.height = boxes[i].height;
    b.discardable = boxes[i].discardable;
    b.break_before = boxes[i].break_before;
    b.force_break_before = boxes[i].force_break_before;
    b.items.push_back(Destination{std::to_string(i), 0, 0});
    copy.push_back(std::move(b));
  }
  std::vector<OutlineEntry> outline;
  auto pages = paginate(copy, g, outline);
  page_of.assign(boxes.size(), -1);
  used.assign(pages.size(), 0);
  for (std::size_t p = 0; p < pages.size(); ++p)
    for (const auto& item : pages[p].items)
      if (const auto* d = std::get_if<Destination>(&item)) {
        std::size_t i = std::stoul(d->name);
        page_of[i] = static_cast<int>(p);
        used[p] = std::max(used[p], d->y - g.top + boxes[i].height);
      }
}

} // namespace

void float_images(std::vector<VBox>& boxes, std::vector<FloatRange>& floats,
                  const PageGeometry& geometry, double min_gap) {
  const double avail = geometry.content_height();
  for (std::size_t f = 0; f < floats.size(); ++f) {
    const std::size_t b = floats[f].begin, e = floats[f].end;
    if (b == 0 || e <= b || e > boxes.size() || !boxes[b].break_before ||
        boxes[b].force_break_before)
      continue;
    std::vector<int> page_of;
    std::vector<double> used;
    simulate(boxes, geometry, page_of, used);
    const int p = page_of[b];
    if (p <= 0 || page_of[b - 1] != p - 1) continue; // not pushed to the next page
    const double gap = avail - used[static_cast<std::size_t>(p - 1)];
    if (gap < min_gap) continue;
    // the longest run of following boxes that fits the gap and ends at a permitted break
    double total = 0;
    std::size_t last = e; // one past the last box to move
    for (std::size_t k = e; k < boxes.size(); ++k) {
      if (boxes[k].force_break_before) break;
      bool starts_float = false;
      for (const auto& other : floats)
        starts_float = starts_float || other.begin == k;
      if (starts_float) break;
      total += boxes[k].height;
      if (total > gap) break;
      if (k + 1 == boxes.size() || boxes[k + 1].break_before) last = k + 1;
    }
    if (last == e) continue;
    bool moved_content = false;
    for (std::size_t k = e; k < last; ++k)
      moved_content = moved_content || !boxes[k].discardable;
    if (!moved_content) continue;
    const bool float_break = boxes[b].break_before;
    std::rotate(boxes.begin() + static_cast<std::ptrdiff_t>(b),
                boxes.begin() + static_cast<std::ptrdiff_t>(e),
                boxes.begin() + static_cast<std::ptrdiff_t>(last));
    const std::size_t moved = last - e;
    boxes[b].break_before = float_break;
    boxes[b + moved].break_before = true; // the float may start a page
    floats[f].begin = b + moved;
    floats[f].end = e + moved;
  }
}

} // namespace sheaf::layout
