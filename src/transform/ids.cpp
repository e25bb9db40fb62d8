// Heading ids and id uniqueness (see ids.hpp). ASCII folding goes through ICU's
// "Any-Latin; Latin-ASCII" transliterator, created once per call of assign_ids().
#include "transform/ids.hpp"

#include "model/walk.hpp"
#include "util/paths.hpp"
#include "util/utf8.hpp"

#include <map>
#include <memory>
#include <set>
#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace sheaf::transform {
namespace {

constexpr std::size_t k_max_slug = 60;

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Folds text to ASCII where a transliteration exists; keeps the input when ICU is unavailable.
class AsciiFolder {
public:
  AsciiFolder() {
    UErrorCode status = U_ZERO_ERROR;
    m_trans.reset(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) m_trans.reset();
  }

  std::string fold(std::string_view text) const {
    if (!m_trans) return std::string(text);
    bool ascii = true;
    for (char c : text)
      if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    if (ascii) return std::string(text);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    m_trans->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  }

private:
  std::unique_ptr<icu::Transliterator> m_trans;
};

std::string slug_of_ascii(std::string_view folded) {
  std::string out;
  bool dash = false;
  for (char c : folded) {
    if (is_ascii_alnum(c)) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else if (c == '\'' || static_cast<unsigned char>(c) >= 0x80) {
      // apostrophes join words ("don't" -> "dont"); leftover non-ASCII is dropped
      if (c != '\'') dash = true;
    } else {
      dash = true;
    }
  }
  if (out.size() > k_max_slug) {
    std::size_t cut = out.rfind('-', k_max_slug);
    out.resize(cut != std::string::npos && cut > 0 ? cut : k_max_slug);
  }
  if (out.empty()) return "section";
  if (!is_ascii_alpha(out[0])) out = "section-" + out;
  return out;
}

/// Keeps the set of ids in use and hands out unique ones.
class IdTable {
public:
  bool taken(const std::string& id) const { return is_reserved_id(id) || m_used.count(id) > 0; }

  std::string claim(const std::string& wanted) {
    std::string id = wanted;
    for (int n = 1; taken(id); ++n)
      id = wanted + "-" + std::to_string(n);
    m_used.insert(id);
    return id;
  }

private:
  std::set<std::string> m_used;
};

} // namespace

std::string slugify(std::string_view text) {
  AsciiFolder folder;
  return slug_of_ascii(folder.fold(text));
}

std::string sanitize_id(std::string_view id) {
  std::string out;
  std::size_t pos = 0;
  while (pos < id.size()) {
    std::size_t start = pos;
    char32_t cp = util::next_code_point(id, pos);
    bool name_char = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                     (cp >= '0' && cp <= '9') || cp == '-' || cp == '_' || cp == '.' ||
                     cp == 0xB7 || (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
                     (cp >= 0xF8 && cp <= 0x2FF) || (cp >= 0x300 && cp <= 0x37D) ||
                     (cp >= 0x37F && cp <= 0x1FFF) || cp == 0x200C || cp == 0x200D ||
                     (cp >= 0x203F && cp <= 0x2040) || (cp >= 0x2070 && cp <= 0x218F) ||
                     (cp >= 0x2C00 && cp <= 0x2FEF) || (cp >= 0x3001 && cp <= 0xD7FF) ||
                     (cp >= 0xF900 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFFD) ||
                     (cp >= 0x10000 && cp <= 0xEFFFF);
    if (cp == 0xFFFD && id.substr(start, pos - start) != "\xEF\xBF\xBD")
      name_char = false; // an invalid byte, not a real U+FFFD
    if (name_char)
      out.append(id.substr(start, pos - start));
    else
      out += '-';
  }
  if (out.empty()) return out;
  unsigned char first = static_cast<unsigned char>(out[0]);
  bool starts_ok = is_ascii_alpha(out[0]) || out[0] == '_' || first >= 0x80;
  if (first >= 0x80) {
    std::size_t p = 0;
    char32_t cp = util::next_code_point(out, p);
    // combining marks, digits of other scripts etc. cannot start a name
    if ((cp >= 0x300 && cp <= 0x36F) || cp == 0xB7 || (cp >= 0x203F && cp <= 0x2040))
      starts_ok = false;
  }
  if (!starts_ok) out = "id-" + out;
  return out;
}

bool is_reserved_id(std::string_view id) {
  std::string_view rest;
  if (id.substr(0, 5) == "fnref")
    rest = id.substr(5);
  else if (id.substr(0, 2) == "fn")
    rest = id.substr(2);
  else
    return false;
  if (rest.empty()) return false;
  for (char c : rest)
    if (c < '0' || c > '9') return false;
  return true;
}

void assign_ids(model::Document& doc) {
  IdTable table;
  // original id -> id its first holder ended up with; links "#original" follow the first holder
  std::map<std::string, std::string> first_holder;

  auto fix_existing = [&](model::Attr& attr) {
    if (attr.id.empty()) return;
    std::string original = attr.id;
    attr.id = table.claim(sanitize_id(original));
    first_holder.emplace(original, attr.id); // no-op for later duplicates
  };
  model::walk_mut(
      doc.blocks, [&](model::Block& b) { fix_existing(b.attr); },
      [&](model::Inline& i) { fix_existing(i.attr); });

  AsciiFolder folder;
  model::walk_mut(
      doc.blocks,
      [&](model::Block& b) {
        if (auto* h = std::get_if<model::Heading>(&b.value); h && b.attr.id.empty())
          b.attr.id = table.claim(slug_of_ascii(folder.fold(model::plain_text(h->content))));
      },
      [](model::Inline&) {});

  model::walk_mut(
      doc.blocks, [](model::Block&) {},
      [&](model::Inline& i) {
        auto* link = std::get_if<model::Link>(&i.value);
        if (!link || link->url.size() < 2 || link->url[0] != '#') return;
        std::string target = link->url.substr(1);
        auto it = first_holder.find(target);
        if (it == first_holder.end()) it = first_holder.find(util::percent_decode(target));
        if (it != first_holder.end()) link->url = "#" + it->second;
      });
}

} // namespace sheaf::transform
