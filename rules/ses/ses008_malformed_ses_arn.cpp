// SES008: Resource / NotResource ARNs in SES statements that can never match an SES resource:
// a wrong service segment, an empty Region or account, an unknown partition, a resource type SES
// does not have, or a name with a '/' that SES names never contain.
#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "common.h"
#include "engine/runner.h"
#include "policy/arn.h"
#include "policy/match.h"
#include "policy/ses_actions.h"
#include "suggest.h"

namespace seslint::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Checks the `Resource` and `NotResource` ARNs of statements that name `ses:` actions, and of SES
identity (sending authorization) policies, for ARNs that can never match an SES resource:
- a service segment other than `ses`: `arn:aws:sesv2:...`, `arn:aws:ses-v2:...`,
  `arn:aws:email:...`, `arn:aws:SES:...` (SES v2 and Mail Manager resources are `ses` ARNs too);
- an empty Region or account segment in an `ses` ARN (`arn:aws:ses:::identity/example.com`);
  SES resources are always regional and owned by an account;
- a partition that does not exist (`arn:amazon:ses:...`, `arn:AWS:ses:...`);
- a resource type SES does not have: `identities/...`, `domain/...`, `email/...`,
  `configurationset/...`; the valid types are `identity`, `configuration-set`, `template`,
  `contact-list`, `custom-verification-email-template`, `dedicated-ip-pool`, the Mail Manager
  types and the others of the SES action catalogue; a type without a name (`identity`,
  `identity/`);
- a `/` after an identity, configuration set, template, contact list or IP pool name:
  `identity/example.com/*` matches nothing, because identity names never contain `/`.

The help shows the corrected ARN where it can be derived (the Region of an identity verified in
the repository, the nearest resource type or partition). Parts seslint cannot resolve
(`${var.region}`, `!Ref Domain`) are never reported.

## Why it matters
IAM accepts any string as a resource, so a policy with such an ARN deploys fine, but the ARN
matches no request SES makes (`arn:aws:ses:eu-west-1:123456789012:identity/example.com`). An
`Allow` on it grants nothing and sending fails with `554 Access denied` (SMTP) or
`AccessDenied`; a `Deny` on it denies nothing; a `NotResource` entry excludes nothing. Typical
sources: copying the SDK client name (`sesv2`) into the ARN, writing `domain/` for a domain
identity, or `identity/example.com/*` meant as "every address of the domain".

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "ses:SendEmail",
    "Resource": [
      "arn:aws:sesv2:eu-west-1:123456789012:identity/example.com",
      "arn:aws:ses:eu-west-1:123456789012:identity/example.com/*"
    ]
  }]
}
```

## Use instead
```json
    "Resource": [
      "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
      "arn:aws:ses:eu-west-1:123456789012:identity/*@example.com"
    ]
```

## Notes
A statement is treated as an SES statement when one of its `Action` entries has the `ses:`
prefix (or a prefix SES009 reports, such as `sesv2:`); ARNs of other services in mixed
statements are left alone. Wildcards are fine wherever IAM allows them (`arn:aws:ses:*:*:identity/*`).

## How unknowns are treated
Each ARN segment is checked on its own: a literal segment that is wrong (a partition that does
not exist, a service other than `ses`, an empty Region or account) is an error whatever the
other, unknown segments are. A resource segment with a literal type and an unknown name
(`identities/${var.domain}`) is reported when SES has no such type, since no value of the name
can change that. A segment that is unknown (`${var.region}`) is not checked.

## Placeholders in reusable modules
Reusable Terraform modules often declare `variable "domain" { default = "" }` and build
`identity/${var.domain}` from it; every caller sets the variable. When seslint evaluates such a
module folder on its own, the empty default is a placeholder, not a malformed ARN:
- the folder is called by a `module` block elsewhere in the scan: nothing is reported for the
  folder on its own; each call is checked as a module instance with the caller's values, and a
  call that leaves the variable at `""` is an error (with a note that the call does not set it);
- nobody in the scan calls it, but it lives in a `modules/` folder: a note says the value is a
  placeholder default and the ARN is not checked.

A root configuration (a folder no module block calls, outside `modules/`) deploys its defaults,
so an empty default there is still an error.

## References
- Service Authorization Reference, "Actions, resources, and condition keys for Amazon SES" (resource
  types and their ARN formats): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
- IAM User Guide, "Identify AWS resources with Amazon Resource Names (ARNs)": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
- IAM User Guide, "IAM JSON policy elements: Resource": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- Terraform, "Input Variables" (defaults, and callers setting a module's variables): https://developer.hashicorp.com/terraform/language/values/variables
)md";

constexpr std::string_view kBadJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": [
        "arn:aws:sesv2:eu-west-1:123456789012:identity/example.com",
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com/*"
      ]
    }
  ]
}
)json";

constexpr std::string_view kGoodJson = R"json({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": [
        "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        "arn:aws:ses:eu-west-1:123456789012:identity/*@example.com"
      ]
    }
  ]
}
)json";

constexpr std::string_view kBadTf = R"tf(
data "aws_iam_policy_document" "mailer" {
  statement {
    actions   = ["ses:SendRawEmail"]
    resources = ["arn:aws:ses:::domain/example.com"]
  }
}

resource "aws_iam_policy" "mailer" {
  policy = data.aws_iam_policy_document.mailer.json
}
)tf";

constexpr std::string_view kGoodTf = R"tf(
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "mailer" {
  statement {
    actions   = ["ses:SendRawEmail"]
    resources = ["arn:aws:ses:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:identity/example.com"]
  }
}

resource "aws_iam_policy" "mailer" {
  policy = data.aws_iam_policy_document.mailer.json
}
)tf";

// Service segments people write for SES resources; only `ses` exists.
bool ses_like_service(std::string_view service) {
  const std::string s = ascii_lower(service);
  return s == "ses" || s == "simpleemail" || s == "amazonses" || misnamed_ses_service(s);
}

// Action prefixes that make a statement an SES statement (SES009 reports the misnamed ones).
bool ses_action_prefix(std::string_view action) {
  const auto colon = action.find(':');
  return colon != std::string_view::npos &&
         (ascii_lower(action.substr(0, colon)) == "ses" || misnamed_ses_service(action.substr(0, colon)));
}

/// The resource types SES ARNs have: every type an action of the catalogue names (the same set as
/// ses-actions.json `arn_patterns`).
const std::set<std::string, std::less<>>& resource_types() {
  static const std::set<std::string, std::less<>> types = [] {
    std::set<std::string, std::less<>> out;
    for (const auto& a : policy::ses_actions())
      for (std::string_view list : {a.required_types, a.optional_types}) {
        std::size_t start = 0;
        while (start < list.size()) {
          auto comma = list.find(',', start);
          if (comma == std::string_view::npos) comma = list.size();
          if (comma > start) out.emplace(list.substr(start, comma - start));
          start = comma + 1;
        }
      }
    return out;
  }();
  return types;
}

// Types whose names cannot contain '/' (domain names, addresses, and names limited to letters,
// digits, '_' and '-'), so `type/name/...` never matches.
bool single_name_type(std::string_view type) {
  return type == "identity" || type == "configuration-set" || type == "template" || type == "contact-list" ||
         type == "custom-verification-email-template" || type == "dedicated-ip-pool";
}

/// The type the user most likely meant ("" when none is clear).
std::string corrected_type(std::string_view type) {
  const std::string t = ascii_lower(type);
  if (t == "identities" || t == "domain" || t == "domains" || t == "email" || t == "emails" || t == "address" ||
      t == "email-identity" || t == "emailidentity" || t == "email_identity" || t == "domain-identity" ||
      t == "email-address")
    return "identity";
  if (t == "configurationset" || t == "configuration_set" || t == "configset" || t == "config-set" ||
      t == "configuration-sets" || t == "configurationsets")
    return "configuration-set";
  if (t == "templates" || t == "email-template" || t == "emailtemplate") return "template";
  std::vector<std::string_view> candidates(resource_types().begin(), resource_types().end());
  return closest(t, candidates, suggestion_distance(t.size()), true);
}

std::string corrected_partition(std::string_view partition) {
  static constexpr std::string_view kPartitions[] = {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b",
                                                     "aws-iso-e", "aws-iso-f", "aws-eusc"};
  std::vector<std::string_view> candidates(std::begin(kPartitions), std::end(kPartitions));
  return closest(partition, candidates, 2, true);
}

std::string consequence(const model::Statement& st) {
  if (st.not_resource) return "so the NotResource entry excludes nothing";
  if (st.effect == model::Effect::Deny) return "so the statement denies nothing on it";
  return "so the statement grants nothing on it";
}

/// An identity of the repository with this name, verified in a known Region / account.
const model::Identity* repository_identity(const model::Model& m, const std::string& name) {
  for (const auto& id : m.identities)
    if (id.name.known && id.name.text == name) return &id;
  return nullptr;
}


/// The module folder of a scope: "modules/mail" for "modules/mail" and for the instance scope
/// "modules/mail (module.mail in .)".
std::string scope_folder(const std::string& scope) {
  return model::instance_address(scope).empty() ? scope : scope.substr(0, scope.rfind(" (module."));
}

/// The empty-string default of a variable of the policy's own module that went into `r`
/// (nullptr when none did).
const syntax::ValueOrigin* empty_default(const model::Model& m, const model::Policy& p, const model::Str& r,
                                         const source::SourceSet& sources) {
  for (const auto& o : m.value_origins) {
    if (o.how != "default" || !o.defined.valid() || !o.use.valid() || o.use.file != r.span.file ||
        o.use.begin < r.span.begin || o.use.end > r.span.end)
      continue;
    if (o.values.empty() ||
        std::any_of(o.values.begin(), o.values.end(), [](const std::string& v) { return !v.empty(); }))
      continue;
    const std::string& path = sources.file(o.defined.file).path();
    const auto slash = path.find_last_of('/');
    if ((slash == std::string::npos ? std::string() : path.substr(0, slash)) != scope_folder(p.module)) continue;
    return &o;
  }
  return nullptr;
}

void check(const model::Model& m, engine::RuleContext& ctx) {
  std::set<std::tuple<source::FileId, std::size_t, std::size_t>> seen;
  const std::set<std::string> called = called_folders(m);
  for (const auto& p : m.policies) {
    if (p.builtin) continue;
    for (const auto& st : p.statements) {
      const bool ses_statement =
          p.kind == model::PolicyKind::SesIdentity ||
          (!st.not_action && std::any_of(st.actions.begin(), st.actions.end(), [](const model::Str& a) {
             return a.known && ses_action_prefix(a.text);
           }));
      if (!ses_statement) continue;
      for (const auto& r : st.resources) {
        auto arn = policy::parse_partial_arn(r);
        if (!arn || !arn->service.known) continue;
        if (arn->service.text != "ses" && !ses_like_service(arn->service.text)) continue;
        std::vector<std::string> problems;
        policy::PartialArn fixed = *arn;
        bool placeholder = false;
        if (arn->service.text != "ses") {
          problems.push_back("the service segment is '" + arn->service.text + "', but SES resources (v1, v2 and Mail "
                             "Manager alike) are 'ses' ARNs");
          fixed.service.text = "ses";
        }
        if (arn->partition.known && !policy::has_wildcard(arn->partition.text) &&
            !policy::is_known_partition(arn->partition.text)) {
          problems.push_back("'" + arn->partition.text + "' is not an AWS partition");
          std::string c = corrected_partition(arn->partition.text);
          fixed.partition.text = c.empty() ? "<partition>" : c;
          placeholder = placeholder || c.empty();
        }
        // The resource part first: the identity it names (after correction) may supply the
        // Region and account for the corrected ARN.
        std::string resource_problem;
        bool only_empty_parts = false;  // every problem is an empty segment or name
        if (arn->resource.known) {
          const std::string& res = arn->resource.text;
          const auto slash = res.find('/');
          const std::string type = res.substr(0, slash);
          if (!policy::has_wildcard(type)) {
            if (!resource_types().count(type)) {
              std::string c = corrected_type(type);
              resource_problem = "SES has no resource type '" + type + "'";
              fixed.resource.text = (c.empty() ? "<type>" : c) + (slash == std::string::npos ? "" : res.substr(slash));
              placeholder = placeholder || c.empty();
            } else if (slash == std::string::npos) {
              resource_problem = "'" + type + "' is not followed by '/' and a name";
              fixed.resource.text = type + "/*";
            } else if (slash + 1 == res.size()) {
              resource_problem = "'" + res + "' names no " + type + " (the name after '/' is empty)";
              fixed.resource.text = type + "/*";
              only_empty_parts = true;
            } else if (single_name_type(type) && res.find('/', slash + 1) != std::string::npos) {
              const std::string name = res.substr(slash + 1, res.find('/', slash + 1) - slash - 1);
              resource_problem = type + " names never contain '/' ('" + res + "' matches no " + type + ")";
              fixed.resource.text = name.empty() ? type + "/*" : type + "/" + name;
            }
          }
        } else if (const auto slash = arn->resource.text.find('/'); slash != std::string::npos) {
          // A literal type before an unknown name ("identities/${var.domain}"): no value of the
          // name can make SES have that resource type.
          const std::string type = arn->resource.text.substr(0, slash);
          if (!type.empty() && type.find('$') == std::string::npos && !policy::has_wildcard(type) &&
              !resource_types().count(type)) {
            std::string c = corrected_type(type);
            resource_problem = "SES has no resource type '" + type + "', whatever the unknown name is";
            fixed.resource.text = (c.empty() ? "<type>" : c) + arn->resource.text.substr(slash);
            placeholder = placeholder || c.empty();
          }
        }
        const model::Identity* named = nullptr;
        if (arn->resource.known && fixed.resource.text.rfind("identity/", 0) == 0)
          named = repository_identity(m, fixed.resource.text.substr(9));
        if (arn->region.known && arn->region.text.empty()) {
          problems.push_back("the Region segment is empty (SES resources are regional)");
          const bool known = named && named->region.known;
          fixed.region.text = known ? named->region.text : "<region>";
          placeholder = placeholder || !known;
        }
        if (arn->account.known && arn->account.text.empty()) {
          problems.push_back("the account segment is empty");
          const bool known = named && named->account.known;
          fixed.account.text = known ? named->account.text : "<account>";
          placeholder = placeholder || !known;
        }
        const bool empty_region = arn->region.known && arn->region.text.empty();
        const bool empty_account = arn->account.known && arn->account.text.empty();
        const bool other_problem = problems.size() > (empty_region ? 1u : 0u) + (empty_account ? 1u : 0u) ||
                                   (!resource_problem.empty() && !only_empty_parts);
        if (!resource_problem.empty()) problems.push_back(resource_problem);
        if (problems.empty()) continue;
        // Before the once-per-span check: the same span evaluated as a module instance (with the
        // caller's values) is judged on its own.
        const syntax::ValueOrigin* empty_var = other_problem ? nullptr : empty_default(m, p, r, ctx.sources());
        const std::string instance = model::instance_address(p.module);
        if (empty_var && instance.empty() && (called.count(p.module) || conventional_module_folder(p.module))) {
          // A reusable module evaluated on its own: "" is a placeholder its callers fill in, and
          // each call is checked as an instance with the caller's values.
          if (called.count(p.module)) continue;
          auto& f = ctx.add("'" + arn->display() + "' is built from the empty default of " + empty_var->variable +
                                ", a placeholder of the reusable module " + p.module +
                                " that its callers fill in; no module call in the scan sets it, so the ARN is "
                                "not checked",
                            r.span, r.path);
          f.severity = Severity::Note;
          f.notes.push_back({empty_var->defined, empty_var->variable + " defaults to \"\" here"});
          f.help = "scan the module together with a configuration that calls it, or give " + empty_var->variable +
                   " a validation block that rejects \"\"";
          continue;
        }
        if (!seen.insert({r.span.file, r.span.begin, r.span.end}).second) continue;
        auto& f = ctx.add("'" + arn->display() + "' can never match an SES resource: " + join_list(problems) + ", " +
                              consequence(st),
                          r.span, r.path);
        const std::string corrected = fixed.display();
        if (empty_var && !instance.empty())
          f.notes.push_back({empty_var->defined, instance + " does not set " + empty_var->variable.substr(4) +
                                                       ", so the module's placeholder default \"\" is deployed"});
        f.help = "write '" + corrected + "'";
        if (placeholder) f.help += ", filling in the <...> parts";
        const auto& fr = fixed.resource.text;
        if (fr.rfind("identity/", 0) == 0 && fr.find('@') == std::string::npos && !policy::has_wildcard(fr) &&
            arn->resource.known && arn->resource.text.size() > fr.size() && arn->resource.text.rfind(fr + "/", 0) == 0)
          f.help += " for the domain identity, and 'identity/*@" + fr.substr(9) +
                    "' for addresses of the domain verified as identities of their own";
        if (named && (named->region.known || named->account.known) &&
            ((arn->region.known && arn->region.text.empty()) || (arn->account.known && arn->account.text.empty())))
          f.notes.push_back({named->name.span.valid() ? named->name.span : named->span,
                             "identity '" + named->name.text + "' is verified here (" + named->resource + ")"});
      }
    }
  }
}

}  // namespace

SESLINT_RULE((engine::RuleMeta{
                 "SES008",
                 "malformed-ses-arn",
                 Severity::Error,
                 "A Resource ARN in an SES statement can never match an SES resource (wrong service, empty Region "
                 "or account, unknown partition or resource type, or a '/' SES names never contain)",
                 kDocs,
                 {{"policy.json", true, kBadJson},
                  {"policy.json", false, kGoodJson},
                  {"main.tf", true, kBadTf},
                  {"main.tf", false, kGoodTf}},
             }),
             &check);

}  // namespace seslint::rules
