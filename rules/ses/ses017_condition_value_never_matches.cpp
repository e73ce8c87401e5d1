// SES017: a condition compares a key with a value of a shape AWS never sets for it (an sts
// assumed-role ARN for aws:PrincipalArn, "2019-09-27" for ses:ApiVersion, "us-east-1a" for
// aws:RequestedRegion), so that value never matches.
#include "common.h"
#include "condition_common.h"
#include "engine/runner.h"
#include "policy/evaluate.h"
#include "policy/key_facts.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds `String*` and `Arn*` conditions whose value has a shape the key never takes in a request:

| key | what AWS sets | documented in |
|---|---|---|
| `aws:PrincipalArn` | the ARN of the principal that signed the request: an IAM user's ARN; for a role session **the role's ARN** `arn:aws:iam::<account>:role/<path><name>`, never the `sts::<account>:assumed-role/...` session ARN; a federated user's `arn:aws:sts::<account>:federated-user/<name>`; `arn:aws:iam::<account>:root` | IAM User Guide, global condition keys, aws:PrincipalArn |
| `aws:PrincipalAccount`, `aws:ResourceAccount`, `aws:SourceAccount` | a 12-digit account ID, never an ARN | IAM User Guide, global condition keys |
| `aws:SourceArn` | the ARN of the resource on whose behalf a service calls (`arn:<partition>:<service>:<region>:<account>:<resource>`) | IAM User Guide, global condition keys, aws:SourceArn |
| `aws:RequestedRegion` | the Region code of the endpoint, in lower case (`eu-west-1`): not an Availability Zone (`eu-west-1a`), not a name (`Ireland`), not `global` | IAM User Guide, global condition keys, aws:RequestedRegion |
| `ses:ApiVersion` | `"1"` for the SES API v1 (2010-12-01) and `"2"` for the SESv2 API (2019-09-27) and for the SMTP interface | SES Developer Guide, "Controlling access to Amazon SES" |

A value with wildcards or policy variables is reported only when no value of that shape can
match it (`arn:aws:sts::*:assumed-role/*` can never match `aws:PrincipalArn`; `arn:aws:iam::*:role/*`
can). For each value the finding names the statement, the key, the value, what the value should
look like and, when it follows from what was written, the corrected value.

## Why it matters
A value that can never match changes the statement silently:
- an `Allow` whose condition only lists such values **never applies**, and the send it was written for
  fails with `554 Access denied` (API: `AccessDenied`);
- a `Deny` whose exception (`ArnNotLike`, `StringNotEquals`) only lists such values **applies to
  everyone**, including the principals it meant to spare. In a public incident an identity-policy
  Deny with `ArnNotLike aws:PrincipalArn` exceptions written as assumed-role ARNs blocked the very
  roles it listed; the fix listed the role ARNs.

The send matrix evaluates such a condition as never matching even where the request value is not
known statically, so the affected sends are certain denials; the finding quotes the error each
send of the repository gets.

## Example
```json
{
  "Effect": "Deny",
  "Action": "ses:*",
  "Resource": "*",
  "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:sts::111122223333:assumed-role/mailer/*"}}
}
```

## Use instead
Write the shape AWS sets: `arn:aws:iam::111122223333:role/mailer` (add the role's path if it has
one, or write `arn:aws:iam::111122223333:role/*mailer`), a 12-digit account ID, a Region code,
`"1"` or `"2"`.

## Notes
Severity: error when the whole condition can never hold in an `Allow` (it grants nothing) or when a
`Deny`'s exceptions can never match (it spares nobody); warning when only some values are dead, or
when the dead condition only makes an `Allow` broader or a `Deny` inert.

## How unknowns are treated
An unresolved value is not checked; a partly resolved one is checked with its unknown parts taken
as wildcards.

## References
- IAM User Guide, "AWS global condition context keys" (aws:PrincipalArn, aws:PrincipalAccount,
  aws:SourceArn, aws:SourceAccount, aws:RequestedRegion): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- IAM User Guide, "IAM JSON policy elements: Condition operators": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- SES Developer Guide, "Controlling access to Amazon SES" (ses:ApiVersion): https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- AWS General Reference, "AWS Regions": https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyTheMailerRole",
      "Effect": "Deny",
      "Action": "ses:*",
      "Resource": "*",
      "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:sts::111122223333:assumed-role/mailer/*"}}
    }
  ]
}
)json";

constexpr std::string_view kGoodJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyTheMailerRole",
      "Effect": "Deny",
      "Action": "ses:*",
      "Resource": "*",
      "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/mailer"}}
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "ses:ApiVersion"
      values   = ["2019-09-27"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1", "eu-west-1a"]
    }
  }
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "ses:ApiVersion"
      values   = ["2"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}
)tf";

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  policy::for_each_condition(m, [&](const model::Policy& p, const model::Statement& st, const model::Condition& c) {
    const OperatorInfo op = operator_info(c.op);
    if (!op.known || !op.string_or_arn || c.values.empty()) return;
    struct Dead {
      const model::Str* value;
      policy::ImpossibleValue why;
    };
    std::vector<Dead> dead;
    bool all_checked = true;
    for (const model::Str& v : c.values) {
      if (!v.known && v.parts.empty()) {
        all_checked = false;
        continue;
      }
      if (auto bad = policy::impossible_value(c.key, policy::permissive_pattern(v), op.arn, op.ignore_case))
        dead.push_back({&v, *bad});
    }
    if (dead.empty()) return;
    const bool all = all_checked && dead.size() == c.values.size();
    const bool allow = st.effect == model::Effect::Allow;
    // What the condition does once the dead values are gone.
    std::string effect;
    Severity sev = Severity::Warning;
    if (!all) {
      effect = "this value never matches; the condition still holds through its other values";
    } else if (!op.negated) {
      effect = "the " + c.op + " condition never holds" + std::string(op.if_exists ? " when the request carries the key" : "") +
               (allow ? ", so the Allow grants nothing" : ", so the Deny never applies: it restricts nothing");
      sev = allow ? Severity::Error : Severity::Warning;
    } else {
      effect = "the " + c.op + " exception never matches, so the condition always holds" +
               std::string(allow ? " and restricts nothing" : ": the Deny applies to every request its other elements match, sparing nobody it lists");
      sev = allow ? Severity::Warning : Severity::Error;
    }
    for (const Dead& d : dead) {
      const std::string shown = d.value->known ? d.value->text : policy::permissive_pattern(*d.value);
      auto& f = ctx.add(c.key + " never takes the value '" + shown + "': " + d.why.why + "; " + effect, d.value->span.file == source::kNoFile ? c.span : d.value->span,
                        policy::condition_path(st));
      f.severity = sev;
      f.notes.push_back({st.span, policy::statement_label(p, st)});
      f.notes.push_back({c.span, c.key + " takes " + d.why.expected});
      if (all && sev == Severity::Error) add_send_errors(f, mx, p, st);
      f.help = d.why.suggestion.empty() ? "write a value of the shape " + c.key + " takes (seslint explain SES017)"
                                        : "write '" + d.why.suggestion + "'";
    }
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES017",
                 "condition-value-never-matches",
                 Severity::Error,
                 "A condition compares a key with a value of a shape AWS never sets for it (an assumed-role ARN for "
                 "aws:PrincipalArn, an unknown ses:ApiVersion, a non-Region), so the value never matches",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
