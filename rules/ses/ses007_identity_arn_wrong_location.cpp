// SES007: a policy names an SES identity of the repository by ARN, but with a literal Region,
// account or partition other than where the repository verifies that identity. SES authorizes
// the identity ARN of the Region (and account) where it is verified, so the ARN matches nothing.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"
#include "policy/match.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds SES identity ARNs in policies (`arn:aws:ses:us-east-1:123456789012:identity/example.com`)
that name an identity the repository verifies (same domain or address), but with a literal
Region, account or partition that differs from where that identity is verified:
- Region: the identity resource's `region` argument (AWS provider v6), else the Region of its
  provider configuration (`provider = aws.<alias>` selects the aliased `provider "aws"` block,
  otherwise the module's default aws provider), with variables resolved from defaults and tfvars;
  CloudFormation: `--parameter AWS::Region=...`.
- Account: the provider's `allowed_account_ids` when it lists exactly one account;
  CloudFormation: `--parameter AWS::AccountId=...`.
- Partition: implied by the Region (`cn-north-1` is `aws-cn`, `us-gov-west-1` is `aws-us-gov`);
  CloudFormation: `--parameter AWS::Partition=...`.

Only certain mismatches are reported: when the identity's Region, account or partition is not
known statically, or the ARN's part is not literal, nothing is reported for that part. When the
repository verifies the same name in several places, the ARN must miss all of them.

## Why it matters
Identities are per Region: SES checks the ARN of the identity in the endpoint Region where it
is verified (and in the owning account). A statement naming `us-east-1` for an identity
verified in `eu-west-1` grants nothing for it, and every send fails with `554 Access denied:
User '...' is not authorized to perform 'ses:SendRawEmail' on resource
'arn:aws:ses:eu-west-1:...:identity/example.com'` (API: `AccessDenied`). This typically happens
when a provider alias or a `region` variable moves the identity, or a policy is copied from
another environment. A literal `arn:aws:` in a template deployed to China or GovCloud fails the
same way.

## Example
```hcl
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_user_policy" "smtp" {
  user = "smtp"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    }]
  })
}
```

## Use instead
Reference the identity instead of writing its ARN:
```hcl
      Resource = aws_ses_domain_identity.main.arn
```
or write the Region the identity is verified in (`arn:aws:ses:eu-west-1:...`).

## Notes
The Region comes from the variable values seslint resolves (defaults, `terraform.tfvars`,
`*.auto.tfvars`, `--var-file`, `--var`): lint with the values of the environment you deploy.
Accounts are compared only when both are literal; a policy built from
`data.aws_caller_identity` or `${AWS::AccountId}` is never reported. The same identity name may
also be verified outside the repository (by hand, or in another stack); seslint only knows the
identities it scanned.

## How unknowns are treated
Regions and accounts are compared only when both sides are known; an unknown one (a variable
without a value, an aliased provider's Region) gives no finding. Values built from the deploying
scope's own partition, Region and account (`data.aws_partition`, `data.aws_caller_identity`, the
provider Region, `${AWS::AccountId}`, ...) are matched symbolically and count as known.

## References
- SES Developer Guide, "Creating and verifying identities" (identities are verified per Region):
  https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (the
  identity ARN format): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- IAM User Guide, "Identify AWS resources with Amazon Resource Names (ARNs)": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
)md";

constexpr std::string_view kBadTf = R"tf(
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_user_policy" "smtp" {
  user = "smtp"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendRawEmail"
      Resource = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_user_policy" "smtp" {
  user = "smtp"
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

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Domain:
    Type: AWS::SES::EmailIdentity
    Properties:
      EmailIdentity: example.com
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ses:SendRawEmail
            Resource: arn:aws:ses:us-east-1:123456789012:identity/example.com
)yaml";

/// One part of an ARN that differs from the identity's location.
struct Mismatch {
  const char* part;         ///< "Region", "account", "partition"
  std::string written;      ///< in the policy
  std::string verified;     ///< where the identity is
  const model::Str* where;  ///< the identity's value (span for a note)
};

/// The parts of the policy ARN that certainly differ from where `id` is verified.
std::vector<Mismatch> mismatches(const policy::PartialArn& arn, const model::Identity& id) {
  std::vector<Mismatch> out;
  auto compare = [&](const char* part, const policy::ArnPart& written, const model::Str& verified) {
    // Empty segments are SES008's (malformed ARN), unknown ones prove nothing.
    if (!written.known || written.text.empty() || !verified.known || verified.text.empty()) return;
    if (!policy::glob_match(written.text, verified.text)) out.push_back({part, written.text, verified.text, &verified});
  };
  compare("Region", arn.region, id.region);
  compare("account", arn.account, id.account);
  compare("partition", arn.partition, id.partition);
  return out;
}

std::string describe(const std::vector<Mismatch>& ms, bool written) {
  std::vector<std::string> parts;
  for (const auto& m : ms) parts.push_back(std::string(m.part) + " " + (written ? m.written : m.verified));
  return join_list(parts);
}

bool inside(const source::Span& inner, const source::Span& outer) {
  return inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

/// Where a location value comes from, for the note at it.
std::string origin_note(const Mismatch& m, const model::Identity& id) {
  const bool terraform = !id.provider.empty();
  const std::string value = std::string(m.part) + " " + m.verified;
  if (!terraform) {
    const char* param = std::string_view(m.part) == "Region"    ? "AWS::Region"
                        : std::string_view(m.part) == "account" ? "AWS::AccountId"
                                                                : "AWS::Partition";
    return value + (std::string_view(m.part) == "partition" ? " comes from --parameter AWS::Partition or is implied by "
                                                               "--parameter AWS::Region"
                                                             : std::string(" comes from --parameter ") + param);
  }
  if (inside(m.where->span, id.span)) return value + ": the identity's own region argument";
  const std::string provider = "provider " + id.provider;
  if (std::string_view(m.part) == "account") return value + ": " + provider + " allows only this account";
  if (std::string_view(m.part) == "partition") return value + ": implied by the Region of " + provider;
  return value + ": the Region of " + provider;
}

/// The ARN where the identity is, with the policy's own parts where the identity's are unknown.
std::string verified_arn(const policy::PartialArn& arn, const model::Identity& id) {
  auto part = [](const model::Str& s, const policy::ArnPart& fallback) { return s.known ? s.text : fallback.text; };
  return "arn:" + part(id.partition, arn.partition) + ":ses:" + part(id.region, arn.region) + ":" +
         part(id.account, arn.account) + ":identity/" + id.name.text;
}

/// The access-denied error a sender of the send matrix gets because of this statement, if one
/// uses it, sends as the identity and is denied there for certain.
std::string denied_send(const analysis::SendMatrix& matrix, const model::Statement& st, const model::Identity& id) {
  for (const auto& t : matrix.targets) {
    if (t->identity != &id) continue;
    for (const auto& s : matrix.senders) {
      const bool uses = std::any_of(s->policies.identity.begin(), s->policies.identity.end(), [&](const model::Policy* p) {
        return std::any_of(p->statements.begin(), p->statements.end(),
                           [&](const model::Statement& other) { return other.span == st.span; });
      });
      if (!uses) continue;
      for (const auto& action : s->actions) {
        if (policy::statement_matches_action(st, action) != policy::Tri::Yes) continue;
        const analysis::Cell* c = matrix.find(*s, *t, action);
        if (!c || c->eval.decision != policy::Decision::ImplicitDeny) continue;
        const auto* failing = c->eval.failing();
        return analysis::access_denied_message(*s, action, failing ? failing->resource : t->arn);
      }
    }
  }
  return "";
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  std::map<std::string, std::vector<const model::Identity*>> by_name;
  for (const auto& id : m.identities)
    if (id.name.known && !id.name.text.empty()) by_name[id.name.text].push_back(&id);
  if (by_name.empty()) return;

  std::set<std::tuple<source::FileId, std::size_t, std::size_t>> seen;
  for (const auto& p : m.policies) {
    if (p.builtin) continue;
    for (const auto& st : p.statements) {
      if (st.not_resource || (st.effect != model::Effect::Allow && st.effect != model::Effect::Deny)) continue;
      for (const auto& r : st.resources) {
        auto arn = policy::parse_partial_arn(r);
        if (!arn || !arn->service.known || arn->service.text != "ses" || !arn->resource.known ||
            arn->resource.text.rfind("identity/", 0) != 0)
          continue;
        const std::string name = arn->resource.text.substr(9);
        auto it = by_name.find(name);
        if (it == by_name.end() || policy::has_wildcard(name)) continue;
        // Every identity of that name must be elsewhere for certain.
        std::vector<Mismatch> first;
        bool all_elsewhere = true;
        for (const model::Identity* id : it->second) {
          auto ms = mismatches(*arn, *id);
          if (ms.empty()) {
            all_elsewhere = false;
            break;
          }
          if (first.empty()) first = std::move(ms);
        }
        if (!all_elsewhere || !seen.insert({r.span.file, r.span.begin, r.span.end}).second) continue;

        const model::Identity& id = *it->second.front();
        const std::size_t others = it->second.size() - 1;
        const bool allow = st.effect == model::Effect::Allow;
        std::string message = "'" + arn->display() + "' names identity '" + name + "' in " + describe(first, true) +
                              ", but " + id.resource + " verifies it in " + describe(first, false) +
                              (others ? " (and " + std::to_string(others) + " other identit" + (others == 1 ? "y" : "ies") +
                                            " of that name elsewhere too)"
                                      : "") +
                              "; SES checks the identity ARN of the partition, Region and account where it is verified, so this "
                              "statement " + (allow ? "grants" : "denies") + " nothing for it";
        if (allow) {
          const std::string denied = denied_send(ctx.analysis().matrix, st, id);
          if (!denied.empty()) message += ": " + denied;
        }
        auto& f = ctx.add(message, r.span, r.path);
        f.notes.push_back({id.name.span.valid() ? id.name.span : id.span,
                           "identity '" + name + "' is verified here (" + id.resource + ")"});
        for (const auto& mm : first) {
          if (!mm.where->span.valid() || mm.where->span == id.name.span) continue;
          // Command-line values have no place in the sources: a text-only note.
          f.notes.push_back({id.provider.empty() ? source::Span{} : mm.where->span, origin_note(mm, id)});
        }
        const std::string fixed = verified_arn(*arn, id);
        f.help = "write '" + fixed + "'";
        if (!id.provider.empty()) f.help += ", or reference " + id.resource + ".arn";
        else f.help += ", or build it with !Sub 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/" + name + "'";
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES007",
                 "identity-arn-wrong-location",
                 Severity::Error,
                 "A policy names an SES identity of the repository with a Region, account or partition other than "
                 "where that identity is verified, so the ARN matches nothing",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
