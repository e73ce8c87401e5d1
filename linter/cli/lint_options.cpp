#include "cli/lint_options.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <sstream>
#include <tuple>

#include "cli/config.h"
#include "cli/discovery.h"
#include "source/file_access.h"

namespace seslint::cli {

bool parse_size(const std::string& s, std::uint64_t& out) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(s, &used);
  } catch (const std::exception&) {
    return false;
  }
  std::string unit = s.substr(used);
  std::uint64_t mul = 1;
  if (unit == "K" || unit == "KiB" || unit == "k") mul = 1024;
  else if (unit == "M" || unit == "MiB") mul = 1024ull * 1024;
  else if (unit == "G" || unit == "GiB") mul = 1024ull * 1024 * 1024;
  else if (!unit.empty()) return false;
  if (n > UINT64_MAX / mul) return false;
  out = n * mul;
  return true;
}

void add_lint_options(CLI::App& app, LintFlags& f) {
  app.add_option("paths", f.paths, "Files or directories to lint (default: .)");
  app.add_option("-f,--format", f.formats,
                 "Output format: text, json, sarif, github, gitlab or junit; FORMAT=PATH writes that report to PATH "
                 "(repeatable: several reports from one scan)")
      ->allow_extra_args(false);
  app.add_option("-o,--output-file", f.output_file, "Write the report of the plain --format (default text) to PATH instead of standard output");
  app.add_option("--sarif-category", f.sarif_category, "SARIF automationDetails.id: the code-scanning category of this analysis");
  app.add_option("--root", f.repo_root_dir, "Repository root that SARIF, github and gitlab paths are relative to (default: the git root, else the working directory)");
  app.add_option("--fail-on", f.fail_on, "Lowest severity that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  app.add_option("-j,--jobs", f.jobs, "Files parsed in parallel (default: all cores)");
  app.add_option("--exclude", f.excludes, "Skip paths matching this glob (repeatable; matched against the path and each folder name)")->allow_extra_args(false);
  app.add_option("--select", f.select, "Only run these rule IDs or ID prefixes such as SES00 (comma-separated, repeatable)")->allow_extra_args(false);
  app.add_option("--ignore", f.ignore, "Do not run these rule IDs or ID prefixes (comma-separated, repeatable)")->allow_extra_args(false);
  GateOptions& gate = f.gate;
  app.add_option("--config", gate.config, "Read options from this TOML file (default: .seslint.toml in the scanned folder or above)")
      ->configurable(false);
  app.add_flag("--no-config", gate.no_config, "Do not look for .seslint.toml")->configurable(false);
  app.add_option("--per-path-ignore", gate.per_path_ignores, "GLOB=ID[,ID]: drop these rules' findings in matching files (repeatable)")->allow_extra_args(false);
  app.add_option("--severity", gate.severities, "ID=note|warning|error: report a rule at this severity (repeatable)")->allow_extra_args(false);
  app.add_flag("--fail-on-parse-error", gate.fail_on_parse_error, "Parse errors (SES900) and unsupported constructs (SES901) count toward --fail-on");
  app.add_flag("--no-inline-ignores", gate.no_inline_ignores, "Report findings that seslint:ignore comments or Metadata suppress");
  app.add_flag("-q,--quiet", gate.quiet, "Leave note-level findings out of the output");
  app.add_option("--stdin-filename", gate.stdin_filename, "With the path '-': the name standard input is linted as (its extension picks the format)");
  app.add_option("--baseline", gate.baseline, "Report only findings not recorded in this baseline file");
  app.add_option("--write-baseline", gate.write_baseline, "Record the current findings in this baseline file");
  app.add_option("--color", f.color, "Color text output")->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--no-code-frames", f.no_frames, "Text output without source excerpts");
  app.add_flag("--follow-symlinks", f.follow_symlinks,
               "Also read symbolic links whose real path is outside the scanned folder (default: skipped with a warning)");
  app.add_option("--max-file-size", f.max_file_size, "Skip larger files with a diagnostic (bytes, or with K/M/G; default 16M)");
  app.add_option("--var", f.tf_vars, "Terraform variable value: name=value (repeatable)")->allow_extra_args(false);
  app.add_option("--var-file", f.tf_var_files, "Terraform .tfvars / .tfvars.json file (repeatable)")->allow_extra_args(false);
  app.add_option("--parameter", f.cfn_params, "CloudFormation parameter value: Name=Value (repeatable)")->allow_extra_args(false);
  app.add_option("--workspace", f.workspace, "Terraform workspace: the value of terraform.workspace (default: default)");
  app.add_option("--plan", f.plan_file,
                 "Terraform plan as JSON (`terraform show -json PLANFILE`): the values Terraform used for the root "
                 "module in the first path; linted on its own when the paths hold no .tf files");
  app.add_option("--module-dir", f.module_dirs,
                 "SOURCE=PATH: a local checkout of the registry or git module SOURCE (as the module block writes "
                 "it); `ns/name/provider=PATH` also serves `ns/name/provider//sub`. Repeatable. Modules that "
                 "`terraform init` installed (.terraform/modules/modules.json) are read without it")
      ->allow_extra_args(false);
}

bool read_resolve_inputs(const LintFlags& f, const std::vector<std::string>& roots, resolve::Inputs& in, std::ostream& err) {
  if (f.workspace.empty()) {
    err << "seslint: --workspace takes a workspace name\n";
    return false;
  }
  in.terraform_workspace = f.workspace;
  for (const auto& [flag, list, dest] : {std::tuple{"--var", &f.tf_vars, &in.terraform_vars},
                                         std::tuple{"--parameter", &f.cfn_params, &in.parameters}}) {
    for (const auto& kv : *list) {
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        err << "seslint: " << flag << " takes name=value: '" << kv << "'\n";
        return false;
      }
      (*dest)[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  for (const auto& file : f.tf_var_files) {
    // Checked as a named file (no link out of the folder, regular, size limit) before the
    // resolver reads it.
    std::uint64_t max_size = source::kDefaultMaxFileSize;
    if (!parse_size(f.max_file_size, max_size) || max_size == 0) max_size = source::kDefaultMaxFileSize;
    const source::ReadResult r = source::read_named_file(file, max_size, f.follow_symlinks);
    if (r.status != source::ReadStatus::Ok) {
      err << "seslint: --var-file " << file << ": " << r.error << "\n";
      return false;
    }
    in.terraform_var_files.push_back(file);
  }
  for (const auto& kv : f.module_dirs) {
    // Sources may hold '=' (`?ref=v1`); paths seldom do: the last '=' splits.
    const auto eq = kv.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == kv.size()) {
      err << "seslint: --module-dir takes SOURCE=PATH: '" << kv << "'\n";
      return false;
    }
    const std::string path = kv.substr(eq + 1);
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      err << "seslint: --module-dir " << kv.substr(0, eq) << ": '" << path << "' is not a folder\n";
      return false;
    }
    in.module_dirs.emplace_back(kv.substr(0, eq), display_path(path));
  }
  // file() and templatefile() may read below the scanned root only.
  std::filesystem::path root = roots.empty() ? std::filesystem::path(".") : std::filesystem::path(roots.front());
  if (!std::filesystem::is_directory(root)) root = root.parent_path().empty() ? "." : root.parent_path();
  in.scan_root = std::filesystem::weakly_canonical(std::filesystem::absolute(root)).string();
  return true;
}

bool to_lint_config(LintFlags& f, LintConfig& cfg, std::ostream& err) {
  cfg.paths = f.paths;
  cfg.plan = f.plan_file;
  cfg.excludes = f.excludes;
  cfg.jobs = f.jobs;
  cfg.follow_symlinks = f.follow_symlinks;
  if (!parse_size(f.max_file_size, cfg.max_file_size) || cfg.max_file_size == 0) {
    err << "seslint: --max-file-size takes a size such as 16M, 512K or 1048576: '" << f.max_file_size << "'\n";
    return false;
  }
  cfg.rules.select = split_ids(f.select);
  cfg.rules.ignore = split_ids(f.ignore);
  for (const auto* set : {&cfg.rules.select, &cfg.rules.ignore}) {
    for (const auto& id : *set) {
      if (!known_id_prefix(id)) {
        err << "seslint: unknown rule ID '" << id << "' in --select/--ignore (see `seslint rules`)\n";
        return false;
      }
    }
  }
  f.gate.follow_symlinks = f.follow_symlinks;
  f.gate.max_file_size = cfg.max_file_size;
  if (!read_gate_options(f.gate, cfg, err)) return false;
  return read_resolve_inputs(f, f.paths, cfg.resolve, err);
}

bool lint_config_for(const std::vector<std::string>& paths, LintConfig& cfg, std::string& config_file,
                     std::string& error, GateOptions* gate) {
  CLI::App app{"seslint"};
  LintFlags flags;
  add_lint_options(app, flags);
  std::vector<std::string> rev(paths.rbegin(), paths.rend());
  try {
    app.parse(rev);
  } catch (const CLI::ParseError& e) {
    error = e.what();
    return false;
  }
  config_file = find_config(paths);
  if (!config_file.empty() && !apply_config_file(app, config_file, error, flags.follow_symlinks)) return false;
  // The file may not replace the paths being linted, and its --stdin-filename has no meaning here.
  flags.paths = paths;
  flags.gate.stdin_filename.clear();
  std::ostringstream err;
  if (!to_lint_config(flags, cfg, err)) {
    error = (config_file.empty() ? std::string() : config_file + ": ") + err.str();
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return false;
  }
  if (gate) *gate = flags.gate;
  return true;
}

}  // namespace seslint::cli
