#include "engine/baseline.h"

namespace seslint::engine {

std::size_t apply_baseline(Report& rep, const std::set<std::string>& fingerprints) {
  std::vector<Finding> kept;
  std::size_t dropped = 0;
  for (auto& f : rep.findings) {
    if (!f.suppressed && fingerprints.count(f.fingerprint)) {
      ++dropped;
      rep.baselined_findings.push_back(std::move(f));
      continue;
    }
    kept.push_back(std::move(f));
  }
  rep.findings = std::move(kept);
  rep.baselined = dropped;
  rep.baseline_applied = true;
  rep.baseline_fingerprints = fingerprints;
  return dropped;
}

}  // namespace seslint::engine
