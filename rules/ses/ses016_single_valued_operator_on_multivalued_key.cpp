// SES016: a condition on a multivalued key (ses:Recipients, aws:TagKeys, ...) with an operator
// that has no ForAnyValue:/ForAllValues: prefix, which does not compare the key's values one by
// one as its author meant: whenever the request carries the key, the condition is false.
#include "common.h"
#include "engine/runner.h"
#include "policy/condition_keys.h"
#include "policy/conditions.h"
#include "policy/statement_walk.h"
#include "policy/text.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds a `Condition` on a multivalued context key whose operator has no `ForAnyValue:` or
`ForAllValues:` prefix, for example `StringLike` on `ses:Recipients`. The multivalued keys are the
ones the service authorization reference types `ArrayOf...`: for SES `ses:Recipients`,
`aws:TagKeys`, `ses:ConfigurationSetOptions` and `ses:ReplicaRegion`, and among the global keys
`aws:CalledVia`, `aws:PrincipalOrgPaths`, `aws:ResourceOrgPaths`, `aws:SourceOrgPaths` and
`aws:PrincipalServiceNamesList`. `Null` conditions are not reported: they only test presence.

## Why it matters
A request carries a multivalued key as a set (every To, Cc and Bcc address of a send), and AWS
compares a set only under a set operator: "multivalued context keys require a condition set
operator". Without one, the condition is false whenever the request carries the key, with a
negated operator (`StringNotLike`) or `...IfExists` too; it is true only when the key is absent
and the operator is negated or `...IfExists`. The reference IAM simulator
(@cloud-copilot/iam-simulate) evaluates it the same way.

So an `Allow` meant as "only to recipients at example.com" grants no send that has recipients
(`554 Access denied`), and a `Deny` meant as "never to recipients outside example.com" never
applies to a send, so the restriction is silently not enforced.

## Example
```json
{
  "Effect": "Allow",
  "Action": "ses:SendEmail",
  "Resource": "*",
  "Condition": { "StringLike": { "ses:Recipients": "*@example.com" } }
}
```

## Use instead
Say how the set must compare: `ForAllValues:StringLike` allows the send when every recipient
matches; in a `Deny`, `ForAnyValue:StringNotLike` denies it when some recipient does not match.
`ForAllValues:` is also true when the key is absent, so add a `Null` condition (`"ses:Recipients":
"false"`) to an `Allow` that must not apply to requests without the key.

## Notes
`ses:Recipients` exists only for the SES API v1 send actions; on other actions SES003 reports it.
Reported at warning level: the statement is valid IAM, only its effect differs from what it reads.

## References
- IAM User Guide, "Single-valued vs. multivalued context keys":
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- IAM User Guide, "IAM JSON policy elements: Condition operators":
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (key
  types): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
- SES Developer Guide, "Controlling access to Amazon SES" (ses:Recipients):
  https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "*",
      "Condition": {"StringLike": {"ses:Recipients": "*@example.com"}}
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
      "Condition": {"ForAllValues:StringLike": {"ses:Recipients": "*@example.com"}}
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    effect    = "Deny"
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]
    condition {
      test     = "StringNotLike"
      variable = "ses:Recipients"
      values   = ["*@example.com"]
    }
  }
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_iam_policy_document" "send" {
  statement {
    effect    = "Deny"
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]
    condition {
      test     = "ForAnyValue:StringNotLike"
      variable = "ses:Recipients"
      values   = ["*@example.com"]
    }
  }
}
)tf";

bool has_set_operator(std::string_view op) {
  return policy::text::istarts_with(op, "ForAnyValue:") || policy::text::istarts_with(op, "ForAllValues:");
}

bool is_negated(std::string_view op) {
  // StringNotLike, ArnNotEquals, NumericNotEquals, NotIpAddress, BinaryNotEquals...
  std::string lower = policy::text::to_lower(op);
  return lower.find("not") != std::string::npos;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  policy::for_each_condition(m, [&](const model::Policy& p, const model::Statement& st, const model::Condition& c) {
    if (!policy::is_known_operator(c.op) || has_set_operator(c.op) || policy::text::iequals(c.op, "Null") ||
        policy::text::iequals(c.op, "NullIfExists") || !policy::is_multivalued_key(c.key))
      return;
    const bool allow = st.effect == model::Effect::Allow;
    const bool absent_true = is_negated(c.op) || policy::text::iends_with(c.op, "IfExists");
    std::string msg = "'" + c.key + "' is a multivalued key but " + c.op +
                      " has no ForAnyValue:/ForAllValues: prefix, so the condition is false whenever the request "
                      "carries the key" +
                      (absent_true ? " and true only when it is absent" : "") + ": the " + (allow ? "Allow" : "Deny") +
                      " statement " +
                      (allow ? "grants nothing to requests with " + c.key
                             : "never applies to requests with " + c.key + ", so it restricts nothing");
    auto& f = ctx.add(msg, c.span, policy::condition_path(st));
    f.severity = Severity::Warning;
    f.notes.push_back({st.span, policy::statement_label(p, st)});
    const std::string set = allow ? "ForAllValues:" : "ForAnyValue:";
    f.help = "write '" + set + c.op + "' to compare each value of " + c.key +
             (set == "ForAllValues:" ? " (every value must match)" : " (some value decides)");
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES016",
                 "single-valued-operator-on-multivalued-key",
                 Severity::Warning,
                 "A condition on a multivalued key such as ses:Recipients lacks ForAnyValue:/ForAllValues:, so it is "
                 "false whenever the request carries the key",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
