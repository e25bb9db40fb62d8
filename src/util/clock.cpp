// The build clock: SOURCE_DATE_EPOCH (decimal digits only, otherwise ignored) or the
// current time, and its UTC ISO 8601 rendering.
#include "util/clock.hpp"

#include <cstdlib>
#include <ctime>
#include <limits>

namespace sheaf::util {

namespace {

/// SOURCE_DATE_EPOCH as a number, or -1 when unset, empty, non-digit or out of range.
long long source_date_epoch() {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return -1;
  long long value = 0;
  for (const char* p = env; *p; ++p) {
    if (*p < '0' || *p > '9') return -1;
    const int digit = *p - '0';
    if (value > (std::numeric_limits<long long>::max() - digit) / 10) return -1;
    value = value * 10 + digit;
  }
  return value;
}

} // namespace

long long now_epoch() {
  const long long fixed = source_date_epoch();
  if (fixed >= 0) return fixed;
  return static_cast<long long>(std::time(nullptr));
}

std::string iso8601_utc(long long epoch) {
  const auto t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "1970-01-01T00:00:00Z";
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return n ? std::string(buf, n) : std::string("1970-01-01T00:00:00Z");
}

} // namespace sheaf::util
