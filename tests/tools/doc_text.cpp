// Debug tool: read one input with a registered reader and print the document's plain text
// (default), its native dump (--native) or its metadata (--meta). Used to score extraction
// with /work/shared/tools/text-score without the EPUB writer.
// Usage: doc_text [--native|--meta] [--extract MODE] [-f FORMAT] FILE
#include "builtin.hpp"
#include "diag/error.hpp"
#include "format/registry.hpp"
#include "model/dump.hpp"
#include "model/walk.hpp"
#include "util/paths.hpp"

#include <iostream>

using namespace sheaf;

int main(int argc, char** argv) {
  std::string mode = "text", from, file;
  format::ReadOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--native" || a == "--meta")
      mode = a.substr(2);
    else if (a == "--extract" && i + 1 < argc)
      options.extract = argv[++i];
    else if (a == "-f" && i + 1 < argc)
      from = argv[++i];
    else
      file = a;
  }
  if (file.empty()) {
    std::cerr << "usage: doc_text [--native|--meta] [--extract MODE] [-f FORMAT] FILE\n";
    return 2;
  }
  format::Registry registry;
  register_builtin_formats(registry);
  if (from.empty()) from = registry.reader_for_path(file).value_or("text");
  options.display_name = file;
  options.base_dir = std::filesystem::path(file).parent_path();
  diag::CollectingSink sink;
  try {
    std::string bytes = util::read_file(file);
    model::Document doc = registry.reader(from).read(bytes, options, sink);
    if (mode == "native") {
      std::cout << model::dump(doc);
    } else if (mode == "meta") {
      std::cout << "title: " << doc.meta.title << "\n";
      for (const auto& a : doc.meta.authors)
        std::cout << "author: " << a << "\n";
      std::cout << "date: " << doc.meta.date << "\nlanguage: " << doc.meta.language
                << "\nsite: " << doc.meta.site_name << "\nurl: " << doc.meta.source_url
                << "\ndescription: " << doc.meta.description << "\n";
    } else {
      std::cout << model::plain_text(doc.blocks);
      // Notes are not part of plain_text(): print them after the body.
      std::string notes;
      model::walk(
          doc.blocks, [](const model::Block&) {},
          [&](const model::Inline& in) {
            if (auto* n = std::get_if<model::Note>(&in.value))
              notes += model::plain_text(n->content) + "\n";
          });
      std::cout << notes;
    }
  } catch (const diag::Error& e) {
    std::cerr << "error: " << e.diagnostic().code << ": " << e.diagnostic().message << "\n";
    return 1;
  }
  for (const auto& d : sink.diagnostics())
    std::cerr << d.location.file << ":" << d.location.line << ":" << d.location.column << ": "
              << diag::severity_name(d.severity) << ": " << d.message << " [" << d.code << "]\n";
  return 0;
}
