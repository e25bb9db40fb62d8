// Media type sniffing from bytes (never from names) and image pixel sizes.
#pragma once

#include <string>
#include <string_view>

namespace sheaf::util {

/// "image/jpeg", "image/png", "image/gif", "image/svg+xml", "image/webp", or "" when unknown.
std::string sniff_media_type(std::string_view bytes);

/// Pixel size of a JPEG/PNG/GIF/WebP image, or the CSS px size of an SVG (width/height or
/// viewBox of its root element); false when it cannot be read.
bool image_size(std::string_view bytes, int& width, int& height);

} // namespace sheaf::util
