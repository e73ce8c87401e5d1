// Rule registry checks, the rules' embedded examples, and fixture snapshots under fixtures/rules.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "cli/pipeline.h"
#include "engine/rule.h"
#include "report/report.h"
#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

const fs::path kRulesFixtures = fs::path(SESLINT_FIXTURES_DIR) / "rules";

std::size_t count_rule(const cli::LintRun& run, std::string_view id) {
  std::size_t n = 0;
  for (const auto& f : run.report.findings)
    if (f.rule_id == id) ++n;
  return n;
}

/// Files of a fixture scenario: a single file, or every file below a scenario directory.
std::vector<std::pair<std::string, std::string>> scenario_files(const fs::path& scenario) {
  std::vector<std::pair<std::string, std::string>> files;
  if (fs::is_directory(scenario)) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(scenario))
      if (e.is_regular_file()) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths)
      files.emplace_back(p.lexically_relative(kRulesFixtures).generic_string(), test::read_text(p));
  } else {
    files.emplace_back(scenario.lexically_relative(kRulesFixtures).generic_string(), test::read_text(scenario));
  }
  return files;
}

}  // namespace

TEST_CASE("registry: IDs, names, docs and fixtures are well-formed", "[rules][registry]") {
  const auto& rules = engine::Registry::global().rules();
  REQUIRE(rules.size() >= 2);
  std::set<std::string> ids, names;
  const std::regex id_re("SES[01][0-9][0-9]");
  const std::regex name_re("[a-z][a-z0-9]*(-[a-z0-9]+)+");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& m = rules[i].meta;
    INFO(m.id);
    CHECK(std::regex_match(std::string(m.id), id_re));
    CHECK(std::regex_match(std::string(m.name), name_re));
    CHECK(ids.insert(std::string(m.id)).second);
    CHECK(names.insert(std::string(m.name)).second);
    if (i) CHECK(rules[i - 1].meta.id < m.id);  // sorted
    CHECK_FALSE(m.summary.empty());
    for (const char* heading : {"## What it does", "## Why it matters", "## Example", "## Use instead", "## References"})
      CHECK(std::string(m.docs).find(heading) != std::string::npos);
    bool has_bad = false, has_good = false;
    for (const auto& ex : m.examples) (ex.expect_finding ? has_bad : has_good) = true;
    CHECK(has_bad);
    CHECK(has_good);
    CHECK(fs::is_directory(kRulesFixtures / std::string(m.id)));
  }
  // Every fixture directory belongs to a registered rule.
  for (const auto& e : fs::directory_iterator(kRulesFixtures)) {
    INFO(e.path());
    CHECK(engine::Registry::global().find(e.path().filename().string()) != nullptr);
  }
}

TEST_CASE("rule examples: bad snippets fire, good snippets stay clean", "[rules][examples]") {
  for (const auto& rule : engine::Registry::global().rules()) {
    for (std::size_t i = 0; i < rule.meta.examples.size(); ++i) {
      const auto& ex = rule.meta.examples[i];
      DYNAMIC_SECTION(rule.meta.id << " example " << i << " (" << ex.file_name << ", "
                                   << (ex.expect_finding ? "bad" : "good") << ")") {
        auto run = cli::lint_texts({{std::string(ex.file_name), std::string(ex.text)}});
        std::size_t n = count_rule(run, rule.meta.id);
        INFO(report::render_text(run.report, engine::Registry::global(), *run.sources));
        if (ex.expect_finding) CHECK(n > 0);
        else CHECK(n == 0);
        // Examples are valid input: no parse diagnostics.
        for (const auto& f : run.report.findings) CHECK(f.rule_id.rfind("SES9", 0) != 0);
      }
    }
  }
}

TEST_CASE("rule fixtures match their snapshots", "[rules][snapshot]") {
  REQUIRE(fs::is_directory(kRulesFixtures));
  std::size_t scenarios = 0;
  for (const auto& rule_dir : fs::directory_iterator(kRulesFixtures)) {
    const std::string id = rule_dir.path().filename().string();
    std::set<fs::path> snaps_used;
    bool has_bad = false, has_good = false;
    for (const auto& e : fs::directory_iterator(rule_dir.path())) {
      const fs::path p = e.path();
      if (p.extension() == ".snap") continue;
      const fs::path snap = fs::path(p.string() + ".snap");
      snaps_used.insert(snap);
      ++scenarios;
      DYNAMIC_SECTION(id << "/" << p.filename().string()) {
        engine::RunOptions only;
        only.select = {id};
        auto run = cli::lint_texts(scenario_files(p), only);
        report::Options opt;
        const std::string actual = report::render_text(run.report, engine::Registry::global(), *run.sources, opt);
        if (test::update_snapshots() || !fs::exists(snap)) {
          if (!test::update_snapshots()) FAIL("missing snapshot " << snap << " (run with SESLINT_UPDATE_SNAPSHOTS=1)");
          test::write_text(snap, actual);
        } else {
          CHECK(actual == test::read_text(snap));
        }
      }
      // Scenario names say what they expect: bad* must produce findings, good* must not.
      const std::string name = p.filename().string();
      auto run = cli::lint_texts(scenario_files(p));
      std::size_t n = count_rule(run, id);
      INFO(id << "/" << name);
      if (name.rfind("bad", 0) == 0) {
        has_bad = true;
        CHECK(n > 0);
      } else if (name.rfind("good", 0) == 0) {
        has_good = true;
        CHECK(n == 0);
      }
    }
    INFO(id);
    CHECK(has_bad);
    CHECK(has_good);
    // Orphan snapshots fail.
    for (const auto& e : fs::directory_iterator(rule_dir.path())) {
      if (e.path().extension() == ".snap") {
        INFO("orphan snapshot " << e.path());
        CHECK(snaps_used.count(e.path()) == 1);
      }
    }
  }
  CHECK(scenarios >= 4);
}
