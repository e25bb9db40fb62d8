// One conversion job, from input bytes to atomically written outputs.
#include "cli/conversion.hpp"

#include "cli/exit_codes.hpp"
#include "diag/error.hpp"
#include "util/atomic_file.hpp"
#include "util/paths.hpp"
#include "util/sha256.hpp"

#include <iostream>
#include <iterator>
#include <system_error>

namespace sheaf::cli {
namespace fs = std::filesystem;

std::string detect_input_format(const format::Registry& reg, const std::string& path,
                                std::string_view bytes) {
  if (path != "-")
    if (auto f = reg.reader_for_path(path)) return *f;
  // Sniff: markup that starts like HTML is HTML, everything else is text.
  std::string_view head = bytes.substr(0, 2048);
  std::string lower;
  lower.reserve(head.size());
  for (char c : head)
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  auto has = [&](const char* s) { return lower.find(s) != std::string::npos; };
  bool html = has("<!doctype html") || has("<html") || has("<body") || has("<head");
  bool known = false;
  for (const auto& r : reg.readers())
    known = known || r.name == "html";
  return html && known ? "html" : "text";
}

namespace {
bool same_file(const std::string& a, const fs::path& b) {
  std::error_code ec;
  if (a == "-" || b == "-") return false;
  if (fs::exists(b, ec) && fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

std::string display_name(const Job& job) {
  return job.input == "-" ? "<stdin>" : job.input;
}
} // namespace

model::Document load_document(const format::Registry& reg, const Job& job,
                              diag::DiagnosticSink& sink) {
  for (const auto& out : job.outputs)
    if (same_file(job.input, out.path))
      throw diag::Error(diag::ErrorKind::usage, "output-is-input",
                        "output " + out.path.string() +
                            " is the input file; refusing to overwrite it");
  std::string bytes;
  if (job.input == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    bytes = util::read_file(job.input);
  }
  std::string from = job.from.empty() ? detect_input_format(reg, job.input, bytes) : job.from;
  const format::Reader& reader = reg.reader(from);

  format::ReadOptions ropt = job.read;
  ropt.display_name = display_name(job);
  std::error_code ec;
  ropt.base_dir =
      job.input == "-" ? fs::current_path(ec) : fs::absolute(job.input, ec).parent_path();
  if (ropt.title.empty()) ropt.title = job.overrides.title;
  if (ropt.language.empty()) ropt.language = job.overrides.language;

  model::Document doc = reader.read(bytes, ropt, sink);
  doc.meta.merge_from(job.overrides);
  return doc;
}

void write_outputs(const format::Registry& reg, const Job& job, const model::Document& doc,
                   diag::CollectingSink& sink, JobResult& result) {
  std::vector<std::string> outputs;
  for (const auto& out : job.outputs)
    outputs.push_back(reg.writer(out.format).write(doc, job.write, sink));
  if (job.strict && sink.count(diag::Severity::warning) > 0) {
    sink.report(diag::make("strict-warnings",
                           "warnings reported and --strict given; no output written",
                           {display_name(job), 0, 0}));
    result.exit_code = exit_strict;
    return;
  }
  for (std::size_t i = 0; i < job.outputs.size(); ++i) {
    const auto& spec = job.outputs[i];
    result.sizes.push_back(outputs[i].size());
    // hashing a 1 MB book's PDF costs ~35 ms: only when a report will show it
    result.sha256.push_back(job.checksums ? util::sha256_hex(outputs[i]) : std::string());
    if (spec.path == "-") {
      result.written.emplace_back(spec, std::move(outputs[i]));
    } else {
      util::write_file_atomic(spec.path, outputs[i]);
      result.written.emplace_back(spec, std::string());
    }
  }
  result.ok = true;
  result.exit_code = exit_ok;
}

int guarded(const std::string& display, diag::DiagnosticSink& sink,
            const std::function<void()>& body) {
  try {
    body();
    return exit_ok;
  } catch (const diag::Error& e) {
    diag::Diagnostic d = e.diagnostic();
    if (d.location.file.empty() && e.kind() == diag::ErrorKind::input) d.location.file = display;
    sink.report(std::move(d));
    return exit_code_for(e.kind());
  } catch (const std::bad_alloc&) {
    sink.report(diag::make("input-too-large", "out of memory while converting", {display, 0, 0}));
    return exit_input;
  } catch (const std::exception& e) {
    sink.report(
        diag::make("internal-error", std::string("internal error: ") + e.what(), {display, 0, 0}));
    return exit_internal;
  }
}

JobResult run_job(const format::Registry& reg, const Job& job, diag::CollectingSink& sink) {
  JobResult result;
  int code = guarded(display_name(job), sink, [&] {
    model::Document doc = load_document(reg, job, sink);
    write_outputs(reg, job, doc, sink, result);
  });
  if (code != exit_ok) {
    result.ok = false;
    result.exit_code = code;
  }
  return result;
}

} // namespace sheaf::cli
