// Replays the HTML reader's fuzz corpus (tests/fuzz/corpus/html) in every build: each input
// must give a valid document or a diag::Error, in all three extraction modes.
#include "diag/error.hpp"
#include "model/validate.hpp"
#include "readers/html/html_reader.hpp"
#include "util/paths.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace sheaf;
namespace fs = std::filesystem;

TEST(HtmlFuzzCorpus, EveryInputIsHandled) {
  fs::path dir = fs::path(SHEAF_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "html";
  ASSERT_TRUE(fs::is_directory(dir));
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file())
      continue;
    ++files;
    std::string bytes = util::read_file(entry.path());
    for (const char* mode : {"auto", "always", "never"}) {
      format::ReadOptions options;
      options.display_name = entry.path().filename().string();
      options.extract = mode;
      options.base_dir = dir;
      diag::CollectingSink sink;
      try {
        model::Document doc = readers::HtmlReader().read(bytes, options, sink);
        EXPECT_EQ(model::validate(doc), std::vector<std::string>{})
            << entry.path() << " (" << mode << ")";
      } catch (const diag::Error& e) {
        EXPECT_EQ(e.kind(), diag::ErrorKind::input) << entry.path();
      }
    }
  }
  EXPECT_GE(files, 10);
}
