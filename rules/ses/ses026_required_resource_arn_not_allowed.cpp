// SES026: an SES action is granted only on ARNs of resource types AWS does not authorize it on:
// ses:SendCustomVerificationEmail on identity ARNs only (AWS authorizes the custom verification
// email template), or an SESv2 contact-list / configuration-set action on other types only.
#include <algorithm>
#include <set>

#include "common.h"
#include "engine/runner.h"
#include "policy/ses_actions.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kAction = "ses:SendCustomVerificationEmail";
constexpr std::string_view kType = "custom-verification-email-template";

constexpr std::string_view kDocs = R"md(
## What it does
Finds Allow statements of identity-based policies that name `ses:SendCustomVerificationEmail`
(without a wildcard) and list only identity ARNs (`identity/...`) in `Resource`, while nothing the
principal has (the same policy, or any other identity-based policy of a user or role in the
repository that uses it) allows the action on a custom verification email template ARN
(`arn:aws:ses:REGION:ACCOUNT:custom-verification-email-template/NAME`, or a wildcard that covers
one).

It also finds Allow statements that name (without a wildcard) an SESv2 action whose resource types,
as the Service Authorization Reference lists them, include `contact-list` or `configuration-set`
(`ses:CreateContact`, `ses:ListContacts`, `ses:PutConfigurationSetDeliveryOptions`,
`ses:CreateConfigurationSetEventDestination`, ...) while every Resource entry names an SES resource
of another type (`identity/...`, `template/...`), and nothing else the principal has allows the
action on a resource of its types. Such a statement allows the action on nothing.

## Why it matters
`SendCustomVerificationEmail` sends the verification message of a custom verification email
template to an address that is being verified. The Service Authorization Reference lists
`custom-verification-email-template` as the action's **required** resource type on the SESv2 page
and in the merged SES service reference; the SES v1 (2010-12-01) page lists `identity` as its
required resource type instead (the pages disagree). A statement that lists identity ARNs only
therefore fails the template authorization:
`AccessDeniedException: User '...' is not authorized to perform 'ses:SendCustomVerificationEmail' on resource 'arn:aws:ses:...:custom-verification-email-template/NAME'`.
The identity SES relates to this action is the address being verified (`EmailAddress` of the
request), not the template's sender address, so an `identity/` entry for the sending domain does
not stand for the addresses that get verification mail either.

The contact and contact-list actions are authorized on `arn:aws:ses:REGION:ACCOUNT:contact-list/NAME`,
the configuration set actions on `configuration-set/NAME`; an identity ARN in `Resource` does not
match those ARNs, so the call fails with `AccessDeniedException` on the contact list or
configuration set ARN.

## Example
```hcl
resource "aws_iam_policy" "signup" {
  name = "signup-verification"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendCustomVerificationEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
```

## Use instead
List the template (by name, or `custom-verification-email-template/*`) and the identities of the
addresses to verify (`identity/*` when they are your users' addresses):
```hcl
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:custom-verification-email-template/welcome",
        "arn:aws:ses:eu-west-1:123456789012:identity/*",
      ]
```

## Notes
Custom verification email templates are created through the API or CLI
(`CreateCustomVerificationEmailTemplate`); Terraform and CloudFormation have no resource for them,
so seslint does not know the template names and checks for any template ARN. Statements whose
Resource is `*`, that use `NotResource`, or whose Resource entries seslint cannot resolve are not
reported, nor is a grant through a wildcard action (`ses:Send*`), which seldom means this action.

An entry whose resource type has a wildcard (`arn:aws:ses:*:*:*`) may match, and is not reported.
Only the resource types of the AWS programmatic service reference (which merges the Service Authorization
Reference pages) are used; an action it does not know is left to SES009.

## How unknowns are treated
An error when every Resource entry of the statement is an identity ARN and no statement of the
principal's policies can name a template ARN for the action. An entry whose resource type is not
resolved (`arn:aws:ses:eu-west-1:123456789012:${var.resource}`) may name a template: nothing is
reported then.

## References
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (v1;
  SendCustomVerificationEmail: `identity*`): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon Simple Email
  Service v2" (SendCustomVerificationEmail: `custom-verification-email-template*`):
  https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
- SESv2 API Reference, "CreateContact" (contacts belong to a contact list):
  https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_CreateContact.html
- SES Developer Guide, "Using custom verification email templates":
  https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html#send-email-verify-address-custom
- SESv2 API Reference, "SendCustomVerificationEmail":
  https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendCustomVerificationEmail.html
)md";

constexpr std::string_view kBadTf = R"tf(
resource "aws_iam_policy" "signup" {
  name = "signup-verification"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendCustomVerificationEmail"
      Resource = "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
    }]
  })
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
resource "aws_iam_policy" "signup" {
  name = "signup-verification"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "ses:SendCustomVerificationEmail"
      Resource = [
        "arn:aws:ses:eu-west-1:123456789012:custom-verification-email-template/welcome",
        "arn:aws:ses:eu-west-1:123456789012:identity/*",
      ]
    }]
  })
}
)tf";

bool names_action(const model::Statement& st) {
  if (st.effect != model::Effect::Allow || st.not_action) return false;
  return std::any_of(st.actions.begin(), st.actions.end(), [](const model::Str& a) {
    return a.known && !policy::has_wildcard(a.text) && policy::iequals(a.text, kAction);
  });
}

/// What a Resource entry can name: the resource part of its most permissive pattern.
enum class Names { Identity, Template, Other };

Names entry_names(const model::Str& r) {
  const std::string pattern = policy::permissive_pattern(r);
  if (pattern == "*") return Names::Template;
  const auto arn = policy::parse_arn(pattern);
  if (!arn) return Names::Other;
  if (!policy::glob_match(arn->service, "ses")) return Names::Other;
  const std::string probe = std::string(kType) + "/probe";
  const auto slash = arn->resource.find('/');
  const std::string tail = slash == std::string::npos ? "probe" : arn->resource.substr(slash + 1);
  if (policy::glob_match(arn->resource, probe) || policy::glob_match(arn->resource, std::string(kType) + "/" + tail))
    return Names::Template;
  if (arn->resource.rfind("identity/", 0) == 0) return Names::Identity;
  return Names::Other;
}

/// A Resource entry for messages: unresolved parts as ${...} (`${AWS::AccountId}`, `${var.account}`).
std::string shown(const model::Str& s) {
  if (s.known) return s.text;
  if (s.parts.empty()) return "${" + s.text + "}";
  std::string out;
  for (const auto& p : s.parts) out += p.known ? p.text : "${" + p.text + "}";
  return out;
}

/// The SESv2 API's wording of an access-denied text ("AccessDeniedException: User ...").
std::string api_error(std::string text) {
  for (std::string_view from : {std::string_view("554 Access denied"), std::string_view("AccessDenied")})
    if (text.rfind(from, 0) == 0) return "AccessDeniedException" + text.substr(from.size());
  return text;
}

/// Some Allow statement of `policies` for the action may name a template (or cannot be read).
bool template_allowed(const std::vector<const model::Policy*>& policies) {
  for (const model::Policy* p : policies) {
    if (!p->resolved) return true;
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow) continue;
      if (policy::statement_matches_action(st, kAction) == policy::Tri::No) continue;
      if (st.not_resource || !st.has_resource) return true;
      for (const auto& r : st.resources)
        if (entry_names(r) != Names::Identity) return true;
    }
  }
  return false;
}

// --- SESv2 actions on contact lists and configuration sets --------------------------------------

std::set<std::string> split_types(std::string_view list) {
  std::set<std::string> out;
  std::size_t b = 0;
  while (b < list.size()) {
    auto e = list.find(',', b);
    if (e == std::string_view::npos) e = list.size();
    if (e > b) out.insert(std::string(list.substr(b, e - b)));
    b = e + 1;
  }
  return out;
}

/// The SES resource type a Resource entry names: "identity", "contact-list", ...; "*" when it may
/// name any (a wildcard or unknown in the type, or a non-ARN), "" when it is not an SES ARN.
std::string entry_type(const model::Str& r) {
  const std::string pattern = policy::permissive_pattern(r);
  if (pattern == "*") return "*";
  const auto arn = policy::parse_arn(pattern);
  if (!arn) return "*";
  if (!policy::glob_match(arn->service, "ses")) return "";
  const std::string type = arn->resource.substr(0, arn->resource.find('/'));
  return policy::has_wildcard(type) ? "*" : type;
}

/// Some Allow statement of `policies` may grant `action` on a resource of `types`.
bool type_allowed(const std::vector<const model::Policy*>& policies, const std::string& action,
                  const std::set<std::string>& types) {
  for (const model::Policy* p : policies) {
    if (!p->resolved) return true;
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow) continue;
      if (policy::statement_matches_action(st, action) == policy::Tri::No) continue;
      if (st.not_resource || !st.has_resource) return true;
      for (const auto& r : st.resources) {
        const std::string t = entry_type(r);
        if (t == "*" || types.count(t)) return true;
      }
    }
  }
  return false;
}

std::string placeholder(const std::string& type) {
  if (type == "contact-list") return "contact-list/<ContactListName>";
  if (type == "configuration-set") return "configuration-set/<ConfigurationSetName>";
  return type + "/<name>";
}

void check_other_types(const model::Model& m, const model::PrincipalGraph& g, engine::RuleContext& ctx) {
  for (const model::Policy* p : identity_policies(m)) {
    if (!p->resolved) continue;
    for (const auto& st : p->statements) {
      if (st.effect != model::Effect::Allow || st.not_action || st.not_resource || st.resources.empty()) continue;
      // The entries' types: all SES types, none of them open.
      std::vector<std::string> entry_types;
      bool closed = true;
      for (const auto& r : st.resources) {
        const std::string t = entry_type(r);
        if (t == "*" || t.empty()) closed = false;
        entry_types.push_back(t);
      }
      if (!closed) continue;
      for (const auto& a : st.actions) {
        if (!a.known || policy::has_wildcard(a.text)) continue;
        const policy::SesAction* act = policy::find_ses_action(a.text);
        if (!act || act->is_send || !act->resource_level) continue;
        const std::string action = policy::qualified(*act);
        if (action == kAction) continue;  // checked by check_custom_verification
        const std::set<std::string> required = split_types(act->required_types);
        std::set<std::string> types = required;
        for (const auto& t : split_types(act->optional_types)) types.insert(t);
        if (!required.count("contact-list") && !required.count("configuration-set")) continue;
        if (std::any_of(entry_types.begin(), entry_types.end(), [&](const std::string& t) { return types.count(t) > 0; }))
          continue;
        std::vector<const model::Policy*> all{p};
        const auto users = analysis::principals_using(g, *p);
        for (const model::PrincipalNode* n : users)
          for (const model::Policy* q : n->identity_policies()) add_unique(all, q);
        if (type_allowed(all, action, types)) continue;

        const model::Str& first = st.resources.front();
        const std::string first_shown = shown(first);
        const auto colon = first_shown.find(':' + entry_types.front());
        const std::string prefix = colon != std::string::npos ? first_shown.substr(0, colon + 1) : "arn:aws:ses:REGION:ACCOUNT:";
        const std::string need = required.count("contact-list") ? "contact-list" : "configuration-set";
        const std::string resource = prefix + placeholder(need);
        const auto arn = policy::parse_arn(policy::permissive_pattern(first));
        std::string denied;
        if (!users.empty()) {
          denied = policy::display_symbols(analysis::access_denied_message(*users.front(), action, resource,
                                                                           arn ? arn->partition : "",
                                                                           arn ? arn->account : ""));
        } else {
          denied = access_denied_text(*p, action, resource, first.known ? first.text : "", &m);
        }
        denied = api_error(denied);
        std::vector<std::string> listed;
        for (const auto& t : entry_types) add_unique(listed, "'" + t + "'");
        std::vector<std::string> wanted;
        for (const auto& t : types) wanted.push_back("'" + t + "'");
        std::string msg = action + " is allowed on " + join_list(listed) + " ARNs only, but AWS authorizes it on " +
                          join_list(wanted) + " ARNs (its resource types in the Service Authorization Reference), so "
                          "the statement allows it on nothing and every call fails: " + denied;
        auto& f = ctx.add(std::move(msg), a.span.valid() ? a.span : st.span, a.path);
        f.notes.push_back({first.span, "the statement's Resource lists " + join_list(listed) + " ARNs"});
        f.help = "allow " + action + " on '" + prefix + need + "/*' (or the " + need + " it uses) in this or another statement";
      }
    }
  }
}

void check(const model::Model& m, engine::RuleContext& ctx);

void check_all(const model::Model& m, engine::RuleContext& ctx) {
  check(m, ctx);
  check_other_types(m, ctx.analysis().graph, ctx);
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  const model::PrincipalGraph& g = ctx.analysis().graph;
  for (const model::Policy* p : identity_policies(m)) {
    if (!p->resolved) continue;
    for (const auto& st : p->statements) {
      if (!names_action(st) || st.not_resource || st.resources.empty()) continue;
      const bool only_identities = std::all_of(st.resources.begin(), st.resources.end(),
                                               [](const model::Str& r) { return entry_names(r) == Names::Identity; });
      if (!only_identities) continue;
      std::vector<const model::Policy*> all{p};
      const auto users = analysis::principals_using(g, *p);
      for (const model::PrincipalNode* n : users)
        for (const model::Policy* q : n->identity_policies()) add_unique(all, q);
      if (template_allowed(all)) continue;

      const model::Str& first = st.resources.front();
      const auto arn = policy::parse_arn(policy::permissive_pattern(first));
      const std::string first_shown = shown(first);
      const auto at = first_shown.find(":identity/");
      const std::string prefix = at != std::string::npos ? first_shown.substr(0, at + 1) : "arn:aws:ses:REGION:ACCOUNT:";
      const std::string template_arn = prefix + std::string(kType) + "/<TemplateName>";
      const std::string who = users.empty() ? principal_of_policy(m, *p) : principal_label(*users.front());
      std::string denied = access_denied_text(*p, std::string(kAction), template_arn, first.known ? first.text : "", &m);
      if (!users.empty())
        denied = policy::display_symbols(analysis::access_denied_message(*users.front(), std::string(kAction),
                                                                         template_arn, arn ? arn->partition : "",
                                                                         arn ? arn->account : ""));
      denied = api_error(denied);
      std::vector<std::string> ids;
      for (const auto& r : st.resources) ids.push_back("'" + shown(r) + "'");
      std::string msg = std::string(kAction) + " is allowed on identity ARNs only (" + join_list(ids) +
                        "), but AWS also authorizes it on the custom verification email template it sends "
                        "(the required resource type on the SESv2 Service Authorization Reference page), which no "
                        "statement allows, so every call fails: " + denied;
      auto& f = ctx.add(std::move(msg), first.span.valid() ? first.span : st.span, first.path);
      f.notes.push_back({st.span, "the grant of " + std::string(kAction) + " for " + who});
      f.notes.push_back({{}, "the identity SES relates to this action is the address being verified (the request's "
                             "EmailAddress), not the template's sender; list identity/* when you verify your users' "
                             "addresses"});
      f.help = "add '" + prefix + std::string(kType) + "/<TemplateName>' (or '" + prefix + std::string(kType) +
               "/*') to the statement's Resource";
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES026",
                 "required-resource-arn-not-allowed",
                 Severity::Error,
                 "An SES action is allowed only on ARNs of types AWS does not authorize it on: "
                 "ses:SendCustomVerificationEmail on identities only (the custom verification email template is "
                 "authorized too), or a contact-list / configuration-set action on other resource types",
                 kDocs,
                 {{"main.tf", true, kBadTf}, {"main.tf", false, kGoodTf}},
             }),
             &check_all);

}  // namespace seslint::rules
