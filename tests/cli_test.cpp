// CLI scenarios (fixtures/cli/<scenario>/: args, repo/, expected.out, exit_code) run through the real
// binary, plus exit-code and subcommand checks.
#include <catch2/catch.hpp>

#include <filesystem>

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
        const fs::path tmp = fs::temp_directory_path() / ("seslint-cli-" + dir.filename().string() + ".sarif");
        test::write_text(tmp, r.out);
        const char* env = std::getenv("SESLINT_TOOLS_DIR");
        const std::string tools = env && *env ? env : SESLINT_TOOLS_DIR_DEFAULT;
        auto v = test::run_command("SESLINT_TOOLS_DIR=" + test::shell_quote(tools) + " bash " +
                                   test::shell_quote(std::string(SESLINT_SOURCE_DIR) + "/tests/tools/sarif-validate.sh") +
                                   " " + test::shell_quote(tmp.string()) + " --strict 2>&1");
        INFO("SARIF validation (tools in " << tools << "; install with tests/tools/install.sh):\n" << v.out);
        CHECK(v.exit_code == 0);
        fs::remove(tmp);
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
  CHECK(run_seslint(example, "--fail-on never .").exit_code == 0);
  CHECK(run_seslint(example, ".").exit_code == 1);
  CHECK(run_seslint(example, "--select SES002 --fail-on error policies/reporting.json").exit_code == 1);
  CHECK(run_seslint(example, "--ignore SES001,SES002,SES004 .").exit_code == 0);
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

TEST_CASE("plan flag: the values it supplies are what turns the unknown into a finding", "[cli][plan]") {
  // The same repositories without their plan: the domain / the data source ARN stay unknown.
  for (const char* scenario : {"plan-variables", "plan-data-source"}) {
    INFO(scenario);
    const fs::path repo = kCli / scenario / "repo";
    auto without = run_seslint(repo, "--no-code-frames .");
    CHECK(without.exit_code == 0);
    CHECK(without.out.find("error[SES001]") == std::string::npos);
    auto with = run_seslint(repo, "--no-code-frames --plan plan.json .");
    CHECK(with.exit_code == 1);
    CHECK(with.out.find("main.tf:") != std::string::npos);
    CHECK(with.out.find("error[SES001]") != std::string::npos);
  }
  // Every planned access key has ses_smtp_password_v4 known after apply: that is no SMTP use.
  const fs::path tmp = fs::temp_directory_path() / "seslint-plan-smtp";
  fs::create_directories(tmp);
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
