// The Markdown reader: decoding, front matter, cmark-gfm parsing, and the tree walk.

#include "readers/markdown/markdown_reader.hpp"

#include "model/builder.hpp"
#include "readers/html/resources.hpp"
#include "readers/markdown/cmark_walker.hpp"
#include "readers/markdown/front_matter.hpp"
#include "util/decode.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <memory>
#include <mutex>

namespace sheaf::readers {
namespace {

/// Owns a cmark parser and the document it produced.
struct CmarkDocument {
  cmark_parser* parser = nullptr;
  cmark_node* root = nullptr;
  CmarkDocument() = default;
  CmarkDocument(const CmarkDocument&) = delete;
  CmarkDocument& operator=(const CmarkDocument&) = delete;
  ~CmarkDocument() {
    if (root) cmark_node_free(root);
    if (parser) cmark_parser_free(parser);
  }
};

/// Parse with the GFM extensions we support. Raw HTML is kept (CMARK_OPT_UNSAFE) because it is
/// mapped or reduced to text by us, never passed through.
void parse(std::string_view text, CmarkDocument& doc) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  doc.parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE |
                                CMARK_OPT_VALIDATE_UTF8);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(doc.parser, ext);
  }
  cmark_parser_feed(doc.parser, text.data(), text.size());
  doc.root = cmark_parser_finish(doc.parser);
}

} // namespace

model::Document MarkdownReader::read(std::string_view bytes, const format::ReadOptions& options,
                                     diag::DiagnosticSink& sink) const {
  const std::string& name = options.display_name;
  util::DecodedText decoded = util::decode_text(bytes, name, sink);
  std::string text = std::move(decoded.text);
  model::DocumentBuilder builder(name);

  // Images (body and cover) load through the HTML reader's loader: one sandbox for both formats.
  html::ResourceLoader images(options, builder.resources(), sink);

  FrontMatterBlock fm = find_front_matter(text);
  if (fm.found) {
    auto resolve_cover = [&](const std::string& ref, int line) {
      return images.load_image(ref, {name, line, 0}).resource;
    };
    FrontMatterResult result = parse_front_matter(fm, name, builder.meta(), resolve_cover, sink);
    if (result != FrontMatterResult::not_yaml) {
      // Blank lines instead of the block: Markdown ignores them and line numbers stay right.
      text.replace(0, fm.end, std::string(static_cast<std::size_t>(fm.line_count), '\n'));
    }
  }

  if (!fm.found) {
    int lines = 0;
    if (std::size_t covered = read_title_block(text, builder.meta(), lines))
      text.replace(0, covered, std::string(static_cast<std::size_t>(lines), '\n'));
  }

  std::optional<transform::Smartener> smart;
  if (options.smart) {
    const std::string& lang = options.language.empty() ? builder.meta().language : options.language;
    smart.emplace(transform::quote_style_for(lang));
  }

  CmarkDocument doc;
  parse(text, doc);
  CmarkWalker walker(text, builder, options, images, sink, std::move(smart));
  walker.walk_document(doc.root);
  images.report_summary();
  return builder.finish();
}

} // namespace sheaf::readers
