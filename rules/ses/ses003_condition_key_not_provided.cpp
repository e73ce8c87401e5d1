// SES003: a Condition on a key SES never provides for the action (misspelled, or from another
// service or API), which therefore never matches.
#include <algorithm>
#include <map>

#include "common.h"
#include "condition_common.h"
#include "engine/runner.h"
#include "policy/conditions.h"
#include "policy/ses_actions.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds policy statements about SES actions whose `Condition` uses a key that SES never puts in the
request context for those actions: a misspelling (`ses:FromAdress`), a key SES does not have
(`ses:RequireTLS`), a key of another API (`ses:Recipients` on the SESv2 `ses:SendBulkEmail`) or
of another service (`s3:prefix`). With the key absent, a positive operator (`StringEquals`,
`StringLike`, `ForAnyValue:...`) is false, so the statement **never applies** to those actions.
Operators that are true on a missing key (`...IfExists`, negated operators, `ForAllValues:`,
`Null`) are not reported, since the statement then still applies. Only statements whose
`Action` names `ses:` actions are checked (a statement about `"*"` targets other services too),
and with a wildcard such as `ses:*` only a key that no matching action provides is reported.

The keys each action provides come from the SES action catalogue (AWS service authorization
reference, `ses-actions.json`), plus the global `aws:` keys that every request carries or may
carry (`aws:SourceIp`, `aws:RequestedRegion`, `aws:PrincipalArn`, ...).

## Why it matters
An `Allow` with such a condition grants nothing: the send fails with `554 Access denied` although
the policy seems to allow it. A `Deny` with such a condition protects nothing: the restriction it
was written for (only these recipients, only this From address) is silently not enforced.

## Example
```json
{
  "Effect": "Allow",
  "Action": "ses:SendRawEmail",
  "Resource": "*",
  "Condition": { "StringEquals": { "ses:FromAdress": "noreply@example.com" } }
}
```

## Use instead
Use a key the action provides (`ses:FromAddress`, `ses:Recipients`, `ses:FromDisplayName`,
`ses:FeedbackAddress`, `ses:ApiVersion` for the v1 send actions; see `seslint explain SES003`
references), or drop the condition.

## Severity
- **Error** when the statement is an `Allow` and it is the only grant of a send for a sender of
  the repository (an SMTP user, or a user or role whose policies allow sending): no other statement
  of that principal's policies allows the action on the identity, so the send matrix says
  `ImplicitDeny` for it (not `Unknown`: the key is absent from every such request, so the
  condition is false for certain) and every send fails with `554 Access denied` / `AccessDenied`.
  The finding's notes quote the error for each such send.
- **Warning** otherwise: an `Allow` that another statement makes redundant, an `Allow` in a
  policy no sender of the repository uses (a standalone policy file, a managed policy attached
  elsewhere), and every `Deny` (it restricts nothing, which the send matrix cannot show as a
  failure). The catalogue is AWS's published reference, which is what IAM policies are validated
  against, but it is data about AWS and may lag behind the service.

## How unknowns are treated
A condition key or operator that is not resolved statically is not checked; a condition value that
is unknown does not matter, since the rule asks whether SES provides the key at all.

## References
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  condition keys each action supports): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- IAM User Guide, "IAM JSON policy elements: Condition operators" (a positive operator on a
  missing key is false): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- IAM User Guide, "AWS global condition context keys": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendRawEmail",
      "Resource": "*",
      "Condition": {"StringEquals": {"ses:FromAdress": "noreply@example.com"}}
    }
  ]
}
)json";

constexpr std::string_view kGoodJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendRawEmail",
      "Resource": "*",
      "Condition": {"StringEquals": {"ses:FromAddress": "noreply@example.com"}}
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "bulk" {
  statement {
    actions   = ["ses:SendBulkEmail"]
    resources = ["*"]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "ses:Recipients"
      values   = ["*@example.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "ses:RequireTLS"
      values   = ["true"]
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
      test     = "StringLikeIfExists"
      variable = "ses:RequireTLS"
      values   = ["true"]
    }
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}
)tf";

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i - 1])));
      char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[j - 1])));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x == y ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/// The closest key the action provides, for a "did you mean" hint.
std::string closest_key(const policy::SesAction& a, const std::string& key) {
  std::string best;
  std::size_t best_d = 4;  // only near misses
  std::string_view keys = a.condition_keys;
  while (!keys.empty()) {
    auto comma = keys.find(',');
    std::string_view k = keys.substr(0, comma);
    std::size_t d = edit_distance(k, key);
    if (d < best_d) {
      best_d = d;
      best = std::string(k);
    }
    if (comma == std::string_view::npos) break;
    keys.remove_prefix(comma + 1);
  }
  return best;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const policy::RequestContext missing;  // every key absent
  policy::for_each_statement(m, [&](const model::Policy& p, const model::Statement& st) {
    if (st.conditions.empty()) return;
    // SES actions the statement names (explicitly or by wildcard), if it is about SES.
    const std::vector<const policy::SesAction*> actions = policy::statement_ses_actions(st);
    if (actions.empty()) return;
    // Condition -> actions for which it can never be true.
    std::map<const model::Condition*, std::vector<const policy::SesAction*>> dead;
    for (const policy::SesAction* a : actions) {
      for (const model::Condition* c : policy::keys_not_provided(st, policy::qualified(*a)))
        if (policy::evaluate_condition(*c, missing) == policy::Tri::No) dead[c].push_back(a);
    }
    for (const auto& [c, acts] : dead) {
      // Report only when the condition is dead for every SES action the statement names: a
      // wildcard such as ses:* legitimately mixes actions with different keys.
      if (acts.size() != actions.size()) continue;
      std::vector<std::string> names;
      for (const auto* a : acts) names.push_back(policy::qualified(*a));
      const bool allow = st.effect == model::Effect::Allow;
      std::string what = names.size() <= 3 ? join_list(names) : std::to_string(names.size()) + " SES actions";
      // An Allow that is a sender's only grant of a send decides it: the matrix denies that send
      // (the key is absent, the condition false), so every such send fails.
      const std::vector<std::string> denied =
          allow ? sends_decided_by(ctx.analysis().matrix, p, st) : std::vector<std::string>{};
      auto& f = ctx.add("SES never provides condition key '" + c->key + "' for " + what + ", so this " + c->op +
                            " condition is never true and the " + (allow ? "Allow" : "Deny") +
                            " statement never applies" +
                            (!allow          ? ": it restricts nothing"
                             : denied.empty() ? ": it grants nothing"
                                              : ": it grants nothing, and it is the only grant of the send, so "
                                                "every such send is denied"),
                        c->span, policy::condition_path(st));
      f.severity = denied.empty() ? Severity::Warning : Severity::Error;
      f.notes.push_back({st.span, policy::statement_label(p, st)});
      for (const auto& line : denied) f.notes.push_back({source::Span{}, line});
      std::string hint = closest_key(*acts.front(), c->key);
      f.help = hint.empty() ? "use a key " + names.front() + " provides (seslint explain SES003), or remove the condition"
                            : "did you mean '" + hint + "'?";
    }
  });
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES003",
                 "condition-key-not-provided",
                 Severity::Warning,
                 "A Condition uses a key SES never provides for the statement's actions, so the statement never "
                 "applies",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
