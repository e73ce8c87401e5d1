// cli/pipeline: discovery -> read -> parse -> classify -> normalize (in parallel per file) ->
// merge -> rules. The only place that knows all stages; rules and reporters never see parsers.
//   LintConfig c; c.paths = {"."}; LintRun r = lint(c); std::cout << render(..., r.report, ...);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/finding.h"
#include "engine/runner.h"
#include "model/model.h"
#include "resolve/resolve.h"
#include "source/source_file.h"

namespace seslint::cli {

/// Parses kept between runs (the language server, cli/lsp): a file whose displayed path, FileId,
/// format and text are those of the previous run is not parsed again. Created by
/// make_parse_cache(); not thread-safe across concurrent lint() calls.
class ParseCache;
std::shared_ptr<ParseCache> make_parse_cache();
/// Files the last run with this cache parsed / took from it.
struct ParseCacheStats {
  std::size_t parsed = 0;
  std::size_t reused = 0;
};
ParseCacheStats parse_cache_stats(const ParseCache& cache);

struct LintConfig {
  std::vector<std::string> paths;     ///< files or directories; empty = "."
  std::vector<std::string> excludes;  ///< globs against the displayed path and each path component
  unsigned jobs = 0;                  ///< 0 = all cores
  engine::RunOptions rules;
  bool run_rules = true;              ///< false: only build the model (explain-access)
  resolve::Inputs resolve;            ///< --var, --var-file, --parameter
  /// Standard input ({--stdin-filename, text}) linted as one more file; with no paths, alone.
  std::optional<std::pair<std::string, std::string>> stdin_input;
  bool follow_symlinks = false;       ///< --follow-symlinks: read links whose target is outside the root
  std::uint64_t max_file_size = 16ull * 1024 * 1024;  ///< --max-file-size: larger files are skipped
  /// --plan: `terraform show -json` output for the Terraform root in the first path (a folder),
  /// or linted on its own when the paths hold no Terraform configuration (see plan_input.h).
  std::string plan;
  /// Editor buffers (cli/lsp): canonical path -> text, linted instead of the file on disk.
  std::map<std::string, std::string> overlay;
  /// Optional: reuse the parses of unchanged files from earlier runs (see ParseCache).
  std::shared_ptr<ParseCache> parse_cache;
};

struct LintRun {
  std::unique_ptr<source::SourceSet> sources = std::make_unique<source::SourceSet>();
  model::Model model;
  engine::Report report;
  std::size_t files_considered = 0;   ///< files with a recognized extension
  std::size_t files_linted = 0;       ///< files classified as Terraform / CloudFormation / IAM policy
  bool fatal = false;                 ///< an input root could not be read (exit code 2)
  bool incomplete = false;            ///< a file or folder could not be read (exit 2 unless --fail-on never)
};

/// Lints files and directories from disk.
LintRun lint(const LintConfig& config);

/// Lints in-memory files ({name, text}); the name's extension decides the format. Used by the
/// rule examples test and by scenario tests.
LintRun lint_texts(const std::vector<std::pair<std::string, std::string>>& files, const engine::RunOptions& rules = {});

/// How a path's name is handled: "terraform", "terraform-json", "tfvars" (terraform.tfvars,
/// *.auto.tfvars), "sniff" (YAML/JSON that may be CloudFormation or an IAM policy), or "" (ignored).
std::string format_for_name(const std::string& name);

}  // namespace seslint::cli
