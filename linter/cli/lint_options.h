// cli/lint_options: the options of the lint command (the top-level `seslint [PATH...]`), shared
// by the command line and the language server (cli/lsp), which reads the same `.seslint.toml`
// keys for each deployment it lints.
//   LintFlags f; add_lint_options(app, f); app.parse(...); to_lint_config(f, cfg, err);
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/gate.h"
#include "cli/pipeline.h"

namespace CLI {
class App;
}

namespace seslint::cli {

struct LintFlags {
  std::vector<std::string> paths;
  std::vector<std::string> formats;
  std::string output_file, sarif_category, repo_root_dir;
  std::string fail_on = "error", color = "auto";
  std::vector<std::string> excludes, select, ignore;
  unsigned jobs = 0;
  bool no_frames = false;
  GateOptions gate;
  bool follow_symlinks = false;
  std::string max_file_size = "16M";
  std::vector<std::string> tf_vars, tf_var_files, cfn_params;
  std::string plan_file;
  std::vector<std::string> module_dirs;  ///< --module-dir SOURCE=PATH
  std::string workspace = "default";
};

/// Declares the lint options (and the `paths` positional) on `app`, bound to `f`.
void add_lint_options(CLI::App& app, LintFlags& f);

/// --var / --var-file / --parameter / --workspace into `in`; `roots` are the scanned paths (file() and
/// templatefile() may read below the first one only). False after printing a diagnostic.
bool read_resolve_inputs(const LintFlags& f, const std::vector<std::string>& roots, resolve::Inputs& in, std::ostream& err);

/// Checks the parsed options and fills `cfg` (paths, rules, gate options, resolve inputs).
/// False after printing a diagnostic.
bool to_lint_config(LintFlags& f, LintConfig& cfg, std::ostream& err);

/// The lint configuration for `paths` as `seslint PATH...` would use it with no other
/// arguments: the `.seslint.toml` that applies to the first path (find_config) is read. False with
/// `error` set when that file is invalid; `config_file` receives its path ("" when none).
bool lint_config_for(const std::vector<std::string>& paths, LintConfig& cfg, std::string& config_file,
                     std::string& error, GateOptions* gate = nullptr);

/// "16M", "512K", "1G", "1048576": bytes (K, M, G are powers of 1024).
bool parse_size(const std::string& s, std::uint64_t& out);

}  // namespace seslint::cli
