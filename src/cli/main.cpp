// The sheaf command: parses options (CLI11), runs conversions, prints diagnostics, owns the
// exit codes. The only code that prints or exits.
#include "builtin.hpp"
#include "cli/conversion.hpp"
#include "cli/exit_codes.hpp"
#include "diag/error.hpp"
#include "diag/render.hpp"
#include "style/embedded_styles.hpp"
#include "util/atomic_file.hpp"
#include "util/clock.hpp"
#include "util/paths.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace {
using namespace sheaf;

extern "C" void on_signal(int sig) {
  util::remove_pending_temp_files();
  _exit(sig == SIGINT || sig == SIGTERM ? cli::exit_interrupted : 128 + sig);
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
};

void print_diagnostics(const std::vector<diag::Diagnostic>& ds, const Options& o) {
  for (const auto& d : ds) {
    diag::Severity min = o.quiet          ? diag::Severity::error
                         : o.verbose >= 2 ? diag::Severity::debug
                         : o.verbose == 1 ? diag::Severity::info
                                          : diag::Severity::warning;
    if (static_cast<int>(d.severity) < static_cast<int>(min)) continue;
    std::cerr << "sheaf: " << diag::render(d) << '\n';
  }
}

void apply_metadata_pair(model::Metadata& m, const std::string& kv) {
  auto eq = kv.find('=');
  std::string key = eq == std::string::npos ? kv : kv.substr(0, eq);
  std::string value = eq == std::string::npos ? "true" : kv.substr(eq + 1);
  if (key == "title") m.title = value;
  else if (key == "subtitle") m.subtitle = value;
  else if (key == "author") m.authors.push_back(value);
  else if (key == "lang" || key == "language") m.language = value;
  else if (key == "date") m.date = value;
  else if (key == "identifier") m.identifier = value;
  else if (key == "publisher") m.publisher = value;
  else if (key == "description") m.description = value;
  else if (key == "source" || key == "url") m.source_url = value;
  else if (key == "keywords" || key == "keyword") m.keywords.push_back(value);
  else m.extra[key] = value;
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
  meta->add_option("--author", o.authors, "Author (repeatable)");
  meta->add_option("--lang", o.lang, "Language as a BCP 47 tag (en, fr, de-CH, …)");
  meta->add_option("--date", o.date, "Publication date (YYYY-MM-DD)");
  meta->add_option("--publisher", o.publisher, "Publisher");
  meta->add_option("--description", o.description, "Description");
  meta->add_option("--identifier", o.identifier, "Identifier (default: derived from the content)");
  meta->add_option("-M,--metadata", o.metadata, "Metadata KEY=VALUE (repeatable)");
  auto* out = app.add_option_group("Output", "How the output looks");
  out->add_option("--style", o.style, "Theme (see --list-styles)")->capture_default_str();
  out->add_option("--css", o.css_files, "Extra CSS file added to both outputs (repeatable)");
  out->add_option("--split-level", o.split_level, "EPUB: split chapters at this heading level (0: one file)")
      ->capture_default_str()->check(CLI::Range(0, 6));
  out->add_option("--paper", o.paper, "PDF paper: a4, letter, a5 or WxH with units (e.g. 6inx9in)");
  out->add_option("--margin", o.margin, "PDF page margin (CSS length, e.g. 2cm)");
  out->add_flag("--toc", o.toc, "PDF: add a printed table of contents");
  out->add_flag("--no-smart", o.no_smart, "Keep straight quotes, -- and ... as typed");
  auto* in = app.add_option_group("Input", "How inputs are read");
  in->add_option("--extract", o.extract, "HTML article extraction: auto, always, never")
      ->capture_default_str()->check(CLI::IsMember({"auto", "always", "never"}));
  in->add_option("--resource-path", o.resource_paths,
                 "Extra folder images may be read from (repeatable; default: the input's folder)");
  app.add_flag("-q,--quiet", o.quiet, "Print only errors");
  app.add_flag("-v,--verbose", o.verbose, "Print info (-v) and debug (-vv) diagnostics");
  app.add_flag("--strict", o.strict, "Treat warnings as failures (exit 3, nothing written)");
  app.add_flag("--list-formats", o.list_formats, "List input and output formats");
  app.add_flag("--list-styles", o.list_styles, "List the built-in themes");
  app.footer(std::string("Examples:\n"
                         "  sheaf article.txt -o article.epub\n"
                         "  sheaf page.html -o page.pdf --paper letter\n"
                         "  sheaf notes.md -o notes.epub --title 'Field notes' --author 'A. Writer'\n"
                         "  cat post.html | sheaf -f html -t native -\n\n") +
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
      for (const auto& e : f.extensions) std::cout << " " << e;
      std::cout << "\n      " << f.description << "\n";
    }
    std::cout << "Output formats:\n";
    for (const auto& f : reg.writers()) {
      std::cout << "  " << f.name;
      for (const auto& e : f.extensions) std::cout << " " << e;
      std::cout << "\n      " << f.description << "\n";
    }
    return cli::exit_ok;
  }
  if (o.list_styles) {
    for (const auto& s : style::embedded_styles()) std::cout << s.name << "\n";
    return cli::exit_ok;
  }

  auto usage_error = [&](const std::string& msg) {
    std::cerr << "sheaf: error: " << msg << " [bad-option]\nRun 'sheaf --help' for usage.\n";
    return static_cast<int>(cli::exit_usage);
  };
  if (o.inputs.empty()) return usage_error("no input file given");
  if (o.inputs.size() > 1) return usage_error("one input at a time (batch conversion is not available yet)");

  cli::Job job;
  job.input = o.inputs.front();
  job.from = o.from;
  job.strict = o.strict;
  std::string to = o.to;
  if (to.empty()) {
    if (o.output.empty() || o.output == "-")
      return usage_error("no output format: give -t FORMAT or an output file name with an extension");
    auto f = reg.writer_for_path(o.output);
    if (!f) return usage_error("cannot tell the output format from '" + o.output + "'; give -t FORMAT");
    to = *f;
  }
  try {
    const format::Writer& w = reg.writer(to);
    if (o.output.empty()) o.output = "-";
    if (o.output == "-" && w.binary() && isatty(STDOUT_FILENO))
      return usage_error("'" + to + "' is a binary format; give -o FILE (or redirect standard output)");
  } catch (const diag::Error& e) {
    std::cerr << "sheaf: " << diag::render(e.diagnostic()) << "\n";
    return cli::exit_usage;
  }
  job.outputs.push_back({to, o.output});

  model::Metadata& m = job.overrides;
  m.title = o.title;
  m.subtitle = o.subtitle;
  m.authors = o.authors;
  m.language = o.lang;
  m.date = o.date;
  m.publisher = o.publisher;
  m.description = o.description;
  m.identifier = o.identifier;
  for (const auto& kv : o.metadata) apply_metadata_pair(m, kv);

  job.read.smart = !o.no_smart;
  job.read.extract = o.extract;
  for (const auto& p : o.resource_paths) job.read.resource_paths.emplace_back(p);
  job.write.split_level = o.split_level;
  job.write.style = o.style;
  job.write.toc = o.toc;
  job.write.paper = o.paper;
  job.write.margin = o.margin;
  job.write.source_date_epoch = util::now_epoch();
  bool style_known = false;
  for (const auto& s : style::embedded_styles()) style_known = style_known || s.name == o.style;
  if (!style_known) return usage_error("unknown style '" + o.style + "' (see --list-styles)");
  try {
    for (const auto& css : o.css_files) job.write.user_css.push_back(util::read_file(css));
  } catch (const diag::Error& e) {
    std::cerr << "sheaf: " << diag::render(e.diagnostic()) << "\n";
    return cli::exit_input;
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
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
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
