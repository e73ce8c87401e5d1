// SES013: a principal is allowed to send as an identity ARN of another account. That send is a
// cross-account request: the owner's sending authorization (identity) policy must allow it too.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"
#include "policy/match.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds sending principals (IAM users with SMTP credentials, users and roles whose policies allow a
send action) whose identity-based policies allow sending on an SES identity ARN with a **literal
account ID that is not the principal's own account**. The principal's account is known when the
repository pins it: a literal account in the principal's ARN, or the one account of the customer
managed policies and permissions boundary attached to it (or attached in its Terraform module /
CloudFormation template), which always live in the principal's account.

Such a send is cross-account (delegate sending): besides the principal's own policies, the
identity owner's **sending authorization policy** (`aws_ses_identity_policy`,
`aws_sesv2_email_identity_policy`) must allow the principal or its account.

- When the owner's identity is declared in the repository with that account (another Terraform
  module or stack) and none of its identity policies allows the principal, the send fails for
  certain: error, quoting the AWS error.
- When the owner's identity is not in the repository, seslint cannot see its policies: note,
  reminding you to make sure the owner has one.

## Why it matters
Only sending authorization policies grant SES access across accounts. A delegate whose own IAM
policy allows `ses:SendRawEmail` on `arn:aws:ses:eu-west-1:222222222222:identity/example.com`
still gets `AccessDenied: User 'arn:aws:iam::111111111111:user/mailer' is not authorized to
perform 'ses:SendRawEmail' on resource 'arn:aws:ses:eu-west-1:222222222222:identity/example.com'`
(over SMTP `554 Access denied: ...`) until the owner's identity policy names it.

## Example
```hcl
# account 111111111111
resource "aws_iam_user_policy" "mailer" {
  user = aws_iam_user.mailer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:aws:ses:eu-west-1:222222222222:identity/example.com"
    }]
  })
}
```

## Use instead
In the owner's account (222222222222), attach a sending authorization policy to the identity that
names the delegate:
```hcl
resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.main.arn
  name     = "delegate-mailer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:user/mailer" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.main.arn
    }]
  })
}
```
The delegate must also call the owner's Region and pass the owner's identity ARN: `SourceArn` /
`FromArn` / `ReturnPathArn` (SES v1), `FromEmailAddressIdentityArn` (SESv2), or the
`X-SES-SOURCE-ARN` / `X-SES-FROM-ARN` / `X-SES-RETURN-PATH-ARN` headers over SMTP. Both accounts
must be out of the SES sandbox.

## Notes
- The owner-side check uses seslint's IAM evaluator with the principal's ARN and account:
  `Principal` naming the user or role, its account ID or `arn:...:root`, or `*` counts as
  allowing; conditions that depend on values unknown statically make the finding a note.
- Identity policies seslint could not attach to an identity (an unresolved `identity` reference)
  may belong to the owner's identity, so they turn an error into a note.
- A principal whose account is not pinned literally is not checked: seslint cannot tell whether
  the identity ARN is in another account.

## How unknowns are treated
Accounts are compared only when both are literal; an identity policy seslint could not attach to
an identity, or a condition on an unknown value, turns an error into a note.

## References
- SES Developer Guide, "Overview of sending authorization" (the identity owner authorizes
  delegate senders): https://docs.aws.amazon.com/ses/latest/dg/sending-authorization.html
- SES Developer Guide, "Amazon SES policy anatomy": https://docs.aws.amazon.com/ses/latest/dg/policy-anatomy.html
- IAM User Guide, "Cross-account policy evaluation logic" (both accounts must allow):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_iam_user" "mailer" {
  name = "mailer"
}

resource "aws_iam_user_policy_attachment" "mailer" {
  user       = aws_iam_user.mailer.name
  policy_arn = "arn:aws:iam::111111111111:policy/mail-sender"
}

resource "aws_iam_user_policy" "mailer" {
  user = aws_iam_user.mailer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:222222222222:identity/example.com"
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_iam_user" "mailer" {
  name = "mailer"
}

resource "aws_iam_user_policy_attachment" "mailer" {
  user       = aws_iam_user.mailer.name
  policy_arn = "arn:aws:iam::111111111111:policy/mail-sender"
}

resource "aws_iam_user_policy" "mailer" {
  user = aws_iam_user.mailer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:111111111111:identity/example.com"
    }]
  })
}
)tf";

std::string segment(const policy::ArnPart& p, const std::string& fallback) {
  return p.known && !policy::has_wildcard(p.text) ? p.text : fallback;
}

/// `arn` with every occurrence of the symbol `name` replaced by `value`.
std::string substitute(std::string arn, const std::string& name, const std::string& value) {
  const std::string sym = policy::symbol(name);
  for (auto pos = arn.find(sym); pos != std::string::npos; pos = arn.find(sym, pos + value.size()))
    arn.replace(pos, sym.size(), value);
  return arn;
}

/// The ARN to name in the owner's Principal: the user, or the role (not its session).
std::string principal_for_policy(const analysis::Sender& s, const std::string& request_arn) {
  const auto& e = *s.node->entity;
  if (e.kind != model::EntityKind::Role) return policy::display_symbols(request_arn);
  auto a = policy::parse_arn(request_arn);
  if (!a) return policy::display_symbols(request_arn);
  std::string path = e.path.known && !e.path.text.empty() ? e.path.text : "/";
  if (path.front() != '/') path = "/" + path;
  if (path.back() != '/') path += "/";
  return policy::display_symbols("arn:" + a->partition + ":iam::" + a->account + ":role" + path + e.name.text);
}

std::string statement_label(const model::Statement& st, const model::Policy& p) {
  return "statement " + (st.sid.empty() ? std::string() : "'" + st.sid + "' ") + "of " + p.name;
}

void check(const model::Model&, engine::RuleContext& ctx) {
  const auto& analysis = ctx.analysis();
  const auto& matrix = analysis.matrix;
  const bool unattached_policies = !analysis.graph.identity_policies_unattached.empty();

  for (const auto& sp : matrix.senders) {
    const analysis::Sender& sender = *sp;
    if (sender.account.empty() || sender.principal_arn.empty()) continue;
    std::set<const model::Str*> reported;
    for (const model::Policy* p : sender.policies.identity) {
      for (const auto& st : p->statements) {
        if (st.effect != model::Effect::Allow || st.not_resource) continue;
        std::string action;
        for (const auto& a : sender.actions)
          if (policy::statement_matches_action(st, a) == policy::Tri::Yes) {
            action = a;
            break;
          }
        if (action.empty()) continue;
        for (const auto& r : st.resources) {
          if (reported.count(&r)) continue;
          auto arn = policy::parse_partial_arn(r);
          if (!arn || !arn->service.known || arn->service.text != "ses" || !arn->account.known ||
              policy::has_wildcard(arn->account.text) || !arn->resource.known ||
              arn->resource.text.rfind("identity/", 0) != 0)
            continue;
          const std::string owner = arn->account.text;
          if (owner == sender.account) continue;
          const std::string name = arn->resource.text.substr(9);

          // The principal as the owner account sees it: its literal account, and the partition of
          // the identity ARN (a cross-account request stays inside one partition).
          analysis::Sender who = sender;
          who.principal_arn = substitute(who.principal_arn, "account", sender.account);
          if (arn->partition.known && !policy::has_wildcard(arn->partition.text))
            who.principal_arn = substitute(who.principal_arn, "partition", arn->partition.text);

          // Owner identities declared in the repository: the owner's account and an identity the
          // granted ARN names.
          std::vector<const analysis::Target*> owners;
          for (const auto& t : matrix.targets)
            if (t->account == owner && t->identity->name.known &&
                policy::glob_match(name, t->identity->name.text) &&
                policy::statement_matches_resource(st, t->arn) != policy::Tri::No)
              owners.push_back(t.get());

          if (owners.empty()) {
            reported.insert(&r);
            auto& f = ctx.add(sender.display_name() + " (account " + sender.account + ") may send as '" + name +
                                  "' of account " + owner + ": a cross-account send that SES allows only if the "
                                  "owner's identity has a sending authorization policy naming this principal or "
                                  "its account; the identity is not declared in the scanned files, so make sure "
                                  "the owner of account " + owner + " has one",
                              r.span, r.path);
            f.severity = Severity::Note;
            f.notes.push_back({sender.node->entity->origin.span, "the sending principal " + sender.display_name()});
            f.help = "in account " + owner + ", allow Principal '" + principal_for_policy(sender, who.principal_arn) +
                     "' (or account " + sender.account + ") in the identity's sending authorization policy, and pass "
                     "the identity ARN as SourceArn / FromArn (X-SES-SOURCE-ARN / X-SES-FROM-ARN over SMTP)";
            continue;
          }

          for (const analysis::Target* t : owners) {
            // The ARN SES authorizes: the granted ARN's literal parts, the owner identity's name.
            const std::string resource = "arn:" + segment(arn->partition, t->partition) + ":ses:" +
                                         segment(arn->region, t->region) + ":" + owner + ":identity/" +
                                         t->identity->name.text;
            policy::PolicySet ps = sender.policies;
            ps.resource = t->node->policies;
            policy::FullRequest req = sender.base;
            req.action = action;
            req.resource = resource;
            req.principal_arn = who.principal_arn;
            req.principal_account = sender.account;
            req.resource_account = owner;
            const policy::Evaluation ev = policy::evaluate_request(ps, req);
            const bool owner_denies = ev.decided_by == policy::Stage::ResourcePolicy &&
                                      (ev.decision == policy::Decision::ImplicitDeny ||
                                       ev.decision == policy::Decision::ExplicitDeny);
            const bool unknown = ev.decision == policy::Decision::Unknown;
            if (!owner_denies && !unknown) continue;
            reported.insert(&r);

            std::string msg = sender.display_name() + " (account " + sender.account + ") is allowed to send as '" +
                              t->identity->name.text + "' of account " + owner + ", a cross-account send, but ";
            Severity sev = Severity::Error;
            if (unknown) {
              msg += "seslint cannot tell whether the owner's sending authorization policy allows it (" +
                     ev.unknown_because + ")";
              sev = Severity::Note;
            } else if (ev.decision == policy::Decision::ExplicitDeny) {
              msg += "the owner's sending authorization policy denies it: " +
                     analysis::access_denied_message(who, action, resource);
            } else {
              msg += (t->node->policies.empty() ? std::string("the identity has no sending authorization policy")
                                                : "no sending authorization policy of the identity allows this "
                                                  "principal or its account") +
                     ": " + analysis::access_denied_message(who, action, resource);
              if (unattached_policies) {
                msg += " (unless an identity policy seslint could not attach to its identity belongs to it)";
                sev = Severity::Note;
              }
            }
            auto& f = ctx.add(msg, r.span, r.path);
            f.severity = sev;
            f.notes.push_back({t->identity->name.span, "identity '" + t->identity->name.text + "' of account " +
                                                           owner + " declared here (" + t->identity->resource + ")"});
            for (const model::Policy* ip : t->node->policies) {
              const model::Statement* deny = nullptr;
              for (const auto& step : ev.trace)
                if (step.stage == policy::Stage::ResourcePolicy && step.decision == policy::Decision::ExplicitDeny)
                  for (const auto& reason : step.reasons)
                    if (reason.policy == ip) deny = reason.statement;
              if (deny) f.notes.push_back({deny->span, "denied by " + statement_label(*deny, *ip)});
              else f.notes.push_back({ip->span, "sending authorization policy " + ip->name + " does not allow " +
                                                    policy::display_symbols(who.principal_arn)});
            }
            f.notes.push_back({sender.node->entity->origin.span, "the sending principal " + sender.display_name()});
            f.help = "add a statement to the identity's sending authorization policy (aws_ses_identity_policy / "
                     "aws_sesv2_email_identity_policy) allowing Principal {\"AWS\": \"" +
                     principal_for_policy(sender, who.principal_arn) + "\"} (or account \"" + sender.account +
                     "\") to " + action + " on the identity, and send with the identity ARN as SourceArn / "
                     "FromArn (X-SES-SOURCE-ARN / X-SES-FROM-ARN over SMTP)";
            break;  // one finding per granted ARN
          }
        }
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES013",
                 "cross-account-send-without-authorization",
                 Severity::Error,
                 "A principal may send as an SES identity of another account, which also needs the owner's sending "
                 "authorization policy to allow it",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
