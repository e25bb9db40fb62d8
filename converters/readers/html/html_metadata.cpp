// Metadata of an HTML page from <meta>, JSON-LD, <title>, <html lang>, <time> and <h1>.
#include "readers/html/html_metadata.hpp"

#include "readers/html/dom.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

namespace sheaf::readers::html {
namespace {

using Json = nlohmann::json;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int word_count(const std::string& s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    if (is_space(c)) {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

/// Separators between a page title and a site name, longest first.
const std::vector<std::string>& title_separators() {
  static const std::vector<std::string> seps = {
      " | ", " - ", " \u2013 ", " \u2014 ", " :: ", " / ", " > ", " \u00BB ", " \u00B7 ", " \\ "};
  return seps;
}

/// Position and length of the last (or first) title separator in `s`.
bool find_separator(const std::string& s, bool last, std::size_t& pos, std::size_t& len) {
  bool found = false;
  for (const std::string& sep : title_separators()) {
    std::size_t p = last ? s.rfind(sep) : s.find(sep);
    if (p == std::string::npos) continue;
    if (!found || (last ? p > pos : p < pos)) {
      pos = p;
      len = sep.size();
      found = true;
    }
  }
  return found;
}

/// Strings of a JSON value that may be a string, an object with "name", or an array of those.
void json_names(const Json& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    out.push_back(clean_value(v.get<std::string>()));
  } else if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) out.push_back(clean_value(it->get<std::string>()));
  } else if (v.is_array()) {
    for (const Json& x : v)
      json_names(x, out);
  }
}

std::string json_string(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return clean_value(it->get<std::string>());
  if (it->is_array() && !it->empty() && (*it)[0].is_string())
    return clean_value((*it)[0].get<std::string>());
  if (it->is_object()) {
    auto url = it->find("url");
    if (url != it->end() && url->is_string()) return url->get<std::string>();
  }
  return {};
}

bool is_article_type(const Json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  std::vector<std::string> types;
  if (it->is_string())
    types.push_back(it->get<std::string>());
  else if (it->is_array())
    for (const Json& t : *it)
      if (t.is_string()) types.push_back(t.get<std::string>());
  static const char* const kinds[] = {"Article",
                                      "NewsArticle",
                                      "BlogPosting",
                                      "Report",
                                      "ScholarlyArticle",
                                      "TechArticle",
                                      "SocialMediaPosting",
                                      "LiveBlogPosting",
                                      "OpinionNewsArticle",
                                      "AnalysisNewsArticle",
                                      "ReportageNewsArticle",
                                      "MedicalScholarlyArticle",
                                      "Review",
                                      "Blog",
                                      "WebPage",
                                      "Recipe",
                                      "HowTo"};
  for (const std::string& t : types)
    for (const char* k : kinds)
      if (t == k) return true;
  return false;
}

/// The first article-like object of a JSON-LD value (plain object, array or @graph).
const Json* find_article(const Json& v) {
  if (v.is_array()) {
    for (const Json& x : v)
      if (const Json* a = find_article(x)) return a;
    return nullptr;
  }
  if (!v.is_object()) return nullptr;
  if (is_article_type(v)) return &v;
  auto g = v.find("@graph");
  if (g != v.end()) return find_article(*g);
  return nullptr;
}

struct MetaTags {
  std::multimap<std::string, std::string> values; ///< lower-case key -> content
  std::string first(std::initializer_list<const char*> keys) const {
    for (const char* k : keys) {
      auto it = values.find(k);
      if (it != values.end() && !clean_value(it->second).empty()) return clean_value(it->second);
    }
    return {};
  }
  std::vector<std::string> all(const char* key) const {
    std::vector<std::string> out;
    auto r = values.equal_range(key);
    for (auto it = r.first; it != r.second; ++it)
      if (!clean_value(it->second).empty()) out.push_back(clean_value(it->second));
    return out;
  }
};

bool looks_like_url(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("//", 0) == 0;
}

/// "en_US" -> "en-US".
std::string bcp47(std::string s) {
  for (char& c : s)
    if (c == '_') c = '-';
  std::size_t comma = s.find(',');
  if (comma != std::string::npos) s = s.substr(0, comma);
  return clean_value(s);
}

void add_author(std::vector<std::string>& authors, std::string a) {
  a = clean_value(a);
  if (a.rfind("By ", 0) == 0 || a.rfind("by ", 0) == 0) a = a.substr(3);
  if (a.empty() || a.size() > 100 || looks_like_url(a)) return;
  for (const std::string& x : authors)
    if (x == a) return;
  authors.push_back(a);
}

/// Remove " - Site Name" (or "Site Name - ") from a title when the site name is known.
std::string strip_site_name(const std::string& title, const std::string& site) {
  if (site.empty() || title.size() <= site.size() + 3) return title;
  for (const std::string& sep : title_separators()) {
    std::string suffix = sep + site;
    if (title.size() > suffix.size() &&
        title.compare(title.size() - suffix.size(), suffix.size(), suffix) == 0)
      return title.substr(0, title.size() - suffix.size());
    std::string prefix = site + sep;
    if (title.compare(0, prefix.size(), prefix) == 0) return title.substr(prefix.size());
  }
  return title;
}

} // namespace

std::string clean_value(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string clean_document_title(const std::string& raw) {
  std::string orig = clean_value(raw);
  std::size_t pos = 0, len = 0;
  if (!find_separator(orig, true, pos, len)) return orig;
  std::string cur = orig.substr(0, pos);
  if (word_count(cur) < 3) {
    std::size_t fpos = 0, flen = 0;
    find_separator(orig, false, fpos, flen);
    cur = orig.substr(fpos + flen);
  }
  // A short remainder is more likely a fragment than the title: keep the whole string.
  if (word_count(cur) <= 4) return orig;
  return cur;
}

PageMetadata read_metadata(const GumboNode* root) {
  PageMetadata out;
  model::Metadata& m = out.meta;
  MetaTags tags;
  std::string html_lang, title_text, canonical;
  std::vector<std::string> ld_texts;
  const GumboNode* first_h1 = nullptr;
  int h1_count = 0;
  std::string first_time;

  for_each_node(root, [&](const GumboNode* n) {
    if (!is_element(n)) return n->type == GUMBO_NODE_DOCUMENT;
    switch (tag_of(n)) {
    case GUMBO_TAG_HTML:
      html_lang = attr_or_empty(n, "lang");
      if (html_lang.empty()) html_lang = attr_or_empty(n, "xml:lang");
      return true;
    case GUMBO_TAG_META: {
      const char* content = attr(n, "content");
      if (!content) return false;
      for (const char* key : {"property", "name", "itemprop", "http-equiv"}) {
        const char* k = attr(n, key);
        if (!k) continue;
        // A property attribute may hold several space-separated names.
        std::string all = ascii_lower(k);
        std::size_t start = 0;
        while (start < all.size()) {
          std::size_t end = all.find(' ', start);
          if (end == std::string::npos) end = all.size();
          if (end > start) tags.values.emplace(all.substr(start, end - start), content);
          start = end + 1;
        }
      }
      return false;
    }
    case GUMBO_TAG_TITLE:
      if (title_text.empty()) title_text = text_content(n);
      return false;
    case GUMBO_TAG_LINK: {
      std::string rel = ascii_lower(attr_or_empty(n, "rel"));
      if (rel == "canonical" && canonical.empty()) canonical = attr_or_empty(n, "href");
      return false;
    }
    case GUMBO_TAG_SCRIPT: {
      std::string type = ascii_lower(attr_or_empty(n, "type"));
      if (type.find("ld+json") != std::string::npos) {
        // text_content() skips scripts: read the raw child text directly.
        std::string raw;
        if (const GumboVector* kids = children_of(n))
          for (unsigned i = 0; i < kids->length; ++i) {
            auto* c = static_cast<const GumboNode*>(kids->data[i]);
            if (is_text(c)) raw += c->v.text.text;
          }
        ld_texts.push_back(std::move(raw));
      }
      return false;
    }
    case GUMBO_TAG_H1:
      ++h1_count;
      if (!first_h1) first_h1 = n;
      return false;
    case GUMBO_TAG_TIME:
      if (first_time.empty()) first_time = attr_or_empty(n, "datetime");
      return true;
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
      return false;
    default:
      return true;
    }
  });

  // JSON-LD.
  std::string ld_title, ld_date, ld_description, ld_publisher, ld_image;
  std::vector<std::string> ld_authors;
  for (std::string text : ld_texts) {
    std::size_t a = text.find("<![CDATA[");
    if (a != std::string::npos) {
      text.erase(0, a + 9);
      std::size_t b = text.rfind("]]>");
      if (b != std::string::npos) text.erase(b);
    }
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded()) continue;
    const Json* art = find_article(j);
    if (!art) continue;
    if (ld_title.empty()) {
      ld_title = json_string(*art, "headline");
      if (ld_title.empty()) ld_title = json_string(*art, "name");
    }
    if (ld_authors.empty())
      if (auto it = art->find("author"); it != art->end()) json_names(*it, ld_authors);
    if (ld_date.empty()) ld_date = json_string(*art, "datePublished");
    if (ld_description.empty()) ld_description = json_string(*art, "description");
    if (ld_publisher.empty())
      if (auto it = art->find("publisher"); it != art->end()) {
        std::vector<std::string> names;
        json_names(*it, names);
        if (!names.empty()) ld_publisher = names.front();
      }
    if (ld_image.empty()) ld_image = json_string(*art, "image");
  }

  m.site_name = tags.first({"og:site_name", "application-name"});
  if (m.site_name.empty()) m.site_name = ld_publisher;
  m.publisher = ld_publisher.empty() ? m.site_name : ld_publisher;

  // Title: structured sources first, then <title> without its site-name part, then <h1>.
  std::string title = ld_title;
  if (title.empty())
    title = tags.first({"dc.title", "dcterm:title", "dcterms.title", "og:title", "title",
                        "twitter:title", "sailthru.title"});
  if (title.empty()) title = clean_document_title(title_text);
  if (title.empty() && first_h1)
    title = clean_value(text_content(first_h1));
  else if (h1_count == 1 && (title.size() > 150 || title.size() < 5)) {
    std::string h1 = clean_value(text_content(first_h1));
    if (!h1.empty()) title = h1;
  }
  m.title = strip_site_name(title, m.site_name);

  // Authors.
  for (const std::string& a : ld_authors)
    add_author(m.authors, a);
  if (m.authors.empty()) {
    for (const char* key : {"dc.creator", "dcterm:creator", "author", "article:author",
                            "parsely-author", "sailthru.author"})
      for (const std::string& a : tags.all(key))
        add_author(m.authors, a);
  }

  m.date = ld_date;
  if (m.date.empty())
    m.date = tags.first({"article:published_time", "dc.date.issued", "dc.date", "dcterms.date",
                         "date", "publish-date", "pubdate", "og:published_time"});
  if (m.date.empty()) m.date = clean_value(first_time);

  m.language = bcp47(html_lang);
  if (m.language.empty())
    m.language = bcp47(tags.first({"content-language", "dc.language", "language"}));
  if (m.language.empty()) m.language = bcp47(tags.first({"og:locale"}));

  m.description = tags.first({"description", "og:description", "twitter:description",
                              "dc.description", "dc.description.abstract"});
  if (m.description.empty()) m.description = ld_description;

  m.source_url = clean_value(canonical);
  if (m.source_url.empty()) m.source_url = tags.first({"og:url", "twitter:url"});

  out.cover_url = tags.first({"og:image", "og:image:url", "twitter:image", "twitter:image:src"});
  if (out.cover_url.empty()) out.cover_url = ld_image;
  return out;
}

} // namespace sheaf::readers::html
