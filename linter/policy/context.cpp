#include "policy/context.h"

#include "policy/condition_keys.h"
#include "policy/match.h"

namespace seslint::policy {

bool KeyLess::operator()(std::string_view a, std::string_view b) const {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

void RequestContext::set(std::string key, std::vector<std::string> values) {
  unknown_.erase(key);
  missing_.erase(key);
  values_[std::move(key)] = std::move(values);
}

void RequestContext::set_unknown(std::string key) {
  values_.erase(key);
  missing_.erase(key);
  unknown_.insert(std::move(key));
}

void RequestContext::set_missing(std::string key) {
  values_.erase(key);
  unknown_.erase(key);
  missing_.insert(std::move(key));
}

RequestContext::State RequestContext::state(std::string_view key) const {
  if (!action_.empty() && !action_carries_key(action_, key)) return State::Missing;
  if (values_.find(key) != values_.end()) return State::Present;
  if (missing_.find(key) != missing_.end()) return State::Missing;
  if (unknown_.find(key) != unknown_.end() || default_unknown_) return State::Unknown;
  return State::Missing;
}

const std::vector<std::string>& RequestContext::values(std::string_view key) const {
  static const std::vector<std::string> kNone;
  if (!action_.empty() && !action_carries_key(action_, key)) return kNone;
  auto it = values_.find(key);
  return it == values_.end() ? kNone : it->second;
}

}  // namespace seslint::policy
