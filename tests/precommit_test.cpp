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
