// SES024: a domain identity's sending authorization policy authorizes a delegate, while an
// address (or subdomain) under the domain is verified as its own identity without any policy:
// SES checks the more specific identity's policies, so the delegate's sends from it fail.
#include <algorithm>
#include <cctype>
#include <optional>

#include "analysis/send_matrix.h"
#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/conditions.h"
#include "policy/evaluate.h"
#include "policy/ses_actions.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds sending authorization (identity) policies of a **domain** identity
(`aws_ses_identity_policy`, `aws_sesv2_email_identity_policy`) whose `Allow` statements authorize
a delegate, another AWS account, a principal of another account or an AWS service, to send
(`ses:SendEmail`, `ses:SendRawEmail`, `ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail`,
`ses:Send*`), while an **address** under that domain (`noreply@example.com`, or an address of a
subdomain), or a subdomain, is verified as its own identity in the same deployment and has no
identity policy. (CloudFormation has no resource type for SES identity policies, so only
Terraform declares them.)

## Why it matters
SES authorizes a send against the most specific verified identity ("Creating and verifying
identities"): a send from `noreply@example.com` is checked against
`identity/noreply@example.com` once that address is verified on its own, and its sending
authorization policies are the ones that count. The SES Developer Guide ("Creating a sending
authorization policy") states that policies attached to email address identities take precedence
over those of their domain identities. A delegate authorized only on the domain therefore has no
grant on the address: its sends from that address fail with `554 Access denied: User '...' is not
authorized to perform 'ses:SendRawEmail' on resource 'arn:aws:ses:REGION:OWNER:identity/noreply@example.com'`
(API: `AccessDenied`), while its sends from the domain's other addresses work. (For an address
with no policy at all, the failure follows from that authorization order; the guide's own
examples show an address policy that allows or denies the delegate.)

## Example
```hcl
resource "aws_ses_domain_identity" "zone" { domain = "example.com" }
resource "aws_ses_email_identity" "noreply" { email = "noreply@example.com" }

resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.zone.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.zone.arn
    }]
  })
}
```

## Use instead
Attach a policy for the delegate to the address identity as well (its `Resource` is the
address identity's ARN), or stop verifying the address separately:
```hcl
resource "aws_ses_identity_policy" "delegate_noreply" {
  identity = aws_ses_email_identity.noreply.arn
  name     = "delegate"
  policy   = jsonencode({ ... Resource = aws_ses_email_identity.noreply.arn ... })
}
```

## Notes
Only delegates outside the identity owner's account are reported: principals of the owner's own
account are also authorized by their IAM policies (see SES001 for those). A statement whose
`ses:FromAddress` condition excludes the address is not reported for it. Addresses that have an
identity policy of their own are not checked here (that policy's statements decide).

## How unknowns are treated
The finding is an error when the delegate's account is certainly not the owner's: an AWS service
principal, or an account ID / ARN whose account differs from the identity's known account
(`allowed_account_ids` of the provider, `AWS::AccountId` given as a parameter). When the owner's
account is not known, or the principal is `*` or unresolved, it is a warning that says which
delegate it assumes. Identities whose names are not resolved are not matched.

## References
- SES Developer Guide, "Creating a sending authorization policy" (address identity policies take
  precedence over the domain's): https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-identity-owner-tasks-policy.html
- SES Developer Guide, "Creating and verifying identities" (the most granular verified identity
  applies): https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
- SES Developer Guide, "Using sending authorization with Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/sending-authorization.html
)md";

constexpr std::string_view kBadTf = R"tf(
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_ses_domain_identity" "zone" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "noreply" {
  email = "noreply@example.com"
}

resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.zone.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.zone.arn
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]
}

resource "aws_ses_domain_identity" "zone" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "noreply" {
  email = "noreply@example.com"
}

resource "aws_ses_identity_policy" "delegate" {
  identity = aws_ses_domain_identity.zone.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_domain_identity.zone.arn
    }]
  })
}

resource "aws_ses_identity_policy" "delegate_noreply" {
  identity = aws_ses_email_identity.noreply.arn
  name     = "delegate"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = aws_ses_email_identity.noreply.arn
    }]
  })
}
)tf";

bool twelve_digits(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

/// A delegate named by a Principal entry.
struct Delegate {
  std::string shown;    ///< "account 444455556666", "arn:aws:iam::444455556666:role/x", "service ses.amazonaws.com"
  std::string account;  ///< literal account, "" when not known
  bool service = false;
  bool same_account = false;  ///< certainly the owner's account (a symbol of the deploying scope)
  bool everyone = false;      ///< Principal "*"
  std::string who;            ///< the caller as the access-denied error names it
};

std::optional<Delegate> read_principal(const model::Principal& pr) {
  Delegate d;
  if (pr.type == "*" || (pr.id.known && pr.id.text == "*")) {
    d.everyone = true;
    d.shown = "every principal ('*')";
    d.who = "<the delegate>";
    return d;
  }
  if (pr.type == "Service") {
    d.service = true;
    d.shown = "the service " + (pr.id.known ? pr.id.text : "${" + pr.id.text + "}");
    d.who = "<" + (pr.id.known ? pr.id.text : "${" + pr.id.text + "}") + " on behalf of its caller>";
    return d;
  }
  if (pr.type != "AWS") return std::nullopt;
  if (pr.id.known && twelve_digits(pr.id.text)) {
    d.account = pr.id.text;
    d.shown = "account " + pr.id.text;
    d.who = "arn:aws:iam::" + pr.id.text + ":user/<delegate>";
    return d;
  }
  auto arn = policy::parse_partial_arn(pr.id);
  if (!arn) {
    d.shown = pr.id.known ? "'" + pr.id.text + "'" : "${" + pr.id.text + "}";
    d.who = "<the delegate>";
    return d;
  }
  d.shown = "'" + policy::display_symbols(arn->display()) + "'";
  // An account's root ARN stands for any of its principals; the error names the calling one.
  d.who = arn->resource.known && arn->resource.text == "root"
              ? "arn:" + arn->partition.text + ":iam::" + arn->account.text + ":user/<delegate>"
              : policy::display_symbols(arn->display());
  if (arn->account.known && twelve_digits(arn->account.text)) {
    d.account = arn->account.text;
  } else if (!arn->account.known) {
    std::string what = arn->account.text;
    if (what.rfind("${", 0) == 0 && what.size() > 3 && what.back() == '}') what = what.substr(2, what.size() - 3);
    if (policy::self_symbol(what) == "account") d.same_account = true;
  }
  return d;
}

void check(const model::Model&, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  const model::PrincipalGraph& g = ctx.analysis().graph;
  std::vector<std::string> send_actions;
  for (const auto& a : policy::ses_actions())
    if (a.is_send) send_actions.push_back(policy::qualified(a));
  auto target_of = [&](const model::Identity* id) -> const analysis::Target* {
    for (const auto& t : mx.targets)
      if (t->identity == id) return t.get();
    return nullptr;
  };

  for (const model::IdentityNode& domain : g.identities) {
    const model::Identity* d = domain.identity;
    if (!d || d->type != model::IdentityType::Domain || !d->name.known || domain.policies.empty()) continue;
    // Identities strictly under the domain, verified on their own, with no identity policy.
    std::vector<const model::Identity*> bare;
    for (const model::IdentityNode& n : g.identities) {
      const model::Identity* id = n.identity;
      if (!id || id == d || !id->name.known || !n.policies.empty()) continue;
      if (analysis::deployment_of(*id) != analysis::deployment_of(*d)) continue;
      const std::string dom = id->type == model::IdentityType::Address ? address_domain(id->name.text) : id->name.text;
      if (id->type == model::IdentityType::Unknown || !domain_within(dom, d->name.text)) continue;
      if (id->type == model::IdentityType::Domain && policy::iequals(dom, d->name.text)) continue;
      bare.push_back(id);
    }
    if (bare.empty()) continue;
    const analysis::Target* dt = target_of(d);
    const std::string owner = d->account.known ? d->account.text : (dt && !policy::is_symbol(dt->account) ? dt->account : "");

    for (const model::Policy* p : domain.policies) {
      for (const auto& st : p->statements) {
        if (st.effect != model::Effect::Allow || st.not_principal || st.principals.empty()) continue;
        std::vector<std::string> granted;
        for (const auto& a : send_actions)
          if (policy::statement_matches_action(st, a) == policy::Tri::Yes) granted.push_back(a);
        if (granted.empty()) continue;
        for (const auto& pr : st.principals) {
          auto del = read_principal(pr);
          if (!del || del->same_account) continue;
          if (!del->account.empty() && !owner.empty() && del->account == owner) continue;
          const bool certain = del->service || (!del->account.empty() && !owner.empty());
          for (const model::Identity* id : bare) {
            const bool address = id->type == model::IdentityType::Address;
            if (address && !st.conditions.empty()) {
              // A statement that limits the From address to others does not cover this one anyway.
              policy::RequestContext c;
              c.set_default_unknown(true);
              c.set("ses:FromAddress", {id->name.text});
              if (policy::evaluate_conditions(st, c) == policy::Tri::No) continue;
            }
            const analysis::Target* t = target_of(id);
            std::string request_arn = t ? t->arn : "identity/" + id->name.text;
            // The owner's account, when the deployment pins it, stands in for the account symbol.
            if (const auto sym = request_arn.find(policy::symbol("account")); !owner.empty() && sym != std::string::npos)
              request_arn.replace(sym, policy::symbol("account").size(), owner);
            const std::string arn = policy::display_symbols(request_arn);
            const std::string action =
                std::find(granted.begin(), granted.end(), "ses:SendRawEmail") != granted.end() ? "ses:SendRawEmail"
                                                                                                : granted.front();
            std::string who = del->who;
            std::string msg = "the sending authorization policy of domain '" + d->name.text + "' authorizes " +
                              del->shown + " to send (" + join_list(granted) + "), but '" + id->name.text +
                              "' is verified as its own identity with no identity policy: SES authorizes sends from " +
                              (address ? "it" : "it and its addresses") +
                              " against that identity's policies, not the domain's, so the delegate's sends " +
                              (address ? "from it" : "from its addresses") + " fail: 554 Access denied: User '" + who +
                              "' is not authorized to perform '" + action + "' on resource '" + arn + "'";
            if (!certain)
              msg += " (if " + del->shown + " is outside the owner's account" +
                     (owner.empty() ? ", which the repository does not pin" : "") + ")";
            const source::Span at = pr.id.span.valid() ? pr.id.span : st.span;
            auto& f = ctx.add(msg, at, st.path + ".Principal");
            f.severity = certain ? Severity::Error : Severity::Warning;
            f.notes.push_back({id->name.span.valid() ? id->name.span : id->span,
                               std::string(address ? "address" : "subdomain") + " identity '" + id->name.text +
                                   "' verified here (" + id->resource + "), with no identity policy"});
            f.notes.push_back({p->span, "identity policy " + p->name + " is attached to domain identity '" +
                                            d->name.text + "' (" + d->resource + ") only"});
            f.help = "attach a sending authorization policy for " + del->shown + " to '" + id->name.text +
                     "' as well (its Resource is '" + arn + "'), or stop verifying '" + id->name.text +
                     "' as its own identity";
          }
        }
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES024",
                 "identity-policy-stops-at-domain",
                 Severity::Error,
                 "A domain identity's sending authorization policy authorizes a delegate, but an address under the "
                 "domain is verified on its own without a policy, so the delegate's sends from it fail",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
