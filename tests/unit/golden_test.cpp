// Golden tests in pandoc's command format: tests/golden/**/*.test hold a command line
// ("% sheaf -f html -t native"), the input, a line "^D", and the expected output.
// Run in-process through the format registry. SHEAF_ACCEPT=1 rewrites the expectations
// (read every rewritten file before committing it).
#include "builtin.hpp"
#include "diag/error.hpp"
#include "format/registry.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace fs = std::filesystem;
using namespace sheaf;

namespace {

struct GoldenCase {
  fs::path file;
  std::string command;
  std::string input;
  std::string expected;
};

std::vector<fs::path> golden_files() {
  std::vector<fs::path> files;
  fs::path root = fs::path(SHEAF_SOURCE_DIR) / "tests" / "golden";
  if (!fs::exists(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".test") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

GoldenCase parse_case(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  GoldenCase c;
  c.file = file;
  auto nl = text.find('\n');
  c.command = text.substr(0, nl);
  std::string rest = nl == std::string::npos ? "" : text.substr(nl + 1);
  auto marker = rest.find("^D\n");
  if (rest.compare(0, 3, "^D\n") == 0)
    marker = 0;
  else if ((marker = rest.find("\n^D\n")) != std::string::npos)
    marker += 1;
  if (marker == std::string::npos) {
    c.input = rest;
    return c;
  }
  c.input = rest.substr(0, marker);
  c.expected = rest.substr(marker + 3);
  return c;
}

std::vector<std::string> split_args(const std::string& cmd) {
  std::vector<std::string> args;
  std::string cur;
  char quote = 0;
  bool has = false;
  for (char ch : cmd) {
    if (quote) {
      if (ch == quote)
        quote = 0;
      else
        cur += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      has = true;
    } else if (ch == ' ') {
      if (has || !cur.empty()) args.push_back(cur);
      cur.clear();
      has = false;
    } else {
      cur += ch;
    }
  }
  if (has || !cur.empty()) args.push_back(cur);
  return args;
}

std::string run_case(const GoldenCase& c) {
  auto args = split_args(c.command);
  std::string from = "text", to = "native";
  format::ReadOptions ropt;
  format::WriteOptions wopt;
  wopt.source_date_epoch = 0;
  ropt.display_name = c.file.filename().string();
  ropt.base_dir = c.file.parent_path();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next = [&]() { return i + 1 < args.size() ? args[++i] : std::string(); };
    if (a == "-f" || a == "--from")
      from = next();
    else if (a == "-t" || a == "--to")
      to = next();
    else if (a == "--extract")
      ropt.extract = next();
    else if (a == "--no-smart")
      ropt.smart = false;
    else if (a == "--lang")
      ropt.language = next();
    else if (a == "--title")
      ropt.title = next();
  }
  format::Registry reg;
  register_builtin_formats(reg);
  diag::CollectingSink sink;
  std::string out;
  try {
    model::Document doc = reg.reader(from).read(c.input, ropt, sink);
    out = reg.writer(to).write(doc, wopt, sink);
  } catch (const diag::Error& e) {
    out = "error: " + e.diagnostic().code + "\n";
  }
  for (const auto& d : sink.diagnostics())
    if (d.severity >= diag::Severity::warning)
      out += std::string("% ") + diag::severity_name(d.severity) + " " + d.code + " " +
             std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + "\n";
  return out;
}

class Golden : public ::testing::TestWithParam<fs::path> {};

TEST_P(Golden, Matches) {
  GoldenCase c = parse_case(GetParam());
  ASSERT_EQ(c.command.rfind("% sheaf", 0), 0u) << c.file << ": first line must be '% sheaf ...'";
  std::string actual = run_case(c);
  if (const char* acc = std::getenv("SHEAF_ACCEPT"); acc && std::string(acc) == "1") {
    std::ofstream out(c.file, std::ios::binary | std::ios::trunc);
    out << c.command << "\n" << c.input << "^D\n" << actual;
    return;
  }
  EXPECT_EQ(actual, c.expected) << "golden file: " << c.file.string();
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
  fs::path rel = fs::relative(info.param, fs::path(SHEAF_SOURCE_DIR) / "tests" / "golden");
  std::string name;
  for (char ch : rel.replace_extension().string())
    name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(All, Golden, ::testing::ValuesIn(golden_files()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

} // namespace
