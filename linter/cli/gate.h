// cli/gate: the options that make seslint a pre-commit / pull-request gate: rule severities and
// per-path ignores, in-source ignores, baselines, --quiet, standard input, and which findings
// count toward the exit code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

#include "cli/pipeline.h"

namespace seslint::cli {

struct GateOptions {
  std::string config;                         ///< --config FILE
  bool no_config = false;
  std::vector<std::string> per_path_ignores;  ///< GLOB=ID[,ID]
  std::vector<std::string> severities;        ///< ID=note|warning|error
  bool fail_on_parse_error = false;
  bool no_inline_ignores = false;
  bool quiet = false;
  std::string stdin_filename;
  std::string baseline;                       ///< --baseline FILE
  std::string write_baseline;                 ///< --write-baseline FILE
  /// How --baseline is opened (source::read_named_file): set from --follow-symlinks and
  /// --max-file-size by to_lint_config.
  bool follow_symlinks = false;
  std::uint64_t max_file_size = 16ull * 1024 * 1024;
};

/// "SES001,SES002" entries (repeated options) as one set of IDs.
std::set<std::string> split_ids(const std::vector<std::string>& values);

/// True when `id` is a rule or diagnostic ID or the prefix of one ("SES00").
bool known_id_prefix(const std::string& id);

/// Checks the options and fills `cfg` (rules.path_ignores, rules.severity, inline ignores,
/// standard input). False after printing a diagnostic.
bool read_gate_options(const GateOptions& gate, LintConfig& cfg, std::ostream& err);

/// The nearest folder at or above `start` that holds .git; `start` itself when there is none.
std::filesystem::path git_root_above(const std::filesystem::path& start);

/// After the run: fingerprints are recomputed with each file's path relative to `repo_root` (the
/// git root or --root; a file outside it keeps its absolute path), so a baseline written from one
/// folder of the repository matches when seslint runs from another. Then --baseline moves the
/// recorded findings to Report::baselined_findings and --write-baseline records them. False after
/// printing a diagnostic when a file cannot be read or written.
bool finish_gate(const GateOptions& gate, LintRun& run, const std::filesystem::path& repo_root, std::ostream& err);

/// Whether a finding counts toward --fail-on: not suppressed, and not a parse error or
/// unsupported construct unless --fail-on-parse-error.
bool counts_for_gate(const engine::Finding& f, const GateOptions& gate);

/// --quiet: removes note-level findings, counting them in Report::hidden_notes.
void hide_notes(engine::Report& rep);

}  // namespace seslint::cli
