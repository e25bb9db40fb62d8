// Heading ids and id uniqueness (see ids.hpp). ASCII folding goes through ICU's
// "Any-Latin; Latin-ASCII" transliterator, created once per call of assign_ids().
#include "transform/ids.hpp"

#include "model/walk.hpp"
#include "transform/latin_ascii.hpp"
#include "util/paths.hpp"
#include "util/utf8.hpp"

#include <map>
#include <memory>
#include <set>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace sheaf::transform {
namespace {

constexpr std::size_t k_max_slug = 60;

bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Folds text to ASCII where a transliteration exists; keeps the input when ICU is unavailable.
/// Transliterators are slow to build (Any-Latin ~25 ms), so each is built on first need only:
/// text whose letters and digits are all ASCII needs none (punctuation is dropped by the slug
/// anyway), Latin letters with diacritics need the small Latin-ASCII one, unless every
/// non-ASCII character is in the built-in table (transform/latin_ascii.*).
class AsciiFolder {
public:
  std::string fold(std::string_view text) const {
    bool needs = false, latin_only = true;
    for (std::size_t pos = 0; pos < text.size();) {
      char32_t cp = util::next_code_point(text, pos);
      auto c = static_cast<UChar32>(cp);
      if (cp < 0x80 || !u_isalnum(c)) continue;
      needs = true;
      UErrorCode err = U_ZERO_ERROR;
      if (uscript_getScript(c, &err) != USCRIPT_LATIN) latin_only = false;
    }
    if (!needs) return std::string(text);
    // Latin letters with diacritics (and the punctuation around them) from the built-in copy
    // of Latin-ASCII's mappings; ICU only for characters the table does not cover.
    std::string folded;
    if (latin_only && fold_latin_ascii(text, folded)) return folded;
    Slot& slot = latin_only ? m_latin : m_any;
    if (!slot.tried) {
      slot.tried = true;
      UErrorCode status = U_ZERO_ERROR;
      slot.trans.reset(icu::Transliterator::createInstance(
          latin_only ? "Latin-ASCII" : "Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
      if (U_FAILURE(status)) slot.trans.reset();
    }
    if (!slot.trans) return std::string(text);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    slot.trans->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
  }

private:
  struct Slot {
    bool tried = false;
    std::unique_ptr<icu::Transliterator> trans;
  };
  mutable Slot m_latin, m_any;
};

/// Identifier styles: ours (pandoc's rules on ASCII-folded text) and the two that Markdown
/// authors link to by hand (pandoc without folding, GitHub).
enum class SlugStyle { pandoc, github };

/// pandoc's auto_identifiers rules: keep letters, digits, '_', '-' and '.', lower-cased; a run
/// of white space becomes one '-'; other characters are dropped; everything before the first
/// letter is removed; "section" when nothing is left. GitHub: the same but only '_' and '-'
/// are kept, each space is a '-', and leading digits stay.
std::string slug_of(std::string_view text, SlugStyle style) {
  std::string out;
  bool space = false;
  std::size_t pos = 0;
  bool letter_seen = style == SlugStyle::github;
  while (pos < text.size()) {
    char32_t cp = util::next_code_point(text, pos);
    auto c = static_cast<UChar32>(cp);
    if (u_isUWhiteSpace(c)) {
      if (style == SlugStyle::github)
        out += '-';
      else
        space = true;
      continue;
    }
    bool keep = u_isalnum(c) || cp == '_' || cp == '-' || (cp == '.' && style == SlugStyle::pandoc);
    if (!keep) continue;
    if (!letter_seen) {
      if (!u_isalpha(c)) continue;
      letter_seen = true;
      space = false;
    }
    if (space && !out.empty()) out += '-';
    space = false;
    util::append_utf8(out, static_cast<char32_t>(u_tolower(c)));
  }
  if (style == SlugStyle::pandoc && out.size() > k_max_slug) {
    std::size_t cut = out.rfind('-', k_max_slug);
    out.resize(cut != std::string::npos && cut > 0 ? cut : k_max_slug);
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
      out.pop_back(); // never cut inside a UTF-8 sequence
  }
  if (out.empty() && style == SlugStyle::pandoc) return "section";
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
  return slug_of(folder.fold(text), SlugStyle::pandoc);
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

  // Generated heading ids. Links written by hand against pandoc's unfolded or GitHub's
  // identifiers ("#café", "#1-intro") are remembered as aliases of the generated id.
  AsciiFolder folder;
  std::map<std::string, std::string> aliases;
  model::walk_mut(
      doc.blocks,
      [&](model::Block& b) {
        auto* h = std::get_if<model::Heading>(&b.value);
        if (!h || !b.attr.id.empty()) return;
        std::string text = model::plain_text(h->content);
        b.attr.id = table.claim(sanitize_id(slug_of(folder.fold(text), SlugStyle::pandoc)));
        for (auto style : {SlugStyle::pandoc, SlugStyle::github}) {
          std::string alias = slug_of(text, style);
          if (!alias.empty() && alias != b.attr.id && !table.taken(alias))
            aliases.emplace(alias, b.attr.id);
        }
      },
      [](model::Inline&) {});
  for (const auto& [alias, id] : aliases)
    first_holder.emplace(alias, id); // existing ids win over aliases

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
