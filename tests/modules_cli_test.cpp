// Registry and git modules through the CLI: a scratch repository whose root calls a registry
// module, installed the way `terraform init` leaves it (.terraform/modules/modules.json plus the
// module's folder), or mapped with --module-dir, or missing. The module is the real
// terraform-aws-modules/iam iam-policy module from ../shared/corpus, copied into the scratch tree
// only (never into the repository); without the corpus an equivalent module is written here.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

test::Command run_seslint(const fs::path& cwd, const std::string& args) {
  return test::run_command("cd " + test::shell_quote(cwd.string()) + " && " + test::shell_quote(SESLINT_BINARY) + " " +
                           args + " 2>&1");
}

fs::path scratch(const std::string& name) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-" + name + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::path(tmpl);
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

/// A checkout of terraform-aws-modules/iam at `dir` (its modules/iam-policy folder).
void checkout_iam(const fs::path& dir) {
  const fs::path corpus = fs::path(SESLINT_SHARED_DIR) / "corpus" / "terraform-aws-modules__terraform-aws-iam" / "modules" / "iam-policy";
  fs::create_directories(dir / "modules");
  if (fs::is_directory(corpus)) {
    fs::copy(corpus, dir / "modules" / "iam-policy", fs::copy_options::recursive);
    return;
  }
  WARN("shared corpus not found: using a module written like terraform-aws-modules/iam//modules/iam-policy");
  // Padded so `policy` is on line 12, column 17, where the corpus module has it (the checks
  // below name that location).
  test::write_text(dir / "modules/iam-policy/main.tf", R"(# A module written like terraform-aws-modules/iam//modules/iam-policy
# (the shared corpus copy was not found).
#
#
#
#
resource "aws_iam_policy" "policy" {
  count = var.create ? 1 : 0

  name        = var.name
  description = var.description
  policy      = var.policy
}
)");
  test::write_text(dir / "modules/iam-policy/variables.tf", R"(variable "create" {
  type    = bool
  default = true
}
variable "name" { default = null }
variable "description" { default = null }
variable "policy" { default = "" }
)");
  test::write_text(dir / "modules/iam-policy/outputs.tf", "output \"arn\" { value = try(aws_iam_policy.policy[0].arn, null) }\n");
}

constexpr const char* kRoot = R"(resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "noreply" {
  email = "noreply@example.com"
}

module "send_policy" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-policy"
  version = "5.39.0"

  name = "app-ses-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = aws_ses_domain_identity.main.arn
    }]
  })
}

module "unused_policy" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-policy"
  version = "5.39.0"
  create  = false
  name    = "never"
}

resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_user_policy_attachment" "send" {
  user       = aws_iam_user.app.name
  policy_arn = module.send_policy.arn
}
)";

void install(const fs::path& root) {
  checkout_iam(root / ".terraform/modules/send_policy");
  checkout_iam(root / ".terraform/modules/unused_policy");
  test::write_text(root / ".terraform/modules/modules.json", R"({"Modules":[{"Key":"","Source":"","Dir":"."},
{"Key":"send_policy","Source":"registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-policy","Version":"5.39.0","Dir":".terraform/modules/send_policy/modules/iam-policy"},
{"Key":"unused_policy","Source":"registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-policy","Version":"5.39.0","Dir":".terraform/modules/unused_policy/modules/iam-policy"}]})");
}

}  // namespace

TEST_CASE("registry modules: installed by terraform init, mapped by --module-dir, or one note per source", "[cli][modules]") {
  const fs::path tmp = scratch("registry");
  const fs::path root = tmp / "app";
  test::write_text(root / "main.tf", kRoot);

  // Not installed: nothing is checked inside the module, and one note (not one per call) says
  // what makes it visible.
  auto missing = run_seslint(root, "--no-code-frames .");
  INFO(missing.out);
  CHECK(missing.exit_code == 0);
  CHECK(count(missing.out, "is not installed") == 1);
  CHECK(missing.out.find("main.tf:10:13: note[SES901] module source 'terraform-aws-modules/iam/aws//modules/iam-policy' "
                         "(version 5.39.0) is not installed: 2 calls (module.send_policy in ., module.unused_policy in .)") !=
        std::string::npos);
  CHECK(missing.out.find("Run `terraform init` in .") != std::string::npos);
  CHECK(missing.out.find("error[SES001]") == std::string::npos);

  // As CI has it after `terraform init`: the module is instantiated and the finding points into
  // its own file; the policy is linked to the user that attaches it through module.send_policy.arn.
  install(root);
  auto installed = run_seslint(root, "--no-code-frames .");
  INFO(installed.out);
  CHECK(installed.exit_code == 1);
  CHECK(installed.out.find(".terraform/modules/send_policy/modules/iam-policy/main.tf:12:17: error[SES001]") != std::string::npos);
  CHECK(installed.out.find("user/app' is not authorized to perform 'ses:SendRawEmail'") != std::string::npos);
  CHECK(installed.out.find("main.tf:14:12: value of var.policy") != std::string::npos);
  CHECK(installed.out.find("is not installed") == std::string::npos);
  // create = false: the other call's policy does not exist, so it has no findings.
  CHECK(installed.out.find("unused_policy/modules/iam-policy/main.tf") == std::string::npos);
  CHECK(count(installed.out, "error[SES001]") == 1);

  // The same module from a local checkout, named by its package.
  fs::remove_all(root / ".terraform");
  checkout_iam(tmp / "checkouts/iam");
  auto mapped = run_seslint(root, "--no-code-frames --module-dir terraform-aws-modules/iam/aws=../checkouts/iam .");
  INFO(mapped.out);
  CHECK(mapped.exit_code == 1);
  CHECK(mapped.out.find("../checkouts/iam/modules/iam-policy/main.tf:12:17: error[SES001]") != std::string::npos);
  CHECK(mapped.out.find("is not installed") == std::string::npos);
  // ... and from the config file.
  test::write_text(root / ".seslint.toml", "module-dir = [\"terraform-aws-modules/iam/aws=../checkouts/iam\"]\n");
  auto configured = run_seslint(root, "--no-code-frames .");
  CHECK(configured.exit_code == 1);
  CHECK(configured.out.find("../checkouts/iam/modules/iam-policy/main.tf:12:17: error[SES001]") != std::string::npos);
  fs::remove(root / ".seslint.toml");
  auto bad = run_seslint(root, "--module-dir terraform-aws-modules/iam/aws .");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("--module-dir takes SOURCE=PATH") != std::string::npos);
  auto absent = run_seslint(root, "--module-dir x/y/aws=../nowhere .");
  CHECK(absent.exit_code == 2);
  CHECK(absent.out.find("'../nowhere' is not a folder") != std::string::npos);
  fs::remove_all(tmp);
}

TEST_CASE("registry modules: a modules.json from the repository cannot make seslint read outside it", "[cli][modules][safety]") {
  const fs::path tmp = scratch("registry-hostile");
  const fs::path root = tmp / "app";
  const fs::path outside = tmp / "outside";
  test::write_text(outside / "secret.tf", "resource \"aws_iam_user\" \"secret\" { name = \"TOKEN-1234\" }\n");
  test::write_text(root / "main.tf", "module \"m\" {\n  source = \"acme/mail/aws\"\n}\nmodule \"n\" {\n  source = \"acme/other/aws\"\n}\n");
  test::write_text(root / ".terraform/modules/modules.json", R"({"Modules":[
{"Key":"m","Source":"acme/mail/aws","Dir":"../outside"},
{"Key":"n","Source":"acme/other/aws","Dir":".terraform/modules/n"}]})");
  fs::create_directories(root / ".terraform/modules");
  fs::create_directory_symlink(outside, root / ".terraform/modules/n");
  auto r = run_seslint(root, "--no-code-frames --format json .");
  INFO(r.out);
  CHECK(r.out.find("TOKEN-1234") == std::string::npos);
  CHECK(r.out.find("secret.tf") == std::string::npos);
  CHECK(r.out.find("Dir '../outside' is not below .terraform/modules") != std::string::npos);
  CHECK(r.out.find("module folder '.terraform/modules/n' is a link out of its installed modules") != std::string::npos);

  // .terraform/modules itself a link out of the root: not read at all.
  fs::remove_all(root / ".terraform");
  fs::create_directories(root / ".terraform");
  fs::create_directories(outside / "mods");
  test::write_text(outside / "mods/modules.json", R"({"Modules":[{"Key":"m","Source":"acme/mail/aws","Dir":".terraform/modules/m"}]})");
  fs::create_directory_symlink(outside / "mods", root / ".terraform/modules");
  auto linked = run_seslint(root, "--no-code-frames .");
  INFO(linked.out);
  CHECK(linked.out.find(".terraform/modules is a link out of its root folder") != std::string::npos);
  CHECK(linked.out.find("TOKEN-1234") == std::string::npos);

  // Not a manifest: a warning in the file, not a crash.
  fs::remove(root / ".terraform/modules");
  test::write_text(root / ".terraform/modules/modules.json", "[1, 2");
  auto broken = run_seslint(root, "--no-code-frames .");
  CHECK(broken.exit_code == 0);
  CHECK(broken.out.find(".terraform/modules/modules.json:1:1: warning[SES904] not a Terraform module manifest") != std::string::npos);
  fs::remove_all(tmp);
}
