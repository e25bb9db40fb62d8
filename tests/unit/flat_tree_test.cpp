// html::FlatTree: the pre-order array agrees with gumbo's tree (order, parents, subtree ends)
// and its text measures agree with scanning the text.
#include "readers/html/dom.hpp"
#include "readers/html/flat_tree.hpp"
#include "readers/html/parsed_html.hpp"

#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace sheaf::readers::html;

namespace {

bool is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/// The collapsed text of several texts read one after the other (as the extractor reads a
/// subtree), in bytes and code points, and the white-space state after them.
struct Collapsed {
  std::size_t bytes = 0, chars = 0, commas = 0;
  bool space = true;
};
void collapse(const std::string& s, Collapsed& c) {
  for (char ch : s) {
    if (is_ws(ch)) {
      if (!c.space) ++c.bytes, ++c.chars;
      c.space = true;
    } else {
      ++c.bytes;
      if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++c.chars;
      if (ch == ',') ++c.commas;
      c.space = false;
    }
  }
}

TEST(FlatTree, PreOrderParentsAndEndsMatchGumbo) {
  ParsedHtml parsed("<body><div id=a><p>one <b>two</b></p><!--c--><ul><li>x<li>y</ul></div>"
                    "<p>three</p><table><tr><td>4</table></body>");
  const GumboNode* body = find_first(parsed.document(), GUMBO_TAG_BODY);
  ASSERT_NE(body, nullptr);
  FlatTree tree(body);
  std::vector<const GumboNode*> order;
  for_each_node(body, [&](const GumboNode* n) {
    order.push_back(n);
    return true;
  });
  ASSERT_EQ(tree.size(), order.size());
  for (std::uint32_t i = 0; i < tree.size(); ++i) {
    const FlatNode& f = tree[i];
    EXPECT_EQ(f.node, order[i]) << i;
    EXPECT_EQ(f.tag, tag_of(order[i])) << i;
    if (i == 0) {
      EXPECT_EQ(f.parent, FlatNode::none);
      EXPECT_EQ(f.end, tree.size());
      continue;
    }
    EXPECT_EQ(tree[f.parent].node, order[i]->parent) << i;
    // The children found through `end` are gumbo's children, in order.
    std::vector<const GumboNode*> kids;
    for (std::uint32_t c = i + 1; c < f.end; c = tree[c].end)
      kids.push_back(tree[c].node);
    std::vector<const GumboNode*> expected;
    if (const GumboVector* v = children_of(order[i]))
      for (unsigned k = 0; k < v->length; ++k)
        expected.push_back(static_cast<const GumboNode*>(v->data[k]));
    EXPECT_EQ(kids, expected) << i;
    EXPECT_EQ(f.kind == FlatNode::element, is_element(order[i]));
    EXPECT_EQ(f.kind == FlatNode::text, is_text(order[i]));
  }
}

TEST(FlatTree, TextMeasuresAgreeWithScanningInAnyOrder) {
  // Random texts of spaces, letters, commas and 2-byte characters, measured in sequences with
  // the carried white-space state, against the direct scan of their concatenation.
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {" ", "\n", "\t ", "a", "bc", ",", "\xC3\xA9", "x,y"};
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1), count(0, 6);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> texts(1 + count(rng) % 4);
    std::string html = "<body><p>";
    for (std::size_t t = 0; t < texts.size(); ++t) {
      for (std::size_t k = count(rng); k-- > 0;)
        texts[t] += pieces[piece(rng)];
      if (texts[t].empty()) texts[t] = "z";
      html += texts[t] + (t + 1 < texts.size() ? "<i></i>" : "");
    }
    html += "</p></body>";
    ParsedHtml parsed(html);
    const GumboNode* body = find_first(parsed.document(), GUMBO_TAG_BODY);
    FlatTree tree(body);
    for (bool start_space : {true, false}) {
      Collapsed direct;
      direct.space = start_space;
      std::size_t bytes = 0, chars = 0, commas = 0;
      bool space_b = start_space, space_c = start_space;
      for (std::uint32_t i = 0; i < tree.size(); ++i) {
        if (tree[i].kind != FlatNode::text) continue;
        collapse(tree[i].node->v.text.text, direct);
        tree.add_bytes(i, space_b, bytes);
        tree.add_chars(i, space_c, chars);
        commas += tree[i].commas;
      }
      EXPECT_EQ(bytes, direct.bytes) << html;
      EXPECT_EQ(chars, direct.chars) << html;
      EXPECT_EQ(commas, direct.commas) << html;
      EXPECT_EQ(space_b, direct.space) << html;
      EXPECT_EQ(space_c, direct.space) << html;
    }
  }
}

TEST(FlatTree, EmptyTextAndNullRoot) {
  FlatTree none(nullptr);
  EXPECT_EQ(none.size(), 0u);
  ParsedHtml parsed("<body><p>a</p></body>");
  FlatTree tree(find_first(parsed.document(), GUMBO_TAG_BODY));
  std::size_t len = 0;
  bool space = false;
  for (std::uint32_t i = 0; i < tree.size(); ++i)
    if (tree[i].kind == FlatNode::text) tree.add_bytes(i, space, len);
  EXPECT_EQ(len, 1u);
  EXPECT_FALSE(space);
}

} // namespace
