// SES021: aws:SourceArn / aws:SourceAccount in an SES identity policy statement whose principals
// are IAM principals (accounts, users, roles): those call SES themselves, and AWS sets the keys
// only for service-to-service calls, so the statement never applies to them as written.
#include "common.h"
#include "condition_common.h"
#include "engine/runner.h"
#include "policy/key_facts.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds conditions on `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`
in an SES identity (sending authorization) policy statement whose `Principal` lists only IAM
principals: account IDs, `arn:aws:iam::<account>:root`, users or roles. Statements that name a
service principal (`cognito-idp.amazonaws.com`) or `"*"` are not reported: that is what the keys
are for.

| key | what AWS sets | documented in |
|---|---|---|
| `aws:SourceArn` | the ARN of the resource on whose behalf a service calls SES (the Cognito user pool), present only when a service makes the call for the owner of that resource | IAM User Guide, global condition keys, aws:SourceArn |
| `aws:SourceAccount` | the account of that resource, under the same condition | IAM User Guide, global condition keys, aws:SourceAccount |
| `aws:SourceOrgID`, `aws:SourceOrgPaths` | the organization of that resource, under the same condition | IAM User Guide, global condition keys |

## Why it matters
A user or role sending with its own credentials (an application, a Lambda function's role, an SMTP
user) makes the call itself: the request has no `aws:SourceArn`. An `Allow` that requires it never
applies, so a delegate in another account is denied with `554 Access denied` (in the identity
owner's account IAM policies may allow the send anyway, which hides the mistake until the sender
moves to another account). A `Deny` whose exception is `StringNotEquals aws:SourceAccount` applies
to every such sender. A public configuration granted `ses:*` on its identity to its own account with
`StringEquals aws:SourceAccount`; a fix commit elsewhere dropped an `aws:SourceArn` naming the
function's own ARN.

## Example
```json
{
  "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::444455556666:role/mailer"},
  "Action": "ses:SendRawEmail",
  "Resource": "arn:aws:ses:us-east-1:111122223333:identity/example.com",
  "Condition": {"StringEquals": {"aws:SourceAccount": "444455556666"}}
}
```

## Use instead
The `Principal` already names who may send; to narrow it, use `aws:PrincipalArn`,
`aws:PrincipalAccount` or `aws:PrincipalOrgID`, which AWS sets for every signed request.

## Notes
Severity: error when the condition makes an `Allow` never apply or a `Deny` always apply; warning
otherwise. The send matrix evaluates these keys as absent for every sender of the repository.

## References
- IAM User Guide, "AWS global condition context keys" (aws:SourceArn, aws:SourceAccount, aws:PrincipalArn): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- SES Developer Guide, "Policy anatomy" (principals of identity policies): https://docs.aws.amazon.com/ses/latest/dg/policy-anatomy.html
- IAM User Guide, "The confused deputy problem" (what the source keys are for): https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_sesv2_email_identity" "sender" {
  email_identity = "example.com"
}

resource "aws_sesv2_email_identity_policy" "sender" {
  email_identity = aws_sesv2_email_identity.sender.email_identity
  policy_name    = "EmailSending"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowPartner"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:role/mailer" }
      Action    = "ses:SendRawEmail"
      Resource  = aws_sesv2_email_identity.sender.arn
      Condition = { StringEquals = { "aws:SourceAccount" = "444455556666" } }
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_sesv2_email_identity" "sender" {
  email_identity = "example.com"
}

resource "aws_sesv2_email_identity_policy" "sender" {
  email_identity = aws_sesv2_email_identity.sender.email_identity
  policy_name    = "EmailSending"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowPartner"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:role/mailer" }
      Action    = "ses:SendRawEmail"
      Resource  = aws_sesv2_email_identity.sender.arn
      Condition = { StringEquals = { "aws:PrincipalAccount" = "444455556666" } }
    }]
  })
}
)tf";

bool iam_principals_only(const model::Statement& st) {
  if (!st.has_principal || st.not_principal || st.principals.empty()) return false;
  for (const auto& pr : st.principals) {
    // An "AWS" principal is an account, user or role, also when its value is a reference.
    if (pr.type != "AWS" || (pr.id.known && pr.id.text == "*")) return false;
  }
  return true;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  policy::for_each_condition(m, [&](const model::Policy& p, const model::Statement& st, const model::Condition& c) {
    if (p.kind != model::PolicyKind::SesIdentity || !iam_principals_only(st)) return;
    const policy::KeyFacts* facts = policy::key_facts(c.key);
    if (!facts || facts->presence != policy::Presence::ServiceCalls) return;
    const OperatorInfo op = operator_info(c.op);
    if (!op.known) return;
    // The key is absent: what the condition is then.
    const bool absent_true = op.null ? false : (op.if_exists || op.for_all || (!op.for_any && op.negated));
    const bool allow = st.effect == model::Effect::Allow;
    std::vector<std::string> who;
    for (const auto& pr : st.principals) who.push_back(pr.id.known ? pr.id.text : "an account or IAM principal by reference");
    std::string effect;
    Severity sev = Severity::Warning;
    if (op.null) {
      effect = "this Null condition only tells whether the key is absent, and it always is";
    } else if (allow && !absent_true) {
      effect = "this " + c.op + " condition is false for them, so the Allow never applies to them";
      sev = Severity::Error;
    } else if (!allow && absent_true) {
      effect = "this " + c.op + " condition is true for them, so the Deny applies to every send they make";
      sev = Severity::Error;
    } else {
      effect = "this " + c.op + " condition is " + std::string(absent_true ? "always true" : "never true") +
               " for them, so it has no effect";
    }
    auto& f = ctx.add(c.key + " is set only when an AWS service calls SES on behalf of a resource, but this "
                      "statement's principals (" + join_list(who) + ") call SES themselves: " + effect,
                      c.span, policy::condition_path(st));
    f.severity = sev;
    f.notes.push_back({st.span, policy::statement_label(p, st)});
    f.notes.push_back({source::Span{}, c.key + ": AWS sets " + std::string(facts->sets) + " (" + std::string(facts->doc) + ")"});
    if (sev == Severity::Error) add_send_errors(f, mx, p, st);
    f.help = "narrow the principals with aws:PrincipalArn, aws:PrincipalAccount or aws:PrincipalOrgID instead of " + c.key;
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES021",
                 "source-key-for-direct-caller",
                 Severity::Error,
                 "An SES identity policy statement for IAM principals conditions on aws:SourceArn/aws:SourceAccount, "
                 "which AWS sets only for service-to-service calls",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
