// The sheaf command: parses options (CLI11), runs conversions, prints diagnostics, owns the
// exit codes. The only code that prints or exits.
#include "builtin.hpp"
#include "cli/batch.hpp"
#include "cli/conversion.hpp"
#include "cli/exit_codes.hpp"
#include "diag/error.hpp"
#include "diag/render.hpp"
#include "style/embedded_styles.hpp"
#include "util/atomic_file.hpp"
#include "util/clock.hpp"
#include "util/paths.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <pthread.h>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace {
using namespace sheaf;

/// SIGINT and SIGTERM are blocked in every thread and taken by one waiting thread, which can
/// then stop all output (a worker might otherwise create a temp file after the sweep) before
/// it removes the pending temp files and exits.
void handle_interruptions() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr); // inherited by every thread started later
  std::thread([set] {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    util::freeze_and_remove_pending_temp_files();
    _exit(cli::exit_interrupted);
  }).detach();
}

struct Options {
  std::vector<std::string> inputs;
  std::string output;
  std::string from, to;
  std::string title, subtitle, lang, date, publisher, description, identifier;
  std::vector<std::string> authors;
  std::vector<std::string> metadata;
  std::vector<std::string> css_files;
  std::vector<std::string> resource_paths;
  std::string style = "default";
  std::string extract = "auto";
  std::string paper, margin;
  int split_level = 1;
  bool no_smart = false, toc = false;
  bool quiet = false, strict = false;
  int verbose = 0;
  bool list_formats = false, list_styles = false;
  // batch
  std::vector<std::string> recursive;
  int jobs = 0;
  std::string report;
  bool combine = false, fail_fast = false;
  std::string shard;
  std::string metadata_file;
};

void print_diagnostics(const std::vector<diag::Diagnostic>& ds, const Options& o) {
  for (const auto& d : ds) {
    diag::Severity min = cli::print_threshold(o.quiet, o.verbose);
    if (static_cast<int>(d.severity) < static_cast<int>(min)) continue;
    std::cerr << "sheaf: " << diag::render(d) << '\n';
  }
}

void apply_metadata_pair(model::Metadata& m, const std::string& kv) {
  auto eq = kv.find('=');
  std::string key = eq == std::string::npos ? kv : kv.substr(0, eq);
  std::string value = eq == std::string::npos ? "true" : kv.substr(eq + 1);
  if (key == "title")
    m.title = value;
  else if (key == "subtitle")
    m.subtitle = value;
  else if (key == "author")
    m.authors.push_back(value);
  else if (key == "lang" || key == "language")
    m.language = value;
  else if (key == "date")
    m.date = value;
  else if (key == "identifier")
    m.identifier = value;
  else if (key == "publisher")
    m.publisher = value;
  else if (key == "description")
    m.description = value;
  else if (key == "source" || key == "url")
    m.source_url = value;
  else if (key == "keywords" || key == "keyword")
    m.keywords.push_back(value);
  else
    m.extra[key] = value;
}

int run(int argc, char** argv) {
  Options o;
  CLI::App app{"sheaf — convert articles (plain text, Markdown, HTML) to EPUB 3 and PDF", "sheaf"};
  app.set_version_flag("-V,--version", std::string("sheaf ") + SHEAF_VERSION);
  app.add_option("inputs", o.inputs, "Input file(s); '-' reads standard input");
  app.add_option("-o,--output", o.output, "Output file ('-' = standard output for text formats)");
  app.add_option("-f,--from", o.from, "Input format (default: from the file extension)");
  app.add_option("-t,--to", o.to, "Output format (default: from the output file extension)");
  auto* meta = app.add_option_group("Metadata", "Command-line metadata wins over the input's");
  meta->add_option("--title", o.title, "Document title");
  meta->add_option("--subtitle", o.subtitle, "Subtitle");
  meta->add_option("--author", o.authors, "Author (repeatable)")->allow_extra_args(false);
  meta->add_option("--lang", o.lang, "Language as a BCP 47 tag (en, fr, de-CH, …)");
  meta->add_option("--date", o.date, "Publication date (YYYY-MM-DD)");
  meta->add_option("--publisher", o.publisher, "Publisher");
  meta->add_option("--description", o.description, "Description");
  meta->add_option("--identifier", o.identifier, "Identifier (default: derived from the content)");
  meta->add_option("-M,--metadata", o.metadata, "Metadata KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  auto* out = app.add_option_group("Output", "How the output looks");
  out->add_option("--style", o.style, "Theme (see --list-styles)")->capture_default_str();
  out->add_option("--css", o.css_files, "Extra CSS file added to both outputs (repeatable)")
      ->allow_extra_args(false);
  out->add_option("--split-level", o.split_level,
                  "EPUB: split chapters at this heading level (0: one file)")
      ->capture_default_str()
      ->check(CLI::Range(0, 6));
  out->add_option("--paper", o.paper, "PDF paper: a4, letter, a5 or WxH with units (e.g. 6inx9in)");
  out->add_option("--margin", o.margin, "PDF page margin (CSS length, e.g. 2cm)");
  out->add_flag("--toc", o.toc, "PDF: add a printed table of contents");
  out->add_flag("--no-smart", o.no_smart, "Keep straight quotes, -- and ... as typed");
  auto* in = app.add_option_group("Input", "How inputs are read");
  in->add_option("--extract", o.extract,
                 "Keep only the article (HTML; text: drop Project Gutenberg's header and licence): "
                 "auto, always, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  in->add_option("--resource-path", o.resource_paths,
                 "Extra folder images may be read from (repeatable; default: the input's folder)")
      ->allow_extra_args(false);
  auto* batch_group = app.add_option_group("Batch", "Many inputs at once (-o DIR/)");
  batch_group
      ->add_option("--recursive", o.recursive,
                   "Convert every supported file under this folder (repeatable)")
      ->allow_extra_args(false);
  batch_group->add_option("-j,--jobs", o.jobs, "Parallel conversions (default: number of cores)");
  batch_group->add_option("--report", o.report,
                          "Write a JSON report to FILE ('-' = standard output)");
  batch_group->add_flag("--combine", o.combine,
                        "Put all inputs into one publication (-o book.epub|book.pdf)");
  batch_group->add_option("--metadata-file", o.metadata_file,
                          "Book metadata for --combine (YAML or JSON)");
  batch_group->add_flag("--fail-fast", o.fail_fast, "Stop at the first failed input");
  batch_group->add_option("--shard", o.shard,
                          "Convert only shard K of N (K/N) of the inputs, split by a stable hash");
  app.add_flag("-q,--quiet", o.quiet, "Print only errors");
  app.add_flag("-v,--verbose", o.verbose, "Print info (-v) and debug (-vv) diagnostics");
  app.add_flag("--strict", o.strict, "Treat warnings as failures (exit 3, nothing written)");
  app.add_flag("--list-formats", o.list_formats, "List input and output formats");
  app.add_flag("--list-styles", o.list_styles, "List the built-in themes");
  app.footer(
      std::string("Examples:\n"
                  "  sheaf article.txt -o article.epub\n"
                  "  sheaf page.html -o page.pdf --paper letter\n"
                  "  sheaf notes.md -o notes.epub --title 'Field notes' --author 'A. Writer'\n"
                  "  cat post.html | sheaf -f html -t native -\n"
                  "  sheaf a.html b.txt c.md --to epub,pdf -o out/ --report report.json\n"
                  "  sheaf --recursive articles/ --to epub -o out/ --jobs 4 --shard 1/3\n"
                  "  sheaf ch1.md ch2.md --combine -o book.epub --title 'A Book'\n\n") +
      cli::exit_code_help());

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "sheaf: error: " << e.what() << " [bad-option]\n"
              << "Run 'sheaf --help' for usage.\n";
    return cli::exit_usage;
  }

  format::Registry reg;
  register_builtin_formats(reg);

  if (o.list_formats) {
    std::cout << "Input formats:\n";
    for (const auto& f : reg.readers()) {
      std::cout << "  " << f.name;
      for (const auto& e : f.extensions)
        std::cout << " " << e;
      std::cout << "\n      " << f.description << "\n";
    }
    std::cout << "Output formats:\n";
    for (const auto& f : reg.writers()) {
      std::cout << "  " << f.name;
      for (const auto& e : f.extensions)
        std::cout << " " << e;
      std::cout << "\n      " << f.description << "\n";
    }
    return cli::exit_ok;
  }
  if (o.list_styles) {
    for (const auto& s : style::embedded_styles())
      std::cout << s.name << "\n";
    return cli::exit_ok;
  }

  auto usage_error = [&](const std::string& msg) {
    std::cerr << "sheaf: error: " << msg << " [bad-option]\nRun 'sheaf --help' for usage.\n";
    return static_cast<int>(cli::exit_usage);
  };
  namespace fs = std::filesystem;

  // Collect inputs: positional, then every supported file under --recursive folders.
  std::vector<std::string> inputs = o.inputs;
  for (const auto& dir : o.recursive) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      return usage_error("--recursive: '" + dir + "' is not a folder");
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(
             dir, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file(ec) && reg.reader_for_path(it->path().string()))
        found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
  }
  if (inputs.empty()) return usage_error("no input file given");
  int shard_k = 1, shard_n = 1;
  if (!o.shard.empty()) {
    char slash = 0;
    std::istringstream ss(o.shard);
    if (!(ss >> shard_k >> slash >> shard_n) || slash != '/' || shard_n < 1 || shard_k < 1 ||
        shard_k > shard_n || !ss.eof())
      return usage_error("--shard wants K/N with 1 <= K <= N, got '" + o.shard + "'");
  }
  // Output formats: -t may list several (epub,pdf).
  std::vector<std::string> formats;
  {
    std::string cur;
    for (char c : o.to + ",") {
      if (c == ',') {
        if (!cur.empty()) formats.push_back(cur);
        cur.clear();
      } else if (c != ' ') {
        cur += c;
      }
    }
  }
  std::error_code ec;
  bool out_is_dir = !o.output.empty() && o.output != "-" &&
                    (o.output.back() == '/' || fs::is_directory(o.output, ec));
  bool batch =
      !o.combine && (inputs.size() > 1 || !o.recursive.empty() || out_is_dir || !o.shard.empty());

  if (formats.empty()) {
    if (batch)
      return usage_error("batch conversion needs --to FORMAT[,FORMAT] (e.g. --to epub,pdf)");
    if (o.output.empty() || o.output == "-")
      return usage_error(
          "no output format: give -t FORMAT or an output file name with an extension");
    auto f = reg.writer_for_path(o.output);
    if (!f)
      return usage_error("cannot tell the output format from '" + o.output + "'; give -t FORMAT");
    formats.push_back(*f);
  }
  for (const auto& f : formats) {
    try {
      reg.writer(f);
    } catch (const diag::Error& e) {
      std::cerr << "sheaf: " << diag::render(e.diagnostic()) << "\n";
      return cli::exit_usage;
    }
  }
  if (!batch && formats.size() > 1)
    return usage_error("several output formats need an output folder: -o DIR/");

  // Shared options of every job.
  cli::Job proto;
  proto.from = o.from;
  proto.strict = o.strict;
  proto.checksums = !o.report.empty();
  model::Metadata& m = proto.overrides;
  m.title = o.title;
  m.subtitle = o.subtitle;
  m.authors = o.authors;
  m.language = o.lang;
  m.date = o.date;
  m.publisher = o.publisher;
  m.description = o.description;
  m.identifier = o.identifier;
  for (const auto& kv : o.metadata)
    apply_metadata_pair(m, kv);
  proto.read.smart = !o.no_smart;
  proto.read.extract = o.extract;
  for (const auto& p : o.resource_paths)
    proto.read.resource_paths.emplace_back(p);
  proto.write.split_level = o.split_level;
  proto.write.style = o.style;
  proto.write.toc = o.toc;
  proto.write.paper = o.paper;
  proto.write.margin = o.margin;
  proto.write.source_date_epoch = util::now_epoch();
  bool style_known = false;
  for (const auto& s : style::embedded_styles())
    style_known = style_known || s.name == o.style;
  if (!style_known) return usage_error("unknown style '" + o.style + "' (see --list-styles)");
  try {
    for (const auto& css : o.css_files)
      proto.write.user_css.push_back(util::read_file(css));
  } catch (const diag::Error& e) {
    std::cerr << "sheaf: " << diag::render(e.diagnostic()) << "\n";
    return cli::exit_input;
  }

  cli::BatchOptions bo;
  bo.jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  bo.fail_fast = o.fail_fast;
  bo.quiet = o.quiet;
  bo.verbose = o.verbose;
  bo.report_path = o.report;

  if (o.combine || !batch) {
    std::vector<std::string> mine;
    for (const auto& in : inputs)
      if (cli::in_shard(in, shard_k, shard_n)) mine.push_back(in);
    inputs = std::move(mine);
    if (inputs.empty()) return usage_error("no input left in shard " + o.shard);
  }
  if (o.combine) {
    if (o.output.empty() || o.output == "-" || out_is_dir)
      return usage_error("--combine writes one file: give -o book.epub or -o book.pdf");
    if (formats.size() != 1) return usage_error("--combine writes one format at a time");
    if (!o.metadata_file.empty()) {
      try {
        YAML::Node y = YAML::LoadFile(o.metadata_file);
        auto str = [&](const char* k) {
          return y[k] && y[k].IsScalar() ? y[k].as<std::string>() : std::string();
        };
        bo.book.title = str("title");
        bo.book.subtitle = str("subtitle");
        bo.book.language = !str("lang").empty() ? str("lang") : str("language");
        bo.book.date = str("date");
        bo.book.publisher = str("publisher");
        bo.book.description = str("description");
        bo.book.identifier = str("identifier");
        for (const char* k : {"author", "authors", "creator"}) {
          if (!y[k]) continue;
          if (y[k].IsSequence())
            for (const auto& a : y[k])
              bo.book.authors.push_back(a.as<std::string>());
          else if (y[k].IsScalar())
            bo.book.authors.push_back(y[k].as<std::string>());
        }
        if (y["keywords"] && y["keywords"].IsSequence())
          for (const auto& kw : y["keywords"])
            bo.book.keywords.push_back(kw.as<std::string>());
      } catch (const std::exception& e) {
        std::cerr << "sheaf: " << o.metadata_file
                  << ": error: cannot read metadata file: " << e.what() << " [bad-option]\n";
        return cli::exit_usage;
      }
    }
    bo.book.merge_from(proto.overrides);
    proto.overrides = model::Metadata{};
    proto.overrides.language = bo.book.language;
    std::vector<cli::Job> jobs;
    for (const auto& in : inputs) {
      cli::Job j = proto;
      j.input = in;
      jobs.push_back(std::move(j));
    }
    return cli::run_combine(reg, std::move(jobs), {{formats.front(), o.output}}, bo);
  }

  if (batch) {
    if (o.output.empty() || o.output == "-")
      return usage_error("batch conversion needs an output folder: -o DIR/");
    fs::create_directories(o.output, ec);
    if (ec || !fs::is_directory(o.output, ec)) {
      std::cerr << "sheaf: " << o.output << ": error: cannot create output folder: " << ec.message()
                << " [output-unwritable]\n";
      return cli::exit_output;
    }
    // Names are planned over all inputs, before sharding, so that shards never collide.
    std::vector<std::string> all_collisions, collisions;
    auto plan = cli::plan_outputs(inputs, formats, o.output, all_collisions);
    std::vector<cli::Job> jobs;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!cli::in_shard(inputs[i], shard_k, shard_n)) continue;
      collisions.push_back(all_collisions[i]);
      cli::Job j = proto;
      j.input = inputs[i];
      j.outputs = plan[i];
      jobs.push_back(std::move(j));
    }
    return cli::run_batch(reg, std::move(jobs), collisions, bo);
  }

  // One input, one output.
  cli::Job job = proto;
  job.input = inputs.front();
  const format::Writer& w = reg.writer(formats.front());
  if (o.output.empty()) o.output = "-";
  if (o.output == "-" && w.binary() && isatty(STDOUT_FILENO))
    return usage_error("'" + formats.front() +
                       "' is a binary format; give -o FILE (or redirect standard output)");
  job.outputs.push_back({formats.front(), o.output});
  if (!o.report.empty() && o.output != "-") {
    // A report for one conversion has the batch shape too.
    return cli::run_batch(reg, {job}, {}, bo);
  }
  diag::CollectingSink sink;
  cli::JobResult r = cli::run_job(reg, job, sink);
  print_diagnostics(sink.diagnostics(), o);
  for (const auto& [spec, bytes] : r.written)
    if (spec.path == "-") std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout.flush();
  return r.exit_code;
}
} // namespace

int main(int argc, char** argv) {
  handle_interruptions();
  try {
    return run(argc, argv);
  } catch (const sheaf::diag::Error& e) {
    std::cerr << "sheaf: " << sheaf::diag::render(e.diagnostic()) << "\n";
    return sheaf::cli::exit_code_for(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "sheaf: error: internal error: " << e.what() << " [internal-error]\n";
    return sheaf::cli::exit_internal;
  }
}
