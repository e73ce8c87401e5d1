#include "engine/finding.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <cstdio>
#include <tuple>

namespace seslint::engine {

std::string compute_fingerprint(const Finding& f, const std::string& file_path, std::string_view span_text) {
  // FNV-1a over the fields that identify a finding independently of its line and wording.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
    h ^= 0xFF; h *= 1099511628211ull;
  };
  // The identifying value: a short one-line span ("arn:aws:ses:...", "ses:SendEmail"), with the
  // whitespace and quotes that reformatting changes left out.
  constexpr std::size_t kMaxValue = 256;
  std::string value;
  if (span_text.size() <= kMaxValue && span_text.find('\n') == std::string_view::npos)
    for (char c : span_text)
      if (!std::isspace(static_cast<unsigned char>(c)) && c != '"' && c != '\'') value += c;
  // With a value, list positions ("Statement[0].Action[1]") add nothing but fragility: an
  // action added before this one would move it. Without one they tell findings apart.
  std::string logical = f.logical_path;
  if (!value.empty()) {
    std::string stripped;
    for (std::size_t i = 0; i < logical.size(); ++i) {
      if (logical[i] == '[') {
        std::size_t k = i + 1;
        while (k < logical.size() && std::isdigit(static_cast<unsigned char>(logical[k]))) ++k;
        if (k > i + 1 && k < logical.size() && logical[k] == ']') {
          i = k;
          continue;
        }
      }
      stripped += logical[i];
    }
    logical = std::move(stripped);
  }
  mix(f.rule_id);
  mix(file_path);
  mix(logical);
  mix(value);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void assign_fingerprints(std::vector<Finding>& findings, const source::SourceSet& sources) {
  assign_fingerprints(findings, sources, [](const std::string& p) { return p; });
}

void assign_fingerprints(std::vector<Finding>& findings, const source::SourceSet& sources,
                         const std::function<std::string(const std::string&)>& path_of) {
  std::map<std::string, int> seen;
  for (auto& f : findings) {
    const bool located = f.span.valid() && f.span.file < sources.size();
    const std::string path = located ? path_of(sources.file(f.span.file).path()) : std::string();
    std::string fp = compute_fingerprint(f, path, located ? sources.file(f.span.file).slice(f.span) : std::string_view());
    const int n = ++seen[fp];
    f.fingerprint = n == 1 ? fp : fp + ":" + std::to_string(n);
  }
}

void sort_findings(std::vector<Finding>& findings, const source::SourceSet& sources) {
  auto key = [&sources](const Finding& f) {
    const std::string* path = nullptr;
    static const std::string kEmpty;
    path = f.span.valid() ? &sources.file(f.span.file).path() : &kEmpty;
    return std::tie(*path, f.span.begin, f.span.end, f.rule_id, f.message);
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&key](const Finding& a, const Finding& b) { return key(a) < key(b); });
}

}  // namespace seslint::engine
