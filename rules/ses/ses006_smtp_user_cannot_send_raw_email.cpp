// SES006: an IAM user whose access key is used as SMTP credentials, while no identity-based
// policy of the user allows ses:SendRawEmail (the action SES checks for every SMTP send), or
// allows it only under a ses:ApiVersion condition that excludes SMTP's "2".
#include <algorithm>
#include <set>

#include "common.h"
#include "engine/runner.h"
#include "policy/conditions.h"
#include "policy/evaluate.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds IAM users whose access key is used as **SMTP credentials** (Terraform
`aws_iam_access_key.<x>.ses_smtp_password_v4` or `encrypted_ses_smtp_password_v4` referenced in
the key's module, e.g. in an output, a secret or another resource) while the user's
identity-based policies (inline, attached managed, and those of its groups) never allow
`ses:SendRawEmail` for SMTP:

- no statement allows `ses:SendRawEmail` at all, for example the policy grants only
  `ses:SendEmail`, or the user has no policy; the finding is at the SMTP password reference, with
  notes at the statements that grant other send actions;
- every statement that allows it carries a `ses:ApiVersion` condition that excludes `"2"`
  (`StringEquals ses:ApiVersion "1"`); the finding is at that condition.

## Why it matters
SES authorizes every message sent through the SMTP interface as `ses:SendRawEmail`, with the
condition key `ses:ApiVersion` set to `"2"`, whichever API the application would otherwise use.
A user allowed only `ses:SendEmail` authenticates fine (the SMTP password is derived from the
secret key, not from permissions) and then every `MAIL FROM`/`DATA` is refused with
`554 Access denied: User 'arn:aws:iam::ACCOUNT:user/NAME' is not authorized to perform
'ses:SendRawEmail' on resource 'arn:aws:ses:REGION:ACCOUNT:identity/example.com'`.

## Example
```hcl
resource "aws_iam_user" "smtp" { name = "smtp-relay" }

resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }

output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive = true
}

resource "aws_iam_user_policy" "smtp" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
```

## Use instead
```hcl
      Action   = "ses:SendRawEmail"
```
and no `ses:ApiVersion` condition, or one that allows `"2"`.

## Notes
- The principal is always an IAM user: SMTP passwords must not be derived from temporary
  credentials. CloudFormation has no SMTP password attribute (`AWS::IAM::AccessKey` returns the
  raw secret, which a custom resource would have to convert), so SMTP users are recognised in
  Terraform only.
- An SES identity (sending authorization) policy that names the user and allows
  `ses:SendRawEmail` grants it without an identity-based allow (same account; inferred from the
  IAM evaluation logic, facts section 6); the rule then stays silent. When seslint cannot tell
  whether the policy's principal is the user (a principal written as `aws_iam_user.x.arn`, or a
  literal ARN while the user's account is unknown), the finding is a note.
- When a policy of the user cannot be followed (an unresolved attachment, group or document) or
  an `Action` is not resolved, the finding is a note: the missing part may allow the action.
- Permissions boundaries, SCPs and explicit denies are not this rule's question: it reports only
  when the user's own policies grant nothing for SMTP.

## How unknowns are treated
An error only when every policy of the user is read and no Allow can apply to `ses:SendRawEmail`.
A policy, group or attachment seslint cannot follow, or an `Action` that is not resolved, makes it
a note that names what was not resolved. Values built from the deploying scope's own partition,
Region and account (`data.aws_partition`, `data.aws_caller_identity`, the provider Region,
`${AWS::AccountId}`, ...) are matched symbolically and count as known.
When the password is only an `output` of a reusable module (a module instance, a folder another
module calls, or a `modules/` folder), the module merely offers it to its callers, which may never
configure an SMTP client with it: the finding is a note that says so.

## References
- SES Developer Guide, "Obtaining Amazon SES SMTP credentials" (an SMTP user needs
  `ses:SendRawEmail`): https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html
- SES Developer Guide, "Identity and access management in Amazon SES" (`ses:ApiVersion`):
  https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- Terraform AWS provider, `aws_iam_access_key` (`ses_smtp_password_v4`):
  https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key
)md";

const std::string kBadTf = std::string(kSmtpUserTf) + R"tf(
resource "aws_iam_user_policy" "smtp" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
)tf";

const std::string kGoodTf = std::string(kSmtpUserTf) + R"tf(
resource "aws_iam_user_policy" "smtp" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
)tf";

const std::string kBadApiVersionTf = std::string(kSmtpUserTf) + R"tf(
data "aws_iam_policy_document" "smtp" {
  statement {
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "ses:ApiVersion"
      values   = ["1"]
    }
  }
}

resource "aws_iam_user_policy" "smtp" {
  user   = aws_iam_user.smtp.name
  policy = data.aws_iam_policy_document.smtp.json
}
)tf";

constexpr const char* kRaw = "ses:SendRawEmail";
const char* const kOtherSendActions[] = {"ses:SendEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail",
                                         "ses:SendBulkEmail"};

struct Grant {
  const model::Policy* policy = nullptr;
  const model::Statement* statement = nullptr;
};

/// What the user's identity-based policies say about ses:SendRawEmail in an SMTP request.
struct SmtpGrants {
  bool has_policy = false;      ///< any identity-based policy, resolved or not
  bool may_allow = false;       ///< some statement can allow it for SMTP (or its exclusion is not ApiVersion's)
  std::vector<Grant> excluded;  ///< statements allowing it only under a ses:ApiVersion that excludes "2"
  std::vector<const model::Condition*> excluding;  ///< those conditions, in statement order
  std::vector<Grant> other_sends;                  ///< statements granting other send actions
  std::vector<std::string> other_actions;          ///< which ones
  std::vector<std::string> unknown;                ///< what could not be resolved
};

SmtpGrants smtp_grants(const model::PrincipalNode& node) {
  SmtpGrants out;
  // Everything else in an SMTP request is unknown to us; ses:ApiVersion is "2" (facts section 3).
  policy::RequestContext smtp;
  smtp.set_default_unknown(true);
  smtp.set("ses:ApiVersion", {"2"});
  std::set<const model::Policy*> seen;
  for (const auto& applied : node.policies) {
    out.has_policy = true;
    if (!applied.resolved()) {
      out.unknown.push_back(applied.unresolved_reason);
      continue;
    }
    const model::Policy* p = applied.policy;
    if (!seen.insert(p).second) continue;
    if (!p->resolved) {
      out.unknown.push_back(p->name + " could not be read (" + p->unresolved_reason + ")");
      continue;
    }
    for (const auto& st : p->statements) {
      if (st.effect == model::Effect::Deny || st.effect == model::Effect::Invalid) continue;
      const policy::Tri action = policy::statement_matches_action(st, kRaw);
      if (action == policy::Tri::No) {
        if (st.effect != model::Effect::Allow) continue;
        bool other = false;
        for (const char* a : kOtherSendActions)
          if (policy::statement_matches_action(st, a) == policy::Tri::Yes) {
            other = true;
            if (std::find(out.other_actions.begin(), out.other_actions.end(), a) == out.other_actions.end())
              out.other_actions.push_back(a);
          }
        if (other) out.other_sends.push_back(Grant{p, &st});
        continue;
      }
      if (action == policy::Tri::Unknown) {
        out.unknown.push_back("an Action of " + p->name + " is not resolved");
        continue;
      }
      if (st.effect == model::Effect::Unknown) {
        out.unknown.push_back("the Effect of a statement of " + p->name + " is not known (" + st.effect_text.text + ")");
        continue;
      }
      if (policy::evaluate_conditions(st, smtp) != policy::Tri::No) {
        out.may_allow = true;  // resource scoping is other rules' question
        continue;
      }
      std::vector<const model::Condition*> version;
      for (const auto& c : st.conditions)
        if (policy::iequals(c.key, "ses:ApiVersion") && policy::evaluate_condition(c, smtp) == policy::Tri::No)
          version.push_back(&c);
      // Excluded by some other condition that is false whatever the request: not this rule's case.
      if (version.empty()) {
        out.may_allow = true;
        continue;
      }
      out.excluded.push_back(Grant{p, &st});
      out.excluding.insert(out.excluding.end(), version.begin(), version.end());
    }
  }
  return out;
}

const analysis::Sender* sender_of(const analysis::SendMatrix& m, const model::PrincipalNode& node) {
  for (const auto& s : m.senders)
    if (s->node == &node) return s.get();
  return nullptr;
}

/// The resource to quote in the error: the repository identity the user's statements point at,
/// else one from the user's scope, else any repository identity, else the identity ARN (pattern)
/// a statement names, else a placeholder.
std::string quoted_resource(const analysis::SendMatrix& m, const analysis::Sender* s, const model::PrincipalNode& node,
                            const std::vector<Grant>& hints) {
  if (s) {
    std::vector<const analysis::Cell*> cells;
    for (const analysis::Cell* c : m.cells_of(*s))
      if (c->action == kRaw) cells.push_back(c);
    for (const Grant& g : hints)
      for (const analysis::Cell* c : cells)
        if (policy::statement_matches_resource(*g.statement, c->target->arn) == policy::Tri::Yes) return c->target->arn;
    for (const analysis::Cell* c : cells)
      if (same_scope(*c->target->identity, node.entity->origin)) return c->target->arn;
    if (!cells.empty()) return cells.front()->target->arn;
  }
  for (const Grant& g : hints) {
    if (g.statement->not_resource) continue;
    for (const auto& r : g.statement->resources) {
      if (!r.known) continue;
      auto arn = policy::parse_arn(r.text);
      if (arn && arn->service == "ses" && arn->resource.rfind("identity/", 0) == 0) return r.text;
    }
  }
  const std::string partition = node.arn.partition.known ? node.arn.partition.text : "aws";
  return "arn:" + partition + ":ses:<region>:<account>:identity/<identity>";
}

/// An SES identity policy that may allow the user (its principal or condition is not resolved).
void identity_policy_unknowns(const analysis::SendMatrix& m, const analysis::Sender& s, bool& allowed,
                              std::vector<std::string>& unknown) {
  for (const analysis::Cell* c : m.cells_of(s)) {
    if (c->action != kRaw) continue;
    if (c->eval.decision == policy::Decision::Allow) allowed = true;
    if (c->eval.resources.empty()) continue;
    const auto& ev = c->eval.resources.front().evaluation;
    for (const auto& step : ev.trace)
      if (step.stage == policy::Stage::ResourcePolicy && step.decision == policy::Decision::Unknown)
        unknown.push_back("whether the sending authorization policy of " + c->target->identity->resource +
                          " names the user: " +
                          (ev.unknown_because.empty() ? std::string("its principal is not resolved") : ev.unknown_because));
  }
}

std::string quoted_values(const model::Condition& c) {
  std::vector<std::string> v;
  for (const auto& s : c.values) v.push_back(s.known ? "\"" + s.text + "\"" : s.text);
  return v.size() == 1 ? v.front() : "[" + join_list(v) + "]";
}

/// The Action entry of a statement that grants `action`, for a note.
const model::Str* granting_entry(const model::Statement& st, const std::string& action) {
  if (st.not_action) return nullptr;
  for (const auto& a : st.actions)
    if (a.known && policy::action_matches(a.text, action)) return &a;
  return nullptr;
}

/// Every SMTP password use of the user's keys is an `output` of a reusable module (a module
/// instance, a folder other modules call, a `modules/` folder): the module offers the password to
/// its callers, which may or may not configure an SMTP client with it.
bool offered_by_module(const model::PrincipalNode& node, const std::set<std::string>& called) {
  for (const model::AccessKey* k : node.access_keys)
    if (k->smtp_password_output_uses != k->smtp_password_uses.size()) return false;
  const std::string& scope = node.entity->origin.module;
  return !model::instance_address(scope).empty() || called.count(scope) || conventional_module_folder(scope);
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const auto& analysis = ctx.analysis();
  const std::set<std::string> called = called_folders(m);
  for (const auto& node : analysis.graph.principals) {
    if (node.kind() != model::EntityKind::User || !node.is_smtp_user()) continue;
    SmtpGrants g = smtp_grants(node);
    if (g.may_allow) continue;
    // Every SMTP user is a sender of the matrix (it always sends ses:SendRawEmail).
    const analysis::Sender* sender = sender_of(analysis.matrix, node);
    if (!sender) continue;
    bool allowed_by_identity_policy = false;
    identity_policy_unknowns(analysis.matrix, *sender, allowed_by_identity_policy, g.unknown);
    if (allowed_by_identity_policy) continue;
    std::sort(g.unknown.begin(), g.unknown.end());
    g.unknown.erase(std::unique(g.unknown.begin(), g.unknown.end()), g.unknown.end());

    const SmtpCredentials creds = smtp_credentials(node, ctx.sources());
    const bool certain = g.unknown.empty();
    const bool offered = offered_by_module(node, called);
    const bool version_case = !g.excluded.empty();
    const std::string label = principal_label(node);
    const std::string smtp = label + " uses its access key as SMTP credentials (" + creds.path +
                             "), which SES authorizes as ses:SendRawEmail" +
                             (version_case ? " with ses:ApiVersion \"2\"" : "");
    const std::string denied = analysis::access_denied_message(
        *sender, kRaw, quoted_resource(analysis.matrix, sender, node, version_case ? g.excluded : g.other_sends));
    const std::string fails = certain ? ": every SMTP send fails with " + denied
                                      : "; unless what seslint could not resolve allows it (" + join_list(g.unknown) +
                                            "), every SMTP send fails with " + denied;
    const std::string offer = offered ? " (if a caller uses it: the module only offers the SMTP password as an output)" : "";

    if (version_case) {
      const model::Condition& c = *g.excluding.front();
      const model::Statement& st = *g.excluded.front().statement;
      auto& f = ctx.add(smtp + ", but " + (certain ? "" : "as far as seslint can read, ") +
                            "ses:SendRawEmail is allowed only under " + c.op + " ses:ApiVersion " + quoted_values(c) + fails + offer,
                        c.span, st.path + (st.path.empty() ? "" : ".") + "Condition");
      if (!certain || offered) f.severity = Severity::Note;
      for (std::size_t i = 1; i < g.excluding.size(); ++i)
        f.notes.push_back({g.excluding[i]->span, "this " + g.excluding[i]->op + " ses:ApiVersion condition excludes \"2\" too"});
      f.notes.push_back({creds.span, "the SMTP password is used here"});
      f.notes.push_back({node.entity->origin.span, "IAM user declared here"});
      f.help = "drop the ses:ApiVersion condition for ses:SendRawEmail, or also allow \"2\" (the SMTP interface is "
               "always checked as API version 2)";
      continue;
    }

    std::string why;
    if (!g.has_policy) why = "the user has no identity-based policy (inline, attached or through a group)";
    else if (g.other_actions.empty()) why = "no identity-based policy of the user allows ses:SendRawEmail";
    else
      why = "its identity-based policies allow only " + join_list(g.other_actions);
    auto& f = ctx.add(smtp + ", but " + (certain ? "" : "as far as seslint can read, ") + why + fails + offer, creds.span,
                      creds.path);
    if (!certain || offered) f.severity = Severity::Note;
    f.notes.push_back({node.entity->origin.span, "IAM user declared here"});
    std::string where;
    for (const Grant& og : g.other_sends) {
      const model::Statement& st = *og.statement;
      if (where.empty()) where = og.policy->name;
      std::vector<std::string> actions;
      const model::Str* entry = nullptr;
      for (const char* a : kOtherSendActions)
        if (policy::statement_matches_action(st, a) == policy::Tri::Yes) {
          actions.push_back(a);
          if (!entry) entry = granting_entry(st, a);
        }
      const std::string granted = join_list(actions);
      std::string text = st.not_action ? "this NotAction statement of " + og.policy->name + " grants " + granted +
                                             " but excludes ses:SendRawEmail"
                                       : "grants " + granted + " (" + og.policy->name + "), which SMTP never uses";
      f.notes.push_back({entry ? entry->span : st.span, text});
    }
    f.help = where.empty() ? "attach a policy to " + node.entity->origin.resource +
                                 " that allows ses:SendRawEmail on the identities it sends from"
                           : "allow ses:SendRawEmail (on the identities the user sends from) in " + where;
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES006",
                 "smtp-user-cannot-send-raw-email",
                 Severity::Error,
                 "An IAM user whose access key is used as SMTP credentials is not allowed ses:SendRawEmail, the "
                 "action SES checks for every SMTP send",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}, {"main.tf", true, kBadApiVersionTf}},
             }),
             &check);

}  // namespace seslint::rules
