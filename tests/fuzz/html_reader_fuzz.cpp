// libFuzzer target for the HTML reader: any bytes must give a valid document or a diag::Error,
// never a crash, hang or invalid tree. Built only with -DSHEAF_FUZZ=ON and clang.
#include "diag/error.hpp"
#include "model/validate.hpp"
#include "readers/html/html_reader.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sheaf;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  format::ReadOptions options;
  options.display_name = "fuzz.html";
  // The first byte picks the extraction mode so that all three paths are fuzzed.
  options.extract = size > 0 && (data[0] & 3) == 1 ? "always"
                    : size > 0 && (data[0] & 3) == 2 ? "never"
                                                     : "auto";
  options.base_dir = "/nonexistent-fuzz-root";
  diag::NullSink sink;
  try {
    model::Document doc = readers::HtmlReader().read(bytes, options, sink);
    if (!model::validate(doc).empty())
      std::abort();
  } catch (const diag::Error&) {
    // Refusing undecodable input is allowed.
  }
  return 0;
}
