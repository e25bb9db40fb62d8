// Article extraction on real pages (tests/fixtures/html): the text kept must match the text
// Mozilla Readability extracts (word-bag F1 >= 0.9), and the title must match its metadata.
#include "model/walk.hpp"
#include "readers/html/html_reader.hpp"
#include "util/paths.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

using namespace sheaf;
namespace fs = std::filesystem;

namespace {

/// Lower-cased words (runs of ASCII letters/digits and non-ASCII bytes), counted.
std::map<std::string, int> words(const std::string& text) {
  std::map<std::string, int> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty())
      ++out[cur];
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool word = std::isalnum(c) || c == '_';
    if (c >= 0x80) {
      // Keep letters; treat common punctuation (U+2000–U+206F, NBSP, «») as separators.
      bool punct = (c == 0xE2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) == 0x80) ||
                   (c == 0xC2 && i + 1 < text.size() &&
                    (static_cast<unsigned char>(text[i + 1]) == 0xA0 ||
                     static_cast<unsigned char>(text[i + 1]) == 0xAB ||
                     static_cast<unsigned char>(text[i + 1]) == 0xBB));
      if (punct) {
        flush();
        i += c == 0xE2 ? 2 : 1;
        continue;
      }
      word = true;
    }
    if (word)
      cur += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  return out;
}

std::string document_text(const model::Document& doc) {
  std::string text = model::plain_text(doc.blocks);
  model::walk(
      doc.blocks, [](const model::Block&) {},
      [&](const model::Inline& in) {
        if (auto* n = std::get_if<model::Note>(&in.value))
          text += model::plain_text(n->content) + "\n";
      });
  return text;
}

model::Document read(const fs::path& file, const std::string& extract) {
  format::ReadOptions options;
  options.display_name = file.string();
  options.base_dir = file.parent_path();
  options.extract = extract;
  diag::CollectingSink sink;
  return readers::HtmlReader().read(util::read_file(file), options, sink);
}

double f1(const std::string& out, const std::string& ref) {
  auto a = words(out), b = words(ref);
  long common = 0, na = 0, nb = 0;
  for (auto& [w, n] : a) {
    na += n;
    auto it = b.find(w);
    if (it != b.end())
      common += std::min(n, it->second);
  }
  for (auto& [w, n] : b)
    nb += n;
  double p = na ? static_cast<double>(common) / static_cast<double>(na) : 0;
  double r = nb ? static_cast<double>(common) / static_cast<double>(nb) : 0;
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

class HtmlExtract : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(HtmlExtract, MatchesReadabilityText) {
  fs::path dir = fs::path(SHEAF_SOURCE_DIR) / "tests" / "fixtures" / "html" / GetParam();
  model::Document doc = read(dir / "source.html", "auto");
  model::Document expected = read(dir / "expected.html", "never");
  double score = f1(document_text(doc), document_text(expected));
  EXPECT_GE(score, 0.9) << GetParam();
  // Without extraction the page's boilerplate stays, so the score must drop (the test can fail).
  model::Document whole = read(dir / "source.html", "never");
  EXPECT_LE(f1(document_text(whole), document_text(expected)), score) << GetParam();

  auto meta = nlohmann::json::parse(util::read_file(dir / "expected-metadata.json"));
  EXPECT_EQ(doc.meta.title, meta["title"].get<std::string>());
}

INSTANTIATE_TEST_SUITE_P(Pages, HtmlExtract,
                         ::testing::Values("001", "keep-tabular-data", "lemonde-1"));
