// Batch runner: thread pool, progress line, per-input diagnostics, JSON report, combine.
#include "cli/batch.hpp"

#include "cli/exit_codes.hpp"
#include "diag/render.hpp"
#include "transform/combine.hpp"
#include "util/atomic_file.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <unistd.h>

namespace sheaf::cli {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

diag::Severity print_threshold(bool quiet, int verbose) {
  return quiet          ? diag::Severity::error
         : verbose >= 2 ? diag::Severity::debug
         : verbose == 1 ? diag::Severity::info
                        : diag::Severity::warning;
}

namespace {

std::string extension_for(const std::string& format) {
  if (format == "native") return ".native";
  return "." + format;
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Everything recorded about one finished input.
struct InputOutcome {
  bool done = false;
  bool ok = false;
  int exit_code = 0;
  JobResult result;
  std::vector<diag::Diagnostic> diagnostics;
  double seconds = 0;
};

std::string fmt_time(double s) {
  int t = static_cast<int>(s + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t / 60, t % 60);
  return buf;
}

nlohmann::json diagnostics_json(const std::vector<diag::Diagnostic>& ds) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& d : ds) {
    if (d.severity < diag::Severity::info) continue;
    arr.push_back({{"severity", diag::severity_name(d.severity)},
                   {"code", d.code},
                   {"message", d.message},
                   {"file", d.location.file},
                   {"line", d.location.line},
                   {"column", d.location.column}});
  }
  return arr;
}

/// Serialises progress and diagnostics output of concurrent jobs.
class Reporter {
public:
  Reporter(std::size_t total, const BatchOptions& o)
      : m_total(total), m_opts(o), m_tty(isatty(STDERR_FILENO) != 0), m_start(Clock::now()) {}

  void started(const std::string& input) {
    std::lock_guard lock(m_mutex);
    m_current = input;
    draw();
  }

  void finished(const Job& job, const InputOutcome& out) {
    std::lock_guard lock(m_mutex);
    ++m_done;
    if (!out.ok) ++m_failed;
    if (m_opts.quiet) {
      print_diags(out.diagnostics);
      return;
    }
    clear();
    print_diags(out.diagnostics);
    if (!m_tty) {
      std::string line = "[" + std::to_string(m_done) + "/" + std::to_string(m_total) + "] " +
                         (out.ok ? "ok     " : "FAILED ") + job.input;
      if (out.ok) {
        line += " ->";
        for (const auto& [spec, bytes] : out.result.written)
          line += " " + spec.path.string();
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, " (%.2f s)", out.seconds);
      std::cerr << line << buf << "\n";
    }
    draw();
  }

  void end() {
    std::lock_guard lock(m_mutex);
    clear();
    if (!m_opts.quiet) {
      double el = std::chrono::duration<double>(Clock::now() - m_start).count();
      std::cerr << "sheaf: " << (m_done - m_failed) << " converted, " << m_failed << " failed in "
                << fmt_time(el) << "\n";
    }
  }

private:
  void print_diags(const std::vector<diag::Diagnostic>& ds) {
    auto min = print_threshold(m_opts.quiet, m_opts.verbose);
    for (const auto& d : ds)
      if (d.severity >= min) std::cerr << "sheaf: " << diag::render(d) << "\n";
  }
  void clear() {
    if (m_tty && m_drawn) std::cerr << "\r\033[K";
    m_drawn = false;
  }
  void draw() {
    if (!m_tty || m_opts.quiet) return;
    double el = std::chrono::duration<double>(Clock::now() - m_start).count();
    std::string line = "\r\033[K[" + std::to_string(m_done) + "/" + std::to_string(m_total) + "]";
    if (m_failed) line += " " + std::to_string(m_failed) + " failed";
    line += " " + fmt_time(el);
    if (m_done > 0 && m_done < m_total)
      line += " ETA " +
              fmt_time(el / static_cast<double>(m_done) * static_cast<double>(m_total - m_done));
    if (m_done < m_total && !m_current.empty()) line += "  " + m_current;
    std::cerr << line << std::flush;
    m_drawn = true;
  }

  std::mutex m_mutex;
  std::size_t m_total;
  const BatchOptions& m_opts;
  bool m_tty;
  Clock::time_point m_start;
  std::size_t m_done = 0, m_failed = 0;
  std::string m_current;
  bool m_drawn = false;
};

/// Run `body(i)` for i in [0, n) on `jobs` threads; stops handing out work when `stop` is set.
template <class Fn> void parallel_for(std::size_t n, int jobs, std::atomic<bool>& stop, Fn body) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      std::size_t i = next.fetch_add(1);
      if (i >= n) return;
      body(i);
    }
  };
  int threads = std::max(1, std::min<int>(jobs, static_cast<int>(n)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(worker);
  worker();
  for (auto& th : pool)
    th.join();
}

int write_report(const std::string& path, const nlohmann::json& report) {
  if (path.empty()) return exit_ok;
  std::string text = report.dump(2) + "\n";
  if (path == "-") {
    std::cout << text << std::flush;
    return exit_ok;
  }
  try {
    util::write_file_atomic(path, text);
  } catch (const diag::Error& e) {
    std::cerr << "sheaf: " << diag::render(e.diagnostic()) << "\n";
    return exit_output;
  }
  return exit_ok;
}

nlohmann::json outputs_json(const JobResult& r) {
  nlohmann::json arr = nlohmann::json::array();
  for (std::size_t i = 0; i < r.written.size(); ++i)
    arr.push_back({{"path", r.written[i].first.path.string()},
                   {"format", r.written[i].first.format},
                   {"bytes", r.sizes[i]},
                   {"sha256", r.sha256[i]}});
  return arr;
}

int final_exit(std::size_t ok, std::size_t failed, int first_failure) {
  if (failed == 0) return exit_ok;
  return ok > 0 ? exit_partial : first_failure;
}

} // namespace

std::vector<std::vector<OutputSpec>> plan_outputs(const std::vector<std::string>& inputs,
                                                  const std::vector<std::string>& formats,
                                                  const std::string& out_dir,
                                                  std::vector<std::string>& collisions) {
  std::vector<std::size_t> order(inputs.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  auto key = [&](std::size_t i) { return fs::path(inputs[i]).lexically_normal().generic_string(); };
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key(a) < key(b); });

  std::vector<std::string> stems(inputs.size());
  collisions.assign(inputs.size(), std::string());
  std::set<std::string> taken;
  for (std::size_t i : order) {
    fs::path p = fs::path(inputs[i]).lexically_normal();
    std::string stem = p.stem().string();
    if (stem.empty() || stem == "-") stem = "stdin";
    std::string candidate = stem;
    fs::path parent = p.parent_path();
    while (taken.count(lower(candidate)) && !parent.empty() && parent.filename() != "." &&
           parent.filename() != "..") {
      candidate = parent.filename().string() + "-" + candidate;
      parent = parent.parent_path();
    }
    for (int n = 2; taken.count(lower(candidate)); ++n)
      candidate = stem + "-" + std::to_string(n);
    if (candidate != stem)
      collisions[i] = "output name '" + stem + "' is already used by another input; writing '" +
                      candidate + "' instead";
    taken.insert(lower(candidate));
    stems[i] = candidate;
  }
  std::vector<std::vector<OutputSpec>> plan(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    for (const auto& f : formats)
      plan[i].push_back({f, fs::path(out_dir) / (stems[i] + extension_for(f))});
  return plan;
}

bool in_shard(const std::string& path, int k, int n) {
  std::string key = fs::path(path).lexically_normal().generic_string();
  std::uint64_t h = 1469598103934665603ull; // FNV-1a 64
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % static_cast<std::uint64_t>(n)) == k - 1;
}

int run_batch(const format::Registry& reg, std::vector<Job> jobs,
              const std::vector<std::string>& collisions, const BatchOptions& options) {
  std::vector<InputOutcome> outcomes(jobs.size());
  Reporter reporter(jobs.size(), options);
  std::atomic<bool> stop{false};
  auto t0 = Clock::now();
  parallel_for(jobs.size(), options.jobs, stop, [&](std::size_t i) {
    const Job& job = jobs[i];
    reporter.started(job.input);
    auto start = Clock::now();
    diag::CollectingSink sink;
    if (i < collisions.size() && !collisions[i].empty())
      sink.emit("output-name-collision", collisions[i], {job.input, 0, 0});
    InputOutcome& out = outcomes[i];
    out.result = run_job(reg, job, sink);
    out.ok = out.result.ok;
    out.exit_code = out.result.exit_code;
    out.diagnostics = sink.diagnostics();
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    out.done = true;
    if (!out.ok && options.fail_fast) stop.store(true);
    reporter.finished(job, out);
  });
  reporter.end();

  std::size_t ok = 0, failed = 0, warnings = 0, skipped = 0;
  int first_failure = exit_input;
  nlohmann::json inputs = nlohmann::json::array();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& out = outcomes[i];
    if (!out.done) {
      ++skipped;
      continue;
    }
    if (out.ok)
      ++ok;
    else {
      if (failed == 0) first_failure = out.exit_code;
      ++failed;
    }
    for (const auto& d : out.diagnostics)
      warnings += d.severity == diag::Severity::warning;
    inputs.push_back({{"input", jobs[i].input},
                      {"status", out.ok ? "ok" : "failed"},
                      {"outputs", outputs_json(out.result)},
                      {"diagnostics", diagnostics_json(out.diagnostics)},
                      {"seconds", out.seconds}});
  }
  double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  nlohmann::json report = {{"version", 1},
                           {"inputs", inputs},
                           {"summary",
                            {{"ok", ok},
                             {"failed", failed},
                             {"skipped", skipped},
                             {"warnings", warnings},
                             {"seconds", seconds}}}};
  int rc = write_report(options.report_path, report);
  int code = final_exit(ok, failed + skipped, first_failure);
  return code != exit_ok ? code : rc;
}

int run_combine(const format::Registry& reg, std::vector<Job> jobs,
                const std::vector<OutputSpec>& outputs, const BatchOptions& options) {
  std::vector<std::optional<model::Document>> docs(jobs.size());
  std::vector<InputOutcome> outcomes(jobs.size());
  Reporter reporter(jobs.size(), options);
  std::atomic<bool> stop{false};
  auto t0 = Clock::now();
  parallel_for(jobs.size(), options.jobs, stop, [&](std::size_t i) {
    reporter.started(jobs[i].input);
    auto start = Clock::now();
    diag::CollectingSink sink;
    InputOutcome& out = outcomes[i];
    out.exit_code =
        guarded(jobs[i].input, sink, [&] { docs[i] = load_document(reg, jobs[i], sink); });
    out.ok = out.exit_code == exit_ok;
    if (jobs[i].strict && sink.count(diag::Severity::warning) > 0) {
      out.ok = false;
      out.exit_code = exit_strict;
    }
    out.diagnostics = sink.diagnostics();
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    out.done = true;
    if (!out.ok && options.fail_fast) stop.store(true);
    reporter.finished(jobs[i], out);
  });
  reporter.end();

  std::size_t ok = 0, failed = 0, warnings = 0;
  int first_failure = exit_input;
  std::vector<model::Document> articles;
  nlohmann::json inputs = nlohmann::json::array();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& out = outcomes[i];
    if (!out.done) continue;
    if (out.ok) {
      ++ok;
      articles.push_back(std::move(*docs[i]));
    } else {
      if (failed == 0) first_failure = out.exit_code;
      ++failed;
    }
    for (const auto& d : out.diagnostics)
      warnings += d.severity == diag::Severity::warning;
    inputs.push_back({{"input", jobs[i].input},
                      {"status", out.ok ? "ok" : "failed"},
                      {"outputs", nlohmann::json::array()},
                      {"diagnostics", diagnostics_json(out.diagnostics)},
                      {"seconds", out.seconds}});
  }
  int code = failed == 0 ? exit_ok : first_failure;
  nlohmann::json book_outputs = nlohmann::json::array();
  if (failed == 0 || (!options.fail_fast && ok > 0)) {
    Job book_job;
    book_job.input = "<combined>";
    book_job.outputs = outputs;
    book_job.write = jobs.empty() ? format::WriteOptions{} : jobs.front().write;
    book_job.strict = !jobs.empty() && jobs.front().strict;
    diag::CollectingSink sink;
    JobResult result;
    int wc = guarded("<combined>", sink, [&] {
      model::Document book = transform::combine(std::move(articles), options.book);
      write_outputs(reg, book_job, book, sink, result);
    });
    if (wc == exit_ok && !result.ok) wc = result.exit_code;
    auto min = print_threshold(options.quiet, options.verbose);
    for (const auto& d : sink.diagnostics())
      if (d.severity >= min) std::cerr << "sheaf: " << diag::render(d) << "\n";
    if (wc != exit_ok)
      code = wc;
    else if (failed > 0)
      code = exit_partial;
    book_outputs = outputs_json(result);
  }
  double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  nlohmann::json report = {
      {"version", 1},
      {"inputs", inputs},
      {"combined", book_outputs},
      {"summary", {{"ok", ok}, {"failed", failed}, {"warnings", warnings}, {"seconds", seconds}}}};
  int rc = write_report(options.report_path, report);
  return code != exit_ok ? code : rc;
}

} // namespace sheaf::cli
