// The raw-parse baseline of the speed benchmark (tests/bench/ratios.py): reads the files seslint
// would lint under each folder given and parses them with the same pinned parsers seslint uses,
// without building anything of its own:
//   .tf / .tfvars            tree-sitter with the HCL grammar, then a cursor walk over every node
//   .tf.json / .json         simdjson's DOM parser (a full parse into its tape)
//   .yaml / .yml / .template yaml-cpp's LoadAll, then a walk over every node
// Discovery mirrors seslint's (cli/discovery.cpp, cli/pipeline.cpp): the same extensions, the same
// skipped folders (.git, .terraform, node_modules, .terragrunt-cache), symbolic links not followed,
// and JSON/YAML files parsed only when they may be CloudFormation or a policy (the same cheap
// substring check seslint makes before parsing them). Prints one line: files, bytes, nodes.
//   seslint_rawparse DIR...
#include <simdjson.h>
#include <tree_sitter/api.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace fs = std::filesystem;

namespace {

enum class Kind { None, Hcl, Json, Yaml, Sniff };

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Kind kind_of(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ends_with(name, ".tf.json") || ends_with(name, ".tfvars.json")) return Kind::Json;
  if (ends_with(name, ".tf") || name == "terraform.tfvars" || ends_with(name, ".auto.tfvars")) return Kind::Hcl;
  if (ends_with(name, ".json") || ends_with(name, ".yaml") || ends_with(name, ".yml") || ends_with(name, ".template"))
    return Kind::Sniff;
  return Kind::None;
}

bool skipped_dir(const std::string& name) {
  return name == ".git" || name == ".terraform" || name == "node_modules" || name == ".terragrunt-cache";
}

bool may_be_relevant(std::string_view text) {
  return text.find("Resources") != std::string_view::npos || text.find("AWSTemplateFormatVersion") != std::string_view::npos ||
         text.find("Statement") != std::string_view::npos;
}

bool read_file(const fs::path& p, std::string& out) {
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return false;
  out.clear();
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return true;
}

std::uint64_t walk_tree(TSTree* tree) {
  std::uint64_t nodes = 0;
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  for (;;) {
    ++nodes;
    if (ts_tree_cursor_goto_first_child(&c)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&c))
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return nodes;
      }
  }
}

std::uint64_t walk_yaml(const YAML::Node& n, unsigned depth) {
  if (depth > 256) return 1;
  std::uint64_t count = 1;
  if (n.IsSequence())
    for (const auto& item : n) count += walk_yaml(item, depth + 1);
  else if (n.IsMap())
    for (const auto& kv : n) count += walk_yaml(kv.first, depth + 1) + walk_yaml(kv.second, depth + 1);
  return count;
}

struct Totals {
  std::uint64_t files = 0, bytes = 0, nodes = 0, errors = 0;
};

class Baseline {
 public:
  Baseline() : parser_(ts_parser_new()) { ts_parser_set_language(parser_, tree_sitter_hcl()); }
  ~Baseline() { ts_parser_delete(parser_); }
  Baseline(const Baseline&) = delete;
  Baseline& operator=(const Baseline&) = delete;

  void file(const fs::path& p, Kind kind) {
    if (!read_file(p, text_)) {
      ++t.errors;
      return;
    }
    ++t.files;
    t.bytes += text_.size();
    if (kind == Kind::Sniff) {
      if (!may_be_relevant(text_)) return;
      kind = ends_with(p.filename().string(), ".json") ? Kind::Json : Kind::Yaml;
    }
    try {
      if (kind == Kind::Hcl) {
        TSTree* tree = ts_parser_parse_string(parser_, nullptr, text_.data(), static_cast<std::uint32_t>(text_.size()));
        if (!tree) {
          ++t.errors;
          return;
        }
        t.nodes += walk_tree(tree);
        ts_tree_delete(tree);
      } else if (kind == Kind::Json) {
        simdjson::padded_string padded(text_);
        simdjson::dom::element doc;
        if (json_.parse(padded).get(doc)) ++t.errors;
        else ++t.nodes;
      } else {
        for (const auto& doc : YAML::LoadAll(text_)) t.nodes += walk_yaml(doc, 0);
      }
    } catch (const std::exception&) {
      ++t.errors;  // a file the parser rejects: seslint reports it and goes on, so does this
    }
  }

  void walk(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
      const fs::file_status st = e.symlink_status(ec);
      if (ec || fs::is_symlink(st)) continue;
      const std::string name = e.path().filename().string();
      if (fs::is_directory(st)) {
        if (!skipped_dir(name)) walk(e.path());
      } else if (fs::is_regular_file(st)) {
        if (Kind k = kind_of(name); k != Kind::None) file(e.path(), k);
      }
    }
  }

  Totals t;

 private:
  TSParser* parser_;
  simdjson::dom::parser json_;
  std::string text_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: seslint_rawparse DIR...\n";
    return 2;
  }
  Baseline b;
  for (int i = 1; i < argc; ++i) b.walk(argv[i]);
  std::cout << "rawparse: " << b.t.files << " files, " << b.t.bytes << " bytes, " << b.t.nodes << " nodes, "
            << b.t.errors << " parse errors\n";
  return 0;
}
