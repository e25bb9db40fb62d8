// Runs the plain-text reader's specification (tests/spec/text-reader.md, cmark spec.txt
// style): every example's input goes through TextReader and model::dump and must print the
// expected dump (followed by one "diagnostic: SEVERITY CODE" line per diagnostic).
// SHEAF_ACCEPT=1 rewrites the expectations in the file (read every change before committing).
#include "diag/diagnostic.hpp"
#include "model/dump.hpp"
#include "model/validate.hpp"
#include "readers/text/text_reader.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace sheaf;

namespace {

const std::string k_fence(32, '`');

struct SpecExample {
  int number = 0;
  int line = 0;     ///< line of the opening fence in the spec file
  std::string info; ///< options after "example"
  std::string input;
  std::string expected;
  std::size_t expected_begin = 0; ///< byte offsets of the expectation in the file
  std::size_t expected_end = 0;
};

std::string spec_path() {
  return std::string(SHEAF_SOURCE_DIR) + "/tests/spec/text-reader.md";
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// "→" in spec inputs stands for a tab (as in cmark's spec).
std::string tabs(std::string s) {
  const std::string arrow = "\u2192";
  for (std::size_t p; (p = s.find(arrow)) != std::string::npos;)
    s.replace(p, arrow.size(), "\t");
  return s;
}

std::vector<SpecExample> parse_spec(const std::string& text) {
  std::vector<SpecExample> out;
  std::size_t pos = 0;
  int line_no = 0;
  enum { outside, input, expected } state = outside;
  SpecExample cur;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t next = nl == std::string::npos ? text.size() : nl + 1;
    std::string line = text.substr(pos, (nl == std::string::npos ? text.size() : nl) - pos);
    ++line_no;
    if (state == outside) {
      if (line.rfind(k_fence + " example", 0) == 0) {
        cur = SpecExample{};
        cur.number = static_cast<int>(out.size()) + 1;
        cur.line = line_no;
        cur.info = line.substr(k_fence.size() + 8);
        state = input;
      }
    } else if (state == input) {
      if (line == ".") {
        state = expected;
        cur.expected_begin = next;
      } else {
        cur.input += line + "\n";
      }
    } else {
      if (line == k_fence) {
        cur.expected_end = pos;
        out.push_back(cur);
        state = outside;
      } else {
        cur.expected += line + "\n";
      }
    }
    pos = next;
  }
  return out;
}

/// Options from the info string: name=FILE title=TEXT lang=TAG smart=false spans noeol
struct ExampleOptions {
  format::ReadOptions read;
  bool spans = false;
  bool no_final_newline = false;
};

ExampleOptions parse_options(const std::string& info) {
  ExampleOptions o;
  o.read.display_name = "spec-example.txt";
  std::istringstream in(info);
  std::string tok;
  while (in >> tok) {
    auto eq = tok.find('=');
    std::string key = tok.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : tok.substr(eq + 1);
    for (char& c : value)
      if (c == '+') c = ' '; // spaces in values are written as '+'
    if (key == "name")
      o.read.display_name = value;
    else if (key == "title")
      o.read.title = value;
    else if (key == "lang")
      o.read.language = value;
    else if (key == "smart")
      o.read.smart = value != "false";
    else if (key == "spans")
      o.spans = true;
    else if (key == "noeol")
      o.no_final_newline = true;
  }
  return o;
}

std::string run_example(const SpecExample& ex, std::vector<std::string>& problems) {
  ExampleOptions o = parse_options(ex.info);
  std::string input = tabs(ex.input);
  if (o.no_final_newline && !input.empty()) input.pop_back();
  diag::CollectingSink sink;
  readers::TextReader reader;
  model::Document doc = reader.read(input, o.read, sink);
  problems = model::validate(doc);
  std::string out = model::dump(doc, o.spans);
  for (const auto& d : sink.diagnostics())
    out += std::string("diagnostic: ") + diag::severity_name(d.severity) + " " + d.code + "\n";
  return out;
}

TEST(TextSpec, AllExamplesPass) {
  std::string text = read_all(spec_path());
  std::vector<SpecExample> examples = parse_spec(text);
  ASSERT_GE(examples.size(), 30u) << "spec file missing or truncated: " << spec_path();
  const char* accept = std::getenv("SHEAF_ACCEPT");
  bool rewrite = accept && std::string(accept) == "1";
  std::string rewritten;
  std::size_t copied = 0;
  int failures = 0;
  for (const auto& ex : examples) {
    std::vector<std::string> problems;
    std::string actual = run_example(ex, problems);
    for (const auto& p : problems)
      ADD_FAILURE() << "example " << ex.number << " (line " << ex.line << "): invalid tree: " << p;
    if (rewrite) {
      rewritten += text.substr(copied, ex.expected_begin - copied) + actual;
      copied = ex.expected_end;
    } else if (actual != ex.expected) {
      ++failures;
      ADD_FAILURE() << "example " << ex.number << " (spec line " << ex.line << ")\n--- input\n"
                    << ex.input << "--- expected\n"
                    << ex.expected << "--- actual\n"
                    << actual;
    }
  }
  if (rewrite) {
    rewritten += text.substr(copied);
    std::ofstream(spec_path(), std::ios::binary) << rewritten;
  }
  EXPECT_EQ(failures, 0) << failures << " of " << examples.size() << " examples failed";
}

TEST(TextSpec, ParserFindsExamplesAndSeparators) {
  std::string spec = k_fence + " example name=a.txt\nx\n.\nPara\n" + k_fence + "\n";
  auto ex = parse_spec(spec);
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].input, "x\n");
  EXPECT_EQ(ex[0].expected, "Para\n");
  EXPECT_EQ(ex[0].line, 1);
  EXPECT_EQ(parse_options(ex[0].info).read.display_name, "a.txt");
  EXPECT_EQ(tabs("a\u2192b"), "a\tb");
}

} // namespace
