// Package documents of an EPUB 3 publication (see package_documents.hpp), written through
// tinyxml2's XMLPrinter in compact mode with one line per element for readability.
#include "writers/epub/package_documents.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <memory>
#include <tinyxml2.h>

namespace sheaf::writers {
namespace {

/// A printer with small helpers: elements with attributes and text, newline between them.
class Xml {
public:
  Xml() : m_printer(nullptr, true) {
    m_printer.PushDeclaration("xml version=\"1.0\" encoding=\"UTF-8\"");
    nl();
  }

  void open(const char* name,
            std::initializer_list<std::pair<const char*, std::string>> attrs = {}) {
    m_printer.OpenElement(name, true);
    for (const auto& [k, v] : attrs) {
      std::string clean = util::strip_xml_invalid(v);
      m_printer.PushAttribute(k, clean.c_str());
    }
  }
  void close() { m_printer.CloseElement(true); }
  void text(const std::string& t) {
    std::string clean = util::strip_xml_invalid(t);
    m_printer.PushText(clean.c_str());
  }
  void nl() { m_printer.PushText("\n"); }
  /// <name attrs>text</name> followed by a newline.
  void leaf(const char* name, const std::string& t,
            std::initializer_list<std::pair<const char*, std::string>> attrs = {}) {
    open(name, attrs);
    if (!t.empty()) text(t);
    close();
    nl();
  }
  void raw(const char* s) { m_printer.PushUnknown(s); }
  std::string str() const { return std::string(m_printer.CStr(), m_printer.CStrSize() - 1); }

private:
  tinyxml2::XMLPrinter m_printer;
};

/// Words of the navigation document in the publication's language (English otherwise).
struct NavWords {
  const char* contents;
  const char* landmarks;
  const char* title_page;
  const char* start;
};

NavWords nav_words(const std::string& language) {
  std::string primary;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    primary += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (primary == "de") return {"Inhalt", "Orientierungspunkte", "Titelseite", "Beginn"};
  if (primary == "fr")
    return {"Table des mati\u00e8res", "Points de rep\u00e8re", "Page de titre", "D\u00e9but"};
  if (primary == "es") return {"\u00cdndice", "Puntos de referencia", "Portada", "Comienzo"};
  if (primary == "it") return {"Indice", "Punti di riferimento", "Frontespizio", "Inizio"};
  if (primary == "nl") return {"Inhoud", "Oriëntatiepunten", "Titelpagina", "Begin"};
  if (primary == "pt")
    return {"\u00cdndice", "Pontos de refer\u00eancia", "Folha de rosto", "In\u00edcio"};
  if (primary == "ru")
    return {"\u0421\u043e\u0434\u0435\u0440\u0436\u0430\u043d\u0438\u0435",
            "\u041e\u0440\u0438\u0435\u043d\u0442\u0438\u0440\u044b",
            "\u0422\u0438\u0442\u0443\u043b\u044c\u043d\u044b\u0439 \u043b\u0438\u0441\u0442",
            "\u041d\u0430\u0447\u0430\u043b\u043e"};
  return {"Contents", "Landmarks", "Title page", "Start of content"};
}

/// Entries nested by level: each node's children are the following entries of deeper level.
struct NavNode {
  const NavEntry* entry = nullptr;
  std::vector<std::unique_ptr<NavNode>> children;
};

std::vector<std::unique_ptr<NavNode>> nest(const std::vector<NavEntry>& entries) {
  std::vector<std::unique_ptr<NavNode>> roots;
  std::vector<NavNode*> stack;
  for (const auto& e : entries) {
    while (!stack.empty() && stack.back()->entry->level >= e.level)
      stack.pop_back();
    auto node = std::make_unique<NavNode>();
    node->entry = &e;
    NavNode* raw = node.get();
    if (stack.empty())
      roots.push_back(std::move(node));
    else
      stack.back()->children.push_back(std::move(node));
    stack.push_back(raw);
  }
  return roots;
}

int depth_of(const std::vector<std::unique_ptr<NavNode>>& nodes) {
  int d = 0;
  for (const auto& n : nodes)
    d = std::max(d, 1 + depth_of(n->children));
  return d;
}

} // namespace

/// "July 17, 2006", "17 July 2006", "Jul 2006", "2006/07/17" as W3CDTF, or "".
std::string parse_written_date(const std::string& text) {
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool digit_switch =
        !cur.empty() && std::isalnum(u) &&
        (std::isdigit(u) != 0) != (std::isdigit(static_cast<unsigned char>(cur.back())) != 0);
    if (digit_switch) { // "17th" -> "17", "th"
      words.push_back(cur);
      cur.clear();
    }
    if (std::isalnum(u)) {
      cur += static_cast<char>(std::tolower(u));
    } else if (!cur.empty()) {
      words.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(cur);
  int year = 0, month = 0, day = 0;
  for (const auto& w : words) {
    bool digits = std::all_of(w.begin(), w.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    if (digits && w.size() == 4 && year == 0) {
      year = std::stoi(w);
    } else if (digits && w.size() <= 2) {
      int n = std::stoi(w);
      if (year != 0 && month == 0 && n >= 1 && n <= 12)
        month = n; // 2006/07/17
      else if (day == 0 && n >= 1 && n <= 31)
        day = n;
      else
        return {};
    } else if (!digits && w.size() >= 3 && month == 0) {
      bool found = false;
      for (int m = 0; m < 12; ++m)
        if (w.compare(0, 3, months[m]) == 0) {
          month = m + 1;
          found = true;
        }
      if (!found) return {};
    } else if (!(w == "th" || w == "st" || w == "nd" || w == "rd")) {
      return {};
    }
  }
  if (year == 0) return {};
  char buf[16];
  if (month == 0)
    std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string normalize_date(const std::string& date) {
  std::string d(util::trim(date));
  auto digits = [&d](std::size_t from, std::size_t n) {
    if (d.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
    return true;
  };
  if (!digits(0, 4) || (d.size() > 4 && d[4] != '-')) return parse_written_date(d);
  if (d.size() == 4) return d;
  if (!digits(5, 2)) return {};
  int month = std::stoi(d.substr(5, 2));
  if (month < 1 || month > 12) return {};
  if (d.size() == 7) return d;
  if (d[7] != '-' || !digits(8, 2)) return {};
  int day = std::stoi(d.substr(8, 2));
  if (day < 1 || day > 31) return {};
  return d.substr(0, 10);
}

std::string accessibility_summary(const AccessibilityFacts& f) {
  std::string s = "This publication is text";
  if (f.headings) s += " structured with headings";
  s += ", with a table of contents";
  if (f.tables) s += " and data tables with header cells where the source marked them";
  s += ". ";
  if (f.images == 0) {
    s += "It contains no images.";
  } else if (f.images_with_alt == f.images) {
    if (f.images == 1)
      s += "Its image has alternative text.";
    else if (f.images == 2)
      s += "Both images have alternative text.";
    else
      s += "All " + std::to_string(f.images) + " images have alternative text.";
  } else {
    s += std::to_string(f.images - f.images_with_alt) + " of " + std::to_string(f.images) +
         (f.images == 1 ? " image lacks" : " images lack") +
         " alternative text, so some visual content is not available as text.";
  }
  return s;
}

std::string container_xml(const std::string& opf_path) {
  Xml x;
  x.open("container",
         {{"version", "1.0"}, {"xmlns", "urn:oasis:names:tc:opendocument:xmlns:container"}});
  x.nl();
  x.open("rootfiles");
  x.open("rootfile", {{"full-path", opf_path}, {"media-type", "application/oebps-package+xml"}});
  x.close();
  x.close();
  x.nl();
  x.close();
  x.nl();
  return x.str();
}

std::string package_opf(const PackagePlan& plan) {
  const model::Metadata& m = plan.meta;
  Xml x;
  x.open("package", {{"xmlns", "http://www.idpf.org/2007/opf"},
                     {"version", "3.0"},
                     {"unique-identifier", "pub-id"},
                     {"xml:lang", m.language}});
  x.nl();
  x.open("metadata", {{"xmlns:dc", "http://purl.org/dc/elements/1.1/"}});
  x.nl();
  x.leaf("dc:identifier", plan.identifier, {{"id", "pub-id"}});
  x.leaf("dc:title", m.title, {{"id", "title"}});
  x.leaf("meta", "main", {{"refines", "#title"}, {"property", "title-type"}});
  if (!m.subtitle.empty()) {
    x.leaf("dc:title", m.subtitle, {{"id", "subtitle"}});
    x.leaf("meta", "subtitle", {{"refines", "#subtitle"}, {"property", "title-type"}});
  }
  x.leaf("dc:language", m.language);
  int n = 0;
  for (const auto& a : m.authors) {
    if (util::trim(a).empty()) continue;
    std::string id = "creator" + std::to_string(++n);
    x.leaf("dc:creator", a, {{"id", id}});
    x.leaf("meta", "aut",
           {{"refines", "#" + id}, {"property", "role"}, {"scheme", "marc:relators"}});
  }
  if (!plan.date.empty()) x.leaf("dc:date", plan.date);
  if (!m.publisher.empty())
    x.leaf("dc:publisher", m.publisher);
  else if (!m.site_name.empty())
    x.leaf("dc:publisher", m.site_name);
  if (!m.description.empty()) x.leaf("dc:description", m.description);
  if (!m.source_url.empty()) x.leaf("dc:source", m.source_url);
  for (const auto& k : m.keywords)
    if (!util::trim(k).empty()) x.leaf("dc:subject", k);
  x.leaf("meta", plan.modified, {{"property", "dcterms:modified"}});
  if (!plan.cover_item.empty()) {
    x.open("meta", {{"name", "cover"}, {"content", plan.cover_item}});
    x.close();
    x.nl();
  }

  // accessibility metadata, true to the content
  const AccessibilityFacts& a = plan.a11y;
  x.leaf("meta", "textual", {{"property", "schema:accessMode"}});
  if (a.images > 0) x.leaf("meta", "visual", {{"property", "schema:accessMode"}});
  if (a.images == a.images_with_alt)
    x.leaf("meta", "textual", {{"property", "schema:accessModeSufficient"}});
  else
    x.leaf("meta", "textual,visual", {{"property", "schema:accessModeSufficient"}});
  if (a.headings)
    x.leaf("meta", "structuralNavigation", {{"property", "schema:accessibilityFeature"}});
  x.leaf("meta", "tableOfContents", {{"property", "schema:accessibilityFeature"}});
  if (a.images > 0 && a.images == a.images_with_alt)
    x.leaf("meta", "alternativeText", {{"property", "schema:accessibilityFeature"}});
  x.leaf("meta", "readingOrder", {{"property", "schema:accessibilityFeature"}});
  x.leaf("meta", "none", {{"property", "schema:accessibilityHazard"}});
  x.leaf("meta", accessibility_summary(a), {{"property", "schema:accessibilitySummary"}});
  x.close();
  x.nl();

  x.open("manifest");
  x.nl();
  for (const auto& item : plan.items) {
    if (item.properties.empty())
      x.open("item", {{"id", item.id}, {"href", item.href}, {"media-type", item.media_type}});
    else
      x.open("item", {{"id", item.id},
                      {"href", item.href},
                      {"media-type", item.media_type},
                      {"properties", item.properties}});
    x.close();
    x.nl();
  }
  x.close();
  x.nl();
  x.open("spine", {{"toc", "ncx"}});
  x.nl();
  for (const auto& item : plan.items) {
    if (!item.spine) continue;
    if (item.linear)
      x.open("itemref", {{"idref", item.id}});
    else
      x.open("itemref", {{"idref", item.id}, {"linear", "no"}});
    x.close();
    x.nl();
  }
  x.close();
  x.nl();
  x.close();
  x.nl();
  return x.str();
}

std::string nav_xhtml(const PackagePlan& plan) {
  NavWords words = nav_words(plan.meta.language);
  Xml x;
  x.raw("DOCTYPE html");
  x.nl();
  x.open("html", {{"xmlns", "http://www.w3.org/1999/xhtml"},
                  {"xmlns:epub", "http://www.idpf.org/2007/ops"},
                  {"lang", plan.meta.language},
                  {"xml:lang", plan.meta.language}});
  x.nl();
  x.open("head");
  x.open("meta", {{"charset", "UTF-8"}});
  x.close();
  x.leaf("title", words.contents);
  for (const auto& css : plan.stylesheets) {
    x.open("link", {{"rel", "stylesheet"}, {"type", "text/css"}, {"href", css}});
    x.close();
  }
  x.close();
  x.nl();
  x.open("body", {{"epub:type", "frontmatter"}});
  x.nl();
  x.open("nav", {{"epub:type", "toc"}, {"id", "toc"}, {"role", "doc-toc"}});
  x.nl();
  x.leaf("h1", words.contents);

  auto roots = nest(plan.toc);
  std::function<void(const std::vector<std::unique_ptr<NavNode>>&)> write_list =
      [&](const std::vector<std::unique_ptr<NavNode>>& nodes) {
        x.open("ol");
        x.nl();
        for (const auto& node : nodes) {
          x.open("li");
          x.open("a", {{"href", node->entry->href}});
          x.text(node->entry->title);
          x.close();
          if (!node->children.empty()) write_list(node->children);
          x.close();
          x.nl();
        }
        x.close();
        x.nl();
      };
  if (roots.empty()) {
    // an empty <ol> is invalid: point at the title page
    x.open("ol");
    x.open("li");
    x.open("a", {{"href", plan.title_page_href}});
    x.text(plan.meta.title);
    x.close();
    x.close();
    x.close();
    x.nl();
  } else {
    write_list(roots);
  }
  x.close(); // nav
  x.nl();

  x.open("nav", {{"epub:type", "landmarks"}, {"id", "landmarks"}, {"hidden", "hidden"}});
  x.nl();
  x.leaf("h2", words.landmarks);
  x.open("ol");
  x.nl();
  auto landmark = [&](const char* type, const std::string& href, const char* label) {
    x.open("li");
    x.open("a", {{"epub:type", type}, {"href", href}});
    x.text(label);
    x.close();
    x.close();
    x.nl();
  };
  landmark("titlepage", plan.title_page_href, words.title_page);
  landmark("toc", "nav.xhtml#toc", words.contents);
  if (!plan.body_start_href.empty()) landmark("bodymatter", plan.body_start_href, words.start);
  x.close();
  x.nl();
  x.close(); // nav
  x.nl();
  x.close(); // body
  x.nl();
  x.close(); // html
  x.nl();
  return x.str();
}

std::string toc_ncx(const PackagePlan& plan) {
  auto roots = nest(plan.toc);
  Xml x;
  x.open("ncx", {{"xmlns", "http://www.daisy.org/z3986/2005/ncx/"},
                 {"version", "2005-1"},
                 {"xml:lang", plan.meta.language}});
  x.nl();
  x.open("head");
  x.nl();
  auto meta = [&](const char* name, const std::string& content) {
    x.open("meta", {{"name", name}, {"content", content}});
    x.close();
    x.nl();
  };
  meta("dtb:uid", plan.identifier);
  meta("dtb:depth", std::to_string(std::max(1, depth_of(roots))));
  meta("dtb:totalPageCount", "0");
  meta("dtb:maxPageNumber", "0");
  x.close();
  x.nl();
  x.open("docTitle");
  x.leaf("text", plan.meta.title);
  x.close();
  x.nl();
  x.open("navMap");
  x.nl();
  int order = 0;
  auto point = [&](const std::string& title, const std::string& href) {
    ++order;
    x.open("navPoint",
           {{"id", "navpoint-" + std::to_string(order)}, {"playOrder", std::to_string(order)}});
    x.open("navLabel");
    x.open("text");
    x.text(title);
    x.close();
    x.close();
    x.open("content", {{"src", href}});
    x.close();
  };
  std::function<void(const std::vector<std::unique_ptr<NavNode>>&)> write_points =
      [&](const std::vector<std::unique_ptr<NavNode>>& nodes) {
        for (const auto& node : nodes) {
          point(node->entry->title, node->entry->href);
          write_points(node->children);
          x.close();
          x.nl();
        }
      };
  if (roots.empty()) {
    point(plan.meta.title, plan.title_page_href);
    x.close();
    x.nl();
  } else {
    write_points(roots);
  }
  x.close();
  x.nl();
  x.close();
  x.nl();
  return x.str();
}

} // namespace sheaf::writers
