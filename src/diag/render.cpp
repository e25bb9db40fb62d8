// gcc-style diagnostic lines.
#include "diag/render.hpp"

namespace sheaf::diag {

std::string render(const Diagnostic& d) {
  std::string out;
  if (!d.location.file.empty()) {
    out += d.location.file;
    if (d.location.line > 0) {
      out += ":" + std::to_string(d.location.line);
      if (d.location.column > 0) out += ":" + std::to_string(d.location.column);
    }
    out += ": ";
  }
  out += severity_name(d.severity);
  out += ": ";
  out += d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  for (const auto& h : d.hints)
    out += "\n  hint: " + h;
  return out;
}

} // namespace sheaf::diag
