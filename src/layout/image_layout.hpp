// Block-level image placement: which images the PDF can draw, which paragraphs are a lone
// image, and the size of an image box fitted into the column and the page.
#pragma once

#include "model/document.hpp"
#include "model/resource_store.hpp"

#include <string>

namespace sheaf::layout {

/// Size of a fitted image box, points.
struct ImageSize {
  double width = 0, height = 0;
};

/// True when the emitter can embed `res` (JPEG passthrough, PNG, GIF first frame, SVG
/// rasterized); false for missing resources and other types, which are set as alt text.
bool image_drawable(const model::Resource* res);

/// The image of a paragraph whose only content is one image (ignoring white space), possibly
/// wrapped in a link (`link_url` receives its target, else is cleared); nullptr otherwise.
const model::Image* lone_image(const model::Inlines& content, std::string& link_url);

/// Fits `img` (declared size in CSS px, 1 px = 0.75 pt; pixel size of `res`) into a box at
/// most `max_width` wide and `max_height` tall, keeping the aspect ratio. The natural size is
/// the declared width/height when given, else the pixel size; it is never enlarged.
ImageSize fit_image(const model::Image& img, const model::Resource& res, double max_width,
                    double max_height);

} // namespace sheaf::layout

#include "layout/paginator.hpp"

#include <vector>

namespace sheaf::layout {

/// Forbids page breaks inside boxes[first..] (a figure: image and caption on one page) when
/// they fit on one page of height `page_height`; leaves them breakable otherwise. Returns
/// whether they were kept together.
bool keep_boxes_together(std::vector<VBox>& boxes, std::size_t first, double page_height);

} // namespace sheaf::layout
