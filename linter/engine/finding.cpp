#include "engine/finding.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace seslint::engine {

std::string compute_fingerprint(const Finding& f, const std::string& file_path) {
  // FNV-1a over the fields that identify a finding independently of its line.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) { h ^= c; h *= 1099511628211ull; }
    h ^= 0xFF; h *= 1099511628211ull;
  };
  mix(f.rule_id);
  mix(file_path);
  mix(f.logical_path);
  mix(f.message);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
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
