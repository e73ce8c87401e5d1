// SES010: a send the repository grants (the sender's identity-based policies allow it) that an
// explicit Deny blocks: in an identity-based policy, the permissions boundary, an SCP, or the SES
// identity policy of the identity. Built on the send matrix.
#include <algorithm>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"

namespace seslint::rules {
namespace {

using analysis::Cell;
using analysis::Sender;
using analysis::Target;
using policy::Stage;
using policy::Tri;

constexpr std::string_view kDocs = R"md(
## What it does
For every principal that sends mail (an IAM user with SMTP credentials, or a user or role whose
identity-based policies allow an SES send action) and every SES identity in the repository, finds
sends that the principal's identity-based policies **allow** but an explicit `Deny` statement
**blocks**. The Deny may sit in any policy IAM evaluates for the request:

- an identity-based policy of the principal (inline, attached, or through a group),
- its permissions boundary,
- a service control policy (SCP) attached to a root, OU or account in the repository, including
  Region guards (`StringNotEquals` on `aws:RequestedRegion`, usually with `NotAction`): the
  identity's Region is the Region the send is made in,
- the SES identity (sending authorization) policy attached to the identity.

The Deny also counts when it matches only another resource the send is authorized on: the
identity's default configuration set, or the template of a templated send.

## Why it matters
An explicit Deny wins over every Allow. The send fails with `554 Access denied: User '...' is not
authorized to perform 'ses:SendRawEmail' on resource '...'` (API: `AccessDenied` /
`AccessDeniedException`) although the IAM policies of the sender grant it, so the failure looks
like a missing permission in the place that already has it.

## Example
```hcl
resource "aws_sesv2_email_identity" "main" {
  email_identity = "example.com"
  region         = "us-east-1"
}

resource "aws_iam_user" "smtp" { name = "smtp" }
resource "aws_iam_access_key" "smtp" { user = aws_iam_user.smtp.name }
output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive = true
}

resource "aws_iam_user_policy" "send" {
  user = aws_iam_user.smtp.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = aws_sesv2_email_identity.main.arn
    }]
  })
}

resource "aws_organizations_policy" "regions" {
  name = "eu-only"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:*", "organizations:*", "sts:*"]
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:RequestedRegion" = ["eu-west-1"] } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.regions.id
  target_id = "r-ab12"
}
```
The identity is in us-east-1, a Region the SCP denies.

## Use instead
Verify the identity (and send) in an allowed Region, or let the guard exempt the send:
```hcl
      Condition = { StringNotEquals = { "aws:RequestedRegion" = ["eu-west-1", "us-east-1"] } }
```
For a Deny in an identity-based policy, boundary or SES identity policy, narrow its `Action`,
`Resource` or `Condition` so it no longer matches the send, or stop granting a send that is not
wanted.

## Notes
- Deliberate guards are not reported. When the sender's Allow is broad (`Resource: "*"` or
  `identity/*`) and the Deny picks identities or principals (`NotResource`, specific identity ARNs,
  `Principal`/`NotPrincipal`, or conditions on `ses:FromAddress`, `aws:PrincipalArn`,
  `aws:username`, `aws:userid`), the Deny is taken to be the intended restriction. It is reported
  when the Allow names the identity itself, when the Deny matches only the configuration set or
  template of an identity it spares, and when it blocks an address or subdomain identity under a
  domain identity it spares (SES checks the most specific verified identity).
- A Deny whose match depends on a value seslint cannot resolve (an unknown Region, an unresolved
  ARN or condition value) is reported as a note. Conditions on request values that only exist at
  send time (`aws:SourceIp`, `aws:SecureTransport`, ...) are not reported.
- The message quotes the error in the form SES is observed to return for the SMTP interface and
  the v1 API, which names no policy type. APIs that use IAM's newer wording end the same error with
  `with an explicit deny in a service control policy` (or `identity-based policy`,
  `permissions boundary`, `resource-based policy`); the finding names that policy type too.
- The organization tree is not in the repository: an SCP attached to any root, OU or account in the
  repository is assumed to apply to every principal.

## How unknowns are treated
An error when the Deny applies for every value of the unknowns; a note when its match depends on a
value seslint cannot resolve (an unknown Region, an unresolved ARN or condition value), saying
which. Values built from the deploying scope's own partition, Region and account
(`data.aws_partition`, `data.aws_caller_identity`, the provider Region, `${AWS::AccountId}`, ...)
are matched symbolically and count as known.

## References
- IAM User Guide, "Policy evaluation logic" (an explicit Deny in any policy wins):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
- SES Developer Guide, "Amazon SES policy anatomy" (sending authorization policies):
  https://docs.aws.amazon.com/ses/latest/dg/policy-anatomy.html
- IAM User Guide, "AWS global condition context keys" (`aws:RequestedRegion`):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- IAM User Guide, "Troubleshoot access denied error messages" (explicit-deny wording):
  https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_role" "app" {
  name = "app"
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ses:SendEmail", "ses:SendRawEmail"]
        Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
      },
      {
        Effect   = "Deny"
        Action   = "ses:*"
        Resource = "*"
      }
    ]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_role" "app" {
  name = "app"
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ses:SendEmail", "ses:SendRawEmail"]
        Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
      },
      {
        Effect   = "Deny"
        Action   = ["ses:DeleteIdentity", "ses:PutIdentityPolicy"]
        Resource = "*"
      }
    ]
  })
}
)tf";

constexpr std::string_view kBadCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Identity:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
  Sender:
    Type: AWS::IAM::Role
    Properties:
      RoleName: sender
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendEmail
                Resource: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
      PermissionsBoundary: !Ref Boundary
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
          - Effect: Deny
            Action: ses:Send*
            Resource: "*"
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Identity:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
  Sender:
    Type: AWS::IAM::Role
    Properties:
      RoleName: sender
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendEmail
                Resource: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
      PermissionsBoundary: !Ref Boundary
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
          - Effect: Deny
            Action: iam:*
            Resource: "*"
)yaml";

/// One Deny statement of the policies IAM evaluates for a request.
struct Deny {
  const model::Policy* policy = nullptr;
  const model::Statement* statement = nullptr;
  Stage stage = Stage::IdentityPolicy;
};

bool operator==(const Deny& a, const Deny& b) { return a.statement == b.statement && a.stage == b.stage; }

/// Every Deny statement among the policies that apply to the sender's request on `resource`
/// (SES identity policies only for the identity ARN itself).
std::vector<Deny> deny_statements(const Sender& s, const Target& t, bool identity_resource) {
  std::vector<Deny> out;
  auto add = [&](const std::vector<const model::Policy*>& policies, Stage stage) {
    for (const model::Policy* p : policies) {
      if (!p || !p->resolved) continue;
      for (const auto& st : p->statements)
        if (st.effect == model::Effect::Deny) out.push_back(Deny{p, &st, stage});
    }
  };
  for (const auto& level : s.policies.scp_levels) add(level, Stage::ServiceControl);
  if (identity_resource) add(t.node->policies, Stage::ResourcePolicy);
  add(s.policies.identity, Stage::IdentityPolicy);
  if (s.policies.has_boundary) add(s.policies.boundary, Stage::Boundary);
  return out;
}

Tri deny_applies(const Deny& d, policy::FullRequest req, const std::string& resource, std::string* why = nullptr) {
  req.resource = resource;
  return policy::statement_applies(*d.statement, req, d.stage == Stage::ResourcePolicy, why);
}

/// The Allow statements of the sender's identity-based policies that grant the request.
std::vector<policy::Reason> identity_allows(const Sender& s, policy::FullRequest req, const std::string& resource) {
  req.resource = resource;
  std::vector<policy::Reason> out;
  for (const model::Policy* p : s.policies.identity) {
    if (!p->resolved) continue;
    for (const auto& st : p->statements)
      if (st.effect == model::Effect::Allow && policy::statement_applies(st, req, false) == Tri::Yes)
        out.push_back(policy::Reason{p, &st, Tri::Yes});
  }
  return out;
}

bool broad_resource(const model::Str& r) {
  const std::string pattern = policy::permissive_pattern(r);
  if (pattern == "*") return true;
  auto arn = policy::parse_arn(pattern);
  return arn && (arn->resource == "*" || arn->resource == "identity/*" || arn->resource == "*/*");
}

/// An Allow that names this identity (not only through "*" / "identity/*" / NotResource).
bool grants_specifically(const std::vector<policy::Reason>& allows, const std::string& identity_arn) {
  for (const auto& a : allows) {
    const model::Statement& st = *a.statement;
    if (st.not_resource) continue;
    for (const auto& r : st.resources) {
      if (broad_resource(r)) continue;
      model::Statement one;
      one.has_resource = true;
      one.resources = {r};
      if (policy::statement_matches_resource(one, identity_arn) == Tri::Yes) return true;
    }
  }
  return false;
}

bool is_selector_key(const std::string& key) {
  for (const char* k : {"ses:FromAddress", "aws:PrincipalArn", "aws:username", "aws:userid"})
    if (policy::iequals(key, k)) return true;
  return false;
}

/// A Deny written to pick identities or principals (a guard), rather than one that catches the
/// send as a side effect (a Region guard, a blanket ban of an action).
bool selects_identities_or_principals(const model::Statement& st) {
  if (st.not_resource || st.not_principal) return true;
  for (const auto& r : st.resources) {
    if (broad_resource(r)) continue;
    auto arn = policy::parse_arn(policy::permissive_pattern(r));
    if (arn && arn->resource.rfind("identity/", 0) == 0) return true;
  }
  for (const auto& p : st.principals)
    if (p.type != "*" && !(p.id.known && p.id.text == "*")) return true;
  for (const auto& c : st.conditions)
    if (is_selector_key(c.key)) return true;
  return false;
}

bool has_region_condition(const model::Statement& st) {
  for (const auto& c : st.conditions)
    if (policy::iequals(c.key, "aws:RequestedRegion")) return true;
  return false;
}

/// A target the sender's same action reaches through a domain identity above `t` that the Deny
/// spares: SES then checks the more specific identity, which the guard was not meant to block.
bool spared_parent(const analysis::SendMatrix& m, const Cell& c, const Deny& d) {
  const auto& name = c.target->identity->name;
  if (!name.known) return false;
  for (const auto& t : m.targets) {
    const auto& parent = t->identity->name;
    if (t.get() == c.target || !parent.known || t->identity->type != model::IdentityType::Domain) continue;
    if (!domain_within(name.text.find('@') == std::string::npos ? name.text : address_domain(name.text), parent.text))
      continue;
    if (name.text == parent.text) continue;
    const policy::FullRequest req = analysis::cell_request(*c.sender, *t, c.action);
    if (deny_applies(d, req, t->arn) == Tri::No) return true;
  }
  return false;
}

/// Is a value the repository could pin behind the unknown match (rather than a request value
/// that exists only at send time)?
bool unknown_from_repository(const model::Statement& st, const Target& t) {
  if (st.conditions_unknown) return true;
  for (const auto* list : {&st.actions, &st.resources})
    for (const auto& s : *list)
      if (!s.known) return true;
  for (const auto& c : st.conditions) {
    for (const auto& v : c.values)
      if (!v.known) return true;
    if (policy::iequals(c.key, "aws:RequestedRegion") && policy::is_symbol(t.region)) return true;
  }
  return false;
}

struct Block {
  const Cell* cell = nullptr;
  const policy::ResourceEvaluation* resource = nullptr;
  std::vector<policy::Reason> allows;
  std::string why;  ///< for unknown matches
};

struct Group {
  const Sender* sender = nullptr;
  Deny deny;
  bool certain = true;
  std::vector<Block> blocks;
};

const char* stage_phrase(Stage s) {
  switch (s) {
    case Stage::ServiceControl: return "a service control policy";
    case Stage::ResourcePolicy: return "a resource-based policy";
    case Stage::Boundary: return "a permissions boundary";
    case Stage::SessionPolicy: return "a session policy";
    default: return "an identity-based policy";
  }
}

/// Notes on how the Deny's policy reaches the sender.
void add_reach_notes(engine::Finding& f, const Group& g) {
  const model::PrincipalNode& node = *g.sender->node;
  const model::Policy* p = g.deny.policy;
  switch (g.deny.stage) {
    case Stage::IdentityPolicy:
      for (const auto& a : node.policies)
        if (a.policy == p) add_trace_notes(f, a);
      break;
    case Stage::Boundary:
      add_trace_notes(f, node.boundary);
      break;
    case Stage::ServiceControl:
      for (const auto& l : node.scps)
        if (l.policy == p && l.attachment)
          f.notes.push_back({l.target.span.valid() ? l.target.span : l.attachment->origin.span,
                             "SCP " + p->name + " is attached to " +
                                 model::scp_target_type_name(l.target_type) + " '" + l.target.text + "' (" +
                                 l.attachment->origin.resource + "); seslint assumes it applies to " +
                                 g.sender->display_name()});
      break;
    case Stage::ResourcePolicy:
      f.notes.push_back({p->identity.value.span, "SES identity policy " + p->name + " is attached to this identity"});
      break;
    default:
      break;
  }
}

void report(engine::RuleContext& ctx, const Group& g) {
  std::vector<const Cell*> cells;
  for (const auto& b : g.blocks) cells.push_back(b.cell);
  const std::size_t rep = representative(cells);
  const Block& first = g.blocks[rep];
  const Sender& s = *g.sender;
  const model::Statement& st = *g.deny.statement;
  const std::string sends = describe_sends(cells);
  const bool plural = cells.size() > 1;
  const std::string where = std::string(stage_phrase(g.deny.stage)) + " (" +
                            (g.deny.stage == Stage::ResourcePolicy ? "SES identity policy " : "") + g.deny.policy->name +
                            ")";
  const std::string error = analysis::access_denied_message(s, first.cell->action, first.resource->resource);
  const std::string other_resource =
      first.resource->kind == "identity"
          ? ""
          : " (the Deny matches the " + first.resource->kind + " '" + policy::display_symbols(first.resource->resource) +
                "' the send is also authorized on)";

  engine::Finding* f;
  if (g.certain) {
    f = &ctx.add(sends + (plural ? " are" : " is") + " allowed to " + s.display_name() +
                     " by its identity-based policies but blocked with an explicit deny in " + where + other_resource +
                     ": " + error,
                 st.span, st.path);
  } else {
    f = &ctx.add(sends + " for " + s.display_name() + (plural ? " are" : " is") +
                     " allowed by its identity-based policies but may be blocked with an explicit deny in " + where +
                     other_resource + ": seslint cannot decide whether this Deny applies (" +
                     (first.why.empty() ? std::string("a value could not be resolved") : first.why) + ")",
                 st.span, st.path);
    f->severity = Severity::Note;
  }

  const policy::Reason& allow = first.allows.front();
  f->notes.push_back({allow.statement->span, "identity-based policy " + allow.policy->name + " allows " +
                                                 first.cell->action + " on " + policy::display_symbols(first.cell->target->arn) +
                                                 " here"});
  f->notes.push_back(identity_note(*first.cell->target));
  add_reach_notes(*f, g);

  if (has_region_condition(st))
    f->help = "the identity is in Region " + policy::display_symbols(first.cell->target->region) +
              ", which this Deny's aws:RequestedRegion condition excludes: verify the identity (and send) in an allowed "
              "Region, or add the Region to the condition";
  else
    f->help = "narrow the Deny's Action, Resource or Condition so it no longer matches " + first.cell->action + " on '" +
              policy::display_symbols(first.resource->resource) + "', or stop granting the send if it is not wanted";
}

void check(const model::Model&, engine::RuleContext& ctx) {
  const analysis::SendMatrix& m = ctx.analysis().matrix;
  std::vector<Group> groups;
  auto group_of = [&](const Sender* s, const Deny& d, bool certain) -> Group& {
    for (auto& g : groups)
      if (g.sender == s && g.deny == d && g.certain == certain) return g;
    groups.push_back(Group{s, d, certain, {}});
    return groups.back();
  };

  for (const Cell& c : m.cells) {
    if (c.eval.decision != policy::Decision::ExplicitDeny && c.eval.decision != policy::Decision::Unknown) continue;
    if (!m.intended(c)) continue;
    const bool certain = c.eval.decision == policy::Decision::ExplicitDeny;
    const policy::FullRequest req = analysis::cell_request(*c.sender, *c.target, c.action);
    // The repository grants the send: the identity-based policies allow the identity ARN.
    const auto identity_allow = identity_allows(*c.sender, req, c.target->arn);
    if (identity_allow.empty()) continue;
    const bool specific = grants_specifically(identity_allow, c.target->arn);

    std::vector<Deny> seen;  // one block per Deny per cell (the first resource it matches)
    for (const auto& r : c.eval.resources) {
      if (r.evaluation.decision != c.eval.decision) continue;
      const bool on_identity = r.kind == "identity";
      const auto allows = on_identity ? identity_allow : identity_allows(*c.sender, req, r.resource);
      if (allows.empty()) continue;
      for (const Deny& d : deny_statements(*c.sender, *c.target, on_identity)) {
        if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
        std::string why;
        const Tri applies = deny_applies(d, req, r.resource, &why);
        if (applies != (certain ? Tri::Yes : Tri::Unknown)) continue;
        if (!certain && !unknown_from_repository(*d.statement, *c.target)) continue;
        // Deliberate guards: a broad grant narrowed by a Deny that picks identities or
        // principals, unless the Deny spares this identity (it hits only the configuration set
        // or template) or spares the domain identity SES would otherwise have checked.
        if (!specific && selects_identities_or_principals(*d.statement)) {
          const bool hits_identity = on_identity || deny_applies(d, req, c.target->arn) != Tri::No;
          if (hits_identity && !spared_parent(m, c, d)) continue;
        }
        seen.push_back(d);
        group_of(c.sender, d, certain).blocks.push_back(Block{&c, &r, allows, why});
      }
    }
  }
  for (const auto& g : groups) report(ctx, g);
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES010",
                 "explicit-deny-blocks-send",
                 Severity::Error,
                 "An explicit Deny (identity-based policy, permissions boundary, SCP or SES identity policy) blocks a "
                 "send the sender's identity-based policies allow",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
