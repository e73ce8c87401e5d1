// CLI scenarios (fixtures/cli/<scenario>/: args, repo/, expected.out, exit_code) run through the real
// binary, plus exit-code and subcommand checks.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <simdjson.h>

#include "cli/app.h"
#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

const fs::path kCli = fs::path(SESLINT_FIXTURES_DIR) / "cli";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

std::string root_uri(const fs::path& dir) {
  std::string s = fs::absolute(dir).lexically_normal().generic_string();
  if (s.back() != '/') s += '/';
  return "file://" + s;
}

/// Normalizes run-specific values so snapshots are stable.
std::string normalize(std::string out, const fs::path& repo) {
  out = replace_all(out, root_uri(repo), "{{root}}");
  out = replace_all(out, root_uri(fs::canonical(repo)), "{{root}}");  // a scenario's repo may be a symlink
  // SARIF's %SRCROOT% is the git root, which is the checkout holding the fixtures: it differs per
  // machine (CI clones elsewhere).
  out = replace_all(out, root_uri(SESLINT_SOURCE_DIR), "{{checkout}}");
  out = replace_all(out, root_uri(fs::canonical(SESLINT_SOURCE_DIR)), "{{checkout}}");
  out = replace_all(out, "\"" SESLINT_VERSION_STRING "\"", "\"{{version}}\"");
  out = replace_all(out, "/v" SESLINT_VERSION_STRING "/", "/v{{version}}/");
  return out;
}

test::Command run_seslint(const fs::path& cwd, const std::string& args) {
  return test::run_command("cd " + test::shell_quote(cwd.string()) + " && " + test::shell_quote(SESLINT_BINARY) + " " +
                           args + " 2>/dev/null");
}

std::string read_args(const fs::path& file) {
  std::string args;
  std::string text = test::read_text(file);
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty() && line[0] != '#') args += (args.empty() ? "" : " ") + test::shell_quote(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return args;
}

/// Runs the SARIF validators (schema + SARIF multitool, tests/tools/sarif-validate.sh) on `sarif`,
/// written to `file`; returns their exit code and output.
test::Command validate_sarif(const std::string& sarif, const fs::path& file) {
  test::write_text(file, sarif);
  const char* env = std::getenv("SESLINT_TOOLS_DIR");
  const std::string tools = env && *env ? env : SESLINT_TOOLS_DIR_DEFAULT;
  auto v = test::run_command("SESLINT_TOOLS_DIR=" + test::shell_quote(tools) + " bash " +
                             test::shell_quote(std::string(SESLINT_SOURCE_DIR) + "/tests/tools/sarif-validate.sh") + " " +
                             test::shell_quote(file.string()) + " --strict 2>&1");
  v.out = "SARIF validation (tools in " + tools + "; install with tests/tools/install.sh):\n" + v.out;
  return v;
}

}  // namespace

TEST_CASE("CLI scenarios match their expected output and exit code", "[cli][snapshot]") {
  REQUIRE(fs::is_directory(kCli));
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(kCli)) {
    if (!e.is_directory()) continue;
    const fs::path dir = e.path();
    ++n;
    DYNAMIC_SECTION(dir.filename().string()) {
      REQUIRE(fs::exists(dir / "args"));
      const fs::path repo = dir / "repo";
      auto r = run_seslint(fs::exists(repo) ? repo : dir, read_args(dir / "args"));
      const std::string actual = normalize(r.out, fs::exists(repo) ? repo : dir);
      const fs::path expected = dir / "expected.out";
      const fs::path code = dir / "exit_code";
      if (read_args(dir / "args").find("'sarif'") != std::string::npos) {
        // Every SARIF scenario is also checked by the real validators (schema + SARIF multitool).
        std::string tmpl = (fs::temp_directory_path() / "seslint-cli-sarif-XXXXXX").string();
        REQUIRE(mkdtemp(tmpl.data()) != nullptr);
        auto v = validate_sarif(r.out, fs::path(tmpl) / (dir.filename().string() + ".sarif"));
        INFO(v.out);
        CHECK(v.exit_code == 0);
        fs::remove_all(tmpl);
      }
      if (test::update_snapshots()) {
        test::write_text(expected, actual);
        test::write_text(code, std::to_string(r.exit_code) + "\n");
      } else {
        REQUIRE(fs::exists(expected));
        CHECK(actual == test::read_text(expected));
        CHECK(std::to_string(r.exit_code) + "\n" == test::read_text(code));
      }
    }
  }
  CHECK(n >= 5);
}

TEST_CASE("exit codes: usage errors and unreadable inputs are 2", "[cli][exit-codes]") {
  const fs::path example = fs::path(SESLINT_FIXTURES_DIR) / "example";
  CHECK(run_seslint(example, "--no-such-flag").exit_code == 2);
  CHECK(run_seslint(example, "--format xml .").exit_code == 2);
  CHECK(run_seslint(example, "does-not-exist").exit_code == 2);
  CHECK(run_seslint(example, "--select SES999 .").exit_code == 2);
  CHECK(run_seslint(example, "--workspace '' .").exit_code == 2);
  CHECK(run_seslint(example, "--fail-on never .").exit_code == 0);
  CHECK(run_seslint(example, ".").exit_code == 1);
  CHECK(run_seslint(example, "--select SES002 --fail-on error policies/reporting.json").exit_code == 1);
  CHECK(run_seslint(example, "--ignore SES001,SES002,SES004,SES023,SES025 .").exit_code == 0);
  CHECK(run_seslint(example, "--ignore SES001,SES002,SES004,SES023 .").exit_code == 1);  // digest/: SES025
  CHECK(run_seslint(example, "--ignore SES001,SES002,SES004 .").exit_code == 1);  // notifications/: SES023
  auto help = run_seslint(example, "--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--format") != std::string::npos);
  CHECK(help.out.find("--plan") != std::string::npos);
  CHECK(run_seslint(example, "--plan no-such-plan.json .").exit_code == 2);
  auto version = run_seslint(example, "--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out == "seslint " SESLINT_VERSION_STRING "\n");
}

TEST_CASE("rules and explain subcommands", "[cli][rules]") {
  auto rules = run_seslint(fs::path(SESLINT_FIXTURES_DIR), "rules");
  CHECK(rules.exit_code == 0);
  CHECK(rules.out.find("SES001") != std::string::npos);
  CHECK(rules.out.find("SES900") != std::string::npos);
  auto explain = run_seslint(fs::path(SESLINT_FIXTURES_DIR), "explain SES002");
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("## Why it matters") != std::string::npos);
  CHECK(run_seslint(fs::path(SESLINT_FIXTURES_DIR), "explain SES999").exit_code == 2);
}

TEST_CASE("README rule table is generated from the registry and up to date", "[cli][readme]") {
  auto r = run_seslint(fs::path(SESLINT_SOURCE_DIR), "rules --markdown --check README.md");
  INFO("run `build/linter/seslint rules --markdown --write README.md` to refresh the table");
  CHECK(r.exit_code == 0);
  const std::string readme = test::read_text(fs::path(SESLINT_SOURCE_DIR) / "README.md");
  CHECK(readme.find(cli::rules_markdown()) != std::string::npos);
}

TEST_CASE("explain-access decides one request and prints the trace", "[cli][explain-access]") {
  const fs::path example = fs::path(SESLINT_FIXTURES_DIR) / "example";
  const std::string addr = "arn:aws:ses:eu-west-1:123456789012:identity/no-reply@mail.example.com";
  auto denied = run_seslint(example, "explain-access --principal aws_iam_user.smtp --action ses:SendRawEmail --resource " + addr);
  INFO(denied.out);
  CHECK(denied.exit_code == 1);
  CHECK(denied.out.find("decision:  ImplicitDeny (identity-based policy, on the identity " + addr + ")") != std::string::npos);
  CHECK(denied.out.find("as arn:aws:iam::123456789012:user/smtp-relay") != std::string::npos);
  CHECK(denied.out.find("aws_iam_user_policy.smtp_send.policy.Statement[0] (terraform/iam.tf:21:7) allows it on "
                        "arn:aws:ses:eu-west-1:123456789012:identity/mail.example.com") != std::string::npos);

  const std::string domain = "arn:aws:ses:eu-west-1:123456789012:identity/mail.example.com";
  auto allowed = run_seslint(example, "explain-access --principal newsletter-app --action ses:SendEmail --resource " + domain);
  INFO(allowed.out);
  CHECK(allowed.exit_code == 0);
  CHECK(allowed.out.find("Allow statement 'Send' of aws_iam_role_policy.app (terraform/iam.tf:43:3)") != std::string::npos);

  // The address identity's default configuration set is a second authorization the role lacks.
  auto config_set = run_seslint(example, "explain-access --principal aws_iam_role.app --action ses:SendEmail --resource " + addr);
  INFO(config_set.out);
  CHECK(config_set.exit_code == 1);
  CHECK(config_set.out.find("configuration set 'transactional' applies: it is the default of identity "
                            "aws_sesv2_email_identity.noreply (terraform/ses.tf:16:28)") != std::string::npos);
  CHECK(config_set.out.find("  identity " + addr + ": Allow") != std::string::npos);
  CHECK(config_set.out.find("configuration-set arn:aws:ses:eu-west-1:123456789012:configuration-set/transactional: ImplicitDeny") !=
        std::string::npos);
  auto explicit_set = run_seslint(example, "explain-access --principal aws_iam_role.app --action ses:SendEmail "
                                           "--configuration-set other --resource " + domain);
  CHECK(explicit_set.exit_code == 1);
  CHECK(explicit_set.out.find("configuration-set/other: ImplicitDeny") != std::string::npos);

  // Templated sends also authorize the template.
  const std::string shop = "arn:aws:ses:us-east-1:123456789012:identity/shop.example.org";
  auto templated = run_seslint(example, "explain-access --principal MailerRole --action ses:SendTemplatedEmail --template orders "
                                        "--resource " + shop + " cloudformation");
  INFO(templated.out);
  CHECK(templated.exit_code == 0);
  CHECK(templated.out.find("template arn:aws:ses:us-east-1:123456789012:template/orders: Allow") != std::string::npos);
  auto no_template = run_seslint(example, "explain-access --principal MailerRole --action ses:SendTemplatedEmail --resource " +
                                              shop + " cloudformation");
  CHECK(no_template.out.find("pass --template NAME") != std::string::npos);

  CHECK(run_seslint(example, "explain-access --principal aws_iam_user.nobody --action ses:SendEmail --resource " + addr).exit_code == 2);
  CHECK(run_seslint(example, "explain-access --principal aws_iam_user.smtp --action ses:SendEmail --resource not-an-arn").exit_code == 2);
  CHECK(run_seslint(example, "explain-access --principal aws_iam_user.smtp --action ses:SendEmail").exit_code == 2);
}

TEST_CASE("resolution flags (var, var-file, parameter) feed value resolution", "[cli][resolve]") {
  const fs::path rules = fs::path(SESLINT_FIXTURES_DIR) / "rules" / "SES001";
  auto plain = run_seslint(rules, "bad-resolved-terraform.tf");
  CHECK(plain.out.find("arn:aws:ses:${var.region}:${account}:identity/noreply@example.com") != std::string::npos);
  auto with_var = run_seslint(rules, "--var region=eu-west-1 bad-resolved-terraform.tf");
  CHECK(with_var.out.find("arn:aws:ses:eu-west-1:${account}:identity/noreply@example.com") != std::string::npos);
  // The parameter feeds both the address identity and the granted domain.
  auto other = run_seslint(rules, "--parameter Domain=example.net --fail-on error bad-resolved-cloudformation.yaml");
  CHECK(other.exit_code == 1);
  CHECK(other.out.find("'alerts@example.net'") != std::string::npos);
  CHECK(run_seslint(rules, "--var novalue bad-resolved-terraform.tf").exit_code == 2);
  CHECK(run_seslint(rules, "--var-file missing.tfvars bad-resolved-terraform.tf").exit_code == 2);
}

namespace {

fs::path scratch_dir(const std::string& name) {
  std::string tmpl = (fs::temp_directory_path() / ("seslint-" + name + "-XXXXXX")).string();
  REQUIRE(mkdtemp(tmpl.data()) != nullptr);
  return fs::path(tmpl);
}

/// stdout and stderr together.
test::Command run_seslint_all(const fs::path& cwd, const std::string& args) {
  return test::run_command("cd " + test::shell_quote(cwd.string()) + " && " + test::shell_quote(SESLINT_BINARY) + " " +
                           args + " 2>&1");
}

const char* kQuotaPolicy = R"(resource "aws_iam_policy" "quota" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:GetSendQuota"]
      Resource = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    }]
  })
}
)";

}  // namespace

TEST_CASE("gate: paths after -- are paths even when they look like options, -V, explain by name", "[cli][gate]") {
  const fs::path dir = scratch_dir("dashdash");
  test::write_text(dir / "--exclude=x.tf", kQuotaPolicy);
  auto r = run_seslint(dir, "--no-code-frames -- --exclude=x.tf");
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("--exclude=x.tf:6:36: error[SES002]") != std::string::npos);
  CHECK(r.out.find("(1 file scanned)") != std::string::npos);
  CHECK(run_seslint(dir, "-V").out == "seslint " SESLINT_VERSION_STRING "\n");
  auto by_name = run_seslint(dir, "explain resource-star-action-scoped-to-arn");
  CHECK(by_name.exit_code == 0);
  CHECK(by_name.out.rfind("# SES002 ", 0) == 0);
  CHECK(run_seslint(dir, "explain ses002").exit_code == 0);
  CHECK(run_seslint(dir, "explain no-such-rule").exit_code == 2);
  fs::remove_all(dir);
}

TEST_CASE("stdin: the path - with --stdin-filename lints standard input", "[cli][gate]") {
  const fs::path dir = scratch_dir("stdin");
  test::write_text(dir / "input", kQuotaPolicy);
  auto r = test::run_command("cd " + test::shell_quote(dir.string()) + " && " + test::shell_quote(SESLINT_BINARY) +
                             " --no-code-frames - --stdin-filename mod/main.tf < input 2>&1");
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("mod/main.tf:6:36: error[SES002]") != std::string::npos);
  auto missing = run_seslint_all(dir, "- < input");
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.find("needs --stdin-filename") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("parse errors do not fail the gate unless --fail-on-parse-error, SES900 can be ignored", "[cli][gate]") {
  const fs::path dir = scratch_dir("parse");
  test::write_text(dir / "broken.tf", "resource \"aws_iam_user\" \"u\" {\n  name = \n");
  auto r = run_seslint(dir, "--no-code-frames .");
  INFO(r.out);
  CHECK(r.out.find("error[SES900]") != std::string::npos);
  CHECK(r.exit_code == 0);
  CHECK(run_seslint(dir, "--fail-on-parse-error .").exit_code == 1);
  auto ignored = run_seslint(dir, "--ignore SES900 .");
  CHECK(ignored.out.find("SES900") == std::string::npos);
  auto selected = run_seslint(dir, "--select SES002 .");
  CHECK(selected.out.find("SES900") != std::string::npos);  // select limits diagnostics only when it names one
  auto only_rules = run_seslint(dir, "--select SES002,SES901 .");
  CHECK(only_rules.out.find("SES900") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("gate: --quiet hides notes, FORCE_COLOR and NO_COLOR, --exclude ./x x/ /x", "[cli][gate]") {
  const fs::path example = fs::path(SESLINT_FIXTURES_DIR) / "cli" / "terraform-modules" / "repo";
  auto loud = run_seslint(example, "--no-code-frames .");
  REQUIRE(loud.out.find("note[SES901]") != std::string::npos);
  auto quiet = run_seslint(example, "--no-code-frames -q .");
  CHECK(quiet.out.find("note[") == std::string::npos);
  CHECK(quiet.out.find(" hidden)") != std::string::npos);
  CHECK(quiet.exit_code == loud.exit_code);

  const fs::path dir = scratch_dir("exclude");
  test::write_text(dir / "legacy" / "a.tf", kQuotaPolicy);
  test::write_text(dir / "main.tf", kQuotaPolicy);
  for (const char* g : {"legacy", "./legacy", "legacy/", "/legacy", "./legacy/"}) {
    auto r = run_seslint(dir, std::string("--no-code-frames --exclude ") + g + " .");
    INFO(g << "\n" << r.out);
    CHECK(r.out.find("legacy/a.tf") == std::string::npos);
    CHECK(r.out.find("(1 file scanned)") != std::string::npos);
  }
  auto forced = test::run_command("cd " + test::shell_quote(dir.string()) + " && FORCE_COLOR=1 " +
                                  test::shell_quote(SESLINT_BINARY) + " main.tf");
  CHECK(forced.out.find("\x1b[") != std::string::npos);
  auto no_color = test::run_command("cd " + test::shell_quote(dir.string()) + " && FORCE_COLOR=1 NO_COLOR=1 " +
                                    test::shell_quote(SESLINT_BINARY) + " main.tf");
  CHECK(no_color.out.find("\x1b[") == std::string::npos);
  auto zero = test::run_command("cd " + test::shell_quote(dir.string()) + " && FORCE_COLOR=0 " +
                                test::shell_quote(SESLINT_BINARY) + " main.tf");
  CHECK(zero.out.find("\x1b[") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE(".seslint.toml is found upward, the command line wins, bad files are exit 2", "[cli][config]") {
  const fs::path dir = scratch_dir("config");
  test::write_text(dir / ".seslint.toml", "fail-on = \"never\"\nselect = [\"SES00\"]\n");
  test::write_text(dir / "infra" / "main.tf", kQuotaPolicy);
  CHECK(run_seslint(dir, "infra").exit_code == 0);            // fail-on = never from the file
  CHECK(run_seslint(dir / "infra", ".").exit_code == 0);      // found in the folder above
  CHECK(run_seslint(dir, "--fail-on error infra").exit_code == 1);  // the command line wins
  CHECK(run_seslint(dir, "--no-config infra").exit_code == 1);
  test::write_text(dir / "other.toml", "ignore = [\"SES002\"]\n");
  CHECK(run_seslint(dir, "--config other.toml infra").exit_code == 0);

  auto expect_error = [&](const std::string& toml, const std::string& message) {
    test::write_text(dir / "bad.toml", toml);
    auto r = run_seslint_all(dir, "--config bad.toml infra");
    INFO(toml << "\n" << r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find(message) != std::string::npos);
  };
  expect_error("colour = \"never\"\n", "bad.toml: unknown key 'colour'");
  expect_error("fail-on = \"sometimes\"\n", "bad.toml: --fail-on: sometimes not in");
  expect_error("select = [\"SES77\"]\n", "unknown rule ID 'SES77'");
  expect_error("severity = [\"SES002=critical\"]\n", "--severity takes ID=note|warning|error");
  expect_error("per-path-ignore = [\"tests/*\"]\n", "--per-path-ignore takes GLOB=ID[,ID]");
  expect_error("[explain-access]\nprincipal-x = 1\n", "unknown key 'explain-access.principal-x'");
  auto missing = run_seslint_all(dir, "--config nowhere.toml infra");
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.find("nowhere.toml: cannot read") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("baseline: only new findings are reported, fingerprints survive moves, reformatting and other edits",
          "[cli][baseline]") {
  const fs::path dir = scratch_dir("baseline");
  test::write_text(dir / "main.tf", kQuotaPolicy);
  auto write = run_seslint_all(dir, "--write-baseline base.json .");
  INFO(write.out);
  CHECK(write.exit_code == 0);
  CHECK(write.out.find("recorded 1 finding in base.json") != std::string::npos);
  CHECK(test::read_text(dir / "base.json").find("\"rule\": \"SES002\"") != std::string::npos);

  // Moved down, reformatted (one action per line, other spacing) and an unrelated resource added.
  std::string moved = std::string("resource \"aws_iam_user\" \"other\" {\n  name = \"other\"\n}\n\n") + kQuotaPolicy;
  moved = replace_all(moved, R"(Action   = ["ses:SendEmail", "ses:GetSendQuota"])",
                      "Action = [\n        \"ses:SendEmail\",\n        'ses:GetSendQuota',\n      ]");
  moved = replace_all(moved, "'", "\"");
  test::write_text(dir / "main.tf", moved);
  auto same = run_seslint(dir, "--baseline base.json .");
  INFO(same.out);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("no findings (1 file scanned, 1 baselined)") != std::string::npos);
  auto json = run_seslint(dir, "--baseline base.json --format json .");
  CHECK(json.out.find("\"baselined\": 1") != std::string::npos);

  // A new finding (another action) is reported; the old one stays baselined.
  test::write_text(dir / "main.tf", replace_all(moved, "\"ses:SendEmail\",", "\"ses:SendEmail\", \"ses:GetSendStatistics\","));
  auto fresh = run_seslint(dir, "--no-code-frames --baseline base.json .");
  INFO(fresh.out);
  CHECK(fresh.exit_code == 1);
  CHECK(fresh.out.find("ses:GetSendStatistics has no resource-level") != std::string::npos);
  CHECK(fresh.out.find("ses:GetSendQuota has no") == std::string::npos);
  CHECK(fresh.out.find("1 baselined") != std::string::npos);

  test::write_text(dir / "junk.json", "{\"version\": 7}");
  auto bad = run_seslint_all(dir, "--baseline junk.json .");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("not a seslint baseline") != std::string::npos);
  CHECK(run_seslint(dir, "--baseline missing.json .").exit_code == 2);
  fs::remove_all(dir);
}

TEST_CASE("baseline: keyed on the path from the repository root, so any working directory matches", "[cli][baseline]") {
  const fs::path repo = scratch_dir("baseline-root");
  fs::create_directories(repo / ".git");  // the repository root, as the git root lookup sees it
  test::write_text(repo / "infra" / "main.tf", kQuotaPolicy);
  // Written from the root, used from the subfolder and from a folder beside it.
  REQUIRE(run_seslint(repo, "--write-baseline base.json infra").exit_code == 0);
  CHECK(test::read_text(repo / "base.json").find("\"path\": \"infra/main.tf\"") != std::string::npos);
  auto sub = run_seslint(repo / "infra", "--baseline ../base.json .");
  INFO(sub.out);
  CHECK(sub.exit_code == 0);
  CHECK(sub.out.find("no findings (1 file scanned, 1 baselined)") != std::string::npos);
  fs::create_directories(repo / "docs");
  CHECK(run_seslint(repo / "docs", "--baseline ../base.json ../infra").out.find("1 baselined") != std::string::npos);
  // The JSON fingerprint is the same from every folder (it is what the baseline records).
  const std::string fp_root = run_seslint(repo, "--format json infra").out;
  const std::string fp_sub = run_seslint(repo / "infra", "--format json .").out;
  const auto fingerprint = [](const std::string& json) {
    auto at = json.find("\"fingerprint\": \"");
    return at == std::string::npos ? std::string() : json.substr(at, 36);
  };
  CHECK_FALSE(fingerprint(fp_root).empty());
  CHECK(fingerprint(fp_root) == fingerprint(fp_sub));

  // Written from the subfolder, used from the root, after the policy moved down and was reformatted.
  REQUIRE(run_seslint(repo / "infra", "--write-baseline ../sub.json .").exit_code == 0);
  CHECK(test::read_text(repo / "sub.json").find("\"path\": \"infra/main.tf\"") != std::string::npos);
  std::string moved = std::string("resource \"aws_iam_user\" \"other\" {\n  name = \"other\"\n}\n\n") + kQuotaPolicy;
  moved = replace_all(moved, R"(Action   = ["ses:SendEmail", "ses:GetSendQuota"])",
                      "Action = [\n        \"ses:SendEmail\",\n        \"ses:GetSendQuota\",\n      ]");
  test::write_text(repo / "infra" / "main.tf", moved);
  auto from_root = run_seslint(repo, "--baseline sub.json infra");
  INFO(from_root.out);
  CHECK(from_root.exit_code == 0);
  CHECK(from_root.out.find("1 baselined") != std::string::npos);
  // A file named by an absolute path is keyed the same way.
  CHECK(run_seslint(repo / "docs", "--baseline ../sub.json " + test::shell_quote((repo / "infra").string())).exit_code == 0);

  // --root moves the key: the same baseline used against another root does not match.
  auto other_root = run_seslint(repo, "--root infra --baseline sub.json infra");
  CHECK(other_root.exit_code == 1);
  CHECK(other_root.out.find("baselined") == std::string::npos);
  // The key is the path, not the file's contents: a copy in another folder is new.
  test::write_text(repo / "other" / "main.tf", kQuotaPolicy);
  auto copy = run_seslint(repo, "--no-code-frames --baseline base.json infra other");
  INFO(copy.out);
  CHECK(copy.exit_code == 1);
  CHECK(copy.out.find("other/main.tf:") != std::string::npos);
  CHECK(copy.out.find("infra/main.tf:") == std::string::npos);
  fs::remove_all(repo);
}

TEST_CASE("baseline: SARIF keeps baselined results with baselineState unchanged, the others new", "[cli][baseline][sarif]") {
  const fs::path repo = scratch_dir("baseline-sarif");
  fs::create_directories(repo / ".git");
  test::write_text(repo / "main.tf", kQuotaPolicy);
  REQUIRE(run_seslint(repo, "--write-baseline base.json .").exit_code == 0);
  test::write_text(repo / "main.tf", replace_all(kQuotaPolicy, "\"ses:SendEmail\",", "\"ses:SendEmail\", \"ses:GetSendStatistics\","));
  // Run from a subfolder: the baselined result is still matched and marked.
  fs::create_directories(repo / "sub");
  auto r = run_seslint(repo / "sub", "--format sarif --baseline ../base.json ..");
  REQUIRE(r.exit_code == 1);
  auto v = validate_sarif(r.out, repo / "out.sarif");
  INFO(v.out);
  CHECK(v.exit_code == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(r.out).get(doc));
  std::map<std::string, std::string> state;  // message text -> baselineState
  simdjson::dom::array results;
  REQUIRE_FALSE(doc["runs"].at(0)["results"].get(results));
  for (simdjson::dom::element res : results) {
    std::string_view text = res["message"]["text"].get_string().value(), st;
    REQUIRE_FALSE(res["baselineState"].get(st));  // every result has one when --baseline is used
    state[std::string(text)] = std::string(st);
  }
  REQUIRE(state.size() == 2);
  for (const auto& [text, st] : state) {
    INFO(text);
    CHECK(st == (text.find("ses:GetSendStatistics") != std::string::npos ? "new" : "unchanged"));
  }
  // Without --baseline there is no baselineState at all.
  CHECK(run_seslint(repo, "--format sarif .").out.find("baselineState") == std::string::npos);
  // An empty baseline: every result is new.
  test::write_text(repo / "empty.json", "{\"version\": 1, \"findings\": []}");
  const std::string all_new = run_seslint(repo, "--format sarif --baseline empty.json .").out;
  CHECK(all_new.find("\"baselineState\": \"unchanged\"") == std::string::npos);
  CHECK(all_new.find("\"baselineState\": \"new\"") != std::string::npos);
  // The text and JSON reports still leave the baselined one out and count it.
  CHECK(run_seslint(repo, "--baseline base.json .").out.find("1 baselined") != std::string::npos);
  const std::string json = run_seslint(repo, "--format json --baseline base.json .").out;
  CHECK(json.find("ses:GetSendQuota has no") == std::string::npos);
  CHECK(json.find("\"baselined\": 1") != std::string::npos);
  fs::remove_all(repo);
}

TEST_CASE("explain-access: --session-policy, --format json and --requests", "[cli][explain-access]") {
  const fs::path dir = fs::path(SESLINT_FIXTURES_DIR) / "cli" / "explain-access-session-policy-json";
  const std::string base = "explain-access --principal MailerRole --action ses:SendRawEmail --account 111122223333 "
                           "--resource arn:aws:ses:eu-west-1:111122223333:identity/example.com --session-policy ";
  // The session policy allows SendRawEmail, so this one is allowed; SendEmail (the scenario) is not.
  auto raw = run_seslint(dir / "repo", base + "../session.json --format json .");
  CHECK(raw.exit_code == 0);
  CHECK(raw.out.find("\"decision\": \"Allow\"") != std::string::npos);
  CHECK(run_seslint(dir / "repo", base + "../missing.json .").exit_code == 2);
  CHECK(run_seslint(dir / "repo", base + "template.json --format xml .").exit_code == 2);
  const fs::path scratch = scratch_dir("explain-access");
  const fs::path bad = scratch / "bad-session.json";
  test::write_text(bad, "{\"Statement\": [");
  CHECK(run_seslint(dir / "repo", base + test::shell_quote(bad.string()) + " .").exit_code == 2);

  // Batch: two requests on one scan; a request that cannot be decided is an error entry (exit 2).
  const fs::path reqs = scratch / "requests.json";
  const std::string repo = (dir / "repo").string();
  test::write_text(reqs, "[{\"paths\":[\"" + repo + "\"],\"principal\":\"MailerRole\",\"action\":\"ses:SendEmail\","
                         "\"resource\":\"*\",\"account\":\"111122223333\"},"
                         "{\"paths\":[\"" + repo + "\"],\"principal\":\"MailerRole\",\"action\":\"ses:SendRawEmail\","
                         "\"resource\":\"*\",\"account\":\"111122223333\",\"context\":{\"aws:SourceIp\":[]}}]");
  auto batch = run_seslint(dir, "explain-access --requests " + test::shell_quote(reqs.string()));
  CHECK(batch.exit_code == 0);
  CHECK(batch.out.rfind("[", 0) == 0);
  CHECK(batch.out.find("\"decision\": \"Allow\"") != std::string::npos);
  test::write_text(reqs, "[{\"paths\":[\"" + repo + "\"],\"principal\":\"Nobody\",\"action\":\"ses:SendEmail\",\"resource\":\"*\"}]");
  auto failed = run_seslint(dir, "explain-access --requests " + test::shell_quote(reqs.string()));
  CHECK(failed.exit_code == 2);
  CHECK(failed.out.find("\"error\": \"seslint: no IAM user or role 'Nobody'") != std::string::npos);
  test::write_text(reqs, "not json");
  CHECK(run_seslint(dir, "explain-access --requests " + test::shell_quote(reqs.string())).exit_code == 2);
  fs::remove_all(scratch);
}

TEST_CASE("explain-access --requests resolves each request's paths with --var and --plan", "[cli][explain-access]") {
  const fs::path dir = scratch_dir("requests-vars");
  test::write_text(dir / "repo" / "main.tf", R"(variable "domain" {}
resource "aws_iam_role" "mailer" {
  name               = "mailer"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "send" {
  role   = aws_iam_role.mailer.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "arn:aws:ses:us-east-1:111122223333:identity/${var.domain}" }] })
}
)");
  test::write_text(dir / "requests.json", "[{\"paths\":[\"repo\"],\"principal\":\"mailer\",\"action\":\"ses:SendEmail\","
                                          "\"resource\":\"arn:aws:ses:us-east-1:111122223333:identity/example.com\","
                                          "\"account\":\"111122223333\"}]");
  auto without = run_seslint(dir, "explain-access --requests requests.json");
  INFO(without.out);
  CHECK(without.out.find("\"decision\": \"Allow\"") == std::string::npos);
  auto with = run_seslint(dir, "explain-access --var domain=example.com --requests requests.json");
  INFO(with.out);
  CHECK(with.exit_code == 0);
  CHECK(with.out.find("\"decision\": \"Allow\"") != std::string::npos);
  auto other = run_seslint(dir, "explain-access --var domain=example.org --requests requests.json");
  CHECK(other.out.find("\"decision\": \"Allow\"") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("plan flag: the values it supplies are what turns the unknown into a finding", "[cli][plan]") {
  // The same repository without its plan: the domain stays unknown, so there is no finding.
  {
    const fs::path repo = kCli / "plan-variables" / "repo";
    auto without = run_seslint(repo, "--no-code-frames .");
    CHECK(without.exit_code == 0);
    CHECK(without.out.find("error[SES001]") == std::string::npos);
    auto with = run_seslint(repo, "--no-code-frames --plan plan.json .");
    CHECK(with.exit_code == 1);
    CHECK(with.out.find("main.tf:") != std::string::npos);
    CHECK(with.out.find("error[SES001]") != std::string::npos);
  }
  // A data source identity with a literal domain is checked as a domain identity even without
  // the plan (its partition and account stay symbolic); the plan makes them literal.
  {
    const fs::path repo = kCli / "plan-data-source" / "repo";
    auto without = run_seslint(repo, "--no-code-frames .");
    CHECK(without.exit_code == 1);
    CHECK(without.out.find("user/mailer' is not authorized") != std::string::npos);
    CHECK(without.out.find("arn:aws:iam::123456789012:user/mailer") == std::string::npos);
    auto with = run_seslint(repo, "--no-code-frames --plan plan.json .");
    CHECK(with.exit_code == 1);
    CHECK(with.out.find("main.tf:30:18: error[SES001]") != std::string::npos);
    CHECK(with.out.find("arn:aws:iam::123456789012:user/mailer") != std::string::npos);
  }
  // Every planned access key has ses_smtp_password_v4 known after apply: that is no SMTP use.
  const fs::path tmp = scratch_dir("plan-smtp");
  test::write_text(tmp / "plan.json", R"({"format_version": "1.2", "planned_values": {"root_module": {"resources": [
    {"address": "aws_iam_user.lb", "mode": "managed", "type": "aws_iam_user", "name": "lb", "values": {"name": "lb"}},
    {"address": "aws_iam_access_key.lb", "mode": "managed", "type": "aws_iam_access_key", "name": "lb", "values": {"user": "lb"}}]}},
    "resource_changes": [{"address": "aws_iam_access_key.lb", "mode": "managed", "type": "aws_iam_access_key", "name": "lb",
      "change": {"actions": ["create"], "after": {"user": "lb"}, "after_unknown": {"id": true, "secret": true, "ses_smtp_password_v4": true}}}]})");
  auto keys = run_seslint(tmp, "--plan plan.json");
  CHECK(keys.exit_code == 0);
  CHECK(keys.out.find("SES006") == std::string::npos);
  fs::remove_all(tmp);
  // The plan file is not also scanned as a policy document, and JSON output carries the finding.
  auto json = run_seslint(kCli / "plan-only" / "repo", "--format json --plan plan.json");
  CHECK(json.exit_code == 1);
  CHECK(json.out.find("\"SES009\"") != std::string::npos);
}
