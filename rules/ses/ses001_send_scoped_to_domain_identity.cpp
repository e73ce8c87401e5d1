// SES001: send actions scoped to a domain identity while an address under it is verified on
// its own. SES then authorizes the address identity's ARN, which the policy does not cover.
#include <algorithm>
#include <map>
#include <set>

#include "analysis/send_matrix.h"
#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"
#include "policy/ses_actions.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds identity-based policies that allow SES send actions (`ses:SendEmail`, `ses:SendRawEmail`,
`ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail`, `ses:SendBulkEmail`, or a wildcard such as
`ses:Send*`) on a **domain** identity ARN (`identity/example.com`) while an **email address** under
that domain (`noreply@example.com`, or an address in a subdomain) is verified as its own identity in
the same repository (`aws_ses_email_identity`, `aws_sesv2_email_identity`, `AWS::SES::EmailIdentity`).

## Why it matters
When an address is verified on its own, SES authorizes a send from it against the address
identity's ARN (`identity/noreply@example.com`), not the domain's: the most specific verified
identity wins. A policy naming only `identity/example.com` then fails every send from that address
with `554 Access denied: User '...' is not authorized to perform 'ses:SendRawEmail' on resource
'arn:aws:ses:REGION:ACCOUNT:identity/noreply@example.com'` (API: `AccessDenied` /
`AccessDeniedException`). The policy worked until someone verified the address, which makes the
outage look unrelated to IAM.

## Example
```hcl
resource "aws_ses_domain_identity" "d" { domain = "example.com" }
resource "aws_ses_email_identity" "noreply" { email = "noreply@example.com" }

resource "aws_iam_policy" "send" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
```

## Use instead
Also allow the address identity, or every identity of the domain:
```hcl
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com",
      ]
```
(`identity/*@example.com` covers all separately verified addresses of the domain.)

## Notes
A policy attached to users or roles in the repository is judged per principal, on all of its
identity-based policies (inline, attached, through groups): another policy of the same principal
that allows the address clears the finding, and the message quotes that principal's ARN. A policy
attached to no principal in the repository is judged on its own. Whether the principal actually
sends from that address is not known statically; the rule assumes a principal that can send as the
domain is meant to send from its addresses. Statements with conditions, and values seslint cannot resolve, never raise this
error (they are reported as unknown instead).

## How unknowns are treated
The finding is an error only when the address identity and the domain grant are both known for
certain. When the domain's name is unknown (`domain = var.domain` without a value) whether the
address lies under it depends on that value, so the finding is a note naming what would decide it;
statements with conditions are never reported as errors. Values built from the deploying scope's
own partition, Region and account (`data.aws_partition`, `data.aws_caller_identity`, the provider
Region, `${AWS::AccountId}`, ...) are matched symbolically and count as known.

## References
- SES Developer Guide, "Creating and verifying identities" (an address verified on its own is a
  separate identity, and SES authorizes the most specific verified identity):
  https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
- SES Developer Guide, "Identity and access management in Amazon SES" (send actions are
  authorized on the identity ARN): https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "noreply" {
  email = "noreply@example.com"
}

resource "aws_iam_policy" "send" {
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "noreply" {
  email = "noreply@example.com"
}

resource "aws_iam_policy" "send" {
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com",
      ]
    }]
  })
}
)tf";

constexpr std::string_view kBadCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Address:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: alerts@mail.example.com
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ses:Send*
            Resource: arn:aws:ses:us-east-1:123456789012:identity/example.com
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Address:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: alerts@mail.example.com
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ses:Send*
            Resource:
              - arn:aws:ses:us-east-1:123456789012:identity/example.com
              - arn:aws:ses:us-east-1:123456789012:identity/*@mail.example.com
)yaml";

struct Grant {
  const model::Statement* statement;
  const model::Str* resource;
  policy::PartialArn arn;
  std::string domain;  ///< the literal domain, or "${var.domain}" when `unknown_domain`
  bool unknown_domain = false;  ///< identity/${...}: whether an address lies under it depends on the value
};

/// The policy without one Resource entry (the grant on a domain of unknown name), to ask whether
/// the rest of the policy allows an address for certain.
model::Policy without_resource(const model::Policy& p, const Grant& g) {
  model::Policy copy = p;
  for (std::size_t i = 0; i < p.statements.size(); ++i) {
    if (&p.statements[i] != g.statement) continue;
    auto& rs = copy.statements[i].resources;
    const auto at = static_cast<std::size_t>(g.resource - p.statements[i].resources.data());
    if (at < rs.size()) rs.erase(rs.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return copy;
}

// Stands for an unresolved ARN part in a request: no policy literal contains it, so it matches
// only wildcard segments.
constexpr char kUnknownMark = '\x01';

/// The ARN of the address identity next to the granted domain ARN: for the request (unknown
/// parts as kUnknownMark) and for messages (unknown parts as ${...}).
std::pair<std::string, std::string> address_arn(const policy::PartialArn& domain_arn, const std::string& address) {
  auto req = [](const policy::ArnPart& p) { return p.known ? p.text : std::string(1, kUnknownMark); };
  std::string tail = ":identity/" + address;
  std::string request = "arn:" + req(domain_arn.partition) + ":" + req(domain_arn.service) + ":" + req(domain_arn.region) +
                        ":" + req(domain_arn.account) + tail;
  std::string shown = "arn:" + domain_arn.partition.text + ":" + domain_arn.service.text + ":" + domain_arn.region.text +
                      ":" + domain_arn.account.text + tail;
  return {request, shown};
}

/// True when the policy has an Allow statement granting `action` whose resource segment could
/// name the address identity once its unknown pieces are known (then the finding is not certain).
bool maybe_granted_elsewhere(const model::Policy& p, const std::string& action, const std::string& address_resource) {
  for (const auto& st : p.statements) {
    if (st.effect != model::Effect::Allow || st.not_resource) continue;
    if (policy::statement_matches_action(st, action) == policy::Tri::No) continue;
    for (const auto& r : st.resources) {
      if (r.known || r.parts.empty()) continue;  // known ones were evaluated exactly
      auto arn = policy::parse_arn(policy::permissive_pattern(r));
      if (!arn || policy::glob_match(arn->resource, address_resource)) return true;
    }
  }
  return false;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  std::vector<const model::Identity*> addresses;
  for (const auto& id : m.identities)
    if (id.type == model::IdentityType::Address && id.name.known) addresses.push_back(&id);
  if (addresses.empty()) return;

  std::vector<const policy::SesAction*> send_actions;
  for (const auto& a : policy::ses_actions())
    if (a.is_send) send_actions.push_back(&a);

  std::set<std::string> unknown_domains;  // descriptions of domain identity names not resolved
  for (const auto& id : m.identities)
    if (id.type == model::IdentityType::Domain && !id.name.known) unknown_domains.insert(id.name.text);

  const auto& graph = ctx.analysis().graph;
  for (const model::Policy* p : identity_policies(m)) {
    // Allow statements that grant a send action on a domain identity ARN whose resource part
    // is literal (partition, region and account may be unresolved).
    std::vector<Grant> grants;
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || st.not_resource || !st.conditions.empty() || st.conditions_unknown)
        continue;
      for (const auto& r : st.resources) {
        auto arn = policy::parse_partial_arn(r);
        if (!arn || !arn->service.known || arn->service.text != "ses" || arn->resource.text.rfind("identity/", 0) != 0)
          continue;
        std::string domain = arn->resource.text.substr(9);
        if (!arn->resource.known) {
          // identity/${var.domain}: the whole name is one unknown; a domain identity resource
          // (aws_ses_domain_identity / its data source) names a domain, never an address.
          const bool one_unknown = domain.size() > 3 && domain.rfind("${", 0) == 0 && domain.back() == '}' &&
                                   domain.find("${", 2) == std::string::npos;
          // Only when the unknown is the name of a domain identity of the repository (its ARN, or
          // the same variable): an arbitrary identity/${var.x} may name an address.
          if (one_unknown && unknown_domains.count(domain.substr(2, domain.size() - 3)))
            grants.push_back(Grant{&st, &r, *arn, domain, true});
          continue;
        }
        if (domain.empty() || policy::has_wildcard(domain) || domain.find('@') != std::string::npos) continue;
        grants.push_back(Grant{&st, &r, *arn, domain});
      }
    }
    if (grants.empty()) continue;
    // The principals using this policy: each is judged on all its identity-based policies, so a
    // second policy of the same user that allows the address clears the finding.
    const auto users = analysis::principals_using(graph, *p);
    const std::string deployment = analysis::deployment_of(*p);
    for (const Grant& g : grants) {
      // The rest of the policy, for grants whose domain is unknown (see without_resource).
      const model::Policy rest = g.unknown_domain ? without_resource(*p, g) : model::Policy{};
      for (const model::Identity* id : addresses) {
        if (!g.unknown_domain && !domain_within(address_domain(id->name.text), g.domain)) continue;
        // Only addresses of the policy's own deployment, unless a literal ARN names the domain.
        if (!deployment.empty() && !g.arn.fully_known() && analysis::deployment_of(*id) != deployment) continue;
        const auto addr_arns = address_arn(g.arn, id->name.text);
        const std::string& addr_request = addr_arns.first;  // named: clang 14 cannot capture bindings
        const std::string& addr = addr_arns.second;
        const std::string addr_resource = "identity/" + id->name.text;
        std::vector<std::string> denied;
        const model::PrincipalNode* who = nullptr;  // the first principal that is denied
        std::vector<std::string> others;
        for (const policy::SesAction* a : send_actions) {
          const std::string action = policy::qualified(*a);
          // Only actions this statement grants on the domain identity.
          if (policy::statement_matches_action(*g.statement, action) != policy::Tri::Yes) continue;
          auto denies = [&](std::vector<const model::Policy*> set) {
            if (g.unknown_domain) std::replace(set.begin(), set.end(), p, &rest);
            auto res = policy::evaluate(set, policy::Request{action, addr_request});
            if (res.decision != policy::Decision::ImplicitDeny) return false;
            for (const model::Policy* q : set)
              if (!g.arn.fully_known() && maybe_granted_elsewhere(*q, action, addr_resource)) return false;
            return true;
          };
          bool any = false;
          if (users.empty()) {
            any = denies({p});
          } else {
            for (const model::PrincipalNode* u : users) {
              if (u->has_unresolved() || !denies(u->identity_policies())) continue;
              any = true;
              if (!who) who = u;
              else if (u != who && std::find(others.begin(), others.end(), model::resource_address(u->entity->origin)) == others.end())
                others.push_back(model::resource_address(u->entity->origin));
            }
          }
          if (any) denied.push_back(action);
        }
        if (denied.empty()) continue;
        std::string first = denied.size() > 1 && std::find(denied.begin(), denied.end(), "ses:SendRawEmail") != denied.end()
                                ? "ses:SendRawEmail"
                                : denied.front();
        const std::string error =
            who ? analysis::access_denied_message(*who, first, addr, g.arn.partition.known ? g.arn.partition.text : "",
                                                  g.arn.account.known ? g.arn.account.text : "")
                : access_denied_text(*p, first, addr, "", &m);
        const std::string granted =
            join_list(denied) + (denied.size() == 1 ? " is" : " are") + " allowed on domain identity '" + g.domain + "' only";
        auto& f = ctx.add(g.unknown_domain
                              ? granted + "; whether '" + id->name.text + "' lies under it depends on " +
                                    g.domain.substr(2, g.domain.size() - 3) + ": if it is '" +
                                    address_domain(id->name.text) + "' (or a parent domain), SES checks the address " +
                                    "identity, which is verified separately, and sending from it fails: " + error
                              : granted + ", but '" + id->name.text +
                                    "' is verified as its own identity, so SES checks the address identity ARN and "
                                    "sending from it fails: " +
                                    error,
                          g.resource->span, g.resource->path);
        if (g.unknown_domain) f.severity = Severity::Note;
        f.notes.push_back({id->name.span, "address identity '" + id->name.text + "' verified here (" +
                                              id->resource + ")"});
        // Point at the Action entry that grants the first denied action.
        const model::Str* granting = nullptr;
        for (const auto& a : g.statement->actions)
          if (a.known && policy::action_matches(a.text, first)) {
            granting = &a;
            break;
          }
        if (granting && !g.statement->not_action)
          f.notes.push_back({granting->span, "'" + granting->text + "' grants " + first + " here"});
        else
          f.notes.push_back({g.statement->span, "statement granting the send actions"});
        if (who)
          f.notes.push_back({who->entity->origin.span, "used by " + model::resource_address(who->entity->origin) +
                                                           (others.empty() ? "" : " (and " + join_list(others) + ")")});
        f.help = "add '" + addr + "' (or 'identity/*@" + address_domain(id->name.text) +
                 "') to the statement's Resource";
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES001",
                 "send-scoped-to-domain-identity",
                 Severity::Error,
                 "Send actions are allowed on a domain identity only, but an address under it is verified "
                 "separately, so SES checks the address identity and denies the send",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
