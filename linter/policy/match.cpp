#include "policy/match.h"

#include <vector>

namespace seslint::policy {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool has_wildcard(std::string_view p) { return p.find_first_of("*?") != std::string_view::npos; }

bool glob_match(std::string_view p, std::string_view t, bool fold_case) {
  // Iterative matcher with single backtrack point: linear-ish, no recursion.
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  auto eq = [fold_case](char a, char b) { return fold_case ? lower(a) == lower(b) : a == b; };
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || (p[pi] != '*' && eq(p[pi], t[ti])))) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool action_matches(std::string_view pattern, std::string_view action) {
  return glob_match(pattern, action, /*fold_case=*/true);
}

std::string Arn::str() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

std::optional<Arn> parse_arn(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto pos = text.find(':', start);
    if (pos == std::string_view::npos) return std::nullopt;
    parts.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  if (parts[0] != "arn") return std::nullopt;
  return Arn{std::string(parts[1]), std::string(parts[2]), std::string(parts[3]), std::string(parts[4]),
             std::string(text.substr(start))};
}

bool arn_matches(std::string_view pattern, std::string_view arn) {
  if (pattern == arn) return true;
  auto p = parse_arn(pattern);
  auto a = parse_arn(arn);
  if (!p || !a) return glob_match(pattern, arn);  // "*" or non-ARN resources
  return glob_match(p->partition, a->partition) && glob_match(p->service, a->service) &&
         glob_match(p->region, a->region) && glob_match(p->account, a->account) &&
         glob_match(p->resource, a->resource);
}

}  // namespace seslint::policy
