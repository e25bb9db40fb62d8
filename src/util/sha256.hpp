// SHA-256 (FIPS 180-4) for content ids, deterministic identifiers and batch reports.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sheaf::util {

/// Digest of `data`.
std::array<std::uint8_t, 32> sha256(std::string_view data);
/// Digest of `data` computed without CPU-specific instructions (tests compare it with sha256()).
std::array<std::uint8_t, 32> sha256_portable(std::string_view data);
/// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

} // namespace sheaf::util
