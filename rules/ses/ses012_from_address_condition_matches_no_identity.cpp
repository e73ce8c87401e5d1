// SES012: an Allow for send actions whose ses:FromAddress condition only accepts addresses that no
// SES identity the statement covers can send from, so the statement never applies to a send.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"
#include "policy/match.h"
#include "policy/ses_actions.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Finds `Allow` statements for SES send actions (`ses:SendEmail`, `ses:SendRawEmail`,
`ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail`) with a `ses:FromAddress` condition
(`StringEquals`, `StringLike`, `StringEqualsIgnoreCase`, or their `ForAnyValue:` forms) whose values
match no address SES could send from with the identities the statement covers. An address is
sendable when it is an address identity, or lies under a domain identity or one of its subdomains
(`noreply@example.com` and `alerts@ops.example.com` under `example.com`). The identities are:

- the identity names written in the statement's `Resource` (`identity/example.com`), when every
  entry names one literally; otherwise
- the SES identities declared in the repository (`aws_ses_domain_identity`,
  `aws_ses_email_identity`, `aws_sesv2_email_identity`, `AWS::SES::EmailIdentity`) whose ARN the
  `Resource` covers.

Example: `StringEquals ses:FromAddress = "noreply@example.org"` while only `example.com` is
verified.

## Why it matters
SES puts the From address of the request into `ses:FromAddress`. If no sendable address satisfies
the condition, the statement can never apply to a send: every send the policy was written for fails
with `554 Access denied: User '...' is not authorized to perform 'ses:SendRawEmail' on resource
'arn:aws:ses:REGION:ACCOUNT:identity/example.com'` (API: `AccessDenied`), and an address that would
satisfy the condition is refused by SES as unverified. Typical causes are a typo in the domain, a
policy copied from another project, or an identity that was renamed.

## Example
```hcl
resource "aws_ses_domain_identity" "main" { domain = "example.com" }

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendRawEmail"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = ["noreply@example.org"]
    }
  }
}
```

## Use instead
Use an address under a verified identity (`noreply@example.com`, or `StringLike` `*@example.com`),
or verify the domain you mean to send from.

## Notes
- Certainty: when the `Resource` names the identities literally, the finding is certain (SES checks
  the identity the From address belongs to). When it is `*` or a wildcard, seslint can only compare
  against the identities declared in the repository: the finding is an error when those identities
  are declared in the same Terraform module or CloudFormation template as the policy, and a note
  when they come from elsewhere in the repository (the policy's account may verify identities
  seslint does not see). Condition values that cannot be resolved give no finding; a policy
  variable such as `${aws:username}` is treated as "any text".
- Case: SES compares `ses:FromAddress` case-sensitively with `StringEquals` / `StringLike`
  (IAM string condition operators are case-sensitive), so the value must be spelled exactly as the application
  writes its From address. Domains are case-insensitive (DNS), so `noreply@Example.COM` is treated
  as sendable under `example.com`. Whether SES treats the local part of an **address** identity
  case-insensitively is not documented; a value that matches an address identity only when case is
  ignored (`NoReply@example.com` against `noreply@example.com`) is reported as a note, not an error
  (inferred).
- `...IfExists` and `ForAllValues:` forms are not checked: they are true when the key is absent,
  and whether SES fills `ses:FromAddress` for every sending path (SMTP) is not documented.

## How unknowns are treated
Condition values that are not resolved give no finding, and an identity whose name is unknown
might match the condition, so it silences the rule for that identity's scope.

## References
- SES Developer Guide, "Creating and verifying identities" (a verified domain covers its
  addresses): https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
- SES Developer Guide, "Identity and access management in Amazon SES" (`ses:FromAddress`):
  https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- IAM User Guide, "IAM JSON policy elements: Condition operators" (string operators are
  case-sensitive): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_policy" "send" {
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ses:SendRawEmail"
      Resource  = "*"
      Condition = { StringEquals = { "ses:FromAddress" = "noreply@example.org" } }
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_iam_policy" "send" {
  name = "send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ses:SendRawEmail"
      Resource  = "*"
      Condition = { StringEquals = { "ses:FromAddress" = "noreply@example.com" } }
    }]
  })
}
)tf";

constexpr std::string_view kBadCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ses:SendEmail
            Resource: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
            Condition:
              StringLike:
                ses:FromAddress: "*@mail.example.net"
)yaml";

constexpr std::string_view kGoodCfn = R"yaml(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ses:SendEmail
            Resource: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.com
            Condition:
              StringLike:
                ses:FromAddress: "*@mail.example.com"
)yaml";

// ---------------------------------------------------------------------------------------------
// Glob languages and their intersection

/// One position of a glob: a literal byte, '*' (any run) or '?' (one byte). `fold`: the literal
/// compares ASCII-case-insensitively.
struct GlobChar {
  enum Kind { Lit, Star, Any } kind = Lit;
  char c = 0;
  bool fold = false;
};
using Glob = std::vector<GlobChar>;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void append_literal(Glob& g, std::string_view s, bool fold) {
  for (char c : s) g.push_back({GlobChar::Lit, c, fold});
}

/// A condition value as a glob. '*' and '?' are wildcards even for StringEquals, and a policy
/// variable (${aws:username}) matches any text: both can only widen the language, so a value that
/// still matches nothing matches nothing for certain.
Glob value_glob(std::string_view v, bool fold) {
  Glob g;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '$' && i + 1 < v.size() && v[i + 1] == '{') {
      auto close = v.find('}', i);
      if (close != std::string_view::npos) {
        g.push_back({GlobChar::Star, 0, false});
        i = close;
        continue;
      }
    }
    if (v[i] == '*') g.push_back({GlobChar::Star, 0, false});
    else if (v[i] == '?') g.push_back({GlobChar::Any, 0, false});
    else g.push_back({GlobChar::Lit, v[i], fold});
  }
  return g;
}

/// Is there a string both globs match? Breadth-first search over pairs of positions (the product
/// of the two automata); '*' can be skipped or consume one byte and stay.
bool intersects(const Glob& a, const Glob& b) {
  const std::size_t na = a.size(), nb = b.size();
  std::vector<char> seen((na + 1) * (nb + 1), 0);
  std::vector<std::pair<std::size_t, std::size_t>> todo{{0, 0}};
  auto push = [&](std::size_t i, std::size_t j) {
    char& s = seen[i * (nb + 1) + j];
    if (!s) {
      s = 1;
      todo.emplace_back(i, j);
    }
  };
  seen[0] = 1;
  while (!todo.empty()) {
    auto [i, j] = todo.back();
    todo.pop_back();
    if (i == na && j == nb) return true;
    if (i < na && a[i].kind == GlobChar::Star) push(i + 1, j);
    if (j < nb && b[j].kind == GlobChar::Star) push(i, j + 1);
    if (i == na || j == nb) continue;
    const GlobChar &x = a[i], &y = b[j];
    if (x.kind == GlobChar::Star && y.kind == GlobChar::Star) continue;  // consuming changes nothing
    bool ok = true;
    if (x.kind == GlobChar::Lit && y.kind == GlobChar::Lit)
      ok = x.c == y.c || ((x.fold || y.fold) && lower(x.c) == lower(y.c));
    if (ok) push(x.kind == GlobChar::Star ? i : i + 1, y.kind == GlobChar::Star ? j : j + 1);
  }
  return false;
}

/// The From addresses an identity lets SES send from. Domains compare case-insensitively; the
/// local part of an address identity exactly unless `fold_local`.
std::vector<Glob> sendable(const std::string& name, bool fold_local) {
  std::vector<Glob> out;
  const auto at = name.rfind('@');
  if (at != std::string::npos) {
    Glob g;
    append_literal(g, std::string_view(name).substr(0, at), fold_local);
    append_literal(g, std::string_view(name).substr(at), true);
    out.push_back(std::move(g));
    return out;
  }
  Glob direct{{GlobChar::Star, 0, false}};
  append_literal(direct, "@" + name, true);
  Glob sub{{GlobChar::Star, 0, false}};
  append_literal(sub, "@", false);
  sub.push_back({GlobChar::Star, 0, false});
  append_literal(sub, "." + name, true);
  out.push_back(std::move(direct));
  out.push_back(std::move(sub));
  return out;
}

// ---------------------------------------------------------------------------------------------

/// The condition operators this rule understands: positive string comparisons that are false when
/// the From address does not match. Sets *fold for StringEqualsIgnoreCase.
bool checked_operator(std::string op, bool* fold) {
  if (op.size() > 12 && policy::iequals(std::string_view(op).substr(0, 12), "ForAnyValue:")) op = op.substr(12);
  *fold = policy::iequals(op, "StringEqualsIgnoreCase");
  return *fold || policy::iequals(op, "StringEquals") || policy::iequals(op, "StringLike");
}

/// A candidate identity: its name, and where it is declared (nullptr for a name taken from the
/// statement's Resource that the repository does not declare).
struct Candidate {
  std::string name;
  const model::Identity* declared = nullptr;
  const analysis::Target* target = nullptr;
  std::string arn;  ///< for the error message
};

std::string scope_of(const model::Policy& p) {
  if (p.resource_type.rfind("AWS::", 0) == 0) return "cfn:" + std::to_string(p.span.file);
  if (!p.module.empty() || p.resource_type.rfind("aws_", 0) == 0 || p.resource_type.rfind("data.", 0) == 0)
    return "tf:" + p.module;
  return "";
}

std::string scope_of(const model::Identity& i) {
  if (i.resource_type.rfind("AWS::", 0) == 0) return "cfn:" + std::to_string(i.span.file);
  return "tf:" + i.module;
}

/// The identity names the statement's Resource writes literally (identity/NAME without
/// wildcards), or nullopt when some entry is anything else.
std::optional<std::vector<std::pair<std::string, const model::Str*>>> literal_identities(const model::Statement& st) {
  if (st.not_resource || st.resources.empty()) return std::nullopt;
  std::vector<std::pair<std::string, const model::Str*>> out;
  for (const auto& r : st.resources) {
    auto a = policy::parse_partial_arn(r);
    if (!a || !a->service.known || a->service.text != "ses" || !a->resource.known) return std::nullopt;
    const std::string& res = a->resource.text;
    if (res.rfind("identity/", 0) != 0 || res.size() == 9 || policy::has_wildcard(res)) return std::nullopt;
    out.emplace_back(res.substr(9), &r);
  }
  return out;
}

/// The send actions (with a ses:FromAddress key) the statement grants for certain.
std::vector<std::string> from_address_actions(const model::Statement& st) {
  std::vector<std::string> out;
  for (const auto& a : policy::ses_actions()) {
    if (!a.is_send || a.condition_keys.find("ses:FromAddress") == std::string_view::npos) continue;
    const std::string q = policy::qualified(a);
    if (policy::statement_matches_action(st, q) == policy::Tri::Yes) out.push_back(q);
  }
  return out;
}

std::string quote_values(const model::Condition& c) {
  std::vector<std::string> vs;
  for (const auto& v : c.values) vs.push_back("'" + (v.known ? v.text : policy::permissive_pattern(v)) + "'");
  return join_list(vs);
}

/// The AWS error for the first sender in the matrix that uses this policy, or the generic text.
std::string error_text(const model::Model& m, const model::Policy& p, const analysis::SendMatrix& matrix,
                       const std::string& action, const std::string& resource) {
  for (const auto& s : matrix.senders)
    if (std::find(s->policies.identity.begin(), s->policies.identity.end(), &p) != s->policies.identity.end())
      return analysis::access_denied_message(*s, action, resource);
  return access_denied_text(p, action, policy::display_symbols(resource), "", &m);
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const auto& matrix = ctx.analysis().matrix;
  std::vector<const model::Policy*> policies = identity_policies(m);
  for (const auto& p : m.policies)
    if (p.kind == model::PolicyKind::SesIdentity) policies.push_back(&p);

  for (const model::Policy* p : policies) {
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || st.conditions.empty()) continue;
      const auto actions = from_address_actions(st);
      if (actions.empty()) continue;
      const std::string action =
          std::find(actions.begin(), actions.end(), "ses:SendRawEmail") != actions.end() ? "ses:SendRawEmail" : actions.front();

      // Which identities could this statement authorize a send on?
      std::vector<Candidate> candidates;
      bool certain = true;
      if (auto names = literal_identities(st)) {
        for (const auto& [name, res] : *names) {
          Candidate c{name, nullptr, nullptr, res->known ? res->text : policy::permissive_pattern(*res)};
          for (const auto& t : matrix.targets)
            if (t->identity->name.known && policy::iequals(t->identity->name.text, name) &&
                policy::statement_matches_resource(st, t->arn) != policy::Tri::No) {
              c.declared = t->identity;
              c.target = t.get();
              c.arn = t->arn;
              break;
            }
          candidates.push_back(std::move(c));
        }
      } else {
        const std::string scope = scope_of(*p);
        std::vector<Candidate> same, other;
        bool unresolved_name = false;
        for (const auto& t : matrix.targets) {
          if (policy::statement_matches_resource(st, t->arn) == policy::Tri::No) continue;
          if (!t->identity->name.known) {
            unresolved_name = true;
            continue;
          }
          Candidate c{t->identity->name.text, t->identity, t.get(), t->arn};
          (!scope.empty() && scope_of(*t->identity) == scope ? same : other).push_back(std::move(c));
        }
        if (unresolved_name) continue;  // an identity whose name is unknown might match
        if (!same.empty()) {
          candidates = std::move(same);
          for (auto& c : other) candidates.push_back(std::move(c));
        } else {
          candidates = std::move(other);
          certain = false;
        }
      }
      if (candidates.empty()) continue;

      for (const auto& cond : st.conditions) {
        bool fold = false;
        if (!policy::iequals(cond.key, "ses:FromAddress") || !checked_operator(cond.op, &fold) || cond.values.empty())
          continue;
        bool unknown = false, exact = false, case_only = false;
        for (const auto& v : cond.values) {
          if (!v.known && v.parts.empty()) {
            unknown = true;
            break;
          }
          const Glob g = value_glob(v.known ? v.text : policy::permissive_pattern(v), fold);
          for (const auto& c : candidates) {
            for (const Glob& s : sendable(c.name, false)) exact = exact || intersects(g, s);
            for (const Glob& s : sendable(c.name, true)) case_only = case_only || intersects(g, s);
          }
        }
        if (unknown || exact) continue;

        std::vector<std::string> names;
        for (const auto& c : candidates) names.push_back("'" + c.name + "'");
        const std::string subject =
            "the ses:FromAddress condition (" + cond.op + " " + quote_values(cond) + ")";
        const bool identity_policy = p->kind == model::PolicyKind::SesIdentity;
        const std::string consequence =
            identity_policy ? "the statement never applies, so it authorizes no one to send"
                            : "the Allow never applies to a send and sending fails: " +
                                  error_text(m, *p, matrix, action, candidates.front().arn);
        std::string msg;
        Severity sev = Severity::Error;
        if (case_only) {
          msg = subject + " matches the address identity " + join_list(names) +
                " only when case is ignored; SES compares this condition case-sensitively, so the From address "
                "must be written exactly as in the condition (whether SES then accepts it as that identity is not "
                "documented)";
          sev = Severity::Note;
        } else if (certain) {
          msg = subject + " matches no address SES can send from with " +
                join_list(names) + ", the identit" + (names.size() == 1 ? "y" : "ies") + " this statement covers: " +
                consequence;
        } else {
          msg = subject + " matches no address under the SES identities declared "
                "in this repository (" + join_list(names) + "); unless the account verifies another identity "
                "outside the repository, " + consequence;
          sev = Severity::Note;
        }
        auto& f = ctx.add(msg, cond.span, st.path + (st.path.empty() ? "" : ".") + "Condition");
        f.severity = sev;
        std::size_t shown = 0;
        for (const auto& c : candidates) {
          if (shown == 5) break;
          if (!c.declared) continue;
          f.notes.push_back({c.declared->name.span, std::string(c.declared->type == model::IdentityType::Address
                                                                    ? "address"
                                                                    : "domain") +
                                                        " identity '" + c.name + "' verified here (" +
                                                        c.declared->resource + ")"});
          ++shown;
        }
        if (!st.resources.empty())
          f.notes.push_back({st.resources.front().span, "the statement allows " + join_list(actions) + " here"});
        const std::string& first = candidates.front().name;
        f.help = first.find('@') == std::string::npos
                     ? "use a From address under a verified identity (e.g. 'noreply@" + first + "', or StringLike '*@" +
                           first + "'), or verify the domain you mean to send from as an SES identity"
                     : "use the verified address '" + first + "' as the value, or verify the address you mean to send "
                       "from as an SES identity";
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES012",
                 "from-address-condition-matches-no-identity",
                 Severity::Error,
                 "An Allow for send actions has a ses:FromAddress condition that no address of the covered SES "
                 "identities satisfies, so it never applies",
                 kDocs,
                 {{"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf},
                  {"template.yaml", true, kBadCfn},
                  {"template.yaml", false, kGoodCfn}},
             }),
             &check);

}  // namespace seslint::rules
