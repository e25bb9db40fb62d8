// Batch conversion: many inputs, several output formats, a thread pool, progress on stderr,
// a JSON report, --combine into one publication, --shard K/N. Part of the CLI (it prints).
#pragma once

#include "cli/conversion.hpp"
#include "diag/diagnostic.hpp"

#include <string>
#include <vector>

namespace sheaf::cli {

/// How a batch runs and reports.
struct BatchOptions {
  int jobs = 1;
  bool fail_fast = false;
  bool quiet = false;
  int verbose = 0;
  std::string report_path; ///< "" = none, "-" = stdout
  bool combine = false;
  model::Metadata book; ///< --combine: publication metadata
};

/// Output file names for `inputs` in `out_dir`, one per input and format, assigned in sorted
/// input order so that they do not depend on the argument order. Two inputs with the same
/// stem get their parent folder's name as a prefix (then a number); each such rename is
/// returned as a message in `collisions[i]`.
std::vector<std::vector<OutputSpec>> plan_outputs(const std::vector<std::string>& inputs,
                                                  const std::vector<std::string>& formats,
                                                  const std::string& out_dir,
                                                  std::vector<std::string>& collisions);

/// True when `path` falls into shard `k` of `n` (1-based), by a stable hash of the path.
bool in_shard(const std::string& path, int k, int n);

/// Run the jobs (each fully described) and return the process exit code.
int run_batch(const format::Registry& reg, std::vector<Job> jobs,
              const std::vector<std::string>& collisions, const BatchOptions& options);

/// --combine: read every job's input, combine them into one book and write `outputs`.
int run_combine(const format::Registry& reg, std::vector<Job> jobs,
                const std::vector<OutputSpec>& outputs, const BatchOptions& options);

/// The diagnostic printing threshold for the verbosity flags.
diag::Severity print_threshold(bool quiet, int verbose);

} // namespace sheaf::cli
