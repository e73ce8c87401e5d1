// The README's CI recipes, run as written where this machine allows: the seslint commands of the
// GitHub Actions and GitLab CI recipes against a scratch git repository (the produced files are
// validated), and the pre-commit configuration exactly as printed, pointed at this checkout.
// Not run here: the install steps (they download the release package) and GitHub/GitLab themselves.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& stem) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-" + stem + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::path(tmpl);
}

/// The fenced code blocks of the README section that starts with `heading`.
std::vector<std::string> blocks_under(const std::string& heading) {
  const std::string readme = test::read_text(fs::path(SESLINT_SOURCE_DIR) / "README.md");
  auto at = readme.find("\n" + heading + "\n");
  REQUIRE(at != std::string::npos);
  auto end = readme.find("\n### ", at + heading.size() + 2);
  auto end2 = readme.find("\n## ", at + heading.size() + 2);
  std::string section = readme.substr(at, std::min(end, end2) - at);
  std::vector<std::string> out;
  std::smatch m;
  for (std::regex re("```[a-z]*\\n([\\s\\S]*?)```"); std::regex_search(section, m, re); section = m.suffix())
    out.push_back(m[1]);
  return out;
}

/// Lines of a YAML block that run seslint: `run: seslint ...` or `- seslint ...`.
std::vector<std::string> seslint_commands(const std::string& yaml) {
  std::vector<std::string> out;
  std::istringstream in(yaml);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_match(line, m, std::regex("\\s*(?:run:|-)\\s+(seslint\\s.*)"))) out.push_back(m[1]);
  return out;
}

/// A git repository holding the example (terraform/, cloudformation/, policies/).
fs::path example_repo(const std::string& stem) {
  const fs::path repo = scratch(stem);
  fs::copy(fs::path(SESLINT_FIXTURES_DIR) / "example", repo, fs::copy_options::recursive);
  REQUIRE(test::run_command("cd " + test::shell_quote(repo.string()) +
                            " && git init -q . && git config user.email t@example.com && git config user.name t")
              .exit_code == 0);
  return repo;
}

/// Runs a recipe command with the built seslint first on PATH, as the installed package would be.
test::Command run_recipe(const fs::path& repo, const std::string& cmd) {
  const std::string bindir = fs::path(SESLINT_BINARY).parent_path().string();
  return test::run_command("cd " + test::shell_quote(repo.string()) + " && PATH=" + test::shell_quote(bindir) +
                           ":\"$PATH\" " + cmd + " 2>/dev/null");
}

std::string tools_dir() {
  const char* env = std::getenv("SESLINT_TOOLS_DIR");
  return env && *env ? env : SESLINT_TOOLS_DIR_DEFAULT;
}

}  // namespace

TEST_CASE("README recipe: GitHub Actions (code scanning and annotations)", "[recipes][github]") {
  auto blocks = blocks_under("### GitHub Actions");
  REQUIRE(blocks.size() == 2);
  const std::string& workflow = blocks[0];
  CHECK(workflow.find("uses: github/codeql-action/upload-sarif@") != std::string::npos);
  CHECK(workflow.find("category: seslint") != std::string::npos);
  CHECK(workflow.find("security-events: write") != std::string::npos);
  auto commands = seslint_commands(workflow);
  REQUIRE(commands.size() == 1);
  const std::string sarif_name = "seslint.sarif";
  REQUIRE(workflow.find("sarif_file: " + sarif_name) != std::string::npos);

  const fs::path repo = example_repo("gh-recipe");
  auto r = run_recipe(repo, commands[0]);
  CHECK(r.exit_code == 1);  // the example has errors: the job fails, the upload still runs
  std::istringstream lines(r.out);
  std::size_t annotations = 0;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK((line.starts_with("::error file=") || line.starts_with("::warning file=") ||
           line.starts_with("::notice ") || line.starts_with("::error ") || line.starts_with("seslint: ")));
    if (line.starts_with("::")) ++annotations;
  }
  CHECK(annotations > 0);
  CHECK(r.out.find("file=terraform/iam.tf,") != std::string::npos);  // relative to the checkout
  REQUIRE(fs::exists(repo / sarif_name));
  auto v = test::run_command("SESLINT_TOOLS_DIR=" + test::shell_quote(tools_dir()) + " bash " +
                             test::shell_quote(std::string(SESLINT_SOURCE_DIR) + "/tests/tools/sarif-validate.sh") + " " +
                             test::shell_quote((repo / sarif_name).string()) + " --strict 2>&1");
  INFO(v.out);
  CHECK(v.exit_code == 0);
  const std::string sarif = test::read_text(repo / sarif_name);
  CHECK(sarif.find("\"uri\": \"terraform/iam.tf\"") != std::string::npos);
  CHECK(sarif.find("\"security-severity\": \"7.5\"") != std::string::npos);

  // The free path: annotations only.
  auto free_cmds = seslint_commands(blocks[1]);
  REQUIRE(free_cmds.size() == 1);
  auto f = run_recipe(repo, free_cmds[0]);
  CHECK(f.exit_code == 1);
  CHECK(f.out.starts_with("::error file="));
  const std::string readme = test::read_text(fs::path(SESLINT_SOURCE_DIR) / "README.md");
  CHECK(readme.find("private repositories needs GitHub Advanced Security") != std::string::npos);
  fs::remove_all(repo);
}

TEST_CASE("README recipe: GitLab CI (Code Quality and JUnit artifacts)", "[recipes][gitlab]") {
  auto blocks = blocks_under("### GitLab CI");
  REQUIRE(blocks.size() == 1);
  const std::string& ci = blocks[0];
  std::smatch m;
  REQUIRE(std::regex_search(ci, m, std::regex("codequality: (\\S+)")));
  const std::string quality = m[1];
  REQUIRE(std::regex_search(ci, m, std::regex("junit: (\\S+)")));
  const std::string junit = m[1];
  auto commands = seslint_commands(ci);
  REQUIRE(commands.size() == 1);

  const fs::path repo = example_repo("gl-recipe");
  auto r = run_recipe(repo, commands[0]);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("error[SES001]") != std::string::npos);  // the job log
  REQUIRE(fs::exists(repo / quality));
  REQUIRE(fs::exists(repo / junit));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE(parser.parse(test::read_text(repo / quality)).get(doc) == simdjson::SUCCESS);
  simdjson::dom::array issues = doc;
  REQUIRE(issues.size() > 0);
  for (auto i : issues) {
    CHECK(!std::string_view(i["description"]).empty());
    CHECK(std::string_view(i["check_name"]).starts_with("SES"));
    CHECK(!std::string_view(i["fingerprint"]).empty());
    std::string_view sev = i["severity"];
    CHECK((sev == "info" || sev == "minor" || sev == "major" || sev == "critical" || sev == "blocker"));
    std::string_view path = i["location"]["path"];
    CHECK(fs::exists(repo / std::string(path)));  // relative to the repository root
    CHECK(int64_t(i["location"]["lines"]["begin"]) >= 1);
  }
  CHECK(test::run_command("xmllint --noout " + test::shell_quote((repo / junit).string())).exit_code == 0);
  fs::remove_all(repo);
}

TEST_CASE("README recipe: the pre-commit configuration works as written", "[recipes][pre-commit]") {
  INFO("pre-commit must be installed (bash .ci/setup installs Debian's pre-commit)");
  REQUIRE(test::run_command("command -v pre-commit >/dev/null 2>&1").exit_code == 0);
  auto blocks = blocks_under("### pre-commit");
  REQUIRE(blocks.size() == 1);
  std::string config = blocks[0];
  CHECK(config.find("- id: seslint ") != std::string::npos);
  CHECK(config.find("- id: seslint-repo ") != std::string::npos);
  // The one substitution: this checkout at its current commit instead of the published tag.
  const std::string head = test::run_command("cd " + test::shell_quote(SESLINT_SOURCE_DIR) + " && git rev-parse HEAD").out;
  REQUIRE(head.size() == 41);
  const std::string url = "repo: https://github.com/seslint/seslint", rev = "rev: v" SESLINT_VERSION_STRING;
  REQUIRE(config.find(url) != std::string::npos);
  REQUIRE(config.find(rev) != std::string::npos);
  config.replace(config.find(url), url.size(), "repo: " + std::string(SESLINT_SOURCE_DIR));
  config.replace(config.find(rev), rev.size(), "rev: " + head.substr(0, 40));

  const fs::path repo = scratch("pc-recipe");
  const std::string q = test::shell_quote(repo.string());
  REQUIRE(test::run_command("cd " + q + " && git init -q . && git config user.email t@example.com && git config user.name t")
              .exit_code == 0);
  test::write_text(repo / ".pre-commit-config.yaml", config);
  test::write_text(repo / "policy.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["ses:SendEmail", "ses:GetSendQuota"], "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"}]}
)");
  REQUIRE(test::run_command("cd " + q + " && git add -A").exit_code == 0);
  const fs::path home = scratch("pc-home");  // outside the repository, so `git add -A` leaves it alone
  const std::string env = "cd " + q + " && PRE_COMMIT_HOME=" + test::shell_quote(home.string()) +
                          " SESLINT_BIN=" + test::shell_quote(SESLINT_BINARY) + " ";
  auto bad = test::run_command(env + "pre-commit run --all-files --color never 2>&1");
  INFO(bad.out);
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("seslint (SES sending permissions)") != std::string::npos);
  CHECK(bad.out.find("seslint (whole repository)") != std::string::npos);
  CHECK(bad.out.find("SES002") != std::string::npos);

  test::write_text(repo / "policy.json", R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"},
  {"Effect": "Allow", "Action": "ses:GetSendQuota", "Resource": "*"}]}
)");
  REQUIRE(test::run_command("cd " + q + " && git add -A").exit_code == 0);
  auto good = test::run_command(env + "pre-commit run --all-files --color never 2>&1");
  INFO(good.out);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("Failed") == std::string::npos);
  fs::remove_all(repo);
  fs::remove_all(home);
}
