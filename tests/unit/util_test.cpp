// Unit tests for src/util: UTF-8 helpers, decoding (encodings, invalid bytes, binary input),
// the path sandbox, atomic writes, the build clock, SHA-256 and media sniffing.
#include "diag/error.hpp"
#include "util/atomic_file.hpp"
#include "util/clock.hpp"
#include "util/decode.hpp"
#include "util/media.hpp"
#include "util/paths.hpp"
#include "util/sha256.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <iconv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace sheaf;

namespace {

/// A fresh scratch directory, removed at the end of the test.
class ScratchDir {
public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "sheaf-util-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    m_path = fs::canonical(tmpl);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(m_path, ec);
  }
  const fs::path& path() const { return m_path; }

private:
  fs::path m_path;
};

void write_bytes(const fs::path& p, std::string_view data) {
  std::ofstream out(p, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string utf16(std::u16string_view s, bool le, bool bom) {
  std::string out;
  if (bom) out += le ? "\xFF\xFE" : "\xFE\xFF";
  for (char16_t u : s) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
    out += le ? lo : hi;
    out += le ? hi : lo;
  }
  return out;
}

std::string expect_error_code(const std::function<void()>& fn, diag::ErrorKind kind) {
  try {
    fn();
  } catch (const diag::Error& e) {
    EXPECT_EQ(e.kind(), kind);
    return e.diagnostic().code;
  }
  ADD_FAILURE() << "no diag::Error thrown";
  return {};
}

} // namespace

// ---------------------------------------------------------------- UTF-8 helpers

TEST(Utf8, NextCodePointDecodesAndReplaces) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  std::size_t pos = 0;
  EXPECT_EQ(util::next_code_point(s, pos), U'a');
  EXPECT_EQ(util::next_code_point(s, pos), U'\u00E9');
  EXPECT_EQ(util::next_code_point(s, pos), U'\u20AC');
  EXPECT_EQ(util::next_code_point(s, pos), U'\U0001F600');
  EXPECT_EQ(pos, s.size());

  for (std::string bad : {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80"}) {
    pos = 0;
    EXPECT_EQ(util::next_code_point(bad, pos), U'\uFFFD') << bad;
    EXPECT_EQ(pos, 1u) << "invalid bytes advance by one";
  }
}

TEST(Utf8, AppendAndValidate) {
  std::string out;
  for (char32_t cp : {U'A', U'\u00E9', U'\u2014', U'\U0001F600'})
    util::append_utf8(out, cp);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80");
  EXPECT_TRUE(util::is_valid_utf8(out));
  std::string surrogate;
  util::append_utf8(surrogate, 0xD800);
  EXPECT_EQ(surrogate, "\xEF\xBF\xBD");

  EXPECT_TRUE(util::is_valid_utf8(""));
  EXPECT_TRUE(util::is_valid_utf8(std::string(100, 'x') + "\xC3\xA9"));
  EXPECT_FALSE(util::is_valid_utf8(std::string(100, 'x') + "\xC3"));
  EXPECT_FALSE(util::is_valid_utf8("\xE0\x80\x80")); // overlong
  EXPECT_FALSE(util::is_valid_utf8("\xED\xB0\x80")); // surrogate
  EXPECT_FALSE(util::is_valid_utf8("abc\xFE"));

  EXPECT_EQ(util::utf8_length(out), 4u);
  EXPECT_EQ(util::utf8_length("ab\xFF"), 3u);
}

TEST(Utf8, NfcAndLower) {
  EXPECT_EQ(util::nfc("e\xCC\x81"), "\xC3\xA9");
  EXPECT_EQ(util::nfc("caf\xC3\xA9 ok"), "caf\xC3\xA9 ok");
  EXPECT_EQ(util::nfc("A\xCC\x8A and \xE2\x80\x9Cq\xE2\x80\x9D"),
            "\xC3\x85 and \xE2\x80\x9Cq\xE2\x80\x9D");
  EXPECT_EQ(util::nfc(""), "");
  EXPECT_EQ(util::to_lower("HeLLo"), "hello");
  EXPECT_EQ(util::to_lower("\xC3\x80\xC3\x89 \xD0\x9F\xD0\xA0"),
            "\xC3\xA0\xC3\xA9 \xD0\xBF\xD1\x80");
  EXPECT_EQ(util::to_lower("\xC4\xB0"), "i\xCC\x87"); // İ grows
}

TEST(Utf8, StripCollapseTrim) {
  EXPECT_EQ(util::strip_xml_invalid("a\x01"
                                    "b\x0B"
                                    "c\td\n\re\x1F"),
            "abc\td\n\re");
  EXPECT_EQ(util::strip_xml_invalid("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");
  EXPECT_EQ(util::strip_xml_invalid("x\xED\xA0\x80y"), "xy");
  EXPECT_EQ(util::strip_xml_invalid("ok \xC3\xA9\xE2\x80\x94"), "ok \xC3\xA9\xE2\x80\x94");
  EXPECT_TRUE(util::is_valid_utf8(util::strip_xml_invalid("bad\xFF")));

  EXPECT_EQ(util::collapse_whitespace("  a \t\n b\r\n c  "), "a b c");
  EXPECT_EQ(util::collapse_whitespace(" \n "), "");
  EXPECT_EQ(util::trim("\t x y \n"), "x y");
  EXPECT_EQ(util::trim("   "), "");
}

// ---------------------------------------------------------------- decoding

TEST(Decode, PlainUtf8HasNoDiagnostics) {
  diag::CollectingSink sink;
  const auto r = util::decode_text("hello \xE2\x80\x94 world\n", "a.txt", sink);
  EXPECT_EQ(r.text, "hello \xE2\x80\x94 world\n");
  EXPECT_EQ(r.encoding, "UTF-8");
  EXPECT_TRUE(sink.diagnostics().empty());
}

TEST(Decode, EmptyInput) {
  diag::CollectingSink sink;
  EXPECT_EQ(util::decode_text(std::string_view{}, "empty.txt", sink).text, "");
  EXPECT_EQ(util::decode_text("\xEF\xBB\xBF", "bom-only.txt", sink).text, "");
  EXPECT_EQ(util::decode_text("\xFF\xFE", "bom16-only.txt", sink).text, "");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, Utf8Bom) {
  diag::CollectingSink sink;
  const auto r = util::decode_text("\xEF\xBB\xBF\xC3\xA9t\xC3\xA9\r\n", "bom.txt", sink);
  EXPECT_EQ(r.text, "\xC3\xA9t\xC3\xA9\n");
  EXPECT_EQ(r.encoding, "UTF-8");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, Utf16WithBom) {
  const std::u16string text = u"Caf\u00E9 \u201Cq\u201D \U0001F600\r\nnext";
  for (bool le : {true, false}) {
    diag::CollectingSink sink;
    const auto r = util::decode_text(utf16(text, le, true), "u16.txt", sink);
    EXPECT_EQ(r.text, "Caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80\nnext");
    EXPECT_EQ(r.encoding, le ? "UTF-16LE" : "UTF-16BE");
    EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
  }
}

TEST(Decode, Utf16WithoutBomFromNulPattern) {
  const std::u16string text = u"Plain text without a byte order mark.\nSecond line \u00E9.\n";
  for (bool le : {true, false}) {
    diag::CollectingSink sink;
    const auto r = util::decode_text(utf16(text, le, false), "nobom.txt", sink);
    EXPECT_EQ(r.text, "Plain text without a byte order mark.\nSecond line \xC3\xA9.\n");
    EXPECT_EQ(r.encoding, le ? "UTF-16LE" : "UTF-16BE");
  }
}

TEST(Decode, Utf16UnpairedSurrogateWarnsOnce) {
  diag::CollectingSink sink;
  const auto r = util::decode_text(utf16(u"ok\nx\xD800y\xDC00z", true, true), "s.txt", sink);
  EXPECT_EQ(r.text, "ok\nx\xEF\xBF\xBDy\xEF\xBF\xBDz");
  EXPECT_TRUE(sink.has("encoding-detected")); // info: UTF-16LE
  ASSERT_EQ(sink.count(diag::Severity::warning), 1u);
  for (const auto& d : sink.diagnostics()) {
    if (d.severity == diag::Severity::warning) {
      EXPECT_EQ(d.code, "invalid-encoding");
      EXPECT_EQ(d.location.line, 2);
    }
  }
}

TEST(Decode, Cp1252DetectedInline) {
  // A paragraph of Windows-1252 text: curly quotes 0x93/0x94, apostrophe 0x92, em dash 0x97,
  // accented letters, CRLF line ends.
  std::string cp1252;
  std::string expected;
  for (int i = 0; i < 20; ++i) {
    cp1252 += "The caf\xE9 owner\x92s \x93special\x94 cr\xE8me br\xFBl\xE9\x97 na\xEFve "
              "r\xE9sum\xE9.\r\n";
    expected += "The caf\xC3\xA9 owner\xE2\x80\x99s \xE2\x80\x9Cspecial\xE2\x80\x9D "
                "cr\xC3\xA8me br\xC3\xBBl\xC3\xA9\xE2\x80\x94 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9.\n";
  }
  diag::CollectingSink sink;
  const auto r = util::decode_text(cp1252, "legacy.txt", sink);
  EXPECT_EQ(r.encoding, "WINDOWS-1252");
  EXPECT_EQ(r.text, expected);
  EXPECT_TRUE(sink.has("encoding-detected"));
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, ShortLatinTextWithWindowsQuotes) {
  // uchardet calls short French text ISO-8859-2; its 0x93/0x94 would be C1 controls.
  diag::CollectingSink sink;
  const auto r = util::decode_text("caf\xE9 au lait \x93"
                                   "chaud\x94\n",
                                   "short.txt", sink);
  EXPECT_EQ(r.text, "caf\xC3\xA9 au lait \xE2\x80\x9C"
                    "chaud\xE2\x80\x9D\n");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, ShortSpanishIsNotNordic) {
  // uchardet alone answers ISO-8859-10 here, which would turn ñ into ņ.
  diag::CollectingSink sink;
  const auto r = util::decode_text("El ni\xF1o come pi\xF1"
                                   "a en Espa\xF1"
                                   "a.\n",
                                   "es.txt", sink);
  EXPECT_EQ(r.text, "El ni\xC3\xB1o come pi\xC3\xB1"
                    "a en Espa\xC3\xB1"
                    "a.\n");
  EXPECT_EQ(r.encoding, "WINDOWS-1252");
}

namespace {
/// `utf8` converted to `charset` with iconv (the test's own encoder).
std::string encode_as(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out(utf8.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(utf8.data());
  std::size_t src_left = utf8.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) return {};
  out.resize(out.size() - dst_left);
  return out;
}
} // namespace

TEST(Decode, DetectsCommonLegacyEncodings) {
  const std::string ru =
      "\u0421\u044a\u0435\u0448\u044c \u0436\u0435 \u0435\u0449\u0451 \u044d\u0442\u0438\u0445 "
      "\u043c\u044f\u0433\u043a\u0438\u0445 "
      "\u0444\u0440\u0430\u043d\u0446\u0443\u0437\u0441\u043a\u0438\u0445 "
      "\u0431\u0443\u043b\u043e\u043a, \u0434\u0430 \u0432\u044b\u043f\u0435\u0439 "
      "\u0447\u0430\u044e. "
      "\u0428\u0438\u0440\u043e\u043a\u0430\u044f "
      "\u044d\u043b\u0435\u043a\u0442\u0440\u0438\u0444\u0438\u043a\u0430\u0446\u0438\u044f "
      "\u044e\u0436\u043d\u044b\u0445 \u0433\u0443\u0431\u0435\u0440\u043d\u0438\u0439 "
      "\u0434\u0430\u0441\u0442 "
      "\u043c\u043e\u0449\u043d\u044b\u0439 \u0442\u043e\u043b\u0447\u043e\u043a.\n";
  const std::string ja =
      "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3092\u6b63\u3057\u304f\u5909\u63db"
      "\u3067\u304d\u308b\u304b\u3069\u3046\u304b\u3092\u78ba\u8a8d\u3059\u308b"
      "\u305f\u3081\u306e\u77ed\u3044\u30c6\u30ad\u30b9\u30c8\u3067\u3059\u3002"
      "\u6771\u4eac\u90fd\u306e\u5929\u6c17\u306f\u6674\u308c\u3067\u3059\u3002\n";
  const std::string zh = "\u6211\u80fd\u541e\u4e0b\u73bb\u7483\u800c\u4e0d\u4f24\u8eab\u4f53\u3002"
                         "\u5317\u4eac\u662f\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd\u7684\u9996"
                         "\u90fd\uff0c\u4e5f\u662f\u5168\u56fd\u7684\u653f\u6cbb\u3001\u6587\u5316"
                         "\u4e2d\u5fc3\u3002\n";
  const struct {
    const std::string* text;
    const char* charset;
  } cases[] = {{&ru, "KOI8-R"},    {&ru, "WINDOWS-1251"}, {&ru, "IBM866"},
               {&ja, "SHIFT_JIS"}, {&ja, "EUC-JP"},       {&zh, "GB18030"}};
  for (const auto& c : cases) {
    const std::string bytes = encode_as(*c.text, c.charset);
    ASSERT_FALSE(bytes.empty()) << c.charset;
    diag::CollectingSink sink;
    const auto r = util::decode_text(bytes, "legacy.txt", sink);
    EXPECT_EQ(r.text, *c.text) << c.charset << " detected as " << r.encoding;
    EXPECT_EQ(sink.count(diag::Severity::warning), 0u) << c.charset;
  }
}

TEST(Decode, GutenbergExcerptFixture) {
  const fs::path dir = fs::path(SHEAF_SOURCE_DIR) / "tests" / "fixtures";
  const std::string raw = read_bytes(dir / "pg84-excerpt.cp1252.txt");
  const std::string want = read_bytes(dir / "pg84-excerpt.utf8.txt");
  ASSERT_FALSE(raw.empty());
  ASSERT_FALSE(want.empty());
  diag::CollectingSink sink;
  const auto r = util::decode_text(raw, "pg84-excerpt.cp1252.txt", sink);
  EXPECT_EQ(r.encoding, "WINDOWS-1252");
  EXPECT_EQ(r.text, want);
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, GutenbergCorpusFiles) {
  const fs::path corpus = "/work/shared/corpus/plain";
  bool any = false;
  for (const char* name : {"pg1342-pride-and-prejudice", "pg84-frankenstein"}) {
    const fs::path raw_path = corpus / (std::string(name) + ".txt");
    const fs::path want_path = corpus / (std::string(name) + ".utf8.txt");
    if (!fs::exists(raw_path) || !fs::exists(want_path)) continue;
    any = true;
    diag::CollectingSink sink;
    const auto r = util::decode_text(read_bytes(raw_path), raw_path.filename().string(), sink);
    EXPECT_EQ(r.encoding, "WINDOWS-1252") << name;
    EXPECT_TRUE(r.text == read_bytes(want_path)) << name << " differs from the iconv conversion";
    EXPECT_EQ(sink.count(diag::Severity::warning), 0u) << name;
  }
  if (!any) GTEST_SKIP() << "corpus not available";
}

TEST(Decode, DeclaredEncodingIsUsed) {
  diag::CollectingSink sink;
  const auto r = util::decode_text("\xE9t\xE9 \x80", "meta.html", sink, "ISO-8859-1");
  EXPECT_EQ(r.text, "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC"); // latin1 label widened to windows-1252
  EXPECT_EQ(r.encoding, "WINDOWS-1252");

  // KOI8-R declared: "привет".
  const auto k = util::decode_text("\xD0\xD2\xC9\xD7\xC5\xD4", "ru.html", sink, "koi8-r");
  EXPECT_EQ(k.text, "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");

  // A wrong <meta> on a valid UTF-8 page with non-ASCII content: UTF-8 wins.
  const auto u = util::decode_text("\xC3\xA9t\xC3\xA9", "saved.html", sink, "windows-1252");
  EXPECT_EQ(u.text, "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(u.encoding, "UTF-8");

  // An unknown label is ignored.
  const auto x = util::decode_text("plain", "x.html", sink, "x-no-such-charset");
  EXPECT_EQ(x.text, "plain");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, WrongUtf8DeclarationFallsBackToDetection) {
  // A page claiming UTF-8 whose bytes are Windows-1252 (no valid multi-byte sequence).
  std::string cp1252;
  for (int i = 0; i < 10; ++i)
    cp1252 += "<p>Le caf\xE9 \x93sp\xE9"
              "cial\x94 de la r\xE9sidence</p>\n";
  diag::CollectingSink sink;
  const auto r = util::decode_text(cp1252, "wrong.html", sink, "utf-8");
  EXPECT_NE(r.encoding, "UTF-8"); // uchardet may name WINDOWS-1250: same bytes here
  EXPECT_EQ(r.text.substr(0, 17), "<p>Le caf\xC3\xA9 \xE2\x80\x9Csp");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, ManyInvalidBytesInDeclaredCharset) {
  // Half a million bytes Shift_JIS rejects: one replacement each, one warning, and linear
  // time (an earlier version resized the buffer per error).
  std::string in = "ok\n";
  for (int i = 0; i < 250000; ++i)
    in += "\x81\x20";
  diag::CollectingSink sink;
  const auto r = util::decode_text(in, "sjis.html", sink, "shift_jis");
  EXPECT_EQ(r.encoding, "CP932");
  ASSERT_EQ(r.text.size(), 3u + 250000u * 4u);
  EXPECT_EQ(r.text.substr(0, 7), "ok\n\xEF\xBF\xBD ");
  ASSERT_EQ(sink.count(diag::Severity::warning), 1u);
  for (const auto& d : sink.diagnostics())
    if (d.code == "invalid-encoding") {
      EXPECT_EQ(d.location.line, 2);
      EXPECT_EQ(d.location.column, 1);
      EXPECT_NE(d.message.find("250000"), std::string::npos) << d.message;
    }
}

TEST(Decode, InvalidUtf8GivesOneWarningWithFirstLine) {
  const std::string in = "first line \xC3\xBC ok\r\n"
                         "second \xE2\x80\x94 line\n"
                         "bad \xFF here and \xFE\xFE there \xC3\xA4\n"
                         "more \xC3\xB6 and \x80 again \xE2\x82\n";
  diag::CollectingSink sink;
  const auto r = util::decode_text(in, "mixed.txt", sink);
  EXPECT_EQ(r.encoding, "UTF-8");
  EXPECT_EQ(r.text, "first line \xC3\xBC ok\n"
                    "second \xE2\x80\x94 line\n"
                    "bad \xEF\xBF\xBD here and \xEF\xBF\xBD\xEF\xBF\xBD there \xC3\xA4\n"
                    "more \xC3\xB6 and \xEF\xBF\xBD again \xEF\xBF\xBD\n");
  const auto d = sink.diagnostics();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "invalid-encoding");
  EXPECT_EQ(d[0].location.file, "mixed.txt");
  EXPECT_EQ(d[0].location.line, 3);
  EXPECT_EQ(d[0].location.column, 5);
  EXPECT_EQ(d[0].severity, diag::Severity::warning);
}

TEST(Decode, BinaryInputIsRefused) {
  diag::CollectingSink sink;
  static const char png_bytes[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
  const std::string png(png_bytes, sizeof png_bytes - 1);
  EXPECT_EQ(
      expect_error_code([&] { util::decode_text(png, "img.txt", sink); }, diag::ErrorKind::input),
      "binary-input");
  std::string controls;
  for (int i = 0; i < 400; ++i)
    controls += static_cast<char>(1 + i % 8);
  EXPECT_EQ(expect_error_code([&] { util::decode_text(controls, "ctl.bin", sink); },
                              diag::ErrorKind::input),
            "binary-input");
  // NULs at odd positions that do not decode to text are not UTF-16 either.
  std::string fake16;
  for (int i = 0; i < 400; ++i) {
    fake16 += static_cast<char>(1 + i % 7);
    fake16 += '\0';
  }
  EXPECT_EQ(
      expect_error_code([&] { util::decode_text(fake16, "f.dat", sink); }, diag::ErrorKind::input),
      "binary-input");
  // NULs in a UTF-8 file with a BOM are binary too.
  EXPECT_EQ(expect_error_code(
                [&] { util::decode_text(std::string("\xEF\xBB\xBFx\0y\0\0\0z", 10), "b", sink); },
                diag::ErrorKind::input),
            "binary-input");
  try {
    util::decode_text(png, "img.txt", sink);
  } catch (const diag::Error& e) {
    EXPECT_NE(std::string(e.what()).find("img.txt"), std::string::npos);
  }
}

TEST(Decode, NewlinesAndNfc) {
  diag::CollectingSink sink;
  EXPECT_EQ(util::decode_text("a\r\nb\rc\n\r\r\nd", "n.txt", sink).text, "a\nb\nc\n\n\nd");
  EXPECT_EQ(util::decode_text("a\r\nb\rc", "n.txt", sink, {}, false).text, "a\r\nb\rc");
  EXPECT_EQ(util::decode_text("caf\x65\xCC\x81", "nfc.txt", sink).text, "caf\xC3\xA9");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

TEST(Decode, LargeSingleLine) {
  std::string big;
  big.reserve(20u << 20);
  while (big.size() < (20u << 20))
    big += "Lorem ipsum dolor sit amet, caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D text. ";
  diag::CollectingSink sink;
  const auto r = util::decode_text(big, "big.txt", sink);
  EXPECT_EQ(r.text.size(), big.size());
}

TEST(Decode, LargeLegacyLine) {
  std::string big;
  big.reserve(20u << 20);
  while (big.size() < (20u << 20))
    big += "The caf\xE9 owner\x92s \x93special\x94 cr\xE8me br\xFBl\xE9\x97 na\xEFve. ";
  diag::CollectingSink sink;
  const auto r = util::decode_text(big, "big.txt", sink);
  EXPECT_EQ(r.encoding, "WINDOWS-1252");
  EXPECT_EQ(r.text.substr(0, 11), "The caf\xC3\xA9 o");
  EXPECT_EQ(sink.count(diag::Severity::warning), 0u);
}

// ---------------------------------------------------------------- paths

class PathsTest : public ::testing::Test {
protected:
  void SetUp() override {
    base = scratch.path() / "base";
    outside = scratch.path() / "outside";
    fs::create_directories(base / "sub");
    fs::create_directories(outside);
    write_bytes(base / "a.txt", "a");
    write_bytes(base / "sub" / "b.png", "b");
    write_bytes(base / "my image.png", "c");
    write_bytes(outside / "secret.txt", "s");
    fs::create_directory_symlink(outside, base / "link");
  }
  ScratchDir scratch;
  fs::path base, outside;
};

TEST_F(PathsTest, InsideIsResolved) {
  EXPECT_EQ(util::resolve_inside("a.txt", base, {}), base / "a.txt");
  EXPECT_EQ(util::resolve_inside("sub/../sub/b.png", base, {}), base / "sub" / "b.png");
  EXPECT_EQ(util::resolve_inside("./sub/b.png#frag", base, {}), base / "sub" / "b.png");
  EXPECT_EQ(util::resolve_inside("my%20image.png", base, {}), base / "my image.png");
  EXPECT_EQ(util::resolve_inside((base / "a.txt").string(), base, {}), base / "a.txt");
  // Not existing but inside: still resolved (existence is the caller's business).
  EXPECT_EQ(util::resolve_inside("missing.png", base, {}), base / "missing.png");
}

TEST_F(PathsTest, EscapesAreRefused) {
  EXPECT_FALSE(util::resolve_inside("../outside/secret.txt", base, {}));
  EXPECT_FALSE(util::resolve_inside("sub/../../outside/secret.txt", base, {}));
  EXPECT_FALSE(util::resolve_inside("link/secret.txt", base, {})); // symlink escape
  EXPECT_FALSE(util::resolve_inside((outside / "secret.txt").string(), base, {}));
  EXPECT_FALSE(util::resolve_inside("/etc/passwd", base, {}));
  // Percent-encoded dots never reach outside (a literal "%2E%2E" folder would be inside).
  const auto dots = util::resolve_inside("%2E%2E/outside/secret.txt", base, {});
  if (dots) {
    EXPECT_EQ(dots->parent_path().parent_path().parent_path(), base);
  }
  EXPECT_FALSE(util::resolve_inside("http://example.com/a.png", base, {}));
  EXPECT_FALSE(util::resolve_inside("data:image/png;base64,AAAA", base, {}));
  EXPECT_FALSE(util::resolve_inside("", base, {}));
  // A sibling whose name starts with the base name is not inside it.
  fs::create_directories(scratch.path() / "base2");
  write_bytes(scratch.path() / "base2" / "x.txt", "x");
  EXPECT_FALSE(util::resolve_inside("../base2/x.txt", base, {}));
}

TEST_F(PathsTest, FileUrlsAndRoots) {
  EXPECT_EQ(util::resolve_inside("file://" + (base / "a.txt").string(), base, {}), base / "a.txt");
  EXPECT_EQ(util::resolve_inside("FILE://localhost" + (base / "my%20image.png").string(), base, {}),
            base / "my image.png");
  EXPECT_FALSE(util::resolve_inside("file://" + (outside / "secret.txt").string(), base, {}));
  EXPECT_FALSE(util::resolve_inside("file://evil.example.com/etc/passwd", base, {}));
  // An extra root allows the outside folder.
  EXPECT_EQ(util::resolve_inside("../outside/secret.txt", base, {outside}), outside / "secret.txt");
  EXPECT_EQ(util::resolve_inside("link/secret.txt", base, {outside}), outside / "secret.txt");
}

TEST(Paths, ExtensionAndPercent) {
  EXPECT_EQ(util::lower_extension("dir.d/Article.HTML"), ".html");
  EXPECT_EQ(util::lower_extension("archive.tar.GZ"), ".gz");
  EXPECT_EQ(util::lower_extension("README"), "");
  EXPECT_EQ(util::percent_decode("a%20b%2Fc%zz%4"), "a b/c%zz%4");
  EXPECT_EQ(util::percent_decode("%C3%A9t%c3%a9"), "\xC3\xA9t\xC3\xA9");
}

TEST(Paths, ReadFileErrors) {
  ScratchDir dir;
  write_bytes(dir.path() / "f.txt", std::string("x\0y", 3));
  EXPECT_EQ(util::read_file(dir.path() / "f.txt"), std::string("x\0y", 3));
  write_bytes(dir.path() / "empty", "");
  EXPECT_EQ(util::read_file(dir.path() / "empty"), "");

  EXPECT_EQ(
      expect_error_code([&] { util::read_file(dir.path() / "nope.txt"); }, diag::ErrorKind::input),
      "input-not-found");
  EXPECT_EQ(expect_error_code([&] { util::read_file(dir.path()); }, diag::ErrorKind::input),
            "input-is-directory");
  try {
    util::read_file(dir.path() / "nope.txt");
  } catch (const diag::Error& e) {
    EXPECT_NE(e.diagnostic().message.find("nope.txt"), std::string::npos);
  }
  if (::geteuid() != 0) {
    fs::permissions(dir.path() / "f.txt", fs::perms::none);
    EXPECT_EQ(
        expect_error_code([&] { util::read_file(dir.path() / "f.txt"); }, diag::ErrorKind::input),
        "input-unreadable");
  }
}

// ---------------------------------------------------------------- atomic writes

namespace {
std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}
} // namespace

TEST(AtomicFile, WritesWithNormalModeAndNoTemp) {
  ScratchDir dir;
  const mode_t old = ::umask(022);
  util::write_file_atomic(dir.path() / "out.epub", "payload");
  ::umask(077);
  util::write_file_atomic(dir.path() / "private.txt", "p");
  ::umask(old);
  EXPECT_EQ(read_bytes(dir.path() / "out.epub"), "payload");
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "out.epub").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  ASSERT_EQ(::stat((dir.path() / "private.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Overwrite keeps working and leaves only the two files.
  util::write_file_atomic(dir.path() / "out.epub", std::string(100000, 'z'));
  EXPECT_EQ(read_bytes(dir.path() / "out.epub"), std::string(100000, 'z'));
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"out.epub", "private.txt"}));
}

TEST(AtomicFile, MissingOrBadDirectoryThrows) {
  ScratchDir dir;
  EXPECT_EQ(expect_error_code(
                [&] { util::write_file_atomic(dir.path() / "no" / "such" / "out.pdf", "x"); },
                diag::ErrorKind::output),
            "output-unwritable");
  write_bytes(dir.path() / "plain", "keep");
  EXPECT_EQ(expect_error_code([&] { util::write_file_atomic(dir.path() / "plain" / "o", "x"); },
                              diag::ErrorKind::output),
            "output-unwritable");
  try {
    util::write_file_atomic(dir.path() / "no" / "out.pdf", "x");
  } catch (const diag::Error& e) {
    EXPECT_NE(e.diagnostic().message.find("out.pdf"), std::string::npos);
  }
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"plain"}));
}

TEST(AtomicFile, ExistingDirectoryTargetFailsAndIsKept) {
  ScratchDir dir;
  fs::create_directories(dir.path() / "target");
  write_bytes(dir.path() / "target" / "inner", "i");
  EXPECT_EQ(expect_error_code([&] { util::write_file_atomic(dir.path() / "target", "x"); },
                              diag::ErrorKind::output),
            "output-unwritable");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"target"}));
  EXPECT_EQ(read_bytes(dir.path() / "target" / "inner"), "i");
}

TEST(AtomicFile, FailedWriteLeavesExistingFileUntouched) {
  // Make write() fail with EFBIG through RLIMIT_FSIZE (works even as root).
  ScratchDir dir;
  write_bytes(dir.path() / "out.pdf", "old content");
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string code;
  try {
    util::write_file_atomic(dir.path() / "out.pdf", std::string(1 << 20, 'n'));
  } catch (const diag::Error& e) {
    code = e.diagnostic().code;
    EXPECT_EQ(e.kind(), diag::ErrorKind::output);
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(code, "output-unwritable");
  EXPECT_EQ(read_bytes(dir.path() / "out.pdf"), "old content");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"out.pdf"}));
}

TEST(AtomicFile, UnwritableDirectoryWhenNotRoot) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  ScratchDir dir;
  fs::create_directories(dir.path() / "ro");
  write_bytes(dir.path() / "ro" / "out.pdf", "old");
  fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_EQ(expect_error_code([&] { util::write_file_atomic(dir.path() / "ro" / "out.pdf", "n"); },
                              diag::ErrorKind::output),
            "output-unwritable");
  EXPECT_EQ(read_bytes(dir.path() / "ro" / "out.pdf"), "old");
  EXPECT_EQ(names_in(dir.path() / "ro"), (std::vector<std::string>{"out.pdf"}));
}

namespace {
void remove_temps_and_exit(int) {
  util::remove_pending_temp_files();
  ::_exit(42);
}
} // namespace

TEST(AtomicFile, SignalHandlerRemovesPendingTempFile) {
  // A child process writes more than RLIMIT_FSIZE allows; SIGXFSZ arrives while the temp
  // file is pending and the handler (like the CLI's) must delete it.
  ScratchDir dir;
  write_bytes(dir.path() / "out.pdf", "old");
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, remove_temps_and_exit);
    struct rlimit small {};
    ::getrlimit(RLIMIT_FSIZE, &small);
    small.rlim_cur = 4096;
    ::setrlimit(RLIMIT_FSIZE, &small);
    try {
      util::write_file_atomic(dir.path() / "out.pdf", std::string(1 << 20, 'n'));
    } catch (...) {
    }
    ::_exit(1); // the signal handler should have ended the process
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"out.pdf"}));
  EXPECT_EQ(read_bytes(dir.path() / "out.pdf"), "old");
}

TEST(AtomicFile, RemovePendingWithNothingPendingIsHarmless) {
  ScratchDir dir;
  util::write_file_atomic(dir.path() / "keep.txt", "k");
  util::remove_pending_temp_files();
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"keep.txt"}));
}

// ---------------------------------------------------------------- clock

TEST(Clock, SourceDateEpoch) {
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  EXPECT_EQ(util::now_epoch(), 1700000000);
  ::setenv("SOURCE_DATE_EPOCH", "0", 1);
  EXPECT_EQ(util::now_epoch(), 0);
  for (const char* bad : {"12ab", "", "-5", " 17", "99999999999999999999999"}) {
    ::setenv("SOURCE_DATE_EPOCH", bad, 1);
    EXPECT_NEAR(static_cast<double>(util::now_epoch()), static_cast<double>(std::time(nullptr)),
                5.0)
        << bad;
  }
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_NEAR(static_cast<double>(util::now_epoch()), static_cast<double>(std::time(nullptr)), 5.0);
  EXPECT_EQ(util::iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(util::iso8601_utc(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(util::iso8601_utc(951782400), "2000-02-29T00:00:00Z");
}

// ---------------------------------------------------------------- SHA-256

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(util::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(util::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(util::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(util::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Padding boundaries (checked against Python's hashlib).
  EXPECT_EQ(util::sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(util::sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(util::sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(util::sha256_hex(std::string(119, 'a')),
            "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  const auto raw = util::sha256("abc");
  EXPECT_EQ(raw[0], 0xba);
  EXPECT_EQ(raw[31], 0xad);
}

TEST(Sha256, AcceleratedPathMatchesPortable) {
  // sha256() may use the CPU's SHA instructions; every length around the block and padding
  // boundaries, and a long varied input, must give the portable digest.
  std::string data;
  std::uint32_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 1103515245u + 12345u;
    data += static_cast<char>(x >> 24);
  }
  for (std::size_t len = 0; len <= 200; ++len)
    ASSERT_EQ(util::sha256(std::string_view(data).substr(0, len)),
              util::sha256_portable(std::string_view(data).substr(0, len)))
        << "length " << len;
  EXPECT_EQ(util::sha256(data), util::sha256_portable(data));
  EXPECT_EQ(util::sha256_portable("abc"), util::sha256("abc"));
  EXPECT_EQ(util::sha256_portable(std::string(1000000, 'a'))[0], 0xcd);
}

// ---------------------------------------------------------------- media

namespace {
std::string bytes(std::initializer_list<int> b) {
  std::string out;
  for (int x : b)
    out.push_back(static_cast<char>(x));
  return out;
}
} // namespace

TEST(Media, PngSize) {
  const std::string png = "\x89PNG\r\n\x1A\n" + bytes({0, 0, 0, 13}) + "IHDR" +
                          bytes({0, 0, 1, 0x2C, 0, 0, 0, 0xC8, 8, 6, 0, 0, 0});
  EXPECT_EQ(util::sniff_media_type(png), "image/png");
  int w = 0, h = 0;
  ASSERT_TRUE(util::image_size(png, w, h));
  EXPECT_EQ(w, 300);
  EXPECT_EQ(h, 200);
  EXPECT_FALSE(util::image_size(png.substr(0, 20), w, h));
}

TEST(Media, GifSize) {
  for (const char* sig : {"GIF87a", "GIF89a"}) {
    const std::string gif = sig + bytes({0x40, 0x01, 0xF0, 0x00, 0, 0, 0});
    EXPECT_EQ(util::sniff_media_type(gif), "image/gif");
    int w = 0, h = 0;
    ASSERT_TRUE(util::image_size(gif, w, h));
    EXPECT_EQ(w, 320);
    EXPECT_EQ(h, 240);
  }
}

TEST(Media, JpegSizeScansSegments) {
  const std::string app0 =
      bytes({0xFF, 0xE0, 0x00, 0x10}) + "JFIF" + bytes({0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
  const std::string dht = bytes({0xFF, 0xC4, 0x00, 0x05, 1, 2, 3}); // C4 is not a frame
  const std::string sof2 = bytes({0xFF, 0xFF, 0xC2, 0x00, 0x11, 8,    0x00, 0x78, 0x00, 0xA0,
                                  3,    1,    0x22, 0,    2,    0x11, 1,    3,    0x11, 1});
  const std::string jpeg = bytes({0xFF, 0xD8}) + app0 + dht + sof2 + bytes({0xFF, 0xD9});
  EXPECT_EQ(util::sniff_media_type(jpeg), "image/jpeg");
  int w = 0, h = 0;
  ASSERT_TRUE(util::image_size(jpeg, w, h));
  EXPECT_EQ(w, 160);
  EXPECT_EQ(h, 120);
  // Truncated inside the frame header, or a segment length pointing past the end.
  w = h = -1;
  EXPECT_FALSE(util::image_size(jpeg.substr(0, 2 + app0.size() + dht.size() + 6), w, h));
  EXPECT_EQ(w, -1);
  EXPECT_FALSE(util::image_size(bytes({0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0}), w, h));
  EXPECT_FALSE(util::image_size(bytes({0xFF, 0xD8, 0xFF, 0xDA, 0, 2}), w, h));
}

TEST(Media, WebpSizes) {
  auto riff = [](const std::string& chunk, const std::string& payload) {
    return "RIFF" + bytes({0x40, 0, 0, 0}) + "WEBP" + chunk + bytes({0x20, 0, 0, 0}) + payload +
           std::string(16, '\0');
  };
  int w = 0, h = 0;
  const std::string vp8x = riff("VP8X", bytes({0x10, 0, 0, 0, 0x3F, 0x01, 0x00, 0xEF, 0x00, 0x00}));
  EXPECT_EQ(util::sniff_media_type(vp8x), "image/webp");
  ASSERT_TRUE(util::image_size(vp8x, w, h));
  EXPECT_EQ(w, 320);
  EXPECT_EQ(h, 240);

  const std::string vp8 =
      riff("VP8 ", bytes({0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01}));
  ASSERT_TRUE(util::image_size(vp8, w, h));
  EXPECT_EQ(w, 640);
  EXPECT_EQ(h, 480);

  // VP8L: width-1 = 99 and height-1 = 49 packed in 14-bit fields after the 0x2F signature.
  const std::uint32_t packed = 99u | (49u << 14);
  const std::string vp8l = riff(
      "VP8L",
      bytes({0x2F, static_cast<int>(packed & 0xFF), static_cast<int>((packed >> 8) & 0xFF),
             static_cast<int>((packed >> 16) & 0xFF), static_cast<int>((packed >> 24) & 0xFF)}));
  ASSERT_TRUE(util::image_size(vp8l, w, h));
  EXPECT_EQ(w, 100);
  EXPECT_EQ(h, 50);
}

TEST(Media, SvgAndUnknown) {
  EXPECT_EQ(util::sniff_media_type("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "image/svg+xml");
  EXPECT_EQ(
      util::sniff_media_type(
          "\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<!-- made by hand -->\n"
          "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\" [ <!ENTITY a \"b\"> ]>\n"
          "<svg\n width=\"10\">"),
      "image/svg+xml");
  EXPECT_EQ(util::sniff_media_type("<svgx>"), "");
  EXPECT_EQ(util::sniff_media_type("<html><svg></svg></html>"), "");
  EXPECT_EQ(util::sniff_media_type("<!-- unterminated <svg>"), "");
  EXPECT_EQ(util::sniff_media_type("hello"), "");
  EXPECT_EQ(util::sniff_media_type(""), "");
  int w = 0, h = 0;
  EXPECT_FALSE(util::image_size("<svg/>", w, h));
  EXPECT_FALSE(util::image_size("GIF89a", w, h));
}

// ---------------------------------------------------------------- robustness

TEST(Robustness, RandomBytesNeverBreakInvariants) {
  // Deterministic pseudo-random inputs (biased towards interesting bytes): decoding either
  // refuses the input as binary or yields valid UTF-8; image parsers stay in bounds.
  std::uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  static const char interesting[] = {'\0',   '\r',   '\n',   '\xFF', '\xFE', '\xEF', '\xBB', '\xBF',
                                     '\xC3', '\xA9', '\xE2', '\x80', '\x93', '\xD8', '\x89', 'a'};
  for (int round = 0; round < 2000; ++round) {
    std::string in;
    const std::size_t len = next() % 200;
    for (std::size_t i = 0; i < len; ++i)
      in.push_back(next() % 3 ? interesting[next() % sizeof interesting]
                              : static_cast<char>(next() & 0xFF));
    diag::CollectingSink sink;
    try {
      const auto r = util::decode_text(in, "fuzz", sink);
      ASSERT_TRUE(util::is_valid_utf8(r.text)) << "round " << round;
      EXPECT_EQ(r.text.find('\r'), std::string::npos);
      EXPECT_LE(sink.count(diag::Severity::warning), 1u);
    } catch (const diag::Error& e) {
      EXPECT_EQ(e.diagnostic().code, "binary-input");
    }
    ASSERT_TRUE(util::is_valid_utf8(util::strip_xml_invalid(in)));
    ASSERT_TRUE(util::is_valid_utf8(util::nfc(in)));
    int w = 0, h = 0;
    for (const char* magic :
         {"\xFF\xD8\xFF", "\x89PNG\r\n\x1A\n", "GIF89a", "RIFF\x10\x10\x10\x10WEBPVP8"})
      if (util::image_size(std::string(magic) + in, w, h)) {
        EXPECT_GT(w, 0);
        EXPECT_GT(h, 0);
      }
  }
}

TEST(Media, SvgSizeFromAttributesOrViewBox) {
  int w = 0, h = 0;
  ASSERT_TRUE(util::image_size("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                               "width=\"120\" height='80px'><rect/></svg>",
                               w, h));
  EXPECT_EQ(w, 120);
  EXPECT_EQ(h, 80);
  ASSERT_TRUE(util::image_size("<svg viewBox=\"0 0 300 150\"/>", w, h));
  EXPECT_EQ(w, 300);
  EXPECT_EQ(h, 150);
  // one side given: the other from the viewBox's aspect ratio; pt converted to px
  ASSERT_TRUE(util::image_size("<svg width=\"30pt\" viewBox=\"0,0,200,100\"/>", w, h));
  EXPECT_EQ(w, 40);
  EXPECT_EQ(h, 20);
  // relative sizes fall back to the viewBox; nothing usable: no size
  ASSERT_TRUE(util::image_size("<svg width=\"100%\" height=\"50%\" viewBox=\"0 0 64 32\"/>", w, h));
  EXPECT_EQ(w, 64);
  EXPECT_EQ(h, 32);
  EXPECT_FALSE(util::image_size("<svg width=\"100%\"/>", w, h));
  // stroke-width is not width
  EXPECT_FALSE(util::image_size("<svg stroke-width=\"3\"/>", w, h));
}
