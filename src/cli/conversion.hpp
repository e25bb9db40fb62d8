// One conversion job: read an input, apply metadata, write one or more outputs atomically.
// Used by the single-file path and the batch runner; never prints.
#pragma once

#include "diag/diagnostic.hpp"
#include "format/options.hpp"
#include "format/registry.hpp"
#include "model/metadata.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace sheaf::cli {

/// One output of a job.
struct OutputSpec {
  std::string format;         ///< writer name
  std::filesystem::path path; ///< "-" = stdout (the caller writes `bytes`)
};

/// Everything one conversion needs.
struct Job {
  std::string input; ///< path or "-"
  std::string from;  ///< reader name ("" = detect)
  std::vector<OutputSpec> outputs;
  format::ReadOptions read;
  format::WriteOptions write;
  model::Metadata overrides; ///< command-line metadata (wins)
  bool strict = false;
  bool checksums = true; ///< fill JobResult::sha256 (only the JSON report needs it)
};

/// What a job produced.
struct JobResult {
  bool ok = false;
  int exit_code = 0;
  std::vector<std::pair<OutputSpec, std::string>>
      written; ///< spec + bytes (bytes kept only for stdout)
  std::vector<std::size_t> sizes;
  std::vector<std::string> sha256; ///< empty strings when the job asked for no checksums
};

/// Reader name for an input: by extension, else by sniffing the bytes (HTML vs text).
std::string detect_input_format(const format::Registry& reg, const std::string& path,
                                std::string_view bytes);

/// Read and parse the job's input (stdin for "-") and apply the metadata overrides.
/// Throws diag::Error.
model::Document load_document(const format::Registry& reg, const Job& job,
                              diag::DiagnosticSink& sink);

/// Serialize `doc` to every output of `job` and write the files atomically (outputs for "-"
/// are kept in the result). Honours --strict. Throws diag::Error.
void write_outputs(const format::Registry& reg, const Job& job, const model::Document& doc,
                   diag::CollectingSink& sink, JobResult& result);

/// Run `body`, turning every exception into a diagnostic in `sink`; returns the exit code.
int guarded(const std::string& display, diag::DiagnosticSink& sink,
            const std::function<void()>& body);

/// Run one job. Diagnostics (including the fatal one, if any) go to `sink`. Output files are
/// written atomically; on failure none is left behind. Reads stdin when input is "-".
JobResult run_job(const format::Registry& reg, const Job& job, diag::CollectingSink& sink);

} // namespace sheaf::cli
