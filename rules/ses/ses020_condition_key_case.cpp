// SES020: a condition key written in another case than the documented one (AWS:SourceAccount),
// which SES's identity-policy validation rejects.
#include "common.h"
#include "condition_common.h"
#include "engine/runner.h"
#include "policy/condition_keys.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds condition keys spelled in another case than AWS documents them: `AWS:SourceAccount`,
`aws:sourcearn`, `SES:FromAddress`, `ses:fromaddress`. The canonical spellings are those of the
service authorization reference (SES keys) and of the IAM list of global keys (`aws:` keys); a tag
key after `aws:ResourceTag/` keeps its own spelling. The keys of the public reports:

| key | what AWS sets | documented in |
|---|---|---|
| `aws:SourceAccount` | the account of the resource on whose behalf a service (Cognito) calls SES; only for service-to-service calls | IAM User Guide, global condition keys |
| `aws:SourceArn` | the ARN of that resource (the user pool); only for service-to-service calls | IAM User Guide, global condition keys |
| `ses:FromAddress`, `ses:Recipients`, `ses:FromDisplayName`, `ses:FeedbackAddress`, `ses:ApiVersion` | the From address, the To/Cc/Bcc set, the From display name, the Return-Path, the API version (`"1"`, `"2"`) | SES Developer Guide, "Controlling access to Amazon SES" |

## Why it matters
IAM matches key names case-insensitively, so in an IAM policy the condition works. SES's
validation of identity (sending authorization) policies is stricter: in a public report
`PutIdentityPolicy` rejected a policy from an AWS example with
`InvalidPolicy: Unknown or unapplicable condition field 'AWS:SourceAccount'.`, and the example was
fixed to `aws:SourceAccount`. The identity policy is then never attached, the `terraform apply`
fails, and whatever it was meant to allow (a Cognito user pool or another account sending as the
identity) is denied.

## Example
```json
{
  "Effect": "Allow",
  "Principal": {"Service": "cognito-idp.amazonaws.com"},
  "Action": ["ses:SendEmail", "ses:SendRawEmail"],
  "Resource": "arn:aws:ses:us-east-1:111122223333:identity/example.com",
  "Condition": {"StringEquals": {"AWS:SourceAccount": "111122223333"}}
}
```

## Use instead
Write the key as documented: `aws:SourceAccount`, `aws:SourceArn`, `ses:FromAddress`.

## Notes
Severity: error in an SES identity policy (`aws_ses_identity_policy`,
`aws_sesv2_email_identity_policy`), where validation rejects it; note elsewhere, where IAM accepts it.
Which spellings SES rejects besides `AWS:` is not established; every non-canonical one is reported.

## References
- IAM User Guide, "IAM JSON policy elements: Condition" (key names are case-insensitive): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
- IAM User Guide, "AWS global condition context keys": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- Amazon Cognito Developer Guide, "Email settings for Amazon Cognito user pools" (the sending authorization policy with aws:SourceAccount): https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES": https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- SES Developer Guide, "Controlling access to Amazon SES": https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_identity_policy" "cognito" {
  identity = aws_ses_domain_identity.main.arn
  name     = "cognito"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cognito-idp.amazonaws.com" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.main.arn
      Condition = { StringEquals = { "AWS:SourceAccount" = "111122223333" } }
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_identity_policy" "cognito" {
  identity = aws_ses_domain_identity.main.arn
  name     = "cognito"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cognito-idp.amazonaws.com" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.main.arn
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}
)tf";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "*",
      "Condition": {"StringEquals": {"SES:FromAddress": "noreply@example.com"}}
    }
  ]
}
)json";

constexpr std::string_view kGoodJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "*",
      "Condition": {"StringEquals": {"ses:FromAddress": "noreply@example.com"}}
    }
  ]
}
)json";

void check(const model::Model& m, engine::RuleContext& ctx) {
  policy::for_each_condition(m, [&](const model::Policy& p, const model::Statement& st, const model::Condition& c) {
    const std::string canonical = policy::canonical_key_name(c.key);
    if (canonical.empty() || canonical == c.key) return;
    const bool ses_identity = p.kind == model::PolicyKind::SesIdentity;
    std::string msg = "condition key '" + c.key + "' is written in another case than AWS documents ('" + canonical + "')";
    msg += ses_identity ? ": SES's identity-policy validation rejects it (\"InvalidPolicy: Unknown or unapplicable "
                          "condition field '" + c.key + "'.\"), so this policy is never attached"
                        : "; IAM matches key names case-insensitively, but SES identity policies reject such keys";
    auto& f = ctx.add(msg, c.span, policy::condition_path(st));
    f.severity = ses_identity ? Severity::Error : Severity::Note;
    f.notes.push_back({st.span, policy::statement_label(p, st)});
    f.help = "write '" + canonical + "'";
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES020",
                 "condition-key-case",
                 Severity::Error,
                 "A condition key is written in another case than documented (AWS:SourceAccount), which SES's "
                 "identity-policy validation rejects",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson}},
             }),
             &check);

}  // namespace seslint::rules
