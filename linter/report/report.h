// report: pure functions of (Report, Registry, SourceSet) -> bytes. No state, no callbacks
// into rules. Paths are the SourceFile paths (relative to the scan root).
//   std::cout << report::render(report::Format::Sarif, rep, Registry::global(), sources);
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "engine/finding.h"
#include "engine/rule.h"
#include "source/source_file.h"

namespace seslint::report {

enum class Format { Text, Json, Sarif, Github, Gitlab, Junit };

/// "text", "json", "sarif", "github", "gitlab", "junit" -> Format; false for anything else.
bool parse_format(std::string_view name, Format& out);

struct Options {
  bool color = false;          ///< ANSI colors in text output (only when writing to a TTY)
  bool code_frames = true;     ///< text: show source lines with carets under findings and notes
  std::string uri_base_id = "%SRCROOT%";  ///< SARIF originalUriBaseIds key for relative URIs
  std::string root_uri;        ///< SARIF: absolute file:// URI of the repository root, ending in '/' (optional)
  /// Repository root and working directory (absolute, '/' separators). When both are set, the
  /// SARIF, github and gitlab formats give paths relative to repo_root (a source path is
  /// relative to cwd); paths outside repo_root become absolute. Lexical only: no file access.
  std::string repo_root;
  std::string cwd;
  std::string sarif_category;  ///< SARIF runs[0].automationDetails.id (empty: omitted)
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
/// `path_of` maps a source path to the one recorded (relative to the repository root).
std::string render_baseline(const engine::Report& rep, const source::SourceSet& sources,
                            const std::function<std::string(const std::string&)>& path_of = {});
/// Reads a baseline file's fingerprints; false with `error` set when it is not one.
bool read_baseline(const std::string& text, std::set<std::string>& fingerprints, std::string& error);

std::string render_sarif(const engine::Report& rep, const engine::Registry& reg,
                         const source::SourceSet& sources, const Options& opt = {});
/// GitHub Actions workflow commands (::error file=...::message), one per line.
std::string render_github(const engine::Report& rep, const engine::Registry& reg,
                          const source::SourceSet& sources, const Options& opt = {});
/// GitLab Code Quality report (a JSON array of issues).
std::string render_gitlab(const engine::Report& rep, const engine::Registry& reg,
                          const source::SourceSet& sources, const Options& opt = {});
/// JUnit XML (one testcase per finding; a passing testcase when there are none).
std::string render_junit(const engine::Report& rep, const engine::Registry& reg,
                         const source::SourceSet& sources, const Options& opt = {});

/// `seslint rules --format json`: every rule and tool diagnostic with its metadata and docs.
std::string render_rules_json(const engine::Registry& reg);

}  // namespace seslint::report
