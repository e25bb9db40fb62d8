// Turning input bytes into UTF-8 text: BOMs, UTF-16, legacy encodings (uchardet + iconv),
// invalid bytes to U+FFFD, CRLF/CR to LF, NFC. Shared by every text-based reader.
#pragma once

#include "diag/diagnostic.hpp"

#include <string>
#include <string_view>

namespace sheaf::util {

/// Result of decoding.
struct DecodedText {
  std::string text;     ///< UTF-8, LF line ends, NFC
  std::string encoding; ///< what was detected/used, e.g. "UTF-8", "WINDOWS-1252"
};

/// Decode `bytes`. `declared` is an encoding the caller found in the content (HTML
/// <meta charset>), tried after BOMs. Invalid sequences become U+FFFD with one
/// `invalid-encoding` warning naming the first bad line. Throws diag::Error(input,
/// "binary-input") when the bytes look binary (NULs outside UTF-16).
DecodedText decode_text(std::string_view bytes, const std::string& display_name,
                        diag::DiagnosticSink& sink, const std::string& declared = {},
                        bool normalize_newlines = true);

} // namespace sheaf::util
