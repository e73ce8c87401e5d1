// Runs the .pre-commit-hooks.yaml hook through Debian's `pre-commit` on a scratch git repository.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

fs::path make_scratch_dir() {
  std::string tmpl = (fs::temp_directory_path() / "seslint-precommit-XXXXXX").string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::path(tmpl);
}

}  // namespace

TEST_CASE("pre-commit hook lints staged files and blocks a bad commit", "[cli][pre-commit]") {
  INFO("pre-commit must be installed (bash .ci/setup installs Debian's pre-commit)");
  REQUIRE(test::run_command("command -v pre-commit >/dev/null 2>&1").exit_code == 0);
  const fs::path dir = make_scratch_dir();
  const std::string q = test::shell_quote(dir.string());
  const std::string env = "cd " + q + " && PRE_COMMIT_HOME=" + test::shell_quote((dir / ".pre-commit-home").string()) +
                          " SESLINT_BIN=" + test::shell_quote(SESLINT_BINARY) + " ";
  REQUIRE(test::run_command("cd " + q + " && git init -q . && git config user.email t@example.com && "
                                        "git config user.name t")
              .exit_code == 0);
  test::write_text(dir / "policy.json", R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["ses:SendEmail", "ses:GetSendQuota"],
                 "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"}]
}
)");
  test::write_text(dir / "notes.txt", "not linted\n");
  REQUIRE(test::run_command("cd " + q + " && git add policy.json notes.txt").exit_code == 0);

  const std::string try_repo = env + "pre-commit try-repo " + test::shell_quote(SESLINT_SOURCE_DIR) +
                               " seslint --color never 2>&1";
  auto bad = test::run_command(try_repo);
  INFO(bad.out);
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.find("Failed") != std::string::npos);
  CHECK(bad.out.find("policy.json:3:") != std::string::npos);
  CHECK(bad.out.find("SES002") != std::string::npos);

  test::write_text(dir / "policy.json", R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail",
                 "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"},
                {"Effect": "Allow", "Action": "ses:GetSendQuota", "Resource": "*"}]
}
)");
  REQUIRE(test::run_command("cd " + q + " && git add policy.json").exit_code == 0);
  auto good = test::run_command(try_repo);
  INFO(good.out);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("Passed") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("pre-commit hook passes file names after --, so a file named like an option is linted", "[cli][pre-commit]") {
  const fs::path dir = make_scratch_dir();
  const std::string q = test::shell_quote(dir.string());
  test::write_text(dir / "--exclude=x.tf", R"(resource "aws_iam_policy" "quota" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ses:SendEmail", "ses:GetSendQuota"],
                   Resource = "arn:aws:ses:us-east-1:123456789012:identity/example.com" }]
  })
}
)");
  test::write_text(dir / "base.json", "{\"version\": 1, \"tool\": \"seslint\", \"findings\": []}\n");
  const std::string hook = "cd " + q + " && SESLINT_BIN=" + test::shell_quote(SESLINT_BINARY) + " bash " +
                           test::shell_quote(std::string(SESLINT_SOURCE_DIR) + "/linter/cli/pre-commit-hook.sh");
  // ARGS then FILES, as pre-commit calls it; --baseline's value is not taken for a file.
  auto r = test::run_command(hook + " --no-code-frames --baseline base.json --exclude=x.tf 2>&1");
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("--exclude=x.tf:4:") != std::string::npos);
  CHECK(r.out.find("(1 file scanned)") != std::string::npos);
  // No file names (the seslint-repo hook): the whole repository.
  auto all = test::run_command(hook + " --no-code-frames 2>&1");
  CHECK(all.exit_code == 1);
  CHECK(all.out.find("--exclude=x.tf:4:") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("pre-commit hook builds seslint in a clean clone when none is installed", "[pre-commit][slow]") {
  // The hook's build path as a new user meets it: a fresh clone, no seslint on PATH, no SESLINT_BIN.
  const fs::path dir = make_scratch_dir();
  const std::string q = test::shell_quote(dir.string());
  REQUIRE(test::run_command("git clone -q " + test::shell_quote(SESLINT_SOURCE_DIR) + " " + q + "/clone 2>&1").exit_code == 0);
  test::write_text(dir / "work" / "policy.json", R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["ses:SendEmail", "ses:GetSendQuota"],
                 "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"}]
}
)");
  // PATH without any seslint; ccache (when installed) only speeds the compile up.
  const std::string env = "env -u SESLINT_BIN PATH=/usr/local/bin:/usr/bin:/bin" +
                          std::string(test::run_command("command -v ccache >/dev/null").exit_code == 0
                                          ? " CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache"
                                          : "");
  REQUIRE(test::run_command("PATH=/usr/local/bin:/usr/bin:/bin command -v seslint").exit_code != 0);
  auto r = test::run_command("cd " + q + "/work && " + env + " bash ../clone/linter/cli/pre-commit-hook.sh --color never policy.json 2>&1");
  INFO(r.out.substr(r.out.size() > 6000 ? r.out.size() - 6000 : 0));
  CHECK(r.out.find("building it once in") != std::string::npos);
  CHECK(r.out.find("takes a few minutes") != std::string::npos);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("policy.json:3:") != std::string::npos);
  CHECK(r.out.find("SES002") != std::string::npos);
  CHECK(fs::is_regular_file(dir / "clone" / "build" / "linter" / "seslint"));
  // The second run reuses the build.
  auto again = test::run_command("cd " + q + "/work && " + env + " bash ../clone/linter/cli/pre-commit-hook.sh policy.json 2>&1");
  CHECK(again.out.find("building") == std::string::npos);
  CHECK(again.exit_code == 1);
  fs::remove_all(dir);
}
