// SES005: templated and bulk send actions allowed on identity ARNs while nothing allows a
// template ARN, which SES authorizes for those actions too.
#include <algorithm>
#include <map>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/send.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds statements that allow `ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail` or
`ses:SendBulkEmail` on identity (or configuration-set) ARNs only, when nothing allows any
`template/...` ARN for that action: no other statement of the same principal (send matrix:
identity policies of the user or role and its groups), or, for a policy attached to no principal
in the repository (a standalone managed policy, a raw JSON policy, a SAM function's policies), no
other statement of the same policy.

The SAM policy templates `SESCrudPolicy` and `SESBulkTemplatedCrudPolicy` scope every action to
`identity/${IdentityName}`; `SESBulkTemplatedCrudPolicy` includes the templated actions, so it is
reported. `SESBulkTemplatedCrudPolicy_v2` also allows `template/${TemplateName}` and is fine.
The SAM template bundles the templated actions with plain sending, so it is an error only when
the stack declares an `AWS::SES::Template` (a sign the function sends templated mail); without
one it is a note naming the template and the fix.

## Why it matters
For these actions the template is a required resource of the authorization, like the identity:
SES checks the action on `arn:aws:ses:REGION:ACCOUNT:template/<name>` as well, and a policy that
names only `identity/...` fails every templated or bulk send with
`AccessDenied: User '...' is not authorized to perform 'ses:SendTemplatedEmail' on resource
'arn:aws:ses:...:template/<name>'`. Using `aws_ses_domain_identity.x.arn` as the only resource
of a templated send is the usual way to get there.

## Example
```yaml
Resources:
  Newsletter:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - SESBulkTemplatedCrudPolicy:
            IdentityName: example.com
```

## Use instead
Use the `_v2` template, which also allows the template:
```yaml
      Policies:
        - SESBulkTemplatedCrudPolicy_v2:
            IdentityName: example.com
            TemplateName: newsletter
```
or add `arn:aws:ses:REGION:ACCOUNT:template/<name>` (or `template/*`) to the statement's
`Resource`.

## Notes
The template a send uses is chosen by the code, so seslint only checks that some template ARN
is allowed: a statement naming any `template/...` ARN (or a wildcard that covers templates)
silences the rule. `ses:SendEmail` is not checked: SESv2 `SendEmail` authorizes a template only
when it sends a stored template, which cannot be seen statically. A `Deny` in a permissions
boundary or SCP is not reported here.

## How unknowns are treated
The template authorization does not depend on unknown identity parts: a `Resource` such as
`arn:${p}:ses:${r}:${a}:identity/${var.domain}` can never match a `template/...` ARN, whatever the
unknowns are, so the finding is an error even when the identity name or its ARN's partition,
Region or account are unknown, and for `data.aws_ses_domain_identity.x.arn` (an identity of
unknown name). A `Resource` that is unknown as a whole (`var.arn`) might name a template and gives
no finding. Values built from the deploying scope's own partition, Region and account
(`data.aws_partition`, `data.aws_caller_identity`, the provider Region, `${AWS::AccountId}`, ...)
are matched symbolically and count as known.

## References
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  templated and bulk send actions take the `template` resource type): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- SES Developer Guide, "Identity and access management in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- AWS SAM Developer Guide, "AWS SAM policy templates":
  https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html
)md";

constexpr std::string_view kBadSam = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Newsletter:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Policies:
        - SESBulkTemplatedCrudPolicy:
            IdentityName: example.com
)yaml";

constexpr std::string_view kGoodSam = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Newsletter:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Policies:
        - SESBulkTemplatedCrudPolicy_v2:
            IdentityName: example.com
            TemplateName: newsletter
)yaml";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}

resource "aws_iam_user" "mailer" {
  name = "mailer"
}

resource "aws_iam_user_policy" "mailer" {
  user = aws_iam_user.mailer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail"]
      Resource = aws_ses_domain_identity.d.arn
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}

resource "aws_iam_user" "mailer" {
  name = "mailer"
}

resource "aws_iam_user_policy" "mailer" {
  user = aws_iam_user.mailer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail"]
      Resource = aws_ses_domain_identity.d.arn
    }, {
      Effect   = "Allow"
      Action   = ["ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail"]
      Resource = "arn:aws:ses:*:*:template/*"
    }]
  })
}
)tf";

/// One statement that grants templated sends on identities only.
struct Problem {
  const model::Policy* policy = nullptr;
  const model::Statement* statement = nullptr;
  const model::Str* identity_entry = nullptr;  ///< the Resource entry naming an identity
  std::string template_prefix;                 ///< "arn:P:ses:R:A:template/" next to the identity, for messages
  std::vector<std::string> actions;
  std::vector<const analysis::Sender*> senders;  ///< empty for policies without a sender
  std::vector<std::string> identities;
};

class Collector {
 public:
  Problem& at(const policy::Reason& grant) {
    auto [it, fresh] = index_.try_emplace(grant.statement, problems_.size());
    if (fresh) problems_.push_back(Problem{grant.policy, grant.statement, nullptr, "", {}, {}, {}});
    return problems_[it->second];
  }
  std::vector<Problem>& problems() { return problems_; }

 private:
  std::map<const model::Statement*, std::size_t> index_;
  std::vector<Problem> problems_;
};

/// Principals of the repository: cells of a templated action whose identity authorization is
/// allowed while the principal's identity policies allow no template at all.
void from_matrix(const analysis::SendMatrix& mx, Collector& out) {
  for (const auto& c : mx.cells) {
    if (!policy::send_requires_template(c.action)) continue;
    const auto& res = c.eval.resources;
    const policy::ResourceEvaluation* tpl = nullptr;
    for (const auto& r : res)
      if (r.kind == "template") tpl = &r;
    // The identity may be allowed for certain or depend on an unknown (its name, a condition):
    // a template no statement allows fails the send whatever those values are.
    const auto id = res.front().evaluation.decision;
    if (!tpl || (id != policy::Decision::Allow && id != policy::Decision::Unknown)) continue;
    // ImplicitDeny on the unresolved template name means no statement names any template (an
    // Unknown one names some template, which is taken to be the one the code uses).
    if (tpl->evaluation.decision != policy::Decision::ImplicitDeny) continue;
    const auto* step = trace_step(tpl->evaluation, policy::Stage::IdentityPolicy);
    if (!step || step->decision != policy::Decision::ImplicitDeny) continue;
    const auto grant = possible_grant(res.front().evaluation, c.sender->policies.identity, c.action, c.target->arn);
    if (!grant) continue;
    Problem& p = out.at(*grant);
    if (!p.identity_entry) {
      p.identity_entry = possibly_matching_resource(*grant->statement, c.target->arn);
      p.template_prefix = policy::display_symbols(c.target->sibling("template", ""));
    }
    add_unique(p.actions, c.action);
    add_unique(p.senders, c.sender);
    const auto& name = c.target->identity->name;
    add_unique(p.identities, name.known ? name.text : "${" + name.text + "}");
  }
}

/// The request form of one ARN part: literal, the deploying scope's symbol, or a mark that only
/// wildcards match.
std::string request_part(const policy::ArnPart& part) {
  if (part.known) return part.text;
  const std::string_view inner = part.text.size() > 3 && part.text.rfind("${", 0) == 0 && part.text.back() == '}'
                                     ? std::string_view(part.text).substr(2, part.text.size() - 3)
                                     : std::string_view();
  const auto sym = policy::self_symbol(inner);
  return sym.empty() ? std::string(1, analysis::kUnresolvedName) : policy::symbol(sym);
}

/// Policies no principal of the repository uses: a statement that names a templated action and
/// an identity ARN, in a policy whose statements allow no template ARN for that action.
void from_policies(const model::Model& m, const analysis::SendMatrix& mx, Collector& out) {
  for (const model::Policy* p : policies_without_sender(m, mx)) {
    for (const auto& action : named_send_actions(*p, true)) {
      if (analysis::may_name_type({p}, action, "template")) continue;
      for (const auto& st : p->statements) {
        if (st.effect != model::Effect::Allow || st.not_resource || !st.conditions.empty() || st.conditions_unknown ||
            policy::statement_matches_action(st, action) != policy::Tri::Yes)
          continue;
        for (const auto& r : st.resources) {
          auto arn = policy::parse_partial_arn(r);
          if (!arn || !arn->service.known || arn->service.text != "ses" ||
              arn->resource.text.rfind("identity/", 0) != 0)
            continue;
          const std::string tpl = "arn:" + request_part(arn->partition) + ":ses:" + request_part(arn->region) + ":" +
                                  request_part(arn->account) + ":template/" + analysis::kUnresolvedName;
          // A wildcard resource elsewhere (`*`, `arn:aws:ses:*:*:*`) may still cover templates.
          if (policy::evaluate({p}, policy::Request{action, tpl}).decision != policy::Decision::ImplicitDeny) continue;
          Problem& pr = out.at(policy::Reason{p, &st, policy::Tri::Yes});
          if (!pr.identity_entry) {
            pr.identity_entry = &r;
            pr.template_prefix =
                "arn:" + arn->partition.text + ":ses:" + arn->region.text + ":" + arn->account.text + ":template/";
          }
          add_unique(pr.actions, action);
          add_unique(pr.identities, arn->resource.text.substr(9));
          break;
        }
      }
    }
  }
}

void report(const model::Model& m, const Problem& p, engine::RuleContext& ctx) {
  const std::vector<const model::SesResource*> templates = declared_nearby(
      m, model::SesResourceKind::Template, "", p.policy->resource_type, p.policy->module, p.policy->span);
  const std::string name =
      templates.size() == 1 && templates.front()->name.known ? templates.front()->name.text : "TEMPLATE_NAME";
  const std::string& tpl = p.template_prefix;
  const std::string action = p.actions.front();
  std::vector<std::string> quoted;
  for (const auto& i : p.identities) quoted.push_back("'" + i + "'");
  const std::string who = p.senders.empty() ? p.policy->name : p.senders.front()->display_name();
  const std::string denied =
      !p.senders.empty()
          ? analysis::access_denied_message(*p.senders.front(), action, tpl + name)
          : principal_of_policy(m, *p.policy) + " is not authorized to perform '" + action + "' on resource '" +
                tpl + name + "'";
  std::string message = join_list(p.actions) + (p.actions.size() == 1 ? " is" : " are") + " allowed on identity " +
                        join_list(quoted) + " only; SES also authorizes the template of a templated or bulk send, " +
                        "and no statement " + (p.senders.empty() ? "of " : "for ") + who +
                        " allows any template ARN, so every such send fails: " + denied;
  // SESCrudPolicy has no templated actions, and the _v2 template allows the template ARN.
  const bool sam = sam_policy_template(*p.policy, *p.statement, ctx.sources()) == "SESBulkTemplatedCrudPolicy";
  if (sam) message += " (the SAM policy template SESBulkTemplatedCrudPolicy scopes to the identity only)";
  // The SAM template bundles the templated actions with plain sending: without a template in
  // the stack there is no sign the function sends templated mail at all.
  const bool speculative = sam && templates.empty();
  if (speculative) message += "; no AWS::SES::Template is declared in the stack, so this matters only if the function "
                              "sends templated email";

  const model::Str* entry = p.identity_entry;
  auto& f = ctx.add(std::move(message), entry ? entry->span : p.statement->span,
                    entry ? entry->path : p.statement->path);
  if (speculative) f.severity = Severity::Note;
  for (const auto& a : p.statement->actions)
    if (a.known && !p.statement->not_action && policy::action_matches(a.text, action) && a.span != f.span) {
      f.notes.push_back({a.span, "'" + a.text + "' grants " + action + " here"});
      break;
    }
  for (const model::SesResource* t : templates)
    f.notes.push_back({t->name.span, "template '" + (t->name.known ? t->name.text : "${" + t->name.text + "}") +
                                         "' declared here (" + t->resource + "); its ARN is not allowed"});
  if (p.senders.size() > 1) f.notes.push_back({{}, "senders affected: " + sender_names(p.senders)});
  if (sam)
    f.help = "use SESBulkTemplatedCrudPolicy_v2 with TemplateName, which also allows '" + tpl +
             "${TemplateName}', or add a statement allowing '" + tpl + name + "'";
  else
    f.help = "add '" + tpl + name + "' (or '" + tpl + "*') to the statement's Resource for " + join_list(p.actions);
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  Collector problems;
  from_matrix(mx, problems);
  from_policies(m, mx, problems);
  for (const Problem& p : problems.problems()) report(m, p, ctx);
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES005",
                 "template-arn-not-allowed",
                 Severity::Error,
                 "Templated or bulk send actions are allowed on identity ARNs only, but SES also authorizes the "
                 "template ARN, so every such send is denied",
                 kDocs,
                 {{"template.yaml", true, kBadSam},
                  {"template.yaml", false, kGoodSam},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
