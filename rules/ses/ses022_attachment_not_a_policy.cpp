// SES022: a policy attachment (Terraform *_policy_attachment policy_arn, aws_iam_role
// managed_policy_arns, CloudFormation ManagedPolicyArns) whose value is certainly not an IAM
// managed policy ARN, e.g. an SES identity ARN: the attach call fails, the grant never lands.
#include <cctype>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/match.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Checks what policy attachments attach: `policy_arn` of `aws_iam_role_policy_attachment`,
`aws_iam_user_policy_attachment`, `aws_iam_group_policy_attachment` and
`aws_iam_policy_attachment`, the entries of `aws_iam_role.managed_policy_arns`, and
CloudFormation `ManagedPolicyArns` of `AWS::IAM::Role` / `User` / `Group`. Each must be a
managed policy ARN, `arn:<partition>:iam::<account-id or aws>:policy/<path><name>`. It reports
values that certainly are not:
- an ARN of another service or resource type, such as the SES identity the grant was meant for
  (`aws_ses_domain_identity.mail.arn`, `arn:aws:ses:eu-west-1:123456789012:identity/example.com`),
  or a role's ARN (`aws_iam_role.app.arn`);
- a reference to another attribute of a managed policy (`aws_iam_policy.send.name`,
  `.policy_id`);
- a policy ARN with a Region (IAM ARNs have none), an account that is neither 12 digits nor
  `aws`, a partition that does not exist, or text that is no ARN at all (a policy name).

## Why it matters
IAM rejects the attach call, so `terraform apply` (or the stack update) fails at that resource,
and the principal never gets the permissions the policy was written for. Mistaking the SES
identity ARN, which the policy's `Resource` should name, for the policy ARN is a typical slip
when the sender's grant is assembled by hand; the send then fails with `554 Access denied` even
after the rest of the deployment was fixed.

## Example
```hcl
resource "aws_iam_role_policy_attachment" "send" {
  role       = aws_iam_role.app.name
  policy_arn = aws_ses_domain_identity.mail.arn
}
```

## Use instead
```hcl
resource "aws_iam_role_policy_attachment" "send" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.send.arn
}
```

## How unknowns are treated
Only certain verdicts are reported: a value seslint cannot resolve (`var.policy_arn`, a module
output, `!ImportValue`, a `{{resolve:ssm:...}}` dynamic reference) is not checked, and a partially known ARN is judged on its known
segments only (`arn:${data.aws_partition.p.partition}:iam::aws:policy/...` is fine). A reference
to a managed policy (`aws_iam_policy.x.arn`, `data.aws_iam_policy.x.arn`, `!Ref ManagedPolicy`)
is fine.

## References
- IAM User Guide, "IAM identifiers" (ARN formats of IAM policies, users, roles): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
- IAM API Reference, "AttachRolePolicy" (PolicyArn: the ARN of the managed policy): https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
- Terraform AWS provider, "aws_iam_role_policy_attachment": https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy_attachment
- CloudFormation User Guide, "AWS::IAM::Role" (ManagedPolicyArns): https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "mail" {
  domain = "example.com"
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "send" {
  role       = aws_iam_role.app.name
  policy_arn = aws_ses_domain_identity.mail.arn
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

resource "aws_iam_policy" "send" {
  name = "ses-send"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendRawEmail", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "send" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.send.arn
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
)tf";

constexpr std::string_view kBadCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Mailer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Mailer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/AmazonSESFullAccess
)yaml";

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

/// Resource types whose references are managed policies ("aws_iam_policy.x", "data.aws_iam_policy.x").
std::string referenced_type(const std::string& target) {
  std::string t = target.rfind("data.", 0) == 0 ? target.substr(5) : target;
  const auto dot = t.find('.');
  return dot == std::string::npos ? t : t.substr(0, dot);
}

/// Why a known or partially known value is certainly not a managed policy ARN ("" when it may be).
std::string not_a_policy_arn(const model::Str& v) {
  // A CloudFormation dynamic reference ({{resolve:ssm:name}}) is replaced at deploy time: unknown.
  if (v.text.find("{{resolve:") != std::string::npos) return "";
  if (v.known && v.text.rfind("arn:", 0) != 0)
    return "'" + v.text + "' is not an ARN (a policy is attached by its ARN, not its name)";
  auto arn = policy::parse_partial_arn(v);
  if (!arn) return "";
  const std::string shown = "'" + policy::display_symbols(arn->display()) + "'";
  if (arn->service.known && !policy::is_symbol(arn->service.text) && arn->service.text != "iam") {
    std::string what = "a '" + arn->service.text + "' ARN";
    if (arn->service.text == "ses" && arn->resource.text.rfind("identity/", 0) == 0)
      what = "an SES identity ARN (the resource a send policy names, not a policy)";
    else if (arn->service.text == "ses" && arn->resource.known)
      what = "an SES " + arn->resource.text.substr(0, arn->resource.text.find('/')) + " ARN";
    return shown + " is " + what;
  }
  if (!arn->service.known) return "";
  if (arn->resource.known && arn->resource.text.rfind("policy/", 0) != 0) {
    const std::string type = arn->resource.text.substr(0, arn->resource.text.find('/'));
    return shown + " is the ARN of an IAM " + type + ", not of a policy";
  }
  if (arn->region.known && !arn->region.text.empty() && !policy::is_symbol(arn->region.text))
    return shown + " has a Region ('" + arn->region.text + "'); IAM policy ARNs have none";
  if (arn->account.known && !policy::is_symbol(arn->account.text) && !policy::has_wildcard(arn->account.text) &&
      arn->account.text != "aws" && !(arn->account.text.size() == 12 && all_digits(arn->account.text)))
    return shown + " has account '" + arn->account.text + "'; a policy ARN has a 12-digit account ID or 'aws'";
  if (arn->partition.known && !policy::is_symbol(arn->partition.text) && !policy::is_known_partition(arn->partition.text))
    return shown + " has partition '" + arn->partition.text + "', which does not exist";
  return "";
}

/// Why a value (literal or reference) is certainly not a managed policy ARN ("" when it may be).
std::string problem(const model::Ref& r, bool cloudformation) {
  if (!cloudformation && !r.target.empty()) {
    const std::string type = referenced_type(r.target);
    if (type == "aws_iam_policy") {
      if (r.attribute == "arn" || r.attribute == "id") return "";
      return "'" + r.target + "." + r.attribute + "' is the policy's " + r.attribute + ", not its ARN";
    }
    if (r.attribute == "arn" && type.rfind("aws_", 0) == 0)
      return "'" + r.target + ".arn' is the ARN of " + r.target + " (" + type + "), not of a managed policy";
  }
  return not_a_policy_arn(r.value);
}

std::string principal_name(const model::Ref& principal) {
  if (!principal.target.empty()) return principal.target;
  if (principal.value.known) return "'" + principal.value.text + "'";
  return principal.value.text.empty() ? "the principal" : principal.value.text;
}

void report(const std::string& why, const model::Ref& value, const std::string& attached_by, const std::string& to,
            engine::RuleContext& ctx) {
  auto& f = ctx.add(attached_by + " attaches something that is not an IAM managed policy: " + why +
                        "; IAM rejects the attach call, so the deployment fails there and " + to +
                        " never gets the grant",
                    value.value.span, value.value.path);
  f.help = "attach the ARN of the managed policy (aws_iam_policy.<name>.arn, "
           "arn:<partition>:iam::<account-id>:policy/<name>, or arn:<partition>:iam::aws:policy/<name>); an SES "
           "identity ARN belongs in that policy's Resource";
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  for (const auto& a : m.iam.attachments) {
    if (a.inline_policy) continue;
    if (a.origin.cloudformation && a.policy.target == a.origin.resource.substr(a.origin.resource.rfind('/') + 1))
      continue;  // AWS::IAM::ManagedPolicy listing its own Users/Roles/Groups
    const std::string why = problem(a.policy, a.origin.cloudformation);
    if (why.empty()) continue;
    report(why, a.policy, a.origin.resource + " (policy_arn)", principal_name(a.principal), ctx);
  }
  for (const auto& e : m.iam.entities)
    for (const auto& r : e.managed_policy_arns) {
      const std::string why = problem(r, e.origin.cloudformation);
      if (why.empty()) continue;
      report(why, r, e.origin.resource + (e.origin.cloudformation ? " (ManagedPolicyArns)" : " (managed_policy_arns)"),
             e.origin.resource, ctx);
    }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES022",
                 "attachment-not-a-policy",
                 Severity::Error,
                 "A policy attachment or managed_policy_arns / ManagedPolicyArns entry is not an IAM managed policy "
                 "ARN (e.g. an SES identity ARN), so the attach fails and the principal never gets the grant",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
