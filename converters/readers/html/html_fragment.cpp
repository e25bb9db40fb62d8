// Raw HTML fragments from other readers through the HTML element mapping.

#include "readers/html/html_fragment.hpp"

#include "readers/html/dom.hpp"
#include "readers/html/element_mapping.hpp"
#include "readers/html/html_reader.hpp"
#include "readers/html/parsed_html.hpp"
#include "readers/html/resources.hpp"

#include <gumbo.h>

namespace sheaf::readers {
void append_html_fragment(std::string_view html, model::DocumentBuilder& builder,
                          const format::ReadOptions& options, diag::DiagnosticSink& sink,
                          int first_line) {
  using namespace html;
  std::size_t dropped = 0;
  std::string text = limit_nesting(html, max_parse_depth, dropped);
  if (dropped > 0)
    sink.emit("nesting-too-deep",
              std::to_string(dropped) + " raw HTML tags nested too deeply were flattened",
              {options.display_name, first_line, 0});

  const html::ParsedHtml parsed(std::move(text));
  const GumboNode* document = parsed.document();
  if (!document) return;
  const GumboNode* body = find_first(document, GUMBO_TAG_BODY);
  if (!body) return;
  const NodeSet removed;
  ResourceLoader loader(options, builder.resources(), sink);
  ElementMapper mapper(document, builder, loader, sink, removed,
                       transform::quote_style_for(options.language));
  mapper.set_line_offset(first_line > 1 ? first_line - 1 : 0);
  mapper.convert(body);
  mapper.report_skipped();
  loader.report_summary();
}

} // namespace sheaf::readers
