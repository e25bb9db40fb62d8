// YAML front matter of Markdown files: finding the block and filling model::Metadata.

#include "readers/markdown/front_matter.hpp"

#include <algorithm>
#include <yaml-cpp/yaml.h>

namespace sheaf::readers {
namespace {

/// The line starting at `pos` without its newline; `next` is set past the newline.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
  std::size_t nl = text.find('\n', pos);
  if (nl == std::string_view::npos) {
    next = text.size();
    return text.substr(pos);
  }
  next = nl + 1;
  return text.substr(pos, nl - pos);
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string trim(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r'))
    ++b;
  s.remove_prefix(b);
  s = trim_right(s);
  while (!s.empty() && s.back() == '\n')
    s = trim_right(s.substr(0, s.size() - 1));
  return std::string(s);
}

/// Report a problem at a YAML node's line.
void complain(diag::DiagnosticSink& sink, const std::string& file, int first_line,
              const YAML::Node& node, std::string message) {
  int line = first_line;
  YAML::Mark mark = node.Mark();
  if (mark.line >= 0) line = first_line + mark.line;
  sink.emit("front-matter-invalid", std::move(message), {file, line, 0});
}

/// A scalar as text; false for maps, sequences and nulls.
bool scalar_text(const YAML::Node& node, std::string& out) {
  if (!node.IsScalar()) return false;
  out = trim(node.Scalar());
  return true;
}

/// Author entries: a string, a list of strings, or maps with a `name` key.
void add_authors(const YAML::Node& node, std::vector<std::string>& authors,
                 const std::function<void(const YAML::Node&)>& bad) {
  std::string s;
  if (scalar_text(node, s)) {
    if (!s.empty()) authors.push_back(s);
    return;
  }
  if (node.IsMap()) {
    const YAML::Node name = node["name"];
    if (name && scalar_text(name, s)) {
      if (!s.empty()) authors.push_back(s);
      return;
    }
    bad(node);
    return;
  }
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (item.IsSequence())
        bad(item);
      else
        add_authors(item, authors, bad);
    }
    return;
  }
  if (!node.IsNull()) bad(node);
}

/// Keywords: a list of strings or one comma-separated string.
void add_keywords(const YAML::Node& node, std::vector<std::string>& keywords,
                  const std::function<void(const YAML::Node&)>& bad) {
  std::string s;
  if (scalar_text(node, s)) {
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      std::string word = trim(std::string_view(s).substr(start, comma - start));
      if (!word.empty()) keywords.push_back(word);
      start = comma + 1;
    }
    return;
  }
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (scalar_text(item, s)) {
        if (!s.empty()) keywords.push_back(s);
      } else {
        bad(item);
      }
    }
    return;
  }
  if (!node.IsNull()) bad(node);
}

} // namespace

FrontMatterBlock find_front_matter(std::string_view text) {
  FrontMatterBlock block;
  std::size_t pos = 0;
  // A UTF-8 BOM has been removed by decode_text; the block must start on the first line.
  std::size_t next = 0;
  if (trim_right(line_at(text, pos, next)) != "---" || next >= text.size()) return block;
  pos = next;
  int lines = 1;
  std::size_t yaml_begin = pos;
  while (pos < text.size()) {
    std::string_view line = line_at(text, pos, next);
    ++lines;
    std::string_view t = trim_right(line);
    if (t == "---" || t == "...") {
      block.found = true;
      block.yaml = std::string(text.substr(yaml_begin, pos - yaml_begin));
      block.end = next;
      block.first_line = 2;
      block.line_count = lines;
      return block;
    }
    pos = next;
  }
  return block;
}

std::size_t read_title_block(std::string_view text, model::Metadata& meta, int& lines) {
  lines = 0;
  if (text.empty() || text[0] != '%') return 0;
  std::vector<std::string> fields;
  std::size_t pos = 0;
  while (pos < text.size() && fields.size() < 3 && text[pos] == '%') {
    std::size_t next = 0;
    std::string field(line_at(text, pos, next).substr(1));
    ++lines;
    pos = next;
    // Continuation lines start with a space and are not blank.
    while (pos < text.size() && text[pos] == ' ') {
      std::string_view cont = line_at(text, pos, next);
      if (trim(cont).empty()) break;
      field += "\n" + std::string(cont);
      ++lines;
      pos = next;
    }
    fields.push_back(field);
  }
  auto flat = [](const std::string& s) {
    std::string out;
    for (char c : s)
      out += c == '\n' ? ' ' : c;
    std::string t = trim(out);
    // Collapse the runs of spaces left by joined lines.
    std::string collapsed;
    for (char c : t)
      if (c != ' ' || collapsed.empty() || collapsed.back() != ' ') collapsed += c;
    return collapsed;
  };
  if (!fields.empty()) meta.title = flat(fields[0]);
  if (fields.size() > 1) {
    std::string all = fields[1];
    std::size_t start = 0;
    while (start <= all.size()) {
      std::size_t end = all.find_first_of(";\n", start);
      if (end == std::string::npos) end = all.size();
      std::string name = flat(all.substr(start, end - start));
      if (!name.empty()) meta.authors.push_back(name);
      start = end + 1;
    }
  }
  if (fields.size() > 2) meta.date = flat(fields[2]);
  return pos;
}

FrontMatterResult parse_front_matter(const FrontMatterBlock& block, const std::string& file_name,
                                     model::Metadata& meta, const CoverResolver& resolve_cover,
                                     diag::DiagnosticSink& sink) {
  YAML::Node root;
  try {
    root = YAML::Load(block.yaml);
  } catch (const YAML::Exception& e) {
    int line = block.first_line + std::max(0, e.mark.line);
    sink.emit("front-matter-invalid", "malformed YAML front matter: " + e.msg,
              {file_name, line, e.mark.column >= 0 ? e.mark.column + 1 : 0});
    return FrontMatterResult::invalid;
  }
  if (!root || root.IsNull()) return FrontMatterResult::metadata;
  if (!root.IsMap()) return FrontMatterResult::not_yaml;

  auto bad_value = [&](const std::string& key) {
    return [&, key](const YAML::Node& node) {
      complain(sink, file_name, block.first_line, node,
               "front matter: unsupported value for '" + key + "' ignored");
    };
  };

  for (const auto& entry : root) {
    std::string key;
    if (!scalar_text(entry.first, key)) {
      complain(sink, file_name, block.first_line, entry.first,
               "front matter: a key that is not a string ignored");
      continue;
    }
    const YAML::Node& value = entry.second;
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string s;
    auto scalar_field = [&](std::string& field) {
      if (scalar_text(value, s))
        field = s;
      else if (!value.IsNull())
        bad_value(key)(value);
    };
    if (lower == "title") {
      scalar_field(meta.title);
    } else if (lower == "subtitle") {
      scalar_field(meta.subtitle);
    } else if (lower == "author" || lower == "authors") {
      add_authors(value, meta.authors, bad_value(key));
    } else if (lower == "date") {
      scalar_field(meta.date);
    } else if (lower == "lang" || lower == "language") {
      scalar_field(meta.language);
    } else if (lower == "description" || lower == "abstract") {
      if (lower == "description" || meta.description.empty()) scalar_field(meta.description);
    } else if (lower == "keywords") {
      add_keywords(value, meta.keywords, bad_value(key));
    } else if (lower == "identifier") {
      scalar_field(meta.identifier);
    } else if (lower == "publisher") {
      scalar_field(meta.publisher);
    } else if (lower == "cover-image" || lower == "cover_image") {
      std::string ref;
      scalar_field(ref);
      if (!ref.empty() && resolve_cover) {
        int line = block.first_line + std::max(0, value.Mark().line);
        std::string id = resolve_cover(ref, line);
        if (!id.empty()) meta.cover_image = id;
      }
    } else if (scalar_text(value, s)) {
      meta.extra[key] = s;
    }
    // Other structured values (maps, lists under unknown keys) have no place in Metadata.
  }
  return FrontMatterResult::metadata;
}

} // namespace sheaf::readers
