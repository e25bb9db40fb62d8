// EPUB 3 writer: assigns ids, chunks the document, serializes each chunk through the XHTML
// serializer, computes metadata (identifier, accessibility) from the content and packs the
// whole publication into an OCF zip in memory.
#include "writers/epub/epub_writer.hpp"

#include "diag/error.hpp"
#include "model/walk.hpp"
#include "style/embedded_styles.hpp"
#include "transform/chunk.hpp"
#include "transform/heading_levels.hpp"
#include "transform/ids.hpp"
#include "transform/notes.hpp"
#include "util/clock.hpp"
#include "util/sha256.hpp"
#include "util/utf8.hpp"
#include "writers/epub/ocf_archive.hpp"
#include "writers/epub/package_documents.hpp"
#include "writers/xhtml/link_policy.hpp"
#include "writers/xhtml/xhtml_serializer.hpp"

#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <tinyxml2.h>

namespace sheaf::writers {
namespace {

constexpr const char* k_opf_dir = "EPUB/";
constexpr const char* k_title_page = "title.xhtml";

/// File extension for the media types an EPUB 3.2 reading system must support, else "".
std::string core_image_extension(const std::string& media_type) {
  if (media_type == "image/jpeg") return "jpg";
  if (media_type == "image/png") return "png";
  if (media_type == "image/gif") return "gif";
  if (media_type == "image/svg+xml") return "svg";
  return {};
}

/// `tag` if it is a well-formed BCP 47 tag (after '_' -> '-'), else "".
std::string normalize_language(const std::string& tag) {
  std::string t(util::trim(tag));
  for (char& c : t)
    if (c == '_') c = '-';
  std::size_t pos = 0;
  bool first = true;
  while (pos <= t.size()) {
    std::size_t end = t.find('-', pos);
    if (end == std::string::npos) end = t.size();
    std::size_t len = end - pos;
    if (len == 0 || len > 8) return {};
    for (std::size_t i = pos; i < end; ++i) {
      auto c = static_cast<unsigned char>(t[i]);
      if (first ? !std::isalpha(c) : !std::isalnum(c)) return {};
    }
    if (first && len < 2 && t[pos] != 'x' && t[pos] != 'i') return {};
    first = false;
    pos = end + 1;
  }
  return t;
}

/// "urn:uuid:" + a version-5-style UUID built from the SHA-256 of `content`.
std::string content_uuid(const std::string& content) {
  auto d = util::sha256(content);
  d[6] = static_cast<std::uint8_t>((d[6] & 0x0F) | 0x50);
  d[8] = static_cast<std::uint8_t>((d[8] & 0x3F) | 0x80);
  std::string out = "urn:uuid:";
  char buf[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(buf, sizeof buf, "%02x", d[static_cast<std::size_t>(i)]);
    out += buf;
  }
  return out;
}

std::string printed(const tinyxml2::XMLPrinter& p) {
  return std::string(p.CStr(), p.CStrSize() - 1);
}

/// A packaged image: where it goes and what it is.
struct PackagedImage {
  std::string item_id;
  std::string href; ///< relative to the package document ("images/r12.png")
  const model::Resource* resource = nullptr;
};

std::string theme_css(const format::WriteOptions& options) {
  std::string css;
  bool found = false;
  std::string names;
  for (const auto& s : style::embedded_styles()) {
    if (s.name == options.style) {
      css = std::string(s.css);
      found = true;
    }
    names += (names.empty() ? "" : ", ") + std::string(s.name);
  }
  if (!found)
    throw diag::Error(diag::ErrorKind::usage, "unknown-style",
                      "unknown style '" + options.style + "' (available: " + names + ")");
  for (const auto& user : options.user_css) {
    if (!css.empty() && css.back() != '\n') css += '\n';
    css += "\n/* user stylesheet */\n" + user;
  }
  if (!css.empty() && css.back() != '\n') css += '\n';
  return css;
}

std::string title_page(const model::Metadata& meta, const std::string& date,
                       const std::string& stylesheet, const PackagedImage* cover) {
  tinyxml2::XMLPrinter p(nullptr, true);
  open_xhtml_document(p, meta.title, meta.language, {stylesheet}, "frontmatter");
  auto leaf = [&p](const char* name, const char* cls, const std::string& text) {
    p.OpenElement(name, true);
    p.PushAttribute("class", cls);
    std::string clean = util::strip_xml_invalid(text);
    p.PushText(clean.c_str());
    p.CloseElement(true);
    p.PushText("\n");
  };
  p.OpenElement("section", true);
  p.PushAttribute("class", "titlepage");
  p.PushAttribute("epub:type", "titlepage");
  p.PushText("\n");
  if (cover) {
    p.OpenElement("div", true);
    p.PushAttribute("class", "cover");
    p.OpenElement("img", true);
    p.PushAttribute("src", cover->href.c_str());
    std::string alt = util::strip_xml_invalid("Cover: " + meta.title);
    p.PushAttribute("alt", alt.c_str());
    p.CloseElement(true);
    p.CloseElement(true);
    p.PushText("\n");
  }
  leaf("h1", "title", meta.title);
  if (!meta.subtitle.empty()) leaf("p", "subtitle", meta.subtitle);
  std::string authors;
  for (const auto& a : meta.authors) {
    if (util::trim(a).empty()) continue;
    if (!authors.empty()) authors += ", ";
    authors += a;
  }
  if (!authors.empty()) leaf("p", "author", authors);
  if (!date.empty()) leaf("p", "date", date);
  if (!meta.site_name.empty()) leaf("p", "publisher", meta.site_name);
  if (!meta.source_url.empty()) {
    LinkDecision d = decide_link(meta.source_url, "");
    p.OpenElement("p", true);
    p.PushAttribute("class", "source");
    std::string url = util::strip_xml_invalid(meta.source_url);
    if (d.action == LinkAction::keep) {
      p.OpenElement("a", true);
      p.PushAttribute("href", d.href.c_str());
      p.PushText(url.c_str());
      p.CloseElement(true);
    } else {
      p.PushText(url.c_str());
    }
    p.CloseElement(true);
    p.PushText("\n");
  }
  p.CloseElement(true); // section
  p.PushText("\n");
  close_xhtml_document(p);
  return printed(p);
}

} // namespace

std::string EpubWriter::write(const model::Document& input, const format::WriteOptions& options,
                              diag::DiagnosticSink& sink) const {
  model::Document doc = input;
  transform::assign_ids(doc);
  transform::close_heading_gaps(doc.blocks);

  // ---- metadata
  model::Metadata meta = doc.meta;
  std::string language = normalize_language(meta.language);
  if (language.empty()) {
    sink.emit("language-unknown",
              meta.language.empty()
                  ? "the document language is unknown; 'en' is assumed (use --lang)"
                  : "'" + meta.language + "' is not a language tag; 'en' is used (use --lang)");
    language = "en";
  }
  meta.language = language;
  const transform::Chunking chunking = transform::chunk_document(doc, options.split_level);
  if (util::trim(meta.title).empty())
    meta.title = !chunking.toc.empty() ? chunking.toc.front().title : "Untitled";
  std::string date = normalize_date(meta.date);
  if (!meta.date.empty() && date.empty())
    sink.emit("invalid-date", "'" + meta.date + "' is not an ISO 8601 date; it is left out");

  // ---- images: every resource an Image refers to, plus the cover
  std::map<std::string, PackagedImage> images;
  std::set<std::string> unsupported;
  auto package = [&](const std::string& id) -> const PackagedImage* {
    if (auto it = images.find(id); it != images.end()) return &it->second;
    const model::Resource* r = doc.resources.find(id);
    if (!r) return nullptr;
    std::string ext = core_image_extension(r->media_type);
    if (ext.empty()) {
      if (unsupported.insert(id).second)
        sink.emit("unsupported-image", "an image of type '" + r->media_type + "' (" + r->name_hint +
                                           ") cannot go into an EPUB 3.2 without a fallback; "
                                           "its alt text is used");
      return nullptr;
    }
    PackagedImage img{"img-" + id, "images/" + id + "." + ext, r};
    return &images.emplace(id, img).first->second;
  };
  AccessibilityFacts facts;
  model::walk(
      doc.blocks,
      [&facts](const model::Block& b) {
        if (std::holds_alternative<model::Heading>(b.value)) facts.headings = true;
        if (std::holds_alternative<model::Table>(b.value)) facts.tables = true;
      },
      [&](const model::Inline& i) {
        const auto* img = std::get_if<model::Image>(&i.value);
        if (!img || img->resource.empty() || !package(img->resource)) return;
        ++facts.images;
        if (!util::trim(img->alt).empty()) ++facts.images_with_alt;
      });
  const PackagedImage* cover = meta.cover_image.empty() ? nullptr : package(meta.cover_image);
  if (!meta.cover_image.empty() && !cover && !doc.resources.find(meta.cover_image))
    sink.emit("resource-not-found",
              "the cover image '" + meta.cover_image + "' is not among the document's resources");
  if (cover) {
    ++facts.images; // shown on the title page, with the title as alt text
    ++facts.images_with_alt;
  }
  facts.chapters = static_cast<int>(chunking.chunks.size());

  // ---- content documents
  std::string css = theme_css(options);
  const std::string css_href = "styles/" + options.style + ".css";
  const transform::NoteNumbering notes = transform::number_notes(doc.blocks);
  // The container, in a fixed order. Chapters go in as soon as they are printed, so that the
  // archive's workers deflate them while the next ones are printed; the package documents
  // (which need every chapter) fill their places afterwards.
  long long epoch = options.source_date_epoch >= 0 ? options.source_date_epoch : util::now_epoch();
  OcfArchive zip(epoch);
  zip.add("mimetype", "application/epub+zip", false);
  zip.add("META-INF/container.xml", container_xml(std::string(k_opf_dir) + "content.opf"));
  const std::size_t opf_entry = zip.add(std::string(k_opf_dir) + "content.opf", {});
  const std::size_t nav_entry = zip.add(std::string(k_opf_dir) + "nav.xhtml", {});
  const std::size_t ncx_entry = zip.add(std::string(k_opf_dir) + "toc.ncx", {});
  const std::size_t title_entry = zip.add(std::string(k_opf_dir) + k_title_page, {});
  std::vector<std::pair<std::string, std::size_t>> chapters; // file name, archive entry
  for (std::size_t c = 0; c < chunking.chunks.size(); ++c) {
    const transform::Chunk& chunk = chunking.chunks[c];
    XhtmlContext ctx;
    ctx.internal_href = [&chunking, c](const std::string& id) { return chunking.href_for(id, c); };
    ctx.resource_href = [&](const std::string& id) {
      auto it = images.find(id);
      return it == images.end() ? std::string() : it->second.href;
    };
    ctx.base_url = meta.source_url;
    ctx.notes = &notes;
    tinyxml2::XMLPrinter printer(nullptr, true);
    open_xhtml_document(printer, chunk.title, language, {css_href}, "bodymatter");
    XhtmlSerializer serializer(printer, ctx, sink);
    for (std::size_t i = chunk.begin; i < chunk.end; ++i)
      serializer.write_block(doc.blocks[i]);
    serializer.write_notes();
    close_xhtml_document(printer);
    chapters.emplace_back(chunk.file_name,
                          zip.add(std::string(k_opf_dir) + chunk.file_name, printed(printer)));
  }
  zip.add(std::string(k_opf_dir) + css_href, css);
  for (const auto& [id, img] : images) {
    bool compressed_format = img.resource->media_type != "image/svg+xml";
    zip.add(std::string(k_opf_dir) + img.href, img.resource->data, !compressed_format);
  }
  zip.set_data(title_entry, title_page(meta, date, css_href, cover));

  // ---- identifier: given, or derived from the content
  std::string identifier(util::trim(meta.identifier));
  if (identifier.empty()) {
    std::string content = meta.title + '\n' + language + '\n';
    for (const auto& a : meta.authors)
      content += a + '\n';
    for (const auto& ch : chapters)
      content += zip.data(ch.second);
    for (const auto& [id, img] : images)
      content += id + '\n';
    identifier = content_uuid(content);
  }

  // ---- package plan
  PackagePlan plan;
  plan.meta = meta;
  plan.identifier = identifier;
  plan.modified = util::iso8601_utc(epoch);
  plan.date = date;
  plan.title_page_href = k_title_page;
  plan.body_start_href = chapters.empty() ? std::string() : chapters.front().first;
  plan.stylesheets = {css_href};
  plan.a11y = facts;
  plan.right_to_left = is_rtl_language(language);
  plan.items.push_back({"titlepage", k_title_page, "application/xhtml+xml", "", true});
  // in the spine (non-linear) because the landmarks link to it
  plan.items.push_back({"nav", "nav.xhtml", "application/xhtml+xml", "nav", true, false});
  for (std::size_t c = 0; c < chapters.size(); ++c) {
    std::string id = chapters[c].first.substr(0, chapters[c].first.find('.'));
    plan.items.push_back({id, chapters[c].first, "application/xhtml+xml", "", true});
  }
  plan.items.push_back({"css", css_href, "text/css", "", false});
  for (const auto& [id, img] : images) {
    bool is_cover = cover && cover->item_id == img.item_id;
    plan.items.push_back(
        {img.item_id, img.href, img.resource->media_type, is_cover ? "cover-image" : "", false});
  }
  plan.items.push_back({"ncx", "toc.ncx", "application/x-dtbncx+xml", "", false});
  if (cover) plan.cover_item = cover->item_id;
  for (const auto& e : chunking.toc)
    plan.toc.push_back({e.level, e.title, chunking.chunks[e.chunk].file_name + "#" + e.id});
  if (plan.toc.empty())
    for (const auto& c : chunking.chunks)
      plan.toc.push_back({1, c.title, c.file_name});

  // ---- the package documents, in their places
  zip.set_data(opf_entry, package_opf(plan));
  zip.set_data(nav_entry, nav_xhtml(plan));
  zip.set_data(ncx_entry, toc_ncx(plan));
  return zip.finish();
}

} // namespace sheaf::writers
