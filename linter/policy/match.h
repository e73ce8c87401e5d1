// policy/match: IAM string matching. Actions match case-insensitively with * and ?;
// ARNs match segment by segment, case-sensitively, with * and ? inside a segment and * in the
// resource segment also spanning '/' and ':'.  No regexes, no hard-coded partitions.
//   action_matches("ses:Send*", "ses:SendRawEmail") == true
//   arn_matches("arn:aws:ses:*:*:identity/example.com", "arn:aws:ses:eu-west-1:1:identity/example.com")
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace seslint::policy {

bool iequals(std::string_view a, std::string_view b);

/// Glob with '*' (any run) and '?' (one byte); `fold_case` for ASCII case-insensitivity.
bool glob_match(std::string_view pattern, std::string_view text, bool fold_case = false);

/// True if the pattern contains '*' or '?'.
bool has_wildcard(std::string_view pattern);

/// IAM action pattern ("ses:Send*", "*", "SES:sendemail") against a full action name.
bool action_matches(std::string_view pattern, std::string_view action);

struct Arn {
  std::string partition, service, region, account, resource;
  std::string str() const;
};

/// Splits "arn:partition:service:region:account:resource" (resource may contain ':').
std::optional<Arn> parse_arn(std::string_view text);

/// IAM Resource element matching. "*" matches everything, including the "*" request resource
/// of actions without resource-level permissions.
bool arn_matches(std::string_view pattern, std::string_view arn);

}  // namespace seslint::policy
