// OcfArchive: entries deflated on worker threads and handed to libzip precompressed give the
// same bytes as libzip compressing everything itself; placeholders keep the entry order.
#include "writers/epub/ocf_archive.hpp"

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <utility>
#include <vector>
#include <zip.h>

using namespace sheaf;
using writers::OcfArchive;

namespace {

constexpr long long k_epoch = 1700000000;

/// The archive libzip writes when it compresses every entry itself (OcfArchive's bytes before
/// precompression: same entry settings).
std::string libzip_only(const std::vector<std::pair<std::string, std::string>>& entries,
                        const std::vector<bool>& compress) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  zip_source_keep(buffer);
  const auto mtime = static_cast<std::time_t>(OcfArchive::dos_time_for(k_epoch));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& data = entries[i].second;
    void* copy = std::malloc(data.empty() ? 1 : data.size());
    std::memcpy(copy, data.data(), data.size());
    zip_source_t* src = zip_source_buffer(z, copy, data.size(), 1);
    auto idx =
        static_cast<zip_uint64_t>(zip_file_add(z, entries[i].first.c_str(), src, ZIP_FL_ENC_UTF_8));
    zip_set_file_compression(z, idx, compress[i] ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                             compress[i] ? 5 : 0);
    zip_file_set_mtime(z, idx, mtime, 0);
    zip_file_set_external_attributes(z, idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16);
  }
  EXPECT_EQ(zip_close(z), 0);
  zip_stat_t st;
  zip_stat_init(&st);
  zip_source_stat(buffer, &st);
  zip_source_open(buffer);
  std::string out(static_cast<std::size_t>(st.size), '\0');
  zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

/// Text-like content of `size` bytes (compressible), varied by `seed`.
std::string text_of(std::size_t size, unsigned seed) {
  static const char* words[] = {"<p>",    "the ",     "archive ", "deflate ", "</p>\n",
                                "entry ", "chapter ", "thread ",  "é ",       "— "};
  std::mt19937 rng(seed);
  std::string s;
  while (s.size() < size)
    s += words[rng() % 10];
  s.resize(size);
  return s;
}

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(size, '\0');
  for (char& c : s)
    c = static_cast<char>(rng());
  return s;
}

TEST(OcfArchive, ParallelDeflateGivesLibzipsBytes) {
  std::vector<std::pair<std::string, std::string>> entries = {
      {"mimetype", "application/epub+zip"},
      {"small.xhtml", text_of(1000, 1)},
      {"edge.xhtml", text_of(OcfArchive::parallel_min, 2)},
      {"big.xhtml", text_of(700 * 1024, 3)},
      {"noise.bin", random_bytes(40 * 1024, 4)}, // deflate does not help
      {"empty.txt", ""},
      {"stored.png", random_bytes(30 * 1024, 5)},
  };
  for (int i = 0; i < 12; ++i)
    entries.push_back({"ch" + std::to_string(i) + ".xhtml", text_of(20000 + 7919 * i, 10 + i)});
  std::vector<bool> compress(entries.size(), true);
  compress[0] = false;
  compress[6] = false;

  OcfArchive zip(k_epoch);
  for (std::size_t i = 0; i < entries.size(); ++i)
    zip.add(entries[i].first, entries[i].second, compress[i]);
  const std::string ours = zip.finish();
  const std::string reference = libzip_only(entries, compress);
  EXPECT_EQ(ours.size(), reference.size());
  EXPECT_TRUE(ours == reference);

  auto back = writers::read_zip(ours);
  ASSERT_EQ(back.size(), entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(back[i].name, entries[i].first);
    EXPECT_EQ(back[i].data, entries[i].second) << entries[i].first;
  }
}

TEST(OcfArchive, DeflateRawIsLibzipsCompressedData) {
  const std::string data = text_of(100 * 1024, 9);
  std::string archive = libzip_only({{"a.xhtml", data}}, {true});
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(archive.data(), archive.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  ASSERT_NE(z, nullptr);
  zip_stat_t st;
  ASSERT_EQ(zip_stat_index(z, 0, 0, &st), 0);
  zip_file_t* f = zip_fopen_index(z, 0, ZIP_FL_COMPRESSED);
  ASSERT_NE(f, nullptr);
  std::string raw(static_cast<std::size_t>(st.comp_size), '\0');
  EXPECT_EQ(zip_fread(f, raw.data(), raw.size()), static_cast<zip_int64_t>(raw.size()));
  zip_fclose(f);
  zip_close(z);
  EXPECT_TRUE(OcfArchive::deflate_raw(data) == raw);
}

TEST(OcfArchive, PlaceholdersKeepTheirPlace) {
  OcfArchive zip(k_epoch);
  zip.add("mimetype", "application/epub+zip", false);
  const std::size_t later = zip.add("later.xml", {});
  const std::size_t big = zip.add("big.xhtml", text_of(64 * 1024, 7));
  EXPECT_EQ(zip.data(big).size(), 64u * 1024u);
  zip.set_data(later, text_of(50 * 1024, 8)); // deflated in parallel too
  zip.set_data(big, "replaced");              // replacing queued data waits for its deflate
  auto back = writers::read_zip(zip.finish());
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[1].name, "later.xml");
  EXPECT_EQ(back[1].data, text_of(50 * 1024, 8));
  EXPECT_EQ(back[2].data, "replaced");
}

TEST(OcfArchive, UnfinishedArchiveStopsItsWorkers) {
  // Destroyed without finish() (an exception in the writer): the workers must be joined.
  OcfArchive zip(k_epoch);
  for (int i = 0; i < 8; ++i)
    zip.add("e" + std::to_string(i), text_of(200 * 1024, i));
}

} // namespace
