#include <catch2/catch.hpp>

#include "analysis/send_matrix.h"
#include "cli/pipeline.h"

using namespace seslint;
using policy::Decision;

namespace {

const engine::RunOptions kNoRules{{"NONE"}, {}, {}, {}, true};

const analysis::Cell* cell(const analysis::SendMatrix& m, const std::string& sender, const std::string& identity,
                           const std::string& action) {
  for (const auto& c : m.cells)
    if (c.sender->display_name() == sender && c.target->identity->name.text == identity && c.action == action)
      return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("send matrix: data-source ARNs match the identities of their own module for certain", "[analysis]") {
  auto run = cli::lint_texts({{"main.tf", R"(
provider "aws" { region = "eu-west-1" }
data "aws_caller_identity" "current" {}
data "aws_partition" "p" {}
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_sesv2_email_identity" "a" {
  email_identity         = "noreply@example.com"
  configuration_set_name = "tracking"
}
resource "aws_iam_user" "smtp" { name = "smtp" }
resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }
output "password" { value = aws_iam_access_key.smtp.ses_smtp_password_v4 }
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:${data.aws_partition.p.partition}:ses:eu-west-1:${data.aws_caller_identity.current.account_id}:identity/*"
    }]
  })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  REQUIRE(a.matrix.senders.size() == 1);
  CHECK(a.matrix.senders[0]->smtp);
  CHECK(a.matrix.senders[0]->actions == std::vector<std::string>{"ses:SendRawEmail"});

  const auto* domain = cell(a.matrix, "aws_iam_user.smtp", "example.com", "ses:SendRawEmail");
  REQUIRE(domain);
  CHECK(domain->eval.decision == Decision::Allow);

  // The address has a default configuration set whose ARN the policy does not allow.
  const auto* address = cell(a.matrix, "aws_iam_user.smtp", "noreply@example.com", "ses:SendRawEmail");
  REQUIRE(address);
  CHECK(address->eval.decision == Decision::ImplicitDeny);
  REQUIRE(address->eval.failing());
  CHECK(address->eval.failing()->kind == "configuration-set");
  CHECK(policy::display_symbols(address->eval.failing()->resource) ==
        "arn:${partition}:ses:eu-west-1:${account}:configuration-set/tracking");
  CHECK(analysis::access_denied_message(*a.matrix.senders[0], "ses:SendRawEmail", address->eval.failing()->resource) ==
        "554 Access denied: User 'arn:${partition}:iam::${account}:user/smtp' is not authorized to perform "
        "'ses:SendRawEmail' on resource 'arn:${partition}:ses:eu-west-1:${account}:configuration-set/tracking'");

  auto lines = a.matrix.summary();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] ==
        "send matrix: aws_iam_user.smtp (SMTP): ses:SendRawEmail allowed as example.com; denied as noreply@example.com");
}

TEST_CASE("send matrix: a literal Region that differs from the identity's is a certain deny", "[analysis]") {
  auto run = cli::lint_texts({{"main.tf", R"(
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
  region = "eu-west-1"
}
resource "aws_iam_role" "app" { name = "app" }
resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "arn:aws:ses:us-east-1:123456789012:identity/example.com" }]
  })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  const auto* c = cell(a.matrix, "aws_iam_role.app", "example.com", "ses:SendEmail");
  REQUIRE(c);
  CHECK(c->eval.decision == Decision::ImplicitDeny);
  CHECK_FALSE(a.matrix.intended(*c));
}

TEST_CASE("send matrix: unresolved values give Unknown, never a deny", "[analysis]") {
  auto run = cli::lint_texts({{"main.tf", R"(
variable "account" {}
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_iam_role" "app" { name = "app" }
resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "ses:SendTemplatedEmail", Resource = [
      "arn:aws:ses:eu-west-1:${var.account}:identity/example.com",
      "arn:aws:ses:eu-west-1:${var.account}:template/welcome",
    ] }]
  })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  const auto* c = cell(a.matrix, "aws_iam_role.app", "example.com", "ses:SendTemplatedEmail");
  REQUIRE(c);
  CHECK(c->eval.decision == Decision::Unknown);
  REQUIRE(c->eval.resources.size() == 2);
  CHECK(c->eval.resources[1].kind == "template");
  CHECK(c->eval.resources[1].evaluation.decision == Decision::Unknown);
}

TEST_CASE("send matrix: cell_request carries the Region, From address and SMTP API version", "[analysis]") {
  auto run = cli::lint_texts({{"main.tf", R"(
resource "aws_sesv2_email_identity" "a" {
  email_identity = "noreply@example.com"
  region         = "us-east-1"
}
resource "aws_iam_user" "smtp" { name = "smtp" }
resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }
output "password" { value = aws_iam_access_key.smtp.ses_smtp_password_v4 }
resource "aws_iam_user_policy" "send" {
  user   = aws_iam_user.smtp.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }] })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  REQUIRE(a.matrix.senders.size() == 1);
  REQUIRE(a.matrix.targets.size() == 1);
  const auto req = analysis::cell_request(*a.matrix.senders[0], *a.matrix.targets[0], "ses:SendRawEmail");
  CHECK(req.action == "ses:SendRawEmail");
  CHECK(req.context.values("aws:RequestedRegion") == std::vector<std::string>{"us-east-1"});
  CHECK(req.context.values("ses:FromAddress") == std::vector<std::string>{"noreply@example.com"});
  CHECK(req.context.values("ses:ApiVersion") == std::vector<std::string>{"2"});
}

TEST_CASE("send matrix: a principal's account pinned by attached policy ARNs makes other accounts' identities cross-account",
          "[analysis]") {
  auto run = cli::lint_texts({{"mailer/main.tf", R"(
resource "aws_iam_user" "mailer" { name = "mailer" }
resource "aws_iam_user_policy_attachment" "audit" {
  user       = aws_iam_user.mailer.name
  policy_arn = "arn:aws:iam::111111111111:policy/mail-audit"
}
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.mailer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = ["arn:aws:ses:eu-west-1:222222222222:identity/*"]
    }]
  })
}
)"},
                              {"owner/main.tf", R"(
resource "aws_ses_domain_identity" "open" { domain = "open.example" }
resource "aws_ses_domain_identity" "closed" { domain = "closed.example" }
resource "aws_ses_identity_policy" "open" {
  identity = aws_ses_domain_identity.open.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "111111111111" }
      Action    = "ses:SendEmail"
      Resource  = "arn:aws:ses:eu-west-1:222222222222:identity/open.example"
    }]
  })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  REQUIRE(a.matrix.senders.size() == 1);
  CHECK(a.matrix.senders[0]->account == "111111111111");
  // The attached managed policy is not in the repository, so an implicit deny stays Unknown; the
  // owner's policy that names the account allows.
  const auto* open = cell(a.matrix, "aws_iam_user.mailer", "open.example", "ses:SendEmail");
  REQUIRE(open);
  CHECK(open->eval.decision == Decision::Allow);
  const auto* closed = cell(a.matrix, "aws_iam_user.mailer", "closed.example", "ses:SendEmail");
  REQUIRE(closed);
  CHECK(closed->eval.decision != Decision::Allow);
  CHECK(closed->eval.resources.front().evaluation.decided_by == policy::Stage::ResourcePolicy);
}

TEST_CASE("send matrix: a grant whose condition key SES never provides is a certain, intended deny", "[analysis]") {
  // The only grant's condition uses 'ses:FromAdress' (misspelt): SES never carries that key, so the
  // condition is false for every send. The cell is ImplicitDeny (not Unknown) and counts as meant.
  auto run = cli::lint_texts({{"main.tf", R"(
provider "aws" { region = "eu-west-1" }
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_iam_user" "smtp" { name = "smtp" }
resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }
output "password" { value = aws_iam_access_key.smtp.ses_smtp_password_v4 }
resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ses:SendRawEmail"
      Resource  = aws_ses_domain_identity.d.arn
      Condition = { StringEquals = { "ses:FromAdress" = "noreply@example.com" } }
    }]
  })
}
)"}},
                             kNoRules);
  analysis::Analysis a(run.model);
  const auto* c = cell(a.matrix, "aws_iam_user.smtp", "example.com", "ses:SendRawEmail");
  REQUIRE(c);
  CHECK(c->eval.decision == Decision::ImplicitDeny);
  CHECK(a.matrix.intended(*c));
  REQUIRE(a.matrix.summary().size() == 1);
  CHECK(a.matrix.summary()[0].find("denied as example.com") != std::string::npos);
}
