// SES019: ForAllValues: on a single-valued key, or on a key the request may not carry: over no
// values it is true, so an Allow grants requests without the key and a Deny blocks them.
#include "common.h"
#include "condition_common.h"
#include "engine/runner.h"
#include "policy/condition_keys.h"
#include "policy/key_facts.h"
#include "policy/statement_walk.h"
#include "policy/text.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds `ForAllValues:` conditions that are **vacuously true**: on a single-valued key
(`ses:FromAddress`, `aws:PrincipalArn`, `aws:SourceArn`, ...), or on a multivalued key a request may
not carry (`ses:Recipients` under `ses:Send*`, which also matches `ses:SendBulkEmail`, whose
requests have no `ses:Recipients`; `aws:SourceOrgPaths` for a principal's own calls). A statement
that also requires the key with `Null` `"false"` is not reported.

| key | what AWS sets | documented in |
|---|---|---|
| `ses:Recipients` | every To, Cc and Bcc address of the message, as a set; only for the send actions the service reference lists it for (not `ses:SendBulkEmail`) | SES Developer Guide, "Controlling access to Amazon SES"; Service Authorization Reference |
| `ses:FromAddress`, `ses:FromDisplayName`, `ses:FeedbackAddress`, `ses:ApiVersion` | one value each (the display name and Return-Path only when the send has them) | SES Developer Guide, "Controlling access to Amazon SES" |
| `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgPaths` | set only when a service calls on behalf of a resource | IAM User Guide, global condition keys |

## Why it matters
The IAM User Guide documents that `ForAllValues:` is true when the request has no value for the
key, or an empty set. An `Allow` with `ForAllValues:StringLike
ses:Recipients *@example.com` on `ses:Send*` therefore allows every `ses:SendBulkEmail`, to any
recipient; a `Deny` with `ForAllValues:` applies to every request without the key. On a single-valued
key the set operator adds nothing but this vacuous case, and AWS advises against it.

## Example
```json
{
  "Effect": "Allow",
  "Action": "ses:SendEmail",
  "Resource": "*",
  "Condition": {"ForAllValues:StringEquals": {"ses:FromAddress": "noreply@example.com"}}
}
```

## Use instead
Drop `ForAllValues:` for a single-valued key (`StringEquals`); for a multivalued key add
`"Null": {"ses:Recipients": "false"}` so the statement needs the key, or name the actions that carry it.

## Notes
Severity: warning; error for a `Deny` on a key that no send of the statement's principals carries,
since it then blocks every send (the finding quotes the AWS error).

## References
- IAM User Guide, "Single-valued vs. multivalued context keys": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- IAM User Guide, "IAM JSON policy elements: Condition operators": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- SES Developer Guide, "Controlling access to Amazon SES": https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES v2": https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "*",
      "Condition": {"ForAllValues:StringEquals": {"ses:FromAddress": "noreply@example.com"}}
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

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:Send*"]
    resources = ["*"]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "ses:Recipients"
      values   = ["*@example.com"]
    }
  }
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:Send*"]
    resources = ["*"]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "ses:Recipients"
      values   = ["*@example.com"]
    }
    condition {
      test     = "Null"
      variable = "ses:Recipients"
      values   = ["false"]
    }
  }
}
)tf";

bool requires_key(const model::Statement& st, const std::string& key) {
  for (const auto& c : st.conditions)
    if (policy::text::iequals(c.op, "Null") && policy::text::iequals(c.key, key))
      for (const auto& v : c.values)
        if (v.known && policy::text::iequals(v.text, "false")) return true;
  return false;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  policy::for_each_condition(m, [&](const model::Policy& p, const model::Statement& st, const model::Condition& c) {
    const OperatorInfo op = operator_info(c.op);
    if (!op.known || !op.for_all || requires_key(st, c.key)) return;
    const bool multivalued = policy::is_multivalued_key(c.key);
    const policy::KeyFacts* facts = policy::key_facts(c.key);
    const auto actions = policy::statement_ses_actions(st);
    std::vector<std::string> never;
    for (const auto* a : actions)
      if (!policy::action_carries_key(policy::qualified(*a), c.key)) never.push_back(policy::qualified(*a));
    const bool service_only = facts && facts->presence == policy::Presence::ServiceCalls;
    const bool direct_callers = p.kind != model::PolicyKind::SesIdentity;  // identity-based: the principal calls
    std::vector<std::string> absent;
    if (!never.empty())
      absent.push_back("every " + (never.size() <= 3 ? join_list(never) : std::to_string(never.size()) + " SES actions'") +
                       " request");
    if (facts && facts->presence == policy::Presence::WhenSet) absent.push_back(std::string(facts->absent_when));
    if (service_only) absent.push_back(std::string(facts->absent_when));
    if (multivalued && absent.empty()) return;  // the intended use
    if (!multivalued && policy::canonical_key_name(c.key).empty() && absent.empty()) return;  // unknown key

    const bool allow = st.effect == model::Effect::Allow;
    const bool every = (service_only && direct_callers) || (!actions.empty() && never.size() == actions.size());
    std::string msg = multivalued ? c.op + " on " + c.key + ", which some requests do not carry, is true for them"
                                  : c.key + " is single-valued: " + c.op + " adds nothing but being true when the key is absent";
    if (!absent.empty()) msg += " (absent in " + join_list(absent) + ")";
    msg += allow ? "; the Allow grants those requests whatever the condition was meant to restrict"
                 : "; the Deny applies to every request without the key";
    auto& f = ctx.add(msg, c.span, policy::condition_path(st));
    f.severity = !allow && every ? Severity::Error : Severity::Warning;
    f.notes.push_back({st.span, policy::statement_label(p, st)});
    if (facts) f.notes.push_back({source::Span{}, c.key + ": AWS sets " + std::string(facts->sets) + " (" + std::string(facts->doc) + ")"});
    if (f.severity == Severity::Error) add_send_errors(f, mx, p, st);
    const std::string base = c.op.substr(13);
    f.help = multivalued ? "add a Null condition {\"" + c.key + "\": \"false\"} so the statement needs the key"
                         : "write '" + base + "' (no set operator for a single-valued key)" +
                               (absent.empty() ? "" : ", and '" + base + "IfExists' only if requests without the key should match");
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES019",
                 "for-all-values-vacuously-true",
                 Severity::Warning,
                 "ForAllValues: on a single-valued key or on a key a request may lack is true without the key, so an "
                 "Allow grants more and a Deny blocks more than written",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
