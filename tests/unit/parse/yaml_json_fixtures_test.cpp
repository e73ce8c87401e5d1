// Corpus-style snapshot tests for the YAML and JSON parsers.
// fixtures/parse/{yaml,json}/*.txt hold cases:
//   === case name
//   <input, verbatim>
//   ---
//   <expected: syntax::dump() of the root, or "(no root)", then one line per diagnostic>
// The separator is the last line "---" of a case, so YAML inputs may contain "---" too.
// SESLINT_UPDATE_SNAPSHOTS=1 rewrites the expected sections from the current output.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "parse/parse.h"

using namespace seslint;

namespace {

namespace fs = std::filesystem;

struct FixtureCase {
  std::string name;
  std::string input;
  std::string expected;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<FixtureCase> read_cases(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::vector<std::string> lines = split_lines(buf.str());
  std::vector<FixtureCase> cases;
  std::size_t i = 0;
  while (i < lines.size()) {
    if (!lines[i].starts_with("=== ")) { ++i; continue; }
    FixtureCase c;
    c.name = lines[i].substr(4);
    std::size_t end = i + 1;
    while (end < lines.size() && !lines[end].starts_with("=== ")) ++end;
    std::size_t sep = end;
    for (std::size_t k = end; k-- > i + 1;)
      if (lines[k] == "---") { sep = k; break; }
    for (std::size_t k = i + 1; k < sep; ++k) c.input += lines[k] + "\n";
    std::vector<std::string> exp(lines.begin() + static_cast<std::ptrdiff_t>(std::min(sep + 1, end)),
                                 lines.begin() + static_cast<std::ptrdiff_t>(end));
    while (!exp.empty() && exp.back().empty()) exp.pop_back();
    for (const auto& l : exp) c.expected += l + "\n";
    cases.push_back(std::move(c));
    i = end;
  }
  return cases;
}

std::string render(const std::string& format, const std::string& input) {
  source::SourceSet set;
  auto id = set.add(format == "yaml" ? "fixture.yaml" : "fixture.json", input);
  const auto& file = set.file(id);
  parse::ParseResult r = format == "yaml" ? parse::parse_yaml(file) : parse::parse_json(file);
  std::string out = r.root ? syntax::dump(*r.root) : std::string("(no root)");
  out += "\n";
  for (const auto& d : r.diagnostics) {
    auto pos = file.position(d.span.begin);
    out += d.id + " " + severity_name(d.severity) + " " + std::to_string(pos.line) + ":" +
           std::to_string(pos.column) + " " + d.message + "\n";
  }
  return out;
}

void write_cases(const fs::path& path, const std::vector<FixtureCase>& cases) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (i) out << "\n";
    out << "=== " << cases[i].name << "\n" << cases[i].input << "---\n" << cases[i].expected;
  }
}

void run_fixture_dir(const std::string& format) {
  fs::path dir = fs::path(SESLINT_FIXTURES_DIR) / "parse" / format;
  REQUIRE(fs::is_directory(dir));
  const char* update_env = std::getenv("SESLINT_UPDATE_SNAPSHOTS");
  bool update = update_env && std::string(update_env) == "1";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  std::size_t total = 0;
  for (const auto& path : files) {
    auto cases = read_cases(path);
    bool changed = false;
    for (auto& c : cases) {
      ++total;
      std::string actual = render(format, c.input);
      INFO(path.filename().string() << ": " << c.name);
      if (update) {
        changed = changed || actual != c.expected;
        c.expected = actual;
      } else {
        CHECK(actual == c.expected);
      }
    }
    if (changed) write_cases(path, cases);
  }
  CHECK(total >= 6);
}

}  // namespace

TEST_CASE("yaml fixtures", "[parse][yaml][fixtures]") { run_fixture_dir("yaml"); }

TEST_CASE("json fixtures", "[parse][json][fixtures]") { run_fixture_dir("json"); }
