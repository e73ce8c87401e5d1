// SES002: SES actions without resource-level permissions (GetSendQuota, ListIdentities, ...)
// granted only in statements scoped to ARNs: no statement with Resource "*" grants them.
#include <set>

#include "analysis/send_matrix.h"
#include "common.h"
#include "engine/runner.h"
#include "policy/evaluate.h"
#include "policy/ses_actions.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds policies that allow SES actions which have **no resource-level permissions** — they can
only be granted with `"Resource": "*"` — in statements scoped to specific ARNs (identity,
configuration set, ...), when no statement of the same policy grants them on `"*"`. Examples:
`ses:GetSendQuota`, `ses:GetSendStatistics`, `ses:ListIdentities`, `ses:VerifyEmailIdentity`,
`ses:VerifyDomainIdentity`, `ses:GetAccount`, `ses:ListEmailIdentities` (94 actions; the list is
`linter/policy/ses_actions_data.inc`, generated from the facts file `ses-actions.json`).

An explicitly named action is always checked. A wildcard (`ses:GetSend*`) is checked when every
SES action it matches is a Resource-`"*"`-only action, because then the statement can never grant
anything it names.

## Why it matters
For these actions the request carries no resource ARN, so a statement scoped to
`arn:aws:ses:...:identity/example.com` never matches. The call fails with
`AccessDenied: User '...' is not authorized to perform: ses:GetSendQuota` although the policy
appears to grant it. A common victim is an application that checks its sending quota before
sending, or an SMTP relay health check.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["ses:SendRawEmail", "ses:GetSendQuota"],
    "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
  }]
}
```

## Use instead
Move the Resource-`"*"`-only actions into their own statement:
```json
{ "Effect": "Allow", "Action": "ses:GetSendQuota", "Resource": "*" }
```

## SAM policy templates
The SAM policy templates `SESCrudPolicy` and `SESBulkTemplatedCrudPolicy` generate one statement
that allows `ses:GetIdentityVerificationAttributes` and `ses:VerifyEmailIdentity` together with
the send actions on `identity/${IdentityName}`. Those two actions cannot work there, but most
functions using the templates only send mail, so such a statement gives a **note** (whether or
not `IdentityName` resolves) naming the template and the fix: `SESBulkTemplatedCrudPolicy_v2`,
which allows them on `"*"`, or an explicit statement with `"Resource": "*"`.

## Notes
Other policies attached to the same principal may grant the action on `"*"`; the principal graph
that would show this is not evaluated by this rule yet, so the finding is per policy. Statements
with conditions, and values seslint cannot resolve, never raise this error.

## How unknowns are treated
An `Action` or `Resource` entry whose value is not resolved is not taken as `"*"` or as scoped:
such statements are not reported, and a principal with a policy seslint cannot follow is left out.
Values built from the deploying scope's own partition, Region and account (`data.aws_partition`,
`data.aws_caller_identity`, the provider Region, `${AWS::AccountId}`, ...) are matched
symbolically and count as known.

## References
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  actions with no resource type can only be granted on `"*"`): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- IAM User Guide, "IAM JSON policy elements: Resource": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- AWS SAM Developer Guide, "AWS SAM policy templates" (SESCrudPolicy, SESBulkTemplatedCrudPolicy, SESBulkTemplatedCrudPolicy_v2): https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ses:SendRawEmail", "ses:GetSendQuota"],
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
      "Action": "ses:SendRawEmail",
      "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    },
    {
      "Effect": "Allow",
      "Action": ["ses:GetSendQuota", "ses:GetSendStatistics"],
      "Resource": "*"
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "mailer" {
  statement {
    actions   = ["ses:SendEmail", "ses:GetSend*"]
    resources = ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]
  }
}

resource "aws_iam_policy" "mailer" {
  policy = data.aws_iam_policy_document.mailer.json
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_iam_policy_document" "mailer" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]
  }
  statement {
    actions   = ["ses:GetSend*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "mailer" {
  policy = data.aws_iam_policy_document.mailer.json
}
)tf";

/// Resource-"*"-only SES actions a known action pattern names (see the docs for wildcards).
std::vector<const policy::SesAction*> star_only_actions(const std::string& pattern) {
  std::vector<const policy::SesAction*> matched;
  bool all_star_only = true;
  for (const auto& a : policy::ses_actions()) {
    if (!policy::action_matches(pattern, policy::qualified(a))) continue;
    if (a.resource_level) all_star_only = false;
    else matched.push_back(&a);
  }
  if (policy::has_wildcard(pattern) && !all_star_only) return {};
  return matched;
}

// The error for a principal, with partition and account taken from an ARN of the statement.
std::string principal_denied(const model::PrincipalNode& who, const std::string& action, const std::string& context) {
  auto arn = policy::parse_arn(context);
  return analysis::access_denied_message(who, action, "*", arn ? arn->partition : "", arn ? arn->account : "");
}

/// True when another statement of the function owning `p` (any entry of its SAM Policies list)
/// certainly allows `action` on "*".
bool other_statement_grants_star(const model::Model& m, const model::Policy& p, const model::Statement& except,
                                 const std::string& action) {
  for (const auto& q : m.policies) {
    if (q.name != p.name || q.resource_type != p.resource_type || q.span.file != p.span.file) continue;
    for (const auto& st : q.statements)
      if (&st != &except && st.effect == model::Effect::Allow && st.conditions.empty() && !st.conditions_unknown &&
          policy::statement_matches_action(st, action) == policy::Tri::Yes &&
          policy::statement_matches_resource(st, "*") == policy::Tri::Yes)
        return true;
  }
  return false;
}

/// A statement SAM generated from one of its SES policy templates (SESCrudPolicy,
/// SESBulkTemplatedCrudPolicy): the template bundles Resource-"*"-only actions with the send
/// actions on the identity ARN, so the function may never call them. One note per statement,
/// whether IdentityName resolves or not.
void sam_template_note(const model::Model& m, const model::Policy& p, const model::Statement& st, const std::string& sam,
                       engine::RuleContext& ctx) {
  if (policy::statement_matches_resource(st, "*") == policy::Tri::Yes) return;
  std::vector<std::string> names;
  for (const auto& action : st.actions) {
    if (!action.known) continue;
    for (const policy::SesAction* a : star_only_actions(action.text)) {
      const std::string name = policy::qualified(*a);
      if (!other_statement_grants_star(m, p, st, name)) add_unique(names, name);
    }
  }
  if (names.empty()) return;
  auto& f = ctx.add("the SAM policy template " + sam + " of " + p.name + " allows " + join_list(names) +
                        " only on the identity ARN it builds from IdentityName; " +
                        (names.size() == 1 ? "this action has" : "these actions have") +
                        " no resource-level permissions, so the function cannot call " +
                        (names.size() == 1 ? "it" : "them") + " (sending as the identity is not affected)",
                    st.span, st.path);
  f.severity = Severity::Note;
  f.help = "if the function calls " + join_list(names) +
           ", use SESBulkTemplatedCrudPolicy_v2 (IdentityName and TemplateName), which allows " +
           (names.size() == 1 ? "it" : "them") +
           " on \"*\", or add an explicit statement allowing " + (names.size() == 1 ? "it" : "them") +
           " with \"Resource\": \"*\"";
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const auto& graph = ctx.analysis().graph;
  for (const model::Policy* p : identity_policies(m)) {
    std::set<std::string> reported;  // one finding per action and policy
    // Principals using the policy are judged on all their identity-based policies: another
    // policy of the same user may grant the action on "*".
    const auto users = analysis::principals_using(graph, *p);
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || st.not_action) continue;
      if (const std::string sam = sam_policy_template(*p, st, ctx.sources()); !sam.empty()) {
        sam_template_note(m, *p, st, sam, ctx);
        continue;
      }
      for (const auto& action : st.actions) {
        if (!action.known) continue;
        for (const policy::SesAction* a : star_only_actions(action.text)) {
          const std::string name = policy::qualified(*a);
          if (reported.count(name)) continue;
          // Only statements whose own scope is the problem: the action is named here and this
          // statement's Resource does not reach "*".
          if (policy::statement_matches_resource(st, "*") != policy::Tri::No) continue;
          const model::PrincipalNode* who = nullptr;
          if (users.empty()) {
            if (policy::evaluate({p}, policy::Request{name, "*"}).decision != policy::Decision::ImplicitDeny) continue;
          } else {
            for (const model::PrincipalNode* u : users)
              if (!u->has_unresolved() &&
                  policy::evaluate(u->identity_policies(), policy::Request{name, "*"}).decision ==
                      policy::Decision::ImplicitDeny) {
                who = u;
                break;
              }
            if (!who) continue;
          }
          reported.insert(name);
          std::string scope, context;
          for (const auto& r : st.resources) {
            if (r.known && context.empty() && policy::parse_arn(r.text)) context = r.text;
            if (!scope.empty()) scope += ", ";
            scope += r.known ? "'" + r.text + "'" : r.text;
          }
          auto& f = ctx.add(name + " has no resource-level permissions and is allowed only on " + scope +
                                ", so no statement grants it and the call fails: " +
                                (who ? principal_denied(*who, name, context) : access_denied_text(*p, name, "*", context, &m)),
                            action.span, action.path);
          if (who) f.notes.push_back({who->entity->origin.span, "used by " + model::resource_address(who->entity->origin)});
          if (!st.resources.empty())
            f.notes.push_back({st.resources.front().span, "the statement is scoped to these resources"});
          f.help = "grant " + name + " in a separate statement with \"Resource\": \"*\"";
        }
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES002",
                 "resource-star-action-scoped-to-arn",
                 Severity::Error,
                 "An SES action that only accepts Resource \"*\" is granted only on specific ARNs, so it is "
                 "never allowed",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
