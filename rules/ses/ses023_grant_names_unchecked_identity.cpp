// SES023: a send grant names a subdomain or address identity that the deployment does not
// verify, while a parent domain is verified there: SES authorizes sends from that name against
// the nearest verified parent's ARN, which the grant does not cover.
#include <algorithm>

#include "analysis/send_matrix.h"
#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"
#include "policy/ses_actions.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds identity-based `Allow` statements that grant SES send actions (`ses:SendEmail`,
`ses:SendRawEmail`, `ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail`, `ses:SendBulkEmail`,
`ses:Send*`) on an identity ARN naming a **subdomain** (`identity/api.example.com`) or an
**address** (`identity/noreply@api.example.com`) that is not declared as an identity in the
deployment (`aws_ses_domain_identity`, `aws_ses_email_identity`, `aws_sesv2_email_identity`,
`AWS::SES::EmailIdentity`, their data sources), while a parent domain of it (`example.com`) is.

## Why it matters
SES authorizes a send against a *verified* identity. The SES Developer Guide ("Creating and
verifying identities") documents two things that decide which one:
- verifying a domain lets you send from any address of the domain and of its subdomains without
  verifying them one by one;
- when several verified identities share a root (an address, a subdomain, the parent domain),
  the most granular verified one applies: a verified address before its domain, a verified
  subdomain before its parent (`a.b.example.com` before `b.example.com` before `example.com`).

For sending authorization policies the guide ("Creating a sending authorization policy") adds
that an address identity's policies take precedence over its domain identity's. What AWS does not
spell out is that IAM checks the same identity ARN; seslint infers it from the two statements above
and from public incidents (below): a send from `noreply@api.example.com` is authorized against
`identity/noreply@api.example.com` if that address is verified, else against the most specific
verified domain above it: `identity/api.example.com` if that subdomain is verified, else
`identity/example.com`. SES does not go further up from a verified identity (a verified
`api.example.com` is checked as itself, never as `example.com`), and it never checks a name that
is not verified: the grant on it matches no request, and the send fails with `554 Access denied: User '...' is not authorized to perform
'ses:SendRawEmail' on resource 'arn:aws:ses:REGION:ACCOUNT:identity/example.com'` (API:
`AccessDenied` / `AccessDeniedException`). A public project granted `identity/api.<zone>` while
only `<zone>` was verified; the fix granted the parent domain.

## Example
```hcl
resource "aws_ses_domain_identity" "zone" {
  domain = "example.com"
}

resource "aws_iam_role_policy" "api" {
  role = aws_iam_role.api.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/api.example.com"
    }]
  })
}
```

## Use instead
Grant the identity SES checks, the verified parent (optionally restricting the From address
with `ses:FromAddress`):
```hcl
      Resource  = aws_ses_domain_identity.zone.arn
      Condition = { StringLike = { "ses:FromAddress" = "*@api.example.com" } }
```
or verify `api.example.com` as its own identity, if it should have its own settings (DKIM,
configuration set, sending authorization).

## Notes
The verdict is about the deployment (a Terraform root module with its modules, or one
CloudFormation stack): seslint assumes it declares the identities it sends from. Only grants
whose principal cannot send as the parent identity through any other statement are reported (a
leftover entry next to a grant on the parent is harmless). The statement's Region and account
must be those of the parent identity where both are known.

## How unknowns are treated
The finding is an error when the name in the grant, the parent identity and the decision are
certain. When an identity of the deployment has a name seslint cannot resolve, that identity might
be the granted name, so the finding is a note naming what would decide it; so is a send whose
decision depends on unresolved values or conditions. Grants whose identity name is unresolved
or has a wildcard are not checked.

## References
- SES Developer Guide, "Creating and verifying identities" (a verified domain covers its
  subdomains and addresses; the most granular verified identity applies):
  https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
- SES Developer Guide, "Creating a sending authorization policy" (address identity policies take
  precedence over the domain's): https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-identity-owner-tasks-policy.html
- SES Developer Guide, "Identity and access management in Amazon SES" (send actions are
  authorized on the identity ARN): https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  identity resource type, `identity/${IdentityName}`):
  https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
)md";

constexpr std::string_view kBadTf = R"tf(
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ses_domain_identity" "zone" {
  domain = "example.com"
}

resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "api" {
  role = aws_iam_role.api.name
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/api.example.com"
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ses_domain_identity" "zone" {
  domain = "example.com"
}

resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "api" {
  role = aws_iam_role.api.name
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = aws_ses_domain_identity.zone.arn
    }]
  })
}
)tf";

constexpr std::string_view kBadCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Zone:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
  Mailer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendRawEmail
                Resource: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/alerts@api.example.com
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Zone:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
  Mailer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendRawEmail
                Resource: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
)yaml";

bool holds(const std::vector<const model::Policy*>& ps, const model::Policy& p) {
  return std::find(ps.begin(), ps.end(), &p) != ps.end();
}

/// The most specific domain identity of `ids` strictly above `name` (a domain or an address):
/// the identity SES authorizes a send from `name` against when `name` itself is not verified.
const model::Identity* nearest_verified_parent(const std::vector<const model::Identity*>& ids, const std::string& name) {
  const bool address = name.find('@') != std::string::npos;
  const std::string domain = address ? address_domain(name) : name;
  const model::Identity* best = nullptr;
  for (const model::Identity* id : ids) {
    if (id->type != model::IdentityType::Domain) continue;
    if (!domain_within(domain, id->name.text)) continue;
    if (!address && policy::iequals(domain, id->name.text)) continue;  // the name itself
    if (!best || id->name.text.size() > best->name.text.size()) best = id;
  }
  return best;
}

/// Same-deployment literal segments must agree (a grant in another Region is a different identity).
bool same_place(const policy::PartialArn& grant, const model::Identity& parent) {
  auto differ = [](const policy::ArnPart& a, const model::Str& b) {
    return a.known && b.known && !b.text.empty() && !policy::has_wildcard(a.text) && a.text != b.text;
  };
  return !differ(grant.region, parent.region) && !differ(grant.account, parent.account) &&
         !differ(grant.partition, parent.partition);
}

struct Outcome {
  std::vector<std::string> denied_actions;
  std::string error;                      ///< the AWS error of the first denied send
  const analysis::Sender* who = nullptr;  ///< its sender (nullptr: the policy judged alone)
  std::vector<std::string> others;        ///< further senders denied
  bool maybe = false;                     ///< a decision depends on unknown values
};

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  std::vector<std::string> send_actions;
  for (const auto& a : policy::ses_actions())
    if (a.is_send) send_actions.push_back(policy::qualified(a));

  for (const model::Policy* p : identity_policies(m)) {
    const std::string deployment = analysis::deployment_of(*p);
    if (deployment.empty()) continue;  // a raw policy file has no deployment identities
    std::vector<const model::Identity*> known;
    std::vector<std::string> unresolved;
    for (const auto& id : m.identities) {
      if (analysis::deployment_of(id) != deployment) continue;
      if (id.name.known) known.push_back(&id);
      else add_unique(unresolved, id.name.text);
    }
    if (known.empty()) continue;
    std::vector<const analysis::Sender*> senders;
    for (const auto& s : mx.senders)
      if (holds(s->policies.identity, *p)) senders.push_back(s.get());

    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || st.not_resource) continue;
      std::vector<std::string> granted;
      for (const auto& a : send_actions)
        if (policy::statement_matches_action(st, a) == policy::Tri::Yes) granted.push_back(a);
      if (granted.empty()) continue;
      for (const auto& r : st.resources) {
        auto arn = policy::parse_partial_arn(r);
        if (!arn || !arn->service.known || arn->service.text != "ses" || !arn->resource.known ||
            arn->resource.text.rfind("identity/", 0) != 0)
          continue;
        const std::string name = arn->resource.text.substr(9);
        if (name.empty() || policy::has_wildcard(name)) continue;
        const bool verified = std::any_of(known.begin(), known.end(), [&](const model::Identity* id) {
          return policy::iequals(id->name.text, name);
        });
        if (verified) continue;
        const model::Identity* parent = nearest_verified_parent(known, name);
        if (!parent || !same_place(*arn, *parent)) continue;
        const analysis::Target* target = nullptr;
        for (const auto& t : mx.targets)
          if (t->identity == parent) target = t.get();
        if (!target) continue;

        Outcome out;
        auto denied = [&](const std::string& action, const std::string& error, const analysis::Sender* s) {
          add_unique(out.denied_actions, action);
          if (out.error.empty()) {
            out.error = error;
            out.who = s;
          } else if (s && s != out.who) {
            add_unique(out.others, s->display_name());
          }
        };
        if (senders.empty()) {
          for (const auto& action : granted) {
            const auto res = policy::evaluate({p}, policy::Request{action, target->arn});
            if (res.decision == policy::Decision::ImplicitDeny)
              denied(action, access_denied_text(*p, action, policy::display_symbols(target->arn), "", &m), nullptr);
            else if (res.decision == policy::Decision::Unknown)
              out.maybe = true;
          }
        } else {
          for (const analysis::Sender* s : senders)
            for (const auto& action : s->actions) {
              if (std::find(granted.begin(), granted.end(), action) == granted.end()) continue;
              const analysis::Cell* c = mx.find(*s, *target, action);
              if (!c) continue;
              const auto* failing = c->eval.failing();
              if (!failing) continue;  // allowed: another grant covers the parent
              if (failing->kind != "identity") continue;  // fails elsewhere (configuration set, template)
              if (failing->evaluation.decision == policy::Decision::Unknown) {
                out.maybe = true;
                continue;
              }
              if (failing->evaluation.decision != policy::Decision::ImplicitDeny) continue;  // an explicit Deny: SES010
              denied(action,
                     display_arn(analysis::access_denied_message(*s, action, failing->resource), "name"), s);
            }
        }
        if (out.denied_actions.empty() && !out.maybe) continue;

        const bool address = name.find('@') != std::string::npos;
        const std::string& parent_name = parent->name.text;
        std::string msg = join_list(out.denied_actions.empty() ? granted : out.denied_actions) +
                          (out.denied_actions.size() == 1 || (out.denied_actions.empty() && granted.size() == 1)
                               ? " is"
                               : " are") +
                          " allowed on identity '" + name + "', which is not verified in this deployment, while " +
                          (!address                                              ? "its parent domain"
                           : policy::iequals(address_domain(name), parent->name.text) ? "its domain"
                                                                                 : "a parent domain of its domain") + " '" + parent_name +
                          "' is: SES authorizes sends from " + (address ? "'" + name + "'" : "'" + name + "' and its addresses") +
                          " against the nearest verified identity, '" + parent_name +
                          "', so this grant never matches";
        Severity sev = Severity::Error;
        if (!unresolved.empty()) {
          msg += ", unless the identity whose name depends on " + join_list(unresolved) + " is '" + name + "'";
          sev = Severity::Note;
        }
        if (!out.denied_actions.empty()) {
          msg += "; sending fails: " + out.error;
        } else {
          msg += "; whether the principal may send as '" + parent_name + "' otherwise depends on values seslint cannot resolve";
          sev = Severity::Note;
        }
        auto& f = ctx.add(msg, r.span, r.path);
        f.severity = sev;
        f.notes.push_back({parent->name.span.valid() ? parent->name.span : parent->span,
                           "parent domain identity '" + parent_name + "' verified here (" + parent->resource + ")"});
        f.notes.push_back({st.span, policy::statement_label(*p, st)});
        if (out.who)
          f.notes.push_back({out.who->node->entity->origin.span,
                             "used by " + out.who->display_name() +
                                 (out.others.empty() ? "" : " (and " + join_list(out.others) + ")")});
        f.help = "grant '" + policy::display_symbols(target->arn) +
                 "', the verified identity SES checks (restrict the From address with ses:FromAddress if needed), "
                 "or verify '" + name + "' as its own identity";
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES023",
                 "grant-names-unchecked-identity",
                 Severity::Error,
                 "A send grant names a subdomain or address identity the deployment does not verify while its "
                 "parent domain is verified, so SES checks the parent's ARN and the grant never matches",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
