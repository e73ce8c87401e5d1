// policy/context: the request context IAM conditions are evaluated against.
// A key is present (with one or more values), missing (the request does not carry it), or
// unknown (the request carries it but its value cannot be known statically, e.g. aws:SourceIp).
//   RequestContext ctx; ctx.set("ses:FromAddress", {"noreply@example.com"}); ctx.set_unknown("aws:SourceIp");
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace seslint::policy {

/// Case-insensitive ordering for condition-key names (IAM key names are case-insensitive).
struct KeyLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class RequestContext {
 public:
  enum class State { Present, Missing, Unknown };

  void set(std::string key, std::vector<std::string> values);
  void set_unknown(std::string key);
  /// The request does not carry `key`, whatever the default (aws:SourceArn of a direct call).
  void set_missing(std::string key);
  /// Every key not set explicitly is Unknown instead of Missing (a request we know little about).
  void set_default_unknown(bool v) { default_unknown_ = v; }
  /// Keys `action` never carries (policy/condition_keys.h) are Missing, whatever was set: a
  /// condition on ses:FromAddress of an SESv2 SendBulkEmail sees no value. "" lifts it.
  void limit_to_action(std::string action) { action_ = std::move(action); }

  State state(std::string_view key) const;
  /// Values of a present key (empty otherwise).
  const std::vector<std::string>& values(std::string_view key) const;

  const std::map<std::string, std::vector<std::string>, KeyLess>& present() const { return values_; }

 private:
  std::map<std::string, std::vector<std::string>, KeyLess> values_;
  std::set<std::string, KeyLess> unknown_;
  std::set<std::string, KeyLess> missing_;
  bool default_unknown_ = false;
  std::string action_;
};

}  // namespace seslint::policy
