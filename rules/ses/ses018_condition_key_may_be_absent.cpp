// SES018: a condition on a key that some or all sends do not carry (ses:FromDisplayName without a
// display name, ses:FeedbackAddress without a Return-Path, aws:SourceArn for a user or role
// calling SES itself), under an operator that then goes the wrong way for the statement.
#include "common.h"
#include "condition_common.h"
#include "engine/runner.h"
#include "policy/condition_keys.h"
#include "policy/key_facts.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds conditions on keys that a send may not carry, where the missing key turns the statement
against its author: an `Allow` with a positive operator (`StringEquals`, `StringLike`,
`ForAnyValue:...`), which is false on a missing key, or a `Deny` with a negated operator
(`StringNotEquals`, `ArnNotLike`), which is true on a missing key. The keys, and in which sends
AWS leaves them out:

| key | what AWS sets | absent in | documented in |
|---|---|---|---|
| `ses:FromDisplayName` | the From display name (`Marketing` for `Marketing <news@example.com>`) | sends whose From is a bare address | SES Developer Guide, "Controlling access to Amazon SES" and "Sending authorization policy examples" ("if the email header provides it") |
| `ses:FeedbackAddress` | the Return-Path address (feedback forwarding) | sends that set no Return-Path (inference from the documented meaning) | SES Developer Guide, "Controlling access to Amazon SES" |
| `ses:TenantName`, `ses:MultiRegionEndpointId` | the tenant / multi-Region endpoint a SESv2 send names | sends that name none | Service Authorization Reference, SESv2 |
| `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths` | the resource on whose behalf an AWS service calls SES | every request a user or role makes with its own credentials | IAM User Guide, global condition keys |
| any SES key | - | every send of an action the service reference does not list it for (ses:Recipients on `ses:SendBulkEmail`) | Service Authorization Reference, SES |

A key missing from every send of every action the statement names is SES003's (or, for
`aws:Source*` keys in an SES identity policy, SES021's) finding; this rule reports the rest.

## Why it matters
`"StringLike": {"ses:FromDisplayName": "*"}` reads as "any display name" but means "a display name
must be present": every send from a bare address is denied with `554 Access denied`. A
`Deny` with `StringNotEquals aws:SourceAccount` in an identity-based policy applies to every call
the role makes itself, because the key is never set for it, and blocks all of its sends.

## Example
```json
{
  "Effect": "Allow",
  "Action": ["ses:SendEmail", "ses:SendRawEmail"],
  "Resource": "*",
  "Condition": {"StringLike": {"ses:FromDisplayName": "Marketing*"}}
}
```

## Use instead
Add `IfExists` (`StringLikeIfExists`) when sends without the key should pass, or make the intent
explicit with a `Null` condition. Do not use `aws:Source*` keys to restrict a principal's own
calls; use `aws:PrincipalArn` or `aws:PrincipalAccount`.

## Notes
Severity: error when the key is absent from every send the statement covers (its decisions are
certain, and the finding quotes the AWS error of the repository's sends), warning when only some
sends lack it.

## References
- SES Developer Guide, "Controlling access to Amazon SES" (SES condition keys): https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- SES Developer Guide, "Sending authorization policy examples" (display name): https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-policy-examples.html
- IAM User Guide, "AWS global condition context keys" (aws:SourceArn, aws:SourceAccount): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- IAM User Guide, "IAM JSON policy elements: Condition operators" (missing keys, ...IfExists): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- Service Authorization Reference, SESv2 (ses:TenantName, ses:MultiRegionEndpointId): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ses:SendEmail", "ses:SendRawEmail"],
      "Resource": "*",
      "Condition": {"StringLike": {"ses:FromDisplayName": "*"}}
    }
  ]
}
)json";

constexpr std::string_view kGoodJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ses:SendEmail", "ses:SendRawEmail"],
      "Resource": "*",
      "Condition": {"StringLikeIfExists": {"ses:FromDisplayName": "Marketing*"}}
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    effect    = "Deny"
    actions   = ["ses:*"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    effect    = "Deny"
    actions   = ["ses:*"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalAccount"
      values   = ["111122223333"]
    }
  }
}
)tf";

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  policy::for_each_condition(m, [&](const model::Policy& p, const model::Statement& st, const model::Condition& c) {
    const OperatorInfo op = operator_info(c.op);
    if (!op.known || op.null || op.if_exists || op.for_all) return;  // ForAllValues: SES019
    if (!op.for_any && policy::is_multivalued_key(c.key)) return;     // SES016
    // The send actions the statement names (ses:Send*, not the management ones).
    std::vector<const policy::SesAction*> actions;
    for (const auto* a : policy::statement_ses_actions(st))
      if (a->name.substr(0, 4) == "Send") actions.push_back(a);
    if (actions.empty()) return;
    const bool allow = st.effect == model::Effect::Allow;
    // On a missing key: ForAnyValue and positive operators are false, negated ones true.
    const bool absent_true = !op.for_any && op.negated;
    if (allow == absent_true) return;  // the missing key goes the author's way

    std::vector<std::string> never;  // actions that never carry the key
    for (const auto* a : actions)
      if (!policy::action_carries_key(policy::qualified(*a), c.key)) never.push_back(policy::qualified(*a));
    if (never.size() == actions.size()) return;  // SES003
    const policy::KeyFacts* facts = policy::key_facts(c.key);
    const bool service_only = facts && facts->presence == policy::Presence::ServiceCalls;
    if (service_only && p.kind == model::PolicyKind::SesIdentity) return;  // SES021
    const bool when_set = facts && facts->presence == policy::Presence::WhenSet;
    if (never.empty() && !service_only && !when_set) return;

    std::string where;
    bool every = false;
    if (service_only) {
      where = "every send " +
              std::string(p.kind == model::PolicyKind::ServiceControl ? "a principal of the account" : "the user or role") +
              " makes with its own credentials (AWS sets it only when a service calls on behalf of a resource)";
      every = true;
    } else {
      std::vector<std::string> parts;
      if (!never.empty())
        parts.push_back("every " + (never.size() <= 3 ? join_list(never) : std::to_string(never.size()) + " SES actions'") +
                        " send (the action never carries it)");
      if (when_set) parts.push_back(std::string(facts->absent_when));
      where = join_list(parts);
    }
    const std::string verdict =
        allow ? "there this " + c.op + " condition is false, so the Allow does not apply and those sends are denied"
              : "there this " + c.op + " condition is true, so the Deny applies and blocks those sends";
    auto& f = ctx.add(c.key + " is absent from " + where + "; " + verdict, c.span, policy::condition_path(st));
    f.severity = every ? Severity::Error : Severity::Warning;
    f.notes.push_back({st.span, policy::statement_label(p, st)});
    if (facts) f.notes.push_back({source::Span{}, c.key + ": AWS sets " + std::string(facts->sets) + " (" + std::string(facts->doc) + ")"});
    if (every) add_send_errors(f, mx, p, st);
    if (service_only)
      f.help = "restrict the principal's own calls with aws:PrincipalArn or aws:PrincipalAccount instead of " + c.key;
    else
      f.help = "write '" + c.op + "IfExists' if sends without " + c.key + " should " +
               (allow ? "be allowed" : "not be denied") + ", or state it with a Null condition";
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES018",
                 "condition-key-may-be-absent",
                 Severity::Error,
                 "A condition needs a key some sends do not carry (no display name, no Return-Path, no aws:SourceArn "
                 "for a direct call), so the Allow does not apply or the Deny applies to them",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
