// SES011: the sender's identity-based policies allow a send but its permissions boundary does not
// (boundaries never grant; they must also allow). Built on the send matrix.
#include <algorithm>

#include "common.h"
#include "engine/runner.h"
#include "policy/evaluate.h"

namespace seslint::rules {
namespace {

using analysis::Cell;
using analysis::Sender;
using policy::Decision;
using policy::Stage;

constexpr std::string_view kDocs = R"md(
## What it does
For every principal that sends mail (an IAM user with SMTP credentials, or a user or role whose
identity-based policies allow an SES send action) and has a permissions boundary, finds sends to
the SES identities of the repository that the identity-based policies **allow** but the boundary
does **not** allow (no boundary statement matches the action on the identity ARN, or on the
default configuration set / template the send is also authorized on).

A boundary that seslint cannot follow (an AWS managed policy it has no copy of, a variable, a
policy outside the repository) is reported as a note when the principal sends: whether it allows
the send is then unknown.

## Why it matters
A permissions boundary never grants anything: a request is allowed only when the identity-based
policies **and** the boundary allow it. A boundary that covers only the services a team was
expected to use (`s3:*`, `logs:*`, ...) silently removes the SES grant, and the send fails with
`554 Access denied: User '...' is not authorized to perform 'ses:SendRawEmail' on resource '...'`
(API: `AccessDenied` / `AccessDeniedException`) while the user's policy plainly allows it.

## Example
```hcl
resource "aws_ses_domain_identity" "main" { domain = "example.com" }

resource "aws_iam_policy" "boundary" {
  name = "team-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:*", "logs:*"], Resource = "*" }]
  })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = aws_ses_domain_identity.main.arn }]
  })
}
```

## Use instead
Let the boundary allow the send as well:
```hcl
    Statement = [
      { Effect = "Allow", Action = ["s3:*", "logs:*"], Resource = "*" },
      { Effect = "Allow", Action = ["ses:SendEmail", "ses:SendRawEmail"], Resource = "*" },
    ]
```

## Notes
- Only sends the principal is meant to make are checked: identities its identity-based policies
  allow, and addresses or subdomains under such a domain identity.
- An explicit `Deny` in the boundary is reported by SES010 instead.
- A same-account SES identity policy naming the IAM user itself grants without the boundary (IAM
  policy evaluation, same-account resource-based policies); such sends are not reported.

## How unknowns are treated
An error when the boundary is read and allows nothing for the send; a boundary seslint cannot
follow, or an unknown match, makes it a note that says what was not resolved. Values built from
the deploying scope's own partition, Region and account (`data.aws_partition`,
`data.aws_caller_identity`, the provider Region, `${AWS::AccountId}`, ...) are matched
symbolically and count as known.

## References
- IAM User Guide, "Permissions boundaries for IAM entities" (a boundary must also allow; it never
  grants): https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
- IAM User Guide, "Policy evaluation logic": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_policy" "boundary" {
  name = "team-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:*", "logs:*"], Resource = "*" }]
  })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com" }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_policy" "boundary" {
  name = "team-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:*", "logs:*"], Resource = "*" },
      { Effect = "Allow", Action = "ses:Send*", Resource = "*" },
    ]
  })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com" }]
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
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["s3:*", "sqs:*"]
            Resource: "*"
  Sender:
    Type: AWS::IAM::User
    Properties:
      UserName: mailer
      PermissionsBoundary: !Ref Boundary
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendRawEmail
                Resource: "*"
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Identity:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["s3:*", "sqs:*", "ses:SendRawEmail"]
            Resource: "*"
  Sender:
    Type: AWS::IAM::User
    Properties:
      UserName: mailer
      PermissionsBoundary: !Ref Boundary
      Policies:
        - PolicyName: send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendRawEmail
                Resource: "*"
)yaml";

/// The identity-based Allow statements of an evaluation (empty unless that stage allowed).
const std::vector<policy::Reason>* identity_allow(const policy::Evaluation& ev) {
  for (const auto& step : ev.trace)
    if (step.stage == Stage::IdentityPolicy && step.decision == Decision::Allow && !step.reasons.empty())
      return &step.reasons;
  return nullptr;
}

struct Blocked {
  const Cell* cell;
  const policy::ResourceEvaluation* resource;
  const policy::Reason* allow;
};

void report_not_allowed(engine::RuleContext& ctx, const Sender& s, const std::vector<Blocked>& blocked) {
  const model::PrincipalNode& node = *s.node;
  const model::Ref& attachment = node.entity->permissions_boundary;
  const model::Policy& boundary = *node.boundary.policy;
  std::vector<const Cell*> cells;
  for (const auto& b : blocked) cells.push_back(b.cell);
  const Blocked& first = blocked[representative(cells)];
  const std::string resource = policy::display_symbols(first.resource->resource);

  auto& f = ctx.add("permissions boundary " + boundary.name + " of " + s.display_name() + " does not allow " +
                        describe_sends(cells) + ", which its identity-based policies allow; a boundary never grants, so "
                        "the send fails: " + analysis::access_denied_message(s, first.cell->action, first.resource->resource),
                    attachment.value.span.valid() ? attachment.value.span : boundary.span,
                    attachment.value.span.valid() ? attachment.value.path : boundary.path);
  f.notes.push_back({first.allow->statement->span, "identity-based policy " + first.allow->policy->name + " allows " +
                                                       first.cell->action + " on " +
                                                       policy::display_symbols(first.cell->target->arn) + " here"});
  f.notes.push_back({boundary.span, "boundary policy " + boundary.name + ": no statement allows " + first.cell->action +
                                        " on '" + resource + "'"});
  f.notes.push_back(identity_note(*first.cell->target));
  add_trace_notes(f, node.boundary);
  f.help = "add an Allow for " + first.cell->action + " on '" + resource + "' (or the send actions on \"*\") to " +
           boundary.name + ", or attach a boundary that allows SES sending";
}

void report_unresolved(engine::RuleContext& ctx, const Sender& s, const std::vector<const Cell*>& cells) {
  const model::PrincipalNode& node = *s.node;
  const model::Ref& attachment = node.entity->permissions_boundary;
  const std::string what = attachment.value.known ? "'" + attachment.value.text + "'" : attachment.value.text;
  auto& f = ctx.add("the permissions boundary " + what + " of " + s.display_name() +
                        " could not be followed (" + node.boundary.unresolved_reason + "); it must also allow " +
                        describe_sends(cells) + ", which the identity-based policies allow, and seslint cannot tell "
                        "whether it does",
                    attachment.value.span.valid() ? attachment.value.span : node.entity->origin.span,
                    attachment.value.path);
  f.severity = Severity::Note;
  f.notes.push_back(identity_note(*cells.front()->target));
  f.help = "check that the boundary allows the send actions, or define the boundary policy in the scanned files";
}

void check(const model::Model&, engine::RuleContext& ctx) {
  const analysis::SendMatrix& m = ctx.analysis().matrix;
  for (const auto& sp : m.senders) {
    const Sender& s = *sp;
    if (!s.node->has_boundary) continue;
    const bool unresolved = !s.node->boundary.resolved();
    std::vector<Blocked> blocked;
    std::vector<const Cell*> unknown;
    for (const Cell* c : m.cells_of(s)) {
      if (!m.intended(*c)) continue;
      if (unresolved) {
        // Every cell the identity policies allow depends on the boundary nobody can read.
        const auto& id = c->eval.resources.front();
        if (identity_allow(id.evaluation) && id.evaluation.decided_by == Stage::Boundary) unknown.push_back(c);
        continue;
      }
      for (const auto& r : c->eval.resources) {
        const auto& ev = r.evaluation;
        if (ev.decision != Decision::ImplicitDeny || ev.decided_by != Stage::Boundary) continue;
        const auto* allows = identity_allow(ev);
        if (!allows) continue;
        blocked.push_back(Blocked{c, &r, &allows->front()});
        break;  // one authorization per cell is enough to name
      }
    }
    if (!blocked.empty()) report_not_allowed(ctx, s, blocked);
    if (!unknown.empty()) report_unresolved(ctx, s, unknown);
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES011",
                 "boundary-does-not-allow-send",
                 Severity::Error,
                 "The sender's identity-based policies allow a send but its permissions boundary does not, so SES "
                 "denies it",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
