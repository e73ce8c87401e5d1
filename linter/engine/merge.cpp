// One problem, one finding: findings of one rule on one span whose messages differ only in the
// principal or module instance they name are merged (engine/runner.h, merge_repeated_findings).
#include <algorithm>
#include <optional>
#include <string_view>

#include "engine/runner.h"

namespace seslint::engine {

namespace {

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    const std::size_t sp = s.find(' ', i);
    const std::size_t end = sp == std::string_view::npos ? s.size() : sp;
    out.push_back(s.substr(i, end - i));
    if (sp == std::string_view::npos) break;
    i = sp + 1;
  }
  return out;
}

/// A word naming a principal or a module instance: an IAM / STS principal ARN, a Terraform
/// address of a user or role (possibly inside a module instance), or a module instance address.
bool names_principal_or_instance(std::string_view w) {
  return w.find("module.") != std::string_view::npos || w.find(":iam::") != std::string_view::npos ||
         w.find(":sts::") != std::string_view::npos || w.find("aws_iam_user.") != std::string_view::npos ||
         w.find("aws_iam_role.") != std::string_view::npos;
}

std::string_view trim_punctuation(std::string_view w) {
  constexpr std::string_view kPunct = "'\"`(),;:.";
  while (!w.empty() && kPunct.find(w.front()) != std::string_view::npos) w.remove_prefix(1);
  while (!w.empty() && kPunct.find(w.back()) != std::string_view::npos) w.remove_suffix(1);
  return w;
}

/// Positions where `a` and `b` differ, when they have the same number of words, differ in at
/// most three of them, and every differing word names a principal or module instance on both
/// sides; nullopt otherwise.
std::optional<std::vector<std::size_t>> instance_diff(const std::vector<std::string_view>& a,
                                                      const std::vector<std::string_view>& b) {
  if (a.size() != b.size()) return std::nullopt;
  std::vector<std::size_t> diff;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (!names_principal_or_instance(a[i]) || !names_principal_or_instance(b[i])) return std::nullopt;
    diff.push_back(i);
  }
  if (diff.empty() || diff.size() > 3) return std::nullopt;
  return diff;
}

bool same_place(const Finding& a, const Finding& b) {
  return a.rule_id == b.rule_id && a.span == b.span && a.severity == b.severity && a.logical_path == b.logical_path &&
         a.suppressed == b.suppressed;
}

bool deployment_note(const Note& n) {
  return !n.span.valid() && (n.message.rfind("deployment: ", 0) == 0 || n.message.rfind("deployments: ", 0) == 0);
}

/// Adds `n` unless present, before the trailing deployment note (which stays last).
void add_note(Finding& f, const Note& n) {
  const bool dup = std::any_of(f.notes.begin(), f.notes.end(),
                               [&](const Note& x) { return x.span == n.span && x.message == n.message; });
  if (dup) return;
  auto at = std::find_if(f.notes.begin(), f.notes.end(), deployment_note);
  f.notes.insert(at, n);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

/// The sender address for a principal ARN as a message shows it: messages fill the deploying
/// scope's partition and account from the ARN a policy grants, so `${partition}` / `${account}`
/// segments of the sender's ARN match any value.
const std::string* principal_name(const std::map<std::string, std::string>& names, std::string_view arn) {
  if (auto it = names.find(std::string(arn)); it != names.end()) return &it->second;
  auto segments = [](std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    for (std::size_t c = s.find(':'); c != std::string_view::npos; c = s.find(':', i)) {
      out.push_back(s.substr(i, c - i));
      i = c + 1;
    }
    out.push_back(s.substr(i));
    return out;
  };
  const auto want = segments(arn);
  for (const auto& [key, name] : names) {
    const auto have = segments(key);
    if (have.size() != want.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < have.size() && ok; ++k)
      ok = have[k] == want[k] || have[k] == "${partition}" || have[k] == "${account}";
    if (ok) return &name;
  }
  return nullptr;
}

}  // namespace

void merge_repeated_findings(std::vector<Finding>& findings, const std::map<std::string, std::string>& principal_names) {
  std::vector<Finding> out;
  out.reserve(findings.size());
  std::size_t i = 0;
  while (i < findings.size()) {
    if (!findings[i].span.valid()) {
      out.push_back(std::move(findings[i++]));
      continue;
    }
    std::size_t j = i + 1;
    while (j < findings.size() && same_place(findings[i], findings[j])) ++j;
    // Findings [i, j) share rule, span and severity; cluster those that differ only in the
    // principal / instance words from the first one still unclustered.
    std::vector<bool> taken(j - i, false);
    for (std::size_t a = i; a < j; ++a) {
      if (taken[a - i]) continue;
      taken[a - i] = true;
      const auto wa = words(findings[a].message);
      std::vector<std::size_t> members{a};
      std::vector<std::size_t> positions;
      for (std::size_t b = a + 1; b < j; ++b) {
        if (taken[b - i]) continue;
        auto d = instance_diff(wa, words(findings[b].message));
        if (!d) continue;
        taken[b - i] = true;
        members.push_back(b);
        for (std::size_t p : *d)
          if (std::find(positions.begin(), positions.end(), p) == positions.end()) positions.push_back(p);
      }
      Finding merged = std::move(findings[a]);
      if (members.size() > 1) {
        std::sort(positions.begin(), positions.end());
        std::vector<std::string> variants;
        bool instances = false;
        for (std::size_t k = 0; k < members.size(); ++k) {
          const std::string& msg = k == 0 ? merged.message : findings[members[k]].message;
          const auto w = words(msg);
          std::string v;
          for (std::size_t p : positions) {
            const std::string_view t = trim_punctuation(w[p]);
            if (t.find("module.") != std::string_view::npos) instances = true;
            std::string shown(t);
            if (const std::string* name = principal_name(principal_names, shown); name && *name != shown)
              shown = *name + " (" + shown + ")";
            if (v.find(shown) != std::string::npos) continue;
            v += (v.empty() ? "" : " / ") + shown;
            if (shown.find("module.") != std::string::npos) instances = true;
          }
          variants.push_back(v);
        }
        for (std::size_t k = 1; k < members.size(); ++k)
          for (const auto& n : findings[members[k]].notes) add_note(merged, n);
        add_note(merged,
            {source::Span{}, "one finding for " + std::to_string(members.size()) +
                                 (instances ? " module instances or principals" : " principals") +
                                 " with the same problem here (the message names the first): " + join(variants)});
      }
      out.push_back(std::move(merged));
    }
    i = j;
  }
  findings = std::move(out);
}

}  // namespace seslint::engine
