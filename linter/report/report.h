// report: pure functions of (Report, Registry, SourceSet) -> bytes. No state, no callbacks
// into rules. Paths are the SourceFile paths (relative to the scan root).
//   std::cout << report::render(report::Format::Sarif, rep, Registry::global(), sources);
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "engine/finding.h"
#include "engine/rule.h"
#include "source/source_file.h"

namespace seslint::report {

enum class Format { Text, Json, Sarif };

struct Options {
  bool color = false;          ///< ANSI colors in text output (only when writing to a TTY)
  bool code_frames = true;     ///< text: show source lines with carets under findings and notes
  std::string uri_base_id = "SRCROOT";  ///< SARIF originalUriBaseIds key for relative URIs
  std::string root_uri;        ///< SARIF: absolute file:// URI of the scan root, ending in '/' (optional)
};

/// JSON output schema version; bump on incompatible changes.
inline constexpr int kJsonSchemaVersion = 1;

std::string render(Format f, const engine::Report& rep, const engine::Registry& reg,
                   const source::SourceSet& sources, const Options& opt = {});
std::string render_text(const engine::Report& rep, const engine::Registry& reg,
                        const source::SourceSet& sources, const Options& opt = {});
std::string render_json(const engine::Report& rep, const engine::Registry& reg,
                        const source::SourceSet& sources, const Options& opt = {});
/// The --write-baseline file (see report/baseline.cpp): every unsuppressed finding's fingerprint.
inline constexpr int kBaselineVersion = 1;
std::string render_baseline(const engine::Report& rep, const source::SourceSet& sources);
/// Reads a baseline file's fingerprints; false with `error` set when it is not one.
bool read_baseline(const std::string& text, std::set<std::string>& fingerprints, std::string& error);

std::string render_sarif(const engine::Report& rep, const engine::Registry& reg,
                         const source::SourceSet& sources, const Options& opt = {});

}  // namespace seslint::report
