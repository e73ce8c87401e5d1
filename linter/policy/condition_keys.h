// policy/condition_keys: which condition keys a request carries, per the SES action catalogue
// and the AWS global keys, and which keys are multivalued (ArrayOf... types).
//   if (!action_carries_key("ses:SendBulkEmail", "ses:FromAddress")) ...  // absent, not unknown
#pragma once

#include <string>
#include <string_view>

namespace seslint::policy {

/// False when AWS never puts `key` in the request context of `action`: an SES action of the
/// catalogue whose service reference entry does not list the key (and the key is not a global
/// key SES supports). True for every action outside the SES catalogue (nothing is known).
bool action_carries_key(std::string_view action, std::string_view key);

/// True for keys whose request value is a set: the catalogue's ArrayOfString keys
/// (ses:Recipients, aws:TagKeys, ses:ConfigurationSetOptions, ses:ReplicaRegion) and the
/// multivalued AWS global keys (aws:CalledVia, aws:PrincipalOrgPaths, aws:ResourceOrgPaths,
/// aws:SourceOrgPaths, aws:PrincipalServiceNamesList). Per the IAM User Guide ("Single-valued
/// vs. multivalued context keys") they need ForAnyValue:/ForAllValues:.
bool is_multivalued_key(std::string_view key);

/// The canonical spelling of a condition key SES or IAM documents ("aws:SourceAccount" for
/// "AWS:sourceaccount"; a tag key keeps its own spelling after "aws:ResourceTag/"), or "" when
/// the key is not one of the catalogue's or the global keys.
std::string canonical_key_name(std::string_view key);

}  // namespace seslint::policy
