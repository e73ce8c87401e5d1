// engine/baseline: drops the findings a baseline (recorded with --write-baseline) already lists,
// so a gate reports only new ones. Findings are matched by Finding::fingerprint (rule ID, file
// path, logical path and identifying value; see compute_fingerprint), never by line or message.
//   std::size_t old = apply_baseline(report, fingerprints);
#pragma once

#include <set>
#include <string>

#include "engine/finding.h"

namespace seslint::engine {

/// Moves every unsuppressed finding whose fingerprint is in `fingerprints` from Report::findings
/// to Report::baselined_findings; sets Report::baseline_applied and returns Report::baselined.
std::size_t apply_baseline(Report& rep, const std::set<std::string>& fingerprints);

}  // namespace seslint::engine
