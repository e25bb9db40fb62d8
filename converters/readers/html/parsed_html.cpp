// gumbo parse into an arena (see parsed_html.hpp).
#include "readers/html/parsed_html.hpp"

#include <algorithm>

namespace sheaf::readers::html {
namespace {

/// gumbo allocates about nine bytes per input byte; small fragments get small blocks.
std::size_t block_size_for(std::size_t text_size) {
  return std::clamp<std::size_t>(text_size * 4, std::size_t{16} << 10, std::size_t{1} << 20);
}

} // namespace

ParsedHtml::ParsedHtml(std::string text)
    : m_text(std::move(text)), m_arena(block_size_for(m_text.size())) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  options.allocator = &util::Arena::allocate_callback;
  options.deallocator = &util::Arena::deallocate_callback;
  options.userdata = &m_arena;
  // Everything gumbo allocates, the output included, comes from the arena and goes with it:
  // gumbo_destroy_output is not needed.
  m_output = gumbo_parse_with_options(&options, m_text.data(), m_text.size());
}

} // namespace sheaf::readers::html
