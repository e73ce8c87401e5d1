#include <catch2/catch.hpp>

#include "analysis/coverage.h"
#include "analysis/send_matrix.h"
#include "cli/pipeline.h"
#include "model/graph.h"

using namespace seslint;
using policy::Decision;

namespace {

const engine::RunOptions kNoRules{{"NONE"}, {}, {}, {}, true};

std::size_t reason_count(const analysis::Coverage& c, const std::string& reason) {
  for (const auto& r : c.reasons)
    if (r.first == reason) return r.second;
  return 0;
}

constexpr const char* kSmtpUser = R"(
resource "aws_iam_user" "smtp" { name = "smtp" }
resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }
output "password" { value = aws_iam_access_key.smtp.ses_smtp_password_v4 }
)";

}  // namespace

TEST_CASE("coverage: unresolved values are counted with their reasons", "[analysis][coverage]") {
  auto run = cli::lint_texts({{"main.tf", std::string(kSmtpUser) + R"(
variable "domain" {}
variable "policy_arn" {}
resource "aws_ses_domain_identity" "d" { domain = var.domain }
resource "aws_ses_email_identity" "a" { email = "ops@example.com" }
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = aws_ses_domain_identity.d.arn }]
  })
}
resource "aws_iam_policy" "known" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com" }]
  })
}
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_iam_role_policy_attachment" "r" {
  role       = aws_iam_role.r.name
  policy_arn = var.policy_arn
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  const analysis::Coverage c = analysis::compute_coverage(run.model, a.graph, a.matrix);
  CHECK(c.policies == 2);
  CHECK(c.policies_resolved == 1);  // the grant on ${var.domain} is not fully known
  CHECK(c.identities == 2);
  CHECK(c.identities_resolved == 1);
  // The SMTP user (cells unknown), and the role whose only policy cannot be followed.
  CHECK(c.senders == 2);
  CHECK(c.senders_resolved == 0);
  CHECK(reason_count(c, "var.domain") >= 2);  // the policy and the identity at least
  CHECK(c.partial());
  const std::string line = analysis::coverage_line(c);
  CHECK(line.rfind("coverage: 1 of 2 policies fully resolved, 0 of 2 senders fully evaluated, 1 of 2 identity names known",
                   0) == 0);
  CHECK(line.find("var.domain (") != std::string::npos);
}

TEST_CASE("coverage: the deploying scope's own partition, Region and account count as known", "[analysis][coverage]") {
  auto run = cli::lint_texts({{"main.tf", std::string(kSmtpUser) + R"(
provider "aws" { region = "eu-west-1" }
data "aws_caller_identity" "me" {}
data "aws_partition" "p" {}
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:${data.aws_partition.p.partition}:ses:eu-west-1:${data.aws_caller_identity.me.account_id}:identity/example.com"
    }]
  })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  const analysis::Coverage c = analysis::compute_coverage(run.model, a.graph, a.matrix);
  CHECK(c.policies == 1);
  CHECK(c.policies_resolved == 1);
  CHECK(c.senders == 1);
  CHECK(c.senders_resolved == 1);
  CHECK_FALSE(c.partial());
  CHECK(c.reasons.empty());
}

TEST_CASE("deployments: senders pair with the identities of their own root", "[analysis][deployments]") {
  const std::string prod = std::string(kSmtpUser) + R"(
resource "aws_ses_domain_identity" "d" { domain = "prod.example.com" }
resource "aws_iam_user_policy" "send" {
  user   = aws_iam_user.smtp.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }] })
}
)";
  const std::string staging = std::string(kSmtpUser) + R"(
resource "aws_ses_domain_identity" "d" { domain = "staging.example.com" }
resource "aws_iam_user_policy" "send" {
  user   = aws_iam_user.smtp.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }] })
}
)";
  const std::string tool = R"(
resource "aws_iam_user" "tool" { name = "tool" }
resource "aws_iam_user_policy" "tool" {
  user = aws_iam_user.tool.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "arn:aws:ses:eu-west-1:123456789012:identity/prod.example.com" }]
  })
}
)";
  auto run = cli::lint_texts({{"envs/prod/main.tf", prod}, {"envs/staging/main.tf", staging}, {"tools/main.tf", tool}},
                             kNoRules);
  analysis::Analysis a(run.model);
  CHECK(a.matrix.deployments == std::vector<std::string>{"tf:envs/prod", "tf:envs/staging", "tf:tools"});
  REQUIRE(a.matrix.senders.size() == 3);
  for (const auto& s : a.matrix.senders) {
    std::vector<std::string> names;
    for (const analysis::Cell* c : a.matrix.cells_of(*s)) names.push_back(c->target->identity->name.text);
    if (s->deployment == "tf:envs/prod") CHECK(names == std::vector<std::string>{"prod.example.com"});
    if (s->deployment == "tf:envs/staging") CHECK(names == std::vector<std::string>{"staging.example.com"});
    // A literal ARN ties the tool to prod's identity across deployments.
    if (s->deployment == "tf:tools") CHECK(names == std::vector<std::string>{"prod.example.com"});
  }
  const auto lines = a.matrix.summary(run.sources.get());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].find("[deployment envs/") != std::string::npos);
}

TEST_CASE("deployments: count = 0 and an empty for_each declare nothing", "[analysis][deployments]") {
  auto run = cli::lint_texts({{"main.tf", R"(
variable "enabled" { default = false }
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_ses_email_identity" "off" {
  count = var.enabled ? 1 : 0
  email = "off@example.com"
}
resource "aws_ses_email_identity" "none" {
  for_each = toset([])
  email    = each.value
}
resource "aws_iam_user" "gone" {
  count = 0
  name  = "gone"
}
resource "aws_iam_user_policy" "gone" {
  count  = 0
  user   = "gone"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }] })
}
)"}},
                             kNoRules);
  REQUIRE(run.model.identities.size() == 1);
  CHECK(run.model.identities[0].name.text == "example.com");
  CHECK(run.model.iam.entities.empty());
  CHECK(run.model.policies.empty());
}

TEST_CASE("data.aws_ses_domain_identity is a domain identity with the identity ARN shape", "[analysis][data-identity]") {
  auto run = cli::lint_texts({{"main.tf", std::string(kSmtpUser) + R"(
variable "domain" {}
data "aws_ses_domain_identity" "d" { domain = var.domain }
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ses:SendRawEmail", "ses:SendTemplatedEmail"], Resource = data.aws_ses_domain_identity.d.arn }]
  })
}
)"}},
                             kNoRules);
  REQUIRE(run.model.identities.size() == 1);
  CHECK(run.model.identities[0].type == model::IdentityType::Domain);
  CHECK_FALSE(run.model.identities[0].name.known);
  REQUIRE(run.model.policies.size() == 1);
  const model::Str& r = run.model.policies[0].statements.at(0).resources.at(0);
  CHECK_FALSE(r.known);
  CHECK(policy::permissive_pattern(r) == "arn:*:ses:*:*:identity/*");
  analysis::Analysis a(run.model);
  bool templated = false;
  for (const auto& c : a.matrix.cells) {
    if (c.action != "ses:SendTemplatedEmail") continue;
    templated = true;
    // Whatever var.domain is, the template is not allowed.
    for (const auto& res : c.eval.resources)
      if (res.kind == "template") CHECK(res.evaluation.decision == Decision::ImplicitDeny);
  }
  CHECK(templated);
}
