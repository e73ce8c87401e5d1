// policy/key_facts: what AWS puts in the request context for the condition keys the condition
// rules reason about: the shape of the value, when the key is present, and where AWS documents
// it. A policy value of a shape the key never has can never match (SES017, and the evaluator
// when the request value itself is not known).
//   if (auto bad = impossible_value("aws:PrincipalArn", "arn:aws:sts::1:assumed-role/r/*", false)) ...
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seslint::policy {

enum class KeyShape { Any, PrincipalArn, ResourceArn, AccountId, Region, SesApiVersion };

enum class Presence {
  Always,        ///< in every request of the actions that carry the key
  WhenSet,       ///< only when the request sets it (a From display name, a Return-Path)
  ServiceCalls,  ///< only when an AWS service calls on behalf of a resource: never for a user or role calling directly
};

struct KeyFacts {
  std::string_view key;          ///< canonical spelling
  KeyShape shape;
  Presence presence;
  bool multivalued;
  std::string_view sets;         ///< what AWS sets, one sentence
  std::string_view absent_when;  ///< in which requests the key is absent ("" for Always)
  std::string_view expected;     ///< what a policy value must look like to match
  std::string_view doc;          ///< public AWS documentation URL
};

/// The facts of a key (case-insensitive), or nullptr when seslint has none.
const KeyFacts* key_facts(std::string_view key);

/// Every key with facts, for documentation.
const std::vector<KeyFacts>& all_key_facts();

struct ImpossibleValue {
  std::string why;         ///< "for a role session aws:PrincipalArn is the role's ARN, ..."
  std::string expected;    ///< what the value should look like
  std::string suggestion;  ///< a corrected value when one follows from the written one, else ""
};

/// For a String* or Arn* comparison (`arn_operator` for ArnEquals/ArnLike and their negations,
/// `ignore_case` for StringEqualsIgnoreCase): the policy value can never equal or match any value
/// AWS sets for `key`. '*', '?' and policy variables (${...}) are taken as matching anything, so a
/// value is reported only when no request can match it.
std::optional<ImpossibleValue> impossible_value(std::string_view key, std::string_view value, bool arn_operator,
                                                bool ignore_case);

}  // namespace seslint::policy
