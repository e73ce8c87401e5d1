// SES014: an SES identity (sending authorization) policy that lets every AWS principal send as
// the identity: Principal "*" / {"AWS": "*"} (or an Allow with NotPrincipal) without a condition
// that pins the caller's account or organization. Service principals without a source condition
// are a confused-deputy risk (warning).
#include <string>

#include "common.h"
#include "engine/runner.h"
#include "policy/conditions.h"
#include "policy/match.h"
#include "policy/ses_actions.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Checks SES identity policies (sending authorization policies: Terraform `aws_ses_identity_policy`
and `aws_sesv2_email_identity_policy`) for `Allow` statements that grant a send action
(`ses:SendEmail`, `ses:SendRawEmail`, `ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail`,
`ses:SendBulkEmail`, or a wildcard such as `ses:Send*`) to everyone:

- `"Principal": "*"` or `"Principal": {"AWS": "*"}` (in `aws_iam_policy_document`:
  `principals { type = "*" identifiers = ["*"] }` or `type = "AWS"` with `"*"`), or
- `"NotPrincipal"` in an `Allow` statement (everyone except the listed principals),

when the statement has no condition that restricts who the caller is: `aws:SourceAccount`,
`aws:SourceArn`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`,
`aws:PrincipalArn`, `aws:SourceOrgID` or `aws:SourceOrgPaths` with a positive operator
(`StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`, ...; not the negated ones, not
`...IfExists`, since those also pass when the key is absent). Such statements are errors.

A `"Service"` principal (for example `cognito-idp.amazonaws.com`) granted sending without an
`aws:SourceAccount` or `aws:SourceArn` condition is reported as a warning.

## Why it matters
An identity policy is a resource-based policy, and a resource-based policy whose principal is `*`
grants across accounts: any IAM user or role in **any AWS account** whose own policies allow
`ses:SendEmail` on your identity ARN can send mail as your domain or address, through your account
(your reputation, your sending quota, your bill, your DKIM signature). Conditions on the message
(`ses:FromAddress`, `ses:Recipients`) do not narrow down who sends. A service principal without a
source condition lets the service act for any customer's resources that name your identity (the
"confused deputy" problem).

## Example
```hcl
resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.main.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.main.arn
    }]
  })
}
```

## Use instead
Name the account or the IAM user / role that sends for you:
```hcl
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
```
or keep `"*"` and restrict the caller with a condition:
```hcl
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
```
For a service principal, add `aws:SourceAccount` (and `aws:SourceArn` where the service sets it).

## Notes
CloudFormation has no resource for SES identity policies, so this rule only sees Terraform
(and any other source that produces an identity policy). Statements whose Condition block cannot
be read statically are not reported. Which global keys SES populates for a delegate's request is
not spelled out by SES documentation; the keys above are the IAM-wide ones for restricting the
calling principal, and `aws:SourceAccount` / `aws:SourceArn` are what services set when they call
on a customer's behalf (inference from the IAM User Guide).

## How unknowns are treated
A Condition block that cannot be read statically, or a `Principal` that is not resolved, gives no
finding.

## References
- SES Developer Guide, "Amazon SES policy anatomy" (principals of sending authorization
  policies): https://docs.aws.amazon.com/ses/latest/dg/policy-anatomy.html
- IAM User Guide, "The confused deputy problem": https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
- IAM User Guide, "AWS global condition context keys": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.main.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.main.arn
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.main.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.main.arn
    }]
  })
}
)tf";

// Keys that pin the calling principal (or, for a service acting for someone, the source).
constexpr std::string_view kCallerKeys[] = {"aws:SourceAccount",   "aws:SourceArn",       "aws:PrincipalOrgID",
                                            "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
                                            "aws:SourceOrgID",     "aws:SourceOrgPaths"};
constexpr std::string_view kSourceKeys[] = {"aws:SourceAccount", "aws:SourceArn"};

// A condition narrows the callers when it is a positive comparison that is false for a request
// without the key: negated operators, ...IfExists and Null pass (or may pass) for requests that
// do not carry it, and a lone "*" value lets every value through.
template <std::size_t N>
bool restricts(const model::Statement& st, const std::string_view (&keys)[N]) {
  const policy::RequestContext missing;  // every key absent
  for (const auto& c : st.conditions) {
    bool listed = false;
    for (auto k : keys) listed = listed || policy::iequals(c.key, k);
    if (!listed || policy::iequals(c.op, "Null")) continue;
    if (policy::evaluate_condition(c, missing) != policy::Tri::No) continue;
    bool only_star = !c.values.empty();
    for (const auto& v : c.values) only_star = only_star && v.known && v.text == "*";
    if (!only_star) return true;
  }
  return false;
}

/// The send actions a statement grants for certain.
std::vector<std::string> granted_send_actions(const model::Statement& st) {
  std::vector<std::string> out;
  for (const auto& a : policy::ses_actions()) {
    if (!a.is_send) continue;
    const std::string q = policy::qualified(a);
    if (policy::statement_matches_action(st, q) == policy::Tri::Yes) out.push_back(q);
  }
  return out;
}

std::string identity_label(const model::Policy& p) {
  const auto& v = p.identity.value;
  if (!p.identity.target.empty()) return p.identity.target;
  return v.known ? "'" + v.text + "'" : "the identity";
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  for (const auto& p : m.policies) {
    if (p.kind != model::PolicyKind::SesIdentity) continue;
    for (const auto& st : p.statements) {
      if (st.effect != model::Effect::Allow || !st.has_principal || st.conditions_unknown) continue;
      const auto actions = granted_send_actions(st);
      if (actions.empty()) continue;
      const std::string what = actions.size() <= 2 ? join_list(actions) : std::to_string(actions.size()) + " send actions";
      const std::string cond_path = st.path + (st.path.empty() ? "" : ".") + "Condition";
      const engine::Note statement_note{
          st.span, "statement " + (st.sid.empty() ? std::string() : "'" + st.sid + "' ") + "of " + p.name};

      if (st.not_principal) {
        if (restricts(st, kCallerKeys)) continue;
        const model::Principal* first = st.principals.empty() ? nullptr : &st.principals.front();
        auto& f = ctx.add("this Allow uses NotPrincipal, so it grants " + what + " as " + identity_label(p) +
                              " to every principal in every AWS account except the ones listed",
                          first && first->id.span.valid() ? first->id.span : st.span,
                          first ? first->id.path : st.path);
        f.notes.push_back(statement_note);
        f.help = "use \"Principal\" with the account or IAM user / role ARN that sends for you instead of NotPrincipal";
        continue;
      }

      for (const auto& pr : st.principals) {
        const bool everyone = pr.type == "*" || (pr.type == "AWS" && pr.id.known && pr.id.text == "*");
        if (everyone) {
          if (restricts(st, kCallerKeys)) continue;
          auto& f = ctx.add("Principal '*' lets any IAM user or role in any AWS account send as " + identity_label(p) +
                                " (" + what + "): no condition restricts the caller's account or organization",
                            pr.id.span.valid() ? pr.id.span : st.span, pr.id.path.empty() ? st.path : pr.id.path);
          f.notes.push_back(statement_note);
          f.help = "name the sender instead of \"*\", e.g. Principal {\"AWS\": \"arn:aws:iam::111122223333:root\"} or "
                   "an IAM user / role ARN; or add a condition such as StringEquals aws:PrincipalOrgID / "
                   "aws:SourceAccount";
        } else if (pr.type == "Service" && pr.id.known) {
          if (restricts(st, kSourceKeys)) continue;
          auto& f = ctx.add("service principal '" + pr.id.text + "' may send as " + identity_label(p) + " (" + what +
                                ") on behalf of any AWS account: no aws:SourceAccount or aws:SourceArn condition "
                                "(confused deputy)",
                            pr.id.span.valid() ? pr.id.span : st.span, pr.id.path.empty() ? st.path : pr.id.path);
          f.severity = Severity::Warning;
          f.notes.push_back(statement_note);
          f.help = "add a condition StringEquals aws:SourceAccount = <your account ID> (and ArnLike aws:SourceArn = "
                   "the resource that uses the service) to " + cond_path;
        }
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES014",
                 "identity-policy-open-to-everyone",
                 Severity::Error,
                 "An SES identity (sending authorization) policy lets any principal in any AWS account send as the "
                 "identity",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
