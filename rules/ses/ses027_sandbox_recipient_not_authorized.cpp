// SES027: while the account is in the SES sandbox, SES also authorizes a send against each
// recipient that is a verified identity. A sender whose send grants list identity ARNs explicitly
// and leave out the recipients the repository verifies (test / sandbox inboxes) is told so.
#include <algorithm>
#include <cctype>
#include <map>

#include "analysis/send_matrix.h"
#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/evaluate.h"
#include "policy/match.h"
#include "policy/ses_actions.h"
#include "policy/statement_walk.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Points at a sender's send grant (`ses:SendEmail`, `ses:SendRawEmail`, `ses:SendTemplatedEmail`,
...) that lists identity ARNs explicitly (no wildcard in the identity name) while the repository
verifies **recipient** addresses that the grant leaves out. A verified email address identity
counts as a recipient when its resource name, or the expression that sets its address (a
variable, a local), says `sandbox`, `recipient` or `test`; or when it is an address outside every
domain verified in the same deployment that no policy names (it is never used as a sender or as
a `ses:FromAddress` value).

## Why it matters
A new SES account is in the sandbox: it may send only to verified identities ("Request production
access (Moving out of the Amazon SES sandbox)"). While it is there, SES also authorizes the send
against each verified recipient identity, so the sender's IAM policy must allow the send action on
the recipient's identity ARN as well as on the sender's ("Using sending authorization with Amazon
SES" explains how SES authorizes sends per identity; that recipients are authorized too is
inferred from public reports of this error). Otherwise the send fails although the From identity
is granted, and the error names the recipient, not the sender:
`554 Access denied: User '...' is not authorized to perform 'ses:SendRawEmail' on resource
'arn:aws:ses:REGION:ACCOUNT:identity/tester@example.net'` (API: `AccessDenied`). Once the account
has production access the recipients are not checked and the same policy works, which is why the
failure often shows only in test or staging accounts.

This is a note: seslint cannot tell from the repository whether the account is still in the
sandbox.

## Example
```hcl
resource "aws_ses_domain_identity" "main" { domain = "example.com" }
resource "aws_ses_email_identity" "sandbox_recipient" { email = "qa-inbox@example.net" }

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.mailer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [aws_ses_domain_identity.main.arn]
    }]
  })
}
```

## Use instead
Add the recipient identities' ARNs to the grant while the account is in the sandbox, or request
production access for the account (then only the sender's identities are authorized):
```hcl
      Resource = [aws_ses_domain_identity.main.arn, aws_ses_email_identity.sandbox_recipient.arn]
```

## Notes
Grants with a wildcard identity (`identity/*`, `*`) cover the recipients already and are not
reported, nor are grants that seslint cannot read. Only senders and recipients of the same
deployment are paired. One finding per grant lists every omitted recipient and every sender that
uses the grant.

## References
- SES Developer Guide, "Request production access (Moving out of the Amazon SES sandbox)":
  https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
- SES Developer Guide, "Using sending authorization with Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/sending-authorization.html
- SES Developer Guide, "Controlling access to Amazon SES" (identity ARNs in IAM policies):
  https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html
- Public report of the recipient-named error: https://github.com/aws/aws-sdk-js/issues/3641
)md";

constexpr std::string_view kBadTf = R"tf(
provider "aws" {
  region = "eu-west-1"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "sandbox_recipient" {
  email = "qa-inbox@example.net"
}

resource "aws_iam_role" "mailer" {
  name = "mailer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "send" {
  name = "send"
  role = aws_iam_role.mailer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [aws_ses_domain_identity.main.arn]
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

resource "aws_ses_email_identity" "sandbox_recipient" {
  email = "qa-inbox@example.net"
}

resource "aws_iam_role" "mailer" {
  name = "mailer"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "send" {
  name = "send"
  role = aws_iam_role.mailer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [aws_ses_domain_identity.main.arn, aws_ses_email_identity.sandbox_recipient.arn]
    }]
  })
}
)tf";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

/// The word of `text` that marks a recipient ("sandbox", "recipient", "test"), or "".
std::string recipient_word(std::string_view text) {
  const std::string l = lower(text);
  for (const char* w : {"sandbox", "recipient", "test"})
    if (l.find(w) != std::string::npos) return w;
  return {};
}

/// True when the identity name part of a resource entry is explicit (no wildcard, not "*").
/// A partially known ARN (unknown account or Region) counts when its identity name is literal.
bool explicit_identity_resource(const model::Str& r) {
  std::string text = r.known ? r.text : std::string();
  if (!r.known) {
    if (r.parts.empty()) return false;
    for (const auto& p : r.parts) text += p.known ? p.text : std::string("\x01");
  }
  const auto pos = text.find(":identity/");
  if (pos == std::string::npos) return false;
  return text.find_first_of("*?\x01", pos) == std::string::npos && pos + 10 < text.size();
}

/// True when some statement of any policy names the address: a resource entry ending in it, or
/// a condition value equal to it (a ses:FromAddress, say).
bool named_by_a_policy(const model::Model& m, const std::string& address) {
  const std::string a = lower(address);
  auto names = [&](const model::Statement& st) {
    for (const auto& r : st.resources)
      if (r.known) {
        const std::string l = lower(r.text);
        if (l.size() >= a.size() + 1 && l.compare(l.size() - a.size(), a.size(), a) == 0 &&
            (l[l.size() - a.size() - 1] == '/' || l[l.size() - a.size() - 1] == ':'))
          return true;
      }
    for (const auto& c : st.conditions)
      for (const auto& v : c.values)
        if (v.known && lower(v.text) == a) return true;
    return false;
  };
  for (const auto& p : m.policies)
    for (const auto& st : p.statements)
      if (names(st)) return true;
  return false;
}

struct Recipient {
  const analysis::Target* target = nullptr;
  std::string why;  ///< for the note
};

struct Grant {
  const model::Statement* statement = nullptr;
  const model::Policy* policy = nullptr;
  std::vector<std::string> senders;
  std::vector<std::string> actions;
  std::vector<const Recipient*> omitted;
  std::string denied;  ///< the first access-denied text
};

void check(const model::Model& m, engine::RuleContext& ctx) {
  const analysis::SendMatrix& mx = ctx.analysis().matrix;
  // Recipients: verified addresses that the repository shows as such.
  std::vector<Recipient> recipients;
  for (const auto& t : mx.targets) {
    const model::Identity* id = t->identity;
    if (!id || id->type != model::IdentityType::Address || !id->name.known) continue;
    Recipient r{t.get(), {}};
    // The resource's own name: after its type ("aws_ses_email_identity.qa" -> "qa").
    const std::string type_prefix = id->resource_type + ".";
    const auto tp = id->resource_type.empty() ? std::string::npos : id->resource.find(type_prefix);
    std::string word = recipient_word(tp == std::string::npos ? id->resource : id->resource.substr(tp + type_prefix.size()));
    if (!word.empty()) {
      r.why = "its resource name says '" + word + "'";
    } else if (id->name.span.valid()) {
      const std::string_view expr = ctx.sources().file(id->name.span.file).slice(id->name.span);
      word = recipient_word(expr);
      if (!word.empty() && lower(expr).find(lower(id->name.text)) == std::string::npos)
        r.why = "the expression that sets its address ('" + std::string(expr) + "') says '" + word + "'";
    }
    if (r.why.empty()) {
      const std::string dom = analysis::address_domain(id->name.text);
      bool under_domain = false;
      for (const auto& o : mx.targets)
        if (o->identity && o->identity->type == model::IdentityType::Domain && o->identity->name.known &&
            o->deployment == t->deployment && analysis::domain_within(dom, o->identity->name.text))
          under_domain = true;
      if (!under_domain && !named_by_a_policy(m, id->name.text))
        r.why = "it is verified outside the deployment's domains and no policy uses it as a sender or From address";
    }
    if (!r.why.empty()) recipients.push_back(std::move(r));
  }
  if (recipients.empty()) return;

  std::map<std::pair<std::uint32_t, std::uint32_t>, Grant> grants;  // by statement location
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order;
  for (const auto& s : mx.senders) {
    for (const std::string& action : s->actions) {
      // The sender's grants of the action: all must list identities explicitly.
      std::vector<std::pair<const model::Policy*, const model::Statement*>> allows;
      bool explicit_only = true;
      for (const model::Policy* p : s->policies.identity) {
        if (!p->resolved) explicit_only = false;
        for (const auto& st : p->statements) {
          if (st.effect != model::Effect::Allow || policy::statement_matches_action(st, action) == policy::Tri::No) continue;
          if (st.not_resource || st.resources.empty() || !st.conditions.empty() || st.conditions_unknown) explicit_only = false;
          for (const auto& r : st.resources)
            if (!explicit_identity_resource(r)) explicit_only = false;
          allows.emplace_back(p, &st);
        }
      }
      if (!explicit_only || allows.empty()) continue;
      for (const Recipient& r : recipients) {
        if (r.target->deployment != s->deployment) continue;
        bool covered = false;
        for (const auto& [p, st] : allows)
          if (possibly_matching_resource(*st, r.target->arn)) covered = true;
        if (covered) continue;
        const model::Statement* st = allows.front().second;
        const source::Span at = st->resources.front().span.valid() ? st->resources.front().span : st->span;
        const auto key = std::make_pair(at.file, at.begin);
        auto [it, fresh] = grants.try_emplace(key);
        if (fresh) {
          order.push_back(key);
          it->second.statement = st;
          it->second.policy = allows.front().first;
          it->second.denied = analysis::access_denied_message(*s, action, r.target->arn);
        }
        Grant& g = it->second;
        // The error names SendRawEmail when the grant covers it (SMTP and most SDK sends use it).
        if (action == "ses:SendRawEmail" && std::find(g.actions.begin(), g.actions.end(), action) == g.actions.end())
          g.denied = analysis::access_denied_message(*s, action, r.target->arn);
        add_unique(g.senders, s->display_name());
        add_unique(g.actions, action);
        if (std::find(g.omitted.begin(), g.omitted.end(), &r) == g.omitted.end()) g.omitted.push_back(&r);
      }
    }
  }
  for (const auto& key : order) {
    const Grant& g = grants.at(key);
    std::vector<std::string> names;
    for (const Recipient* r : g.omitted) names.push_back("'" + r->target->identity->name.text + "'");
    const model::Statement& st = *g.statement;
    const source::Span at = st.resources.front().span.valid() ? st.resources.front().span : st.span;
    std::string msg = "this grant of " + join_list(g.actions) + " lists identity ARNs explicitly but not the verified recipient" +
                      (names.size() == 1 ? " " : "s ") + join_list(names) +
                      ": while the account is in the SES sandbox, SES also authorizes each send against every "
                      "verified recipient identity, so sends to " +
                      (names.size() == 1 ? "it" : "them") + " fail: " + policy::display_symbols(g.denied);
    auto& f = ctx.add(msg, at, st.path + ".Resource");
    for (const Recipient* r : g.omitted) {
      const model::Identity* id = r->target->identity;
      f.notes.push_back({id->name.span.valid() ? id->name.span : id->span,
                         "recipient identity '" + id->name.text + "' verified here (" + id->resource + "): " + r->why});
    }
    if (g.senders.size() > 1)
      f.notes.push_back({st.span, "the grant is used by " + join_list(g.senders)});
    std::vector<std::string> arns;
    for (const Recipient* r : g.omitted) arns.push_back("'" + policy::display_symbols(r->target->arn) + "'");
    f.help = "while the account is in the sandbox, add " + join_list(arns) +
             " to the statement's Resource; or request production access for the account (then recipients are not "
             "authorized)";
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES027",
                 "sandbox-recipient-not-authorized",
                 Severity::Note,
                 "A send grant lists identity ARNs explicitly but leaves out verified recipient identities, which SES "
                 "also authorizes while the account is in the sandbox",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
