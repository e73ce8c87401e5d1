#include "policy/condition_keys.h"

#include "policy/conditions.h"
#include "policy/match.h"
#include "policy/ses_actions.h"
#include "policy/text.h"

namespace seslint::policy {

namespace {

using text::istarts_with;
using text::trim;

// Global condition keys ("AWS global condition context keys"). A trailing '*' is a prefix.
// aws:RequestTag/*, aws:TagKeys and aws:ResourceTag/* are handled per action below.
constexpr std::string_view kGlobalKeys[] = {
    "aws:CurrentTime",          "aws:EpochTime",           "aws:SecureTransport",
    "aws:SourceIp",             "aws:UserAgent",           "aws:RequestedRegion",
    "aws:PrincipalArn",         "aws:PrincipalAccount",    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",    "aws:PrincipalTag/*",      "aws:PrincipalType",
    "aws:PrincipalIsAWSService", "aws:PrincipalServiceName*", "aws:userid",
    "aws:username",             "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
    "aws:ViaAWSService",        "aws:CalledVia*",          "aws:SourceVpc*",
    "aws:SourceVpce",           "aws:VpcSourceIp",         "aws:TokenIssueTime",
    "aws:Referer",              "aws:SourceArn",           "aws:SourceAccount",
    "aws:SourceOrgID",          "aws:SourceOrgPaths",      "aws:ResourceAccount",
    "aws:ResourceOrgID",        "aws:ResourceOrgPaths",    "aws:FederatedProvider",
    "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4", "aws:SourceIdentity",
};

bool key_matches(std::string_view entry, std::string_view key) {
  if (!entry.empty() && entry.back() == '*') return istarts_with(key, entry.substr(0, entry.size() - 1));
  // Catalogue entries like "aws:ResourceTag/${TagKey}" cover every tag key.
  if (auto var = entry.find("${"); var != std::string_view::npos)
    return key.size() > var && istarts_with(key, entry.substr(0, var));
  return iequals(entry, key);
}

bool in_list(std::string_view list, std::string_view key) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view entry = trim(list.substr(0, comma));
    if (!entry.empty() && key_matches(entry, key)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// Resource types whose SAR entry lists aws:ResourceTag/${TagKey} (ses-actions.json,
// resource_type_condition_keys): all SES types except export-job, import-job,
// multi-region-endpoint and reputation-policy.
bool type_has_resource_tags(std::string_view type) {
  return !type.empty() && type != "export-job" && type != "import-job" && type != "multi-region-endpoint" &&
         type != "reputation-policy";
}

bool types_have_resource_tags(std::string_view types) {
  while (!types.empty()) {
    std::size_t comma = types.find(',');
    if (type_has_resource_tags(trim(types.substr(0, comma)))) return true;
    if (comma == std::string_view::npos) break;
    types.remove_prefix(comma + 1);
  }
  return false;
}

bool types_contain(std::string_view types, std::string_view type) {
  while (!types.empty()) {
    std::size_t comma = types.find(',');
    if (trim(types.substr(0, comma)) == type) return true;
    if (comma == std::string_view::npos) break;
    types.remove_prefix(comma + 1);
  }
  return false;
}

bool provided(const SesAction& a, std::string_view key) {
  if (in_list(a.condition_keys, key)) return true;
  if (istarts_with(key, "aws:ResourceTag/"))
    return key.size() > 16 && (types_have_resource_tags(a.required_types) || types_have_resource_tags(a.optional_types));
  if (istarts_with(key, "aws:RequestTag/") || iequals(key, "aws:TagKeys")) return false;  // only when listed
  if (iequals(key, "ses:MailManagerIngressPointType"))
    return types_contain(a.required_types, "mailmanager-ingress-point") ||
           types_contain(a.optional_types, "mailmanager-ingress-point");
  if (istarts_with(key, "aws:")) {
    for (std::string_view g : kGlobalKeys)
      if (key_matches(g, key)) return true;
  }
  return false;
}

}  // namespace

bool action_carries_key(std::string_view action, std::string_view key) {
  // A service key ("ses:Recipients") exists only in requests to that service.
  const auto key_colon = key.find(':'), action_colon = action.find(':');
  if (key_colon != std::string_view::npos && action_colon != std::string_view::npos &&
      !text::iequals(key.substr(0, key_colon), "aws") &&
      !text::iequals(key.substr(0, key_colon), action.substr(0, action_colon)))
    return false;
  const SesAction* a = find_ses_action(action);
  if (!a || !istarts_with(action, "ses:")) return true;  // only SES actions are catalogued
  return provided(*a, key);
}

bool is_multivalued_key(std::string_view key) {
  static constexpr std::string_view kMultivalued[] = {
      "ses:Recipients",        "ses:ConfigurationSetOptions", "ses:ReplicaRegion",     "aws:TagKeys",
      "aws:CalledVia",         "aws:PrincipalOrgPaths",       "aws:ResourceOrgPaths",  "aws:SourceOrgPaths",
      "aws:PrincipalServiceNamesList",
  };
  for (std::string_view k : kMultivalued)
    if (iequals(k, key)) return true;
  return false;
}

std::string canonical_key_name(std::string_view key) {
  // Names behind the prefix entries of kGlobalKeys, and the tag key prefixes.
  static constexpr std::string_view kExtra[] = {
      "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:CalledVia", "aws:CalledViaFirst",
      "aws:CalledViaLast",        "aws:SourceVpc",                 "aws:SourceVpcArn", "aws:TagKeys",
  };
  static constexpr std::string_view kTagPrefixes[] = {"aws:ResourceTag/", "aws:RequestTag/", "aws:PrincipalTag/"};
  for (std::string_view prefix : kTagPrefixes)
    if (key.size() > prefix.size() && istarts_with(key, prefix)) return std::string(prefix) + std::string(key.substr(prefix.size()));
  for (std::string_view g : kGlobalKeys)
    if (g.back() != '*' && iequals(g, key)) return std::string(g);
  for (std::string_view g : kExtra)
    if (iequals(g, key)) return std::string(g);
  for (const SesAction& a : ses_actions()) {
    std::string_view list = a.condition_keys;
    while (!list.empty()) {
      std::size_t comma = list.find(',');
      std::string_view entry = trim(list.substr(0, comma));
      if (entry.find("${") == std::string_view::npos && iequals(entry, key)) return std::string(entry);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  if (iequals(key, "ses:MailManagerIngressPointType")) return "ses:MailManagerIngressPointType";
  return "";
}

std::vector<const model::Condition*> keys_not_provided(const model::Statement& st, std::string_view action) {
  std::vector<const model::Condition*> out;
  const SesAction* a = find_ses_action(action);
  if (!a || !istarts_with(action, "ses:")) return out;  // only SES actions are catalogued
  for (const model::Condition& c : st.conditions)
    if (!provided(*a, c.key)) out.push_back(&c);
  return out;
}

}  // namespace seslint::policy
