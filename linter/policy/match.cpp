#include "policy/match.h"

#include <vector>

#include "policy/text.h"

namespace seslint::policy {

using text::lower;

bool iequals(std::string_view a, std::string_view b) { return text::iequals(a, b); }

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

std::string_view self_symbol(std::string_view d) {
  if (d == "account" || d == "AWS::AccountId") return "account";
  if (d == "data.aws_partition" || d == "AWS::Partition") return "partition";
  if (d == "provider region" || d == "AWS::Region") return "region";
  return {};
}

std::string symbol(std::string_view name) { return std::string(1, '\x01') + std::string(name); }

bool is_symbol(std::string_view segment) { return !segment.empty() && segment[0] == '\x01'; }

std::string display_symbols(std::string_view arn) {
  std::string out;
  for (std::size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] != '\x01') {
      out += arn[i];
      continue;
    }
    std::size_t end = i + 1;
    while (end < arn.size() && arn[end] != ':' && arn[end] != '/' && arn[end] != '\x01') ++end;
    out += "${" + std::string(arn.substr(i + 1, end - i - 1)) + "}";
    i = end - 1;
  }
  return out;
}

namespace {

Tri segment_match(std::string_view p, std::string_view a) {
  if (is_symbol(a)) {
    if (p == a || (!p.empty() && p.find_first_not_of('*') == std::string_view::npos)) return Tri::Yes;
    // A pattern that could match some value of the symbol, or another symbol (two unknowns).
    return Tri::Unknown;
  }
  if (p.find('\x01') != std::string_view::npos) {
    // A pattern symbol never equals a literal the repository wrote down for certain; whether the
    // deploying account is 123456789012 is not known.
    std::string loose(p);
    for (auto& c : loose) if (c == '\x01') c = '*';
    return glob_match(loose, a) ? Tri::Unknown : Tri::No;
  }
  return glob_match(p, a) ? Tri::Yes : Tri::No;
}

Tri and3(Tri a, Tri b) {
  if (a == Tri::No || b == Tri::No) return Tri::No;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::Yes;
}

}  // namespace

Tri arn_match_symbolic(std::string_view pattern, std::string_view arn) {
  if (pattern.find('\x01') == std::string_view::npos && arn.find('\x01') == std::string_view::npos)
    return arn_matches(pattern, arn) ? Tri::Yes : Tri::No;
  if (pattern == arn) return Tri::Yes;
  auto p = parse_arn(pattern);
  auto a = parse_arn(arn);
  if (!p || !a) {
    if (pattern == "*") return Tri::Yes;
    return Tri::Unknown;
  }
  Tri t = segment_match(p->partition, a->partition);
  t = and3(t, segment_match(p->service, a->service));
  t = and3(t, segment_match(p->region, a->region));
  t = and3(t, segment_match(p->account, a->account));
  // Resource segments hold names, never symbols.
  t = and3(t, glob_match(p->resource, a->resource) ? Tri::Yes : Tri::No);
  return t;
}

}  // namespace seslint::policy
