// The build clock: SOURCE_DATE_EPOCH when set, otherwise the current time. All dates in
// output go through here so that reproducible builds are byte-identical.
#pragma once

#include <string>

namespace sheaf::util {

/// Seconds since the epoch: SOURCE_DATE_EPOCH if set and valid, else now.
long long now_epoch();
/// `epoch` as "YYYY-MM-DDThh:mm:ssZ" (UTC).
std::string iso8601_utc(long long epoch);

} // namespace sheaf::util
