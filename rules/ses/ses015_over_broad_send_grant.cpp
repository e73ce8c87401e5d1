// SES015: an IAM user with SMTP credentials is granted ses:*, ses:Send*, "*" or a NotAction
// statement on Resource "*" (including the AWS managed AmazonSESFullAccess), so a leaked SMTP
// password can send as any identity of the account and call far more than ses:SendRawEmail.
#include <algorithm>
#include <map>
#include <tuple>

#include "common.h"
#include "engine/runner.h"
#include "policy/evaluate.h"
#include "policy/ses_actions.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds IAM users whose access key is used as **SMTP credentials** (Terraform
`aws_iam_access_key.<x>.ses_smtp_password_v4` / `encrypted_ses_smtp_password_v4` referenced in
the key's module) and that are allowed, without conditions, a wildcard action that covers
`ses:SendRawEmail` and other actions (`ses:*`, `ses:Send*`, `*`, `ses:*Email`) or a `NotAction`
statement, on `"Resource": "*"` (or a `NotResource`). The AWS managed policy
`AmazonSESFullAccess` (`ses:*` on `*`) attached to such a user is reported at the attachment.

## Why it matters
SMTP passwords live in mail server configuration, application settings and CI secrets, and leak
more often than API keys. SMTP itself only ever needs `ses:SendRawEmail` (facts section 3), but
the SMTP password is derived from the user's secret access key, so whoever holds it can also
use the key itself, with every permission the user has: send as **every** verified identity of the
account (phishing from your own domains, with your DKIM signature), change sending authorization
policies (`ses:PutIdentityPolicy`), delete identities, or, with `*`, reach every other AWS
service.

## Example
```hcl
resource "aws_iam_user" "smtp" { name = "smtp-relay" }
resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }
output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive = true
}

resource "aws_iam_user_policy_attachment" "smtp" {
  user       = aws_iam_user.smtp.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSESFullAccess"
}
```

## Use instead
Allow `ses:SendRawEmail` only, on the identities the user sends from (plus the configuration
set ARN when the identity has a default configuration set):
```hcl
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
```
The finding's help lists the identities of the repository declared next to the user.

## Notes
- Only SMTP users are checked: roles and API users often carry broad SES permissions on purpose
  (administration, identity management), while an SMTP relay never needs more than sending.
- Statements with a `Condition` are not reported (an `aws:SourceIp` or `ses:FromAddress`
  condition limits what a leaked password can do). A grant on `identity/*` of one account is not
  reported either; it still lets the password send as every identity of that account.
- The grant must be effective: a permissions boundary or an explicit `Deny` that keeps the user
  from sending as an arbitrary identity silences the rule, and one seslint cannot evaluate
  (unresolved values, conditions) turns the finding into a note. One that keeps the user from
  the other actions only (a `Deny` with `NotAction: ses:SendRawEmail`) leaves the finding, whose
  message then speaks of sending only.

## How unknowns are treated
Only grants whose breadth is certain are errors; a boundary or Deny seslint cannot evaluate
(unresolved values, conditions) turns the finding into a note. Values built from the deploying
scope's own partition, Region and account (`data.aws_partition`, `data.aws_caller_identity`, the
provider Region, `${AWS::AccountId}`, ...) are matched symbolically and count as known.

## References
- SES Developer Guide, "Obtaining Amazon SES SMTP credentials" (SMTP needs only
  `ses:SendRawEmail`): https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html
- AWS Managed Policy Reference, "AmazonSESFullAccess" (`ses:*` on `*`):
  https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSESFullAccess.html
- IAM User Guide, "IAM JSON policy elements: NotAction": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
)md";

const std::string kBadTf = std::string(kSmtpUserTf) + R"tf(
resource "aws_iam_user_policy_attachment" "smtp" {
  user       = aws_iam_user.smtp.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSESFullAccess"
}
)tf";

const std::string kBadInlineTf = std::string(kSmtpUserTf) + R"tf(
resource "aws_iam_user_policy" "smtp" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:Send*"
      Resource = "*"
    }]
  })
}
)tf";

const std::string kGoodTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

)tf" + std::string(kSmtpUserTf) + R"tf(
resource "aws_iam_user_policy" "smtp" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = aws_ses_domain_identity.main.arn
    }]
  })
}
)tf";

constexpr const char* kRaw = "ses:SendRawEmail";

/// The wildcard Action entry that makes the statement broad: it covers ses:SendRawEmail and at
/// least one other SES action. nullptr when there is none (NotAction statements are broad too).
const model::Str* broad_entry(const model::Statement& st, std::size_t& ses_count) {
  for (const auto& a : st.actions) {
    if (!a.known || !policy::has_wildcard(a.text) || !policy::action_matches(a.text, kRaw)) continue;
    std::size_t n = 0;
    for (const auto& sa : policy::ses_actions())
      if (policy::action_matches(a.text, policy::qualified(sa))) ++n;
    if (n >= 2) {
      ses_count = n;
      return &a;
    }
  }
  return nullptr;
}

/// What else the grant reaches, for the message.
std::string reach(const model::Statement& st, const model::Str* entry, std::size_t ses_count) {
  if (st.not_action) return "call every action of every AWS service that the NotAction list does not name";
  if (entry->text == "*") return "call every action of every AWS service";
  if (ses_count == policy::ses_actions().size()) return "call every SES API (" + std::to_string(ses_count) + " actions)";
  return "call " + std::to_string(ses_count - 1) + " SES actions besides ses:SendRawEmail";
}

/// A broad grant and the SMTP users it reaches.
struct BroadGrant {
  const model::AppliedPolicy* applied = nullptr;
  const model::Statement* statement = nullptr;
  const model::Str* entry = nullptr;
  std::size_t ses_count = 0;
  std::vector<const analysis::Sender*> users;
  std::vector<std::string> unknown;  ///< why a user's grant might not be effective
  bool beyond_sending = false;       ///< some user may really use the other actions the grant names
};

/// Is sending as an arbitrary identity of the account effective for the user (boundary, SCPs and
/// explicit denies included)? The probe identity's name is one no policy can name literally.
policy::Decision sends_as_any_identity(const analysis::Sender& s, std::string& why) {
  policy::FullRequest req = s.base;
  req.action = kRaw;
  req.resource = "arn:" + policy::symbol("partition") + ":ses:" + policy::symbol("region") + ":" +
                 policy::symbol("account") + ":identity/" + std::string(1, analysis::kUnresolvedName);
  req.context.set("ses:ApiVersion", {"2"});
  policy::Evaluation ev = policy::evaluate_request(s.policies, req);
  why = ev.unknown_because;
  return ev.decision;
}

/// Is the statement's reach beyond ses:SendRawEmail effective for the user? Probes one other
/// action it grants (identity policy management if it covers that, else another send action), so
/// that a Deny or boundary keeping the user to sending does not make the message overstate.
bool uses_other_actions(const analysis::Sender& s, const model::Statement& st) {
  for (const char* probe : {"ses:PutIdentityPolicy", "ses:SendEmail", "ses:SendTemplatedEmail"}) {
    if (policy::statement_matches_action(st, probe) != policy::Tri::Yes) continue;
    policy::FullRequest req = s.base;
    req.action = probe;
    // PutIdentityPolicy only takes Resource "*"; the send actions take an identity ARN.
    req.resource = std::string(probe) == "ses:PutIdentityPolicy"
                       ? "*"
                       : "arn:" + policy::symbol("partition") + ":ses:" + policy::symbol("region") + ":" +
                             policy::symbol("account") + ":identity/" + std::string(1, analysis::kUnresolvedName);
    const policy::Decision d = policy::evaluate_request(s.policies, req).decision;
    return d == policy::Decision::Allow || d == policy::Decision::Unknown;
  }
  return false;
}

/// ARNs the user should be scoped to: the identities (and their default configuration sets)
/// declared next to it, else every identity of the repository.
std::vector<std::string> scope_arns(const analysis::SendMatrix& m, const model::PrincipalNode& node) {
  std::vector<std::string> local, all;
  for (const auto& t : m.targets) {
    for (auto* out : {&all, &local}) {
      if (out == &local && !same_scope(*t->identity, node.entity->origin)) continue;
      out->push_back(policy::display_symbols(t->arn));
      if (!t->configuration_set_arn.empty()) {
        std::string cs = policy::display_symbols(t->configuration_set_arn);
        if (!t->configuration_set_unresolved.empty())
          cs = t->sibling("configuration-set", "<" + t->configuration_set_unresolved + ">");
        out->push_back(policy::display_symbols(cs));
      }
    }
  }
  return local.empty() ? all : local;
}

std::string help_text(const analysis::SendMatrix& m, const BroadGrant& f) {
  const model::PrincipalNode& node = *f.users.front()->node;
  std::vector<std::string> arns = scope_arns(m, node);
  std::string where;
  if (arns.empty()) {
    where = "the identity ARNs it sends from (arn:${partition}:ses:${region}:${account}:identity/<domain or address>)";
  } else {
    const std::size_t shown = std::min<std::size_t>(arns.size(), 4);
    std::vector<std::string> list;
    for (std::size_t i = 0; i < shown; ++i) list.push_back("'" + arns[i] + "'");
    if (arns.size() > shown) list.push_back(std::to_string(arns.size() - shown) + " more");
    where = join_list(list);
  }
  const std::string scoped = "allow " + node.entity->origin.resource + " only ses:SendRawEmail, on " + where;
  if (f.applied->policy->builtin)
    return "detach " + f.applied->policy->resource_name.text + " and " + scoped;
  return scoped;
}

std::string users_phrase(const BroadGrant& f) {
  std::vector<std::string> labels;
  for (const auto* s : f.users) labels.push_back(principal_label(*s->node));
  return join_list(labels) + (f.users.size() == 1 ? ", whose access key is" : ", whose access keys are") +
         " used as SMTP credentials";
}

/// Where an attached AWS managed policy is attached: the policy ARN as written, else the last
/// step of the trace that has a location.
std::pair<source::Span, std::string> attachment_location(const model::AppliedPolicy& a) {
  if (a.expression.span.valid()) {
    if (!a.expression.path.empty()) return {a.expression.span, a.expression.path};
    return {a.expression.span, a.trace.empty() ? a.policy->name : a.trace.back().resource};
  }
  for (auto it = a.trace.rbegin(); it != a.trace.rend(); ++it)
    if (it->span.valid()) return {it->span, it->resource};
  return {{}, a.policy->name};
}

void check(const model::Model&, engine::RuleContext& ctx) {
  const auto& matrix = ctx.analysis().matrix;
  std::vector<BroadGrant> found;
  // Keyed by the statement, or for AWS managed policies by the attachment, so a grant shared by
  // several SMTP users is one finding.
  std::map<std::tuple<const model::Statement*, source::FileId, std::uint32_t>, std::size_t> index;

  for (const auto& s : matrix.senders) {
    if (!s->smtp) continue;
    std::string why;
    const policy::Decision effective = sends_as_any_identity(*s, why);
    if (effective == policy::Decision::ImplicitDeny || effective == policy::Decision::ExplicitDeny) continue;
    for (const auto& applied : s->node->policies) {
      const model::Policy* p = applied.policy;
      if (!p || !p->resolved) continue;
      for (const auto& st : p->statements) {
        if (st.effect != model::Effect::Allow || !st.conditions.empty() || st.conditions_unknown) continue;
        if (policy::statement_matches_action(st, kRaw) != policy::Tri::Yes ||
            policy::statement_matches_resource(st, "*") != policy::Tri::Yes)
          continue;
        std::size_t ses_count = 0;
        const model::Str* entry = broad_entry(st, ses_count);
        if (!entry && !st.not_action) continue;
        std::tuple<const model::Statement*, source::FileId, std::uint32_t> key{&st, source::kNoFile, 0};
        if (p->builtin) {
          const source::Span at = attachment_location(applied).first;
          key = {&st, at.file, at.begin};
        }
        auto [it, fresh] = index.emplace(key, found.size());
        if (fresh) found.push_back(BroadGrant{&applied, &st, entry, ses_count, {}, {}, false});
        BroadGrant& f = found[it->second];
        if (std::find(f.users.begin(), f.users.end(), s.get()) == f.users.end()) f.users.push_back(s.get());
        if (uses_other_actions(*s, st)) f.beyond_sending = true;
        if (effective == policy::Decision::Unknown)
          f.unknown.push_back("whether " + s->display_name() + "'s boundary, SCPs and denies let it send as any identity (" +
                              why + ")");
      }
    }
  }

  for (const BroadGrant& f : found) {
    const model::Policy& p = *f.applied->policy;
    const model::Statement& st = *f.statement;
    const std::string what = st.not_action ? std::string("a NotAction statement") : "'" + f.entry->text + "'";
    const std::string consequence =
        ": a leaked SMTP password can send as every SES identity of the account" +
        (f.beyond_sending ? " and " + reach(st, f.entry, f.ses_count) + ", while SMTP needs only ses:SendRawEmail"
                          : std::string(" (a Deny or boundary keeps it from the other actions granted here)"));
    const std::string unsure = f.unknown.empty() ? "" : " (not resolved: " + join_list(f.unknown) + ")";
    engine::Finding* out = nullptr;
    if (p.builtin) {
      auto [span, path] = attachment_location(*f.applied);
      out = &ctx.add("AWS managed policy " + p.resource_name.text + " (" + f.entry->text +
                         " on Resource \"*\") is attached to " + users_phrase(f) + consequence + unsure,
                     span, path);
      out->notes.push_back({{}, p.resource_name.text + " allows " + f.entry->text + " on Resource \"*\""});
    } else {
      const model::Str* at = f.entry ? f.entry : (st.actions.empty() ? nullptr : &st.actions.front());
      out = &ctx.add(what + " on Resource \"*\" is granted to " + users_phrase(f) + consequence + unsure,
                     at ? at->span : st.span, at ? at->path : st.path);
      if (st.not_resource) {
        out->notes.push_back({st.resources.empty() ? st.span : st.resources.front().span,
                              "NotResource covers every identity it does not list"});
      } else {
        for (const auto& r : st.resources)
          if (r.known && r.text == "*") {
            out->notes.push_back({r.span, "Resource \"*\" covers every identity and every other resource (" + p.name + ")"});
            break;
          }
      }
    }
    if (!f.unknown.empty()) out->severity = Severity::Note;
    for (const auto* s : f.users) {
      SmtpCredentials creds = smtp_credentials(*s->node, ctx.sources());
      out->notes.push_back({creds.span, "the SMTP password of " + s->display_name() + " is used here"});
    }
    out->help = help_text(matrix, f);
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES015",
                 "over-broad-send-grant",
                 Severity::Warning,
                 "An IAM user with SMTP credentials is granted ses:*, ses:Send*, \"*\" or NotAction on Resource \"*\", "
                 "so a leaked SMTP password can send as any identity and call far more than ses:SendRawEmail",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", true, kBadInlineTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
