// One conversion job: read an input, apply metadata, write one or more outputs atomically.
// Used by the single-file path and the batch runner; never prints.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "format/registry.hpp"
#include "model/metadata.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace sheaf::cli {

/// One output of a job.
struct OutputSpec {
  std::string format;           ///< writer name
  std::filesystem::path path;   ///< "-" = stdout (the caller writes `bytes`)
};

/// Everything one conversion needs.
struct Job {
  std::string input;                ///< path or "-"
  std::string from;                 ///< reader name ("" = detect)
  std::vector<OutputSpec> outputs;
  format::ReadOptions read;
  format::WriteOptions write;
  model::Metadata overrides;        ///< command-line metadata (wins)
  bool strict = false;
};

/// What a job produced.
struct JobResult {
  bool ok = false;
  int exit_code = 0;
  std::vector<std::pair<OutputSpec, std::string>> written; ///< spec + bytes (bytes kept only for stdout)
  std::vector<std::size_t> sizes;
  std::vector<std::string> sha256;
};

/// Reader name for an input: by extension, else by sniffing the bytes (HTML vs text).
std::string detect_input_format(const format::Registry& reg, const std::string& path,
                                std::string_view bytes);

/// Run one job. Diagnostics (including the fatal one, if any) go to `sink`. Output files are
/// written atomically; on failure none is left behind. Reads stdin when input is "-".
JobResult run_job(const format::Registry& reg, const Job& job, diag::CollectingSink& sink);

} // namespace sheaf::cli
