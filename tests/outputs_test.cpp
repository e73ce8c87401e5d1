// Several reports from one scan (--format F=PATH, --output-file), the CI formats through the real
// binary, SARIF paths relative to the repository root, and `rules --format json`.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "engine/rule.h"

#include <cstdlib>
#include <filesystem>

#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& stem) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-" + stem + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::path(tmpl);
}

/// Runs seslint in `cwd`; stdout only, or stdout and stderr with `with_stderr`.
test::Command seslint_in(const fs::path& cwd, const std::string& args, bool with_stderr = false) {
  return test::run_command("cd " + test::shell_quote(cwd.string()) + " && " + test::shell_quote(SESLINT_BINARY) + " " +
                           args + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

const fs::path kExample = fs::path(SESLINT_FIXTURES_DIR) / "example";

}  // namespace

TEST_CASE("outputs: --format F=PATH writes several reports from one scan", "[cli][outputs]") {
  const fs::path dir = scratch("outputs");
  const std::string q = test::shell_quote(dir.string());
  auto multi = seslint_in(kExample, "--root . --format github --format json=" + test::shell_quote((dir / "r.json").string()) +
                                        " --format sarif=" + test::shell_quote((dir / "r.sarif").string()) +
                                        " --format gitlab=" + test::shell_quote((dir / "r.gitlab.json").string()) +
                                        " --format junit=" + test::shell_quote((dir / "r.xml").string()) + " .");
  CHECK(multi.exit_code == 1);  // the example has errors
  CHECK(multi.out.starts_with("::error file="));
  // Each file equals what a run with that format alone prints.
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{
           {"json", "r.json"}, {"sarif", "r.sarif"}, {"gitlab", "r.gitlab.json"}, {"junit", "r.xml"}}) {
    INFO(format);
    auto alone = seslint_in(kExample, "--root . --format " + format + " .");
    CHECK(alone.out == test::read_text(dir / file));
  }
  auto plain = seslint_in(kExample, "--root . --format github .");
  CHECK(plain.out == multi.out);

  // --output-file takes the format without a path (text by default).
  auto to_file = seslint_in(kExample, "--color always -o " + test::shell_quote((dir / "out.txt").string()) + " .");
  CHECK(to_file.exit_code == 1);
  CHECK(to_file.out.empty());
  const std::string text = test::read_text(dir / "out.txt");
  CHECK(text.find("error[SES001]") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);  // never colors in a file

  // Usage errors are exit 2 and write nothing.
  CHECK(seslint_in(kExample, "--format xml=" + q + "/x .").exit_code == 2);
  CHECK(seslint_in(kExample, "--format json= .").exit_code == 2);
  CHECK(seslint_in(kExample, "--format json --format sarif .").exit_code == 2);
  CHECK(seslint_in(kExample, "--format json=" + q + "/same --format sarif=" + q + "/same .").exit_code == 2);
  CHECK(!fs::exists(dir / "x"));
  CHECK(!fs::exists(dir / "same"));
  auto unwritable = seslint_in(kExample, "--format json=" + q + "/no/such/dir/r.json .", true);
  CHECK(unwritable.exit_code == 2);
  CHECK(unwritable.out.find("cannot write") != std::string::npos);
  CHECK(seslint_in(kExample, "--root does-not-exist .").exit_code == 2);
  fs::remove_all(dir);
}

TEST_CASE("SARIF from a sub-folder of a git repository: URIs relative to the git root", "[cli][outputs][sarif]") {
  const fs::path repo = scratch("gitroot");
  REQUIRE(test::run_command("cd " + test::shell_quote(repo.string()) + " && git init -q .").exit_code == 0);
  fs::copy(kExample, repo / "infra", fs::copy_options::recursive);
  auto r = seslint_in(repo / "infra", "--format sarif --sarif-category seslint terraform");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(r.out).get(doc) == simdjson::SUCCESS);
  auto run = doc["runs"].at(0);
  CHECK(std::string_view(run["automationDetails"]["id"]) == "seslint/");
  CHECK(std::string(std::string_view(run["originalUriBaseIds"]["%SRCROOT%"]["uri"])) ==
        "file://" + fs::canonical(repo).generic_string() + "/");
  simdjson::dom::array results = run["results"];
  REQUIRE(results.size() > 0);
  for (auto res : results) {
    auto art = res["locations"].at(0)["physicalLocation"]["artifactLocation"];
    CHECK(std::string_view(art["uri"]).starts_with("infra/terraform/"));
    CHECK(std::string_view(art["uriBaseId"]) == "%SRCROOT%");
  }
  // --root overrides the git root.
  auto rooted = seslint_in(repo / "infra", "--format gitlab --root . terraform");
  CHECK(rooted.out.find("\"path\": \"terraform/") != std::string::npos);
  fs::remove_all(repo);
}

TEST_CASE("SARIF: tool diagnostics are notifications, not alerts, unreadable input is not a successful run",
          "[cli][outputs][sarif]") {
  // A repository of files seslint cannot evaluate gives notifications and no results.
  const fs::path dir = scratch("notes");
  test::write_text(dir / "broken.tf", "resource \"aws_iam_policy\" \"p\" {\n  policy = \n");
  test::write_text(dir / "remote.tf", "module \"m\" {\n  source = \"git::https://example.com/m.git\"\n}\n");
  auto r = seslint_in(dir, "--root . --format sarif .");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(r.out).get(doc) == simdjson::SUCCESS);
  auto run = doc["runs"].at(0);
  CHECK(simdjson::dom::array(run["results"]).size() == 0);
  simdjson::dom::array notes = run["invocations"].at(0)["toolExecutionNotifications"];
  // Each SES9xx diagnostic names its descriptor; the one coverage note (how much of the
  // repository resolved) has none, since it is not a tool diagnostic.
  std::size_t diagnostics = 0, coverage_notes = 0;
  for (auto n : notes) {
    simdjson::dom::element descriptor;
    if (n["descriptor"].get(descriptor) == simdjson::SUCCESS) {
      CHECK(std::string_view(descriptor["id"]).starts_with("SES9"));
      ++diagnostics;
    } else {
      CHECK(std::string_view(n["message"]["text"]).starts_with("coverage:"));
      ++coverage_notes;
    }
  }
  CHECK(diagnostics >= 2);
  CHECK(coverage_notes <= 1);
  CHECK(bool(run["invocations"].at(0)["executionSuccessful"]) == true);  // parse errors: read, not linted fully

  auto missing = seslint_in(dir, "--root . --format sarif missing.tf");
  CHECK(missing.exit_code == 2);
  simdjson::dom::element doc2;
  REQUIRE(parser.parse(missing.out).get(doc2) == simdjson::SUCCESS);
  CHECK(bool(doc2["runs"].at(0)["invocations"].at(0)["executionSuccessful"]) == false);
  fs::remove_all(dir);
}

TEST_CASE("rules --format json lists every rule and tool diagnostic", "[cli][rules]") {
  auto r = seslint_in(kExample, "rules --format json");
  CHECK(r.exit_code == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(r.out).get(doc) == simdjson::SUCCESS);
  simdjson::dom::array rules = doc["rules"];
  std::size_t n_rules = 0, n_tool = 0;
  for (auto rule : rules) {
    std::string_view kind = rule["kind"];
    (kind == "rule" ? n_rules : n_tool)++;
    CHECK(std::string_view(rule["helpUri"]).starts_with("https://github.com/seslint/seslint/blob/v"));
  }
  CHECK(n_rules == seslint::engine::Registry::global().rules().size());
  CHECK(n_tool == seslint::engine::tool_diagnostics().size());
  CHECK(n_rules >= 16);
  CHECK(seslint_in(kExample, "rules --format markdown").out.starts_with("| ID | Name | Severity | Summary |"));
  CHECK(seslint_in(kExample, "rules --format yaml").exit_code == 2);
}
