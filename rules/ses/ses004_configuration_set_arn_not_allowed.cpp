// SES004: the sending identity has a default configuration set, and the sender's policies allow
// the send on the identity ARN but not on the configuration-set ARN, which SES authorizes too.
#include <algorithm>
#include <map>

#include "common.h"
#include "engine/runner.h"
#include "policy/send.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds send grants (`ses:SendEmail`, `ses:SendRawEmail`, `ses:SendTemplatedEmail`,
`ses:SendBulkTemplatedEmail`, `ses:SendBulkEmail`) that allow an identity ARN
(`identity/example.com`) while that identity has a **default configuration set** and nothing
allows the configuration set's ARN (`configuration-set/<name>`) for the same action.

A default configuration set is read from `aws_sesv2_email_identity.configuration_set_name`,
`aws_sesv2_email_identity_configuration_set_attributes` (linked to its identity in the same
module by reference or by name), and `AWS::SES::EmailIdentity`
`ConfigurationSetAttributes.ConfigurationSetName`.

For principals in the repository (IAM users with SMTP credentials, users and roles whose
policies allow sending) the check uses the send matrix: all of the principal's identity-based
policies, groups, permissions boundary and SCPs. Policies attached to no principal in the
repository (a standalone `aws_iam_policy`, a raw JSON policy file, a SAM function's policies) are
checked on their own: a statement allows a send on the identity, and no statement of the same
policy allows the configuration set.

## Why it matters
Every resource a send involves is a separate authorization of the same action. When a
configuration set applies — passed in the request, named in an `X-SES-CONFIGURATION-SET`
header, or the identity's default — SES also checks the action on
`arn:aws:ses:REGION:ACCOUNT:configuration-set/<name>`. A policy scoped to the identity alone
then fails **every** send from that identity:
`554 Access denied: User '...' is not authorized to perform 'ses:SendRawEmail' on resource
'arn:aws:ses:...:configuration-set/<name>'` (API: `AccessDenied` / `AccessDeniedException`).
The grant looks right, and the failure starts when someone attaches a default set to the
identity. There is no condition key for the configuration set name, so the ARN has to be in
`Resource`.

## Example
```hcl
resource "aws_sesv2_email_identity" "noreply" {
  email_identity         = "noreply@example.com"
  configuration_set_name = "tracking"
}

resource "aws_iam_policy" "send" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com"
    }]
  })
}
```

## Use instead
Allow the configuration set as well (or `configuration-set/*`):
```hcl
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com",
        "arn:aws:ses:eu-west-1:123456789012:configuration-set/tracking",
      ]
```

## Notes
The finding is raised once per statement and configuration set, at the Resource entry that
grants the identity. Only the identity's default set is known statically; configuration sets
the code names per request (`ConfigurationSetName`, the `X-SES-CONFIGURATION-SET` header) are
not visible to seslint and need the same grant. When the identity is allowed but the set's
authorization depends on something seslint cannot resolve (the set name, the account, a
condition, a policy it cannot follow), the finding is a note that says what was not resolved.
When the identity authorization itself cannot be decided, nothing is reported. A deny by a
permissions boundary or SCP, or an explicit Deny, is not reported here.

## How unknowns are treated
An error when no value of the unknowns can let the send through: the identity authorization is
allowed, or depends on an unknown (an identity name such as `${var.domain}`, a data source), while
its default configuration set is certainly left out, and every identity of the sender's deployment
that it may send as has such a set. A note when the set's authorization depends on an unknown (its
name, the account, a condition, a policy seslint cannot follow), or when the sender may also send
as an unaffected identity; the note says which value decides it. Values built from the deploying
scope's own partition, Region and account (`data.aws_partition`, `data.aws_caller_identity`, the
provider Region, `${AWS::AccountId}`, ...) are matched symbolically and count as known.

## References
- SES Developer Guide, "Specifying a configuration set when you send email":
  https://docs.aws.amazon.com/ses/latest/dg/using-configuration-sets-in-email.html
- SES Developer Guide, "Managing configuration sets" (default configuration sets apply to every
  send from the identity): https://docs.aws.amazon.com/ses/latest/dg/managing-configuration-sets.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  send actions take the `configuration-set` resource type): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_sesv2_email_identity" "noreply" {
  email_identity         = "noreply@example.com"
  configuration_set_name = "tracking"
}

resource "aws_iam_policy" "send" {
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com"
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_sesv2_email_identity" "noreply" {
  email_identity         = "noreply@example.com"
  configuration_set_name = "tracking"
}

resource "aws_iam_policy" "send" {
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:identity/noreply@example.com",
        "arn:aws:ses:eu-west-1:123456789012:configuration-set/tracking",
      ]
    }]
  })
}
)tf";

constexpr std::string_view kBadCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Domain:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
      ConfigurationSetAttributes:
        ConfigurationSetName: tracking
  Mailer:
    Type: AWS::IAM::Role
    Properties:
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
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Domain:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
      ConfigurationSetAttributes:
        ConfigurationSetName: tracking
  Mailer:
    Type: AWS::IAM::Role
    Properties:
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
                Resource:
                  - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
                  - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/tracking
)yaml";

/// One statement that grants identities whose default configuration set it does not cover.
struct Problem {
  const model::Policy* policy = nullptr;
  const model::Statement* statement = nullptr;
  std::string cs_arn;                ///< request form (symbols, maybe an unresolved name)
  bool certain = true;
  std::string unknown_because;
  std::vector<std::string> actions;
  std::vector<const analysis::Sender*> senders;  ///< empty for policies without a sender
  std::vector<const analysis::Target*> targets;
};

class Collector {
 public:
  void add(const policy::Reason& grant, const analysis::Target& t, const std::string& action,
           const analysis::Sender* sender, bool certain, const std::string& unknown_because) {
    const auto key = std::make_pair(grant.statement, t.configuration_set_arn);
    auto [it, fresh] = index_.try_emplace(key, problems_.size());
    if (fresh) problems_.push_back(Problem{grant.policy, grant.statement, t.configuration_set_arn, certain, "", {}, {}, {}});
    Problem& p = problems_[it->second];
    // One certain failure settles it; otherwise keep the first reason given.
    if (certain && !p.certain) p.unknown_because.clear();
    p.certain = p.certain || certain;
    if (!p.certain && p.unknown_because.empty()) p.unknown_because = unknown_because;
    add_unique(p.actions, action);
    if (sender) add_unique(p.senders, sender);
    add_unique(p.targets, &t);
  }
  std::vector<Problem>& problems() { return problems_; }

 private:
  std::map<std::pair<const model::Statement*, std::string>, std::size_t> index_;
  std::vector<Problem> problems_;
};

// The set's name is unknown (it may even be unset), but no statement allows any configuration set.
std::string unresolved_name_reason(const analysis::Target& t) {
  return "its name is not resolved (" + t.configuration_set_unresolved +
         ") and no statement allows any configuration-set ARN, so every send fails if it is set";
}

/// Principals of the repository: matrix cells whose identity authorization is allowed while the
/// default configuration set's is not (or cannot be decided).
// The cell's default configuration set is certainly not allowed by the principal's own policies
// (a boundary or SCP that denies it is a different mistake).
bool set_left_out(const analysis::Cell& c) {
  for (const auto& r : c.eval.resources) {
    if (r.kind != "configuration-set") continue;
    if (r.evaluation.decision != policy::Decision::ImplicitDeny || !c.target->configuration_set_unresolved.empty())
      return false;
    const auto* step = trace_step(r.evaluation, policy::Stage::IdentityPolicy);
    return step && step->decision == policy::Decision::ImplicitDeny;
  }
  return false;
}

// Every identity of its deployment that the sender may send as (identity authorization allowed
// or unknown) has a default configuration set that its policies leave out: every send with
// `action` fails, whichever identity the unknowns turn out to name.
bool every_send_blocked(const analysis::SendMatrix& mx, const analysis::Sender& s, const std::string& action) {
  bool any = false;
  for (const analysis::Cell* c : mx.cells_of(s)) {
    if (c->action != action || c->target->deployment != s.deployment) continue;
    const auto id = c->eval.resources.front().evaluation.decision;
    if (id != policy::Decision::Allow && id != policy::Decision::Unknown) continue;
    if (!set_left_out(*c)) return false;
    any = true;
  }
  return any;
}

void from_matrix(const analysis::SendMatrix& mx, Collector& out) {
  for (const auto& c : mx.cells) {
    const auto& res = c.eval.resources;
    const policy::ResourceEvaluation* cs = nullptr;
    for (const auto& r : res)
      if (r.kind == "configuration-set") cs = &r;
    if (!cs || res.empty()) continue;
    const auto id = res.front().evaluation.decision;
    if (id != policy::Decision::Allow && id != policy::Decision::Unknown) continue;
    const auto d = cs->evaluation.decision;
    if (d == policy::Decision::Allow || d == policy::Decision::ExplicitDeny) continue;
    bool certain = d == policy::Decision::ImplicitDeny;
    std::string because = cs->evaluation.unknown_because;
    if (certain) {
      const auto* step = trace_step(cs->evaluation, policy::Stage::IdentityPolicy);
      if (!step || step->decision != policy::Decision::ImplicitDeny) continue;
      if (!c.target->configuration_set_unresolved.empty()) {
        certain = false;
        because = unresolved_name_reason(*c.target);
      }
    }
    if (certain && id == policy::Decision::Unknown && !every_send_blocked(mx, *c.sender, c.action)) {
      // Whether the sender sends as this identity at all depends on the unknown.
      certain = false;
      because = "whether " + c.sender->display_name() + " sends as '" + c.target->display_name() +
                "' depends on " + res.front().evaluation.unknown_because +
                "; an identity it may send as has no default configuration set left out";
    }
    const auto grant = possible_grant(res.front().evaluation, c.sender->policies.identity, c.action, c.target->arn);
    if (!grant) continue;
    out.add(*grant, *c.target, c.action, c.sender, certain, because);
  }
}

/// Policies no principal of the repository uses: each on its own against every identity with a
/// default configuration set.
void from_policies(const model::Model& m, const analysis::SendMatrix& mx, Collector& out) {
  for (const model::Policy* p : policies_without_sender(m, mx)) {
    std::vector<std::string> actions = named_send_actions(*p, false);
    if (actions.empty()) actions = {"ses:SendEmail", "ses:SendRawEmail"};  // as a wildcard grant is used
    for (const auto& t : mx.targets) {
      if (t->configuration_set_arn.empty()) continue;
      for (const auto& action : actions) {
        const policy::Result id = policy::evaluate({p}, policy::Request{action, t->arn});
        if (id.decision != policy::Decision::Allow) continue;
        const policy::Reason* grant = granting_reason(id);
        if (!grant) continue;
        const policy::Result cs = policy::evaluate({p}, policy::Request{action, t->configuration_set_arn});
        if (cs.decision == policy::Decision::Allow || cs.decision == policy::Decision::ExplicitDeny) continue;
        bool certain = cs.decision == policy::Decision::ImplicitDeny;
        std::string because = cs.unknown_because;
        if (!t->configuration_set_unresolved.empty()) {
          certain = false;
          because = analysis::may_name_type({p}, action, "configuration-set")
                        ? "the default configuration set name is not resolved (" + t->configuration_set_unresolved + ")"
                        : unresolved_name_reason(*t);
        }
        out.add(*grant, *t, action, nullptr, certain, because);
      }
    }
  }
}

std::string name_of(const model::Str& s) { return s.known ? s.text : "${" + s.text + "}"; }

void report(const model::Model& m, const Problem& p, engine::RuleContext& ctx) {
  const analysis::Target& t = *p.targets.front();
  const model::Identity& id = *t.identity;
  const std::string identity = name_of(id.name);
  const std::string set = name_of(id.default_configuration_set);
  const std::string cs = display_arn(p.cs_arn, t.configuration_set_unresolved);
  const std::string action =
      std::find(p.actions.begin(), p.actions.end(), "ses:SendRawEmail") != p.actions.end() ? "ses:SendRawEmail"
                                                                                            : p.actions.front();
  const std::string granted = join_list(p.actions) + (p.actions.size() == 1 ? " is" : " are") +
                              " allowed on identity '" + identity + "'";
  std::string message;
  if (p.certain) {
    const std::string denied =
        !p.senders.empty()
            ? display_arn(analysis::access_denied_message(*p.senders.front(), action, p.cs_arn),
                          t.configuration_set_unresolved)
            : principal_of_policy(m, *p.policy) + " is not authorized to perform '" + action +
                  "' on resource '" + cs + "'";
    message = granted + " but not on its default configuration set '" + set +
              "'; SES authorizes the send on both ARNs, so every send from '" + identity + "' fails: " + denied;
  } else {
    message = granted + ", and SES also authorizes its default configuration set '" + set + "' (" + cs + "), which " +
              (p.senders.empty() ? principal_of_policy(m, *p.policy) : p.senders.front()->display_name()) +
              " may not be allowed: " + p.unknown_because;
  }

  const model::Str* entry = possibly_matching_resource(*p.statement, t.arn);
  const source::Span& span = entry ? entry->span : p.statement->span;
  auto& f = ctx.add(std::move(message), span, entry ? entry->path : p.statement->path);
  if (!p.certain) f.severity = Severity::Note;

  f.notes.push_back({id.name.span, "identity '" + identity + "' declared here (" + id.resource + ")"});
  f.notes.push_back({id.default_configuration_set.span,
                     "'" + set + "' is its default configuration set" +
                         (id.default_configuration_set_from == id.resource
                              ? std::string()
                              : " (set by " + id.default_configuration_set_from + ")")});
  if (id.default_configuration_set.known)
    for (const model::SesResource* r : declared_nearby(m, model::SesResourceKind::ConfigurationSet,
                                                       id.default_configuration_set.text, id.resource_type, id.module,
                                                       id.span))
      f.notes.push_back({r->name.span, "configuration set '" + set + "' declared here (" + r->resource + ")"});
  if (p.targets.size() > 1) {
    std::vector<std::string> others;
    for (std::size_t i = 1; i < p.targets.size(); ++i) others.push_back("'" + name_of(p.targets[i]->identity->name) + "'");
    f.notes.push_back({{}, "the same statement grants " + join_list(others) + ", which " +
                               (others.size() == 1 ? "uses" : "use") + " this configuration set as well"});
  }
  if (p.senders.size() > 1) f.notes.push_back({{}, "senders affected: " + sender_names(p.senders)});
  const std::string all = cs.substr(0, cs.rfind("configuration-set/")) + "configuration-set/*";
  const std::string sam = sam_policy_template(*p.policy, *p.statement, ctx.sources());
  if (!sam.empty())
    f.help = "the SAM policy template " + sam + " allows the identity only: add a policy statement allowing " +
             join_list(p.actions) + " on '" + cs + "' (or '" + all + "') to the function's Policies";
  else
    f.help = "add '" + cs + "' (or '" + all + "') to the statement's Resource, or allow it for " +
             join_list(p.actions) + " in another statement";
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
                 "SES004",
                 "configuration-set-arn-not-allowed",
                 Severity::Error,
                 "The sending identity has a default configuration set whose ARN the sender's policies do not "
                 "allow, so SES denies every send from it",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
