// Robustness smoke test: parses every .yaml/.yml/.json/.template file of the shared corpus
// and checks span invariants. Opt-in (slow): SESLINT_CORPUS_SMOKE=1; the corpus root can
// be overridden with SESLINT_CORPUS_DIR (default: <shared>/corpus);
// SESLINT_CORPUS_VERBOSE=1 prints every diagnostic.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "parse/parse.h"

using namespace seslint;

namespace {

namespace fs = std::filesystem;

struct Stats {
  std::size_t files = 0, yaml = 0, json = 0, bytes = 0;
  std::size_t files_with_errors = 0, yaml_errors = 0, json_errors = 0, notes = 0;
  std::size_t embedded = 0, embedded_errors = 0, bad_spans = 0;
  bool verbose = false;
};

bool span_ok(const source::Span& s, const source::SourceFile& f) {
  return s.file == f.id() && s.begin <= s.end && s.end <= f.text().size();
}

void check_tree(const syntax::Value& v, const source::SourceFile& f, Stats& st,
                std::set<const syntax::Value*>& seen, bool try_embedded) {
  if (!seen.insert(&v).second) return;
  if (!span_ok(v.span, f)) {
    ++st.bad_spans;
    FAIL_CHECK(f.path() << ": bad span " << v.span.begin << "-" << v.span.end);
  }
  if (v.is_string()) {
    if (!span_ok(v.content, f) || v.content.begin < v.span.begin || v.content.end > v.span.end) {
      ++st.bad_spans;
      FAIL_CHECK(f.path() << ": bad content span " << v.content.begin << "-" << v.content.end);
    }
    std::size_t i = v.text.find_first_not_of(" \t\r\n");
    if (try_embedded && i != std::string::npos && (v.text[i] == '{' || v.text[i] == '[') &&
        v.text.size() < (1u << 20)) {
      ++st.embedded;
      auto r = parse::parse_embedded_json(v, f);
      if (!r.diagnostics.empty()) ++st.embedded_errors;
      if (st.verbose)
        for (const auto& d : r.diagnostics) {
          auto pos = f.position(d.span.begin);
          std::cout << f.path() << ":" << pos.line << ":" << pos.column << ": embedded: " << d.message
                    << " in " << v.text.substr(0, 60) << "\n";
        }
      for (const auto& d : r.diagnostics)
        if (!span_ok(d.span, f)) ++st.bad_spans;
      std::set<const syntax::Value*> inner;
      if (r.root) check_tree(*r.root, f, st, inner, false);
    }
  }
  for (const auto& e : v.entries) {
    if (!span_ok(e.key_span, f)) ++st.bad_spans;
    if (e.value) check_tree(*e.value, f, st, seen, try_embedded);
  }
  for (const auto& item : v.items)
    if (item) check_tree(*item, f, st, seen, try_embedded);
}

bool looks_like_json(const std::string& text) {
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  i = text.find_first_not_of(" \t\r\n", i);
  return i != std::string::npos && (text[i] == '{' || text[i] == '[');
}

}  // namespace

TEST_CASE("yaml/json corpus smoke", "[parse][yaml][json][corpus]") {
  const char* gate = std::getenv("SESLINT_CORPUS_SMOKE");
  if (!gate || std::string(gate) != "1") return;
  const char* dir_env = std::getenv("SESLINT_CORPUS_DIR");
  fs::path root = dir_env ? fs::path(dir_env) : fs::path(SESLINT_SHARED_DIR) / "corpus";
  // In a git worktree (wt/<name>) the shared directory sits one level further up.
  if (!dir_env && !fs::is_directory(root)) root = fs::path(SESLINT_SOURCE_DIR) / ".." / ".." / "shared" / "corpus";
  REQUIRE(fs::is_directory(root));

  const char* verbose_env = std::getenv("SESLINT_CORPUS_VERBOSE");
  bool verbose = verbose_env && std::string(verbose_env) == "1";
  Stats st;
  st.verbose = verbose;
  source::SourceSet set;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& entry : fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied)) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    bool is_json = ext == ".json";
    bool is_yaml = ext == ".yaml" || ext == ".yml";
    if (!is_json && !is_yaml && ext != ".template") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    if (ext == ".template") is_json = looks_like_json(text);
    st.bytes += text.size();
    auto id = set.add(fs::relative(entry.path(), root).generic_string(), std::move(text));
    const auto& f = set.file(id);
    auto r = is_json ? parse::parse_json(f) : parse::parse_yaml(f);
    ++st.files;
    ++(is_json ? st.json : st.yaml);
    bool error = false;
    for (const auto& d : r.diagnostics) {
      if (!span_ok(d.span, f)) ++st.bad_spans;
      if (d.severity == Severity::Error) error = true;
      else ++st.notes;
      if (verbose) {
        auto pos = f.position(d.span.begin);
        std::cout << f.path() << ":" << pos.line << ":" << pos.column << ": " << d.id << " "
                  << severity_name(d.severity) << ": " << d.message << "\n";
      }
    }
    if (error) {
      ++st.files_with_errors;
      ++(is_json ? st.json_errors : st.yaml_errors);
    }
    std::set<const syntax::Value*> seen;
    if (r.root) check_tree(*r.root, f, st, seen, true);
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "corpus smoke: " << st.files << " files (" << st.yaml << " yaml, " << st.json
            << " json), " << st.bytes << " bytes in " << ms << " ms; files with errors: "
            << st.files_with_errors << " (" << st.yaml_errors << " yaml, " << st.json_errors
            << " json); non-error diagnostics: " << st.notes << "; embedded JSON strings: "
            << st.embedded << " (" << st.embedded_errors << " invalid); bad spans: " << st.bad_spans
            << "\n";
  CHECK(st.bad_spans == 0);
}
