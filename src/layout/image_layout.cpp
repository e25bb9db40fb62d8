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
