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

enum class Tri { Yes, No, Unknown };

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

// ---------------------------------------------------------------------------------------------
// Symbols: the deploying scope's own partition, Region and account when they are not known
// literally (data.aws_caller_identity / data.aws_partition / the provider Region in Terraform,
// AWS::AccountId / AWS::Partition / AWS::Region in CloudFormation). A symbol is one whole ARN
// segment, "\x01" followed by its name; the same symbol in a policy and in a request ARN stands
// for the same value, so `arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/x`
// matches the identity x of the same template for certain.

/// The symbol an unknown value's description stands for ("account", "partition", "region"), or
/// "" when it is not the deploying scope's own value.
std::string_view self_symbol(std::string_view unknown_description);
/// "\x01" + name.
std::string symbol(std::string_view name);
bool is_symbol(std::string_view segment);
/// The ARN for messages: symbols shown as ${account}, ${region}, ${partition}.
std::string display_symbols(std::string_view arn);

/// Three-valued ARN match where either side may contain symbol segments: a request segment
/// that is a symbol matches a pattern segment of only '*' or the same symbol for certain, any
/// other pattern segment maybe (Unknown). Pattern symbols match only the same symbol.
Tri arn_match_symbolic(std::string_view pattern, std::string_view arn);

}  // namespace seslint::policy
