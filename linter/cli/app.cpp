#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <set>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <tuple>

#include "cli/config.h"
#include "cli/explain_access.h"
#include "cli/gate.h"
#include "cli/pipeline.h"
#include "engine/rule.h"
#include "report/report.h"

#ifndef SESLINT_VERSION
#define SESLINT_VERSION "0.0.0"
#endif

namespace seslint::cli {

namespace {

std::string file_uri(const std::filesystem::path& dir) {
  std::string s = std::filesystem::absolute(dir).lexically_normal().generic_string();
  std::string out = "file://";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  if (out.back() != '/') out += '/';
  return out;
}

bool parse_severity(const std::string& s, int& level) {
  if (s == "note") level = 0;
  else if (s == "warning") level = 1;
  else if (s == "error") level = 2;
  else if (s == "never") level = 3;
  else return false;
  return true;
}

std::string table_cell(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

/// "16M", "512K", "1G", "1048576": bytes (K, M, G are powers of 1024).
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

struct OutputSpec {
  report::Format format = report::Format::Text;
  std::string path;  ///< empty: standard output
};

/// --format F / F=PATH (repeatable) and --output-file: at most one report goes to standard output
/// (or --output-file), each other one to its own file.
bool parse_outputs(const std::vector<std::string>& formats, const std::string& output_file,
                   std::vector<OutputSpec>& outputs, std::ostream& err) {
  std::size_t plain = 0;
  std::set<std::string> paths;
  for (const auto& spec : formats) {
    auto eq = spec.find('=');
    OutputSpec o;
    const std::string name = spec.substr(0, eq);
    if (!report::parse_format(name, o.format)) {
      err << "seslint: unknown --format '" << name << "' (text, json, sarif, github, gitlab, junit)\n";
      return false;
    }
    if (eq != std::string::npos) {
      o.path = spec.substr(eq + 1);
      if (o.path.empty()) {
        err << "seslint: --format " << name << "= needs a file name after '='\n";
        return false;
      }
    } else {
      ++plain;
      o.path = output_file;
    }
    if (!o.path.empty() && !paths.insert(o.path).second) {
      err << "seslint: two reports would be written to " << o.path << "\n";
      return false;
    }
    outputs.push_back(o);
  }
  if (plain > 1) {
    err << "seslint: only one --format may go to standard output or --output-file; give the others FORMAT=PATH\n";
    return false;
  }
  if (plain == 0 && (!output_file.empty() || outputs.empty())) {
    OutputSpec o;
    o.path = output_file;
    if (!o.path.empty() && !paths.insert(o.path).second) {
      err << "seslint: two reports would be written to " << o.path << "\n";
      return false;
    }
    outputs.insert(outputs.begin(), o);
  }
  return true;
}

/// The repository root report paths are relative to: --root, else the nearest folder above the
/// working directory that holds .git, else the working directory.
bool find_repo_root(const std::string& flag, std::filesystem::path& root, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!flag.empty()) {
    if (!fs::is_directory(flag, ec)) {
      err << "seslint: --root " << flag << ": not a directory\n";
      return false;
    }
    root = fs::absolute(flag).lexically_normal();
    return true;
  }
  const fs::path cwd = fs::current_path();
  for (fs::path p = cwd;; p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) {
      root = p;
      return true;
    }
    if (p == p.parent_path()) break;
  }
  root = cwd;
  return true;
}

}  // namespace

std::string rules_markdown() {
  std::string out = "| ID | Name | Severity | Summary |\n|---|---|---|---|\n";
  for (const auto& r : engine::Registry::global().rules()) {
    std::string anchor(r.meta.id);
    for (auto& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += "| [" + std::string(r.meta.id) + "](#" + anchor + "-" + std::string(r.meta.name) + ") | `" +
           std::string(r.meta.name) + "` | " + severity_name(r.meta.severity) + " | " + table_cell(r.meta.summary) +
           " |\n";
  }
  // Each rule's documentation, headings demoted below the rule's own heading.
  for (const auto& r : engine::Registry::global().rules()) {
    out += "\n### " + std::string(r.meta.id) + " " + std::string(r.meta.name) + "\n\n";
    out += "Severity: " + std::string(severity_name(r.meta.severity)) + ". " + std::string(r.meta.summary) + ".\n";
    std::string docs(r.meta.docs);
    std::string demoted;
    std::size_t start = 0;
    while (start < docs.size()) {
      auto nl = docs.find('\n', start);
      std::string line = docs.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (line.rfind("## ", 0) == 0) line = "#### " + line.substr(3);
      demoted += line + "\n";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    out += demoted;
  }
  return out;
}

namespace {

int cmd_rules(bool markdown, const std::string& check, const std::string& write, std::ostream& out, std::ostream& err) {
  if (!check.empty() || !write.empty()) {
    const std::string path = check.empty() ? write : check;
    std::ifstream in(path);
    if (!in) {
      err << "seslint: cannot read " << path << "\n";
      return kExitFailure;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    auto b = text.find(kTableBegin);
    auto e = text.find(kTableEnd);
    if (b == std::string::npos || e == std::string::npos || e < b) {
      err << "seslint: " << path << " has no rule table markers (" << kTableBegin << " ... " << kTableEnd << ")\n";
      return kExitFailure;
    }
    std::string current = text.substr(b + std::string(kTableBegin).size() + 1, e - b - std::string(kTableBegin).size() - 1);
    std::string wanted = rules_markdown();
    if (!check.empty()) {
      if (current == wanted) return kExitClean;
      err << "seslint: the rule table in " << path << " is out of date; run `seslint rules --markdown --write " << path
          << "`\n";
      return kExitFindings;
    }
    text = text.substr(0, b + std::string(kTableBegin).size()) + "\n" + wanted + text.substr(e);
    std::ofstream o(path, std::ios::binary);
    o << text;
    return o ? kExitClean : kExitFailure;
  }
  if (markdown) {
    out << rules_markdown();
    return kExitClean;
  }
  auto row = [&out](const engine::RuleMeta& m) {
    std::string id(m.id), name(m.name), sev = severity_name(m.severity);
    out << id << std::string(id.size() < 8 ? 8 - id.size() : 1, ' ') << name
        << std::string(name.size() < 36 ? 36 - name.size() : 1, ' ') << sev << std::string(9 - sev.size(), ' ')
        << m.summary << "\n";
  };
  for (const auto& r : engine::Registry::global().rules()) row(r.meta);
  for (const auto& m : engine::tool_diagnostics()) row(m);
  return kExitClean;
}

/// A rule or diagnostic by ID (any case) or by name ("email-identity-resource").
const engine::RuleMeta* find_meta(const std::string& key) {
  std::string upper = key;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (const engine::RuleMeta* m = engine::Registry::global().meta(upper)) return m;
  for (const auto& r : engine::Registry::global().rules())
    if (r.meta.name == key) return &r.meta;
  for (const auto& m : engine::tool_diagnostics())
    if (m.name == key) return &m;
  return nullptr;
}

int cmd_explain(const std::string& id, std::ostream& out, std::ostream& err) {
  const engine::RuleMeta* m = find_meta(id);
  if (!m) {
    err << "seslint: unknown rule '" << id << "' (see `seslint rules`)\n";
    return kExitFailure;
  }
  out << "# " << m->id << " " << m->name << " (" << severity_name(m->severity) << ")\n\n" << m->summary << "\n" << m->docs;
  return kExitClean;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool out_is_tty) {
  CLI::App app{"seslint: predicts Amazon SES \"554 Access denied\" sending failures in Terraform, CloudFormation "
               "and IAM policies before deploy",
               "seslint"};
  app.set_version_flag("-V,--version", std::string("seslint ") + SESLINT_VERSION);
  app.require_subcommand(0, 1);

  std::vector<std::string> paths;
  std::vector<std::string> formats;
  std::string output_file, sarif_category, repo_root_dir;
  std::string fail_on = "error", color = "auto";
  std::vector<std::string> excludes, select, ignore;
  unsigned jobs = 0;
  bool no_frames = false;
  app.add_option("paths", paths, "Files or directories to lint (default: .)");
  app.add_option("-f,--format", formats,
                 "Output format: text, json, sarif, github, gitlab or junit; FORMAT=PATH writes that report to PATH "
                 "(repeatable: several reports from one scan)")
      ->allow_extra_args(false);
  app.add_option("-o,--output-file", output_file, "Write the report of the plain --format (default text) to PATH instead of standard output");
  app.add_option("--sarif-category", sarif_category, "SARIF automationDetails.id: the code-scanning category of this analysis");
  app.add_option("--root", repo_root_dir, "Repository root that SARIF, github and gitlab paths are relative to (default: the git root, else the working directory)");
  app.add_option("--fail-on", fail_on, "Lowest severity that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  app.add_option("-j,--jobs", jobs, "Files parsed in parallel (default: all cores)");
  app.add_option("--exclude", excludes, "Skip paths matching this glob (repeatable; matched against the path and each folder name)")->allow_extra_args(false);
  app.add_option("--select", select, "Only run these rule IDs or ID prefixes such as SES00 (comma-separated, repeatable)")->allow_extra_args(false);
  app.add_option("--ignore", ignore, "Do not run these rule IDs or ID prefixes (comma-separated, repeatable)")->allow_extra_args(false);
  GateOptions gate;
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
  app.add_option("--color", color, "Color text output")->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--no-code-frames", no_frames, "Text output without source excerpts");
  bool follow_symlinks = false;
  std::string max_file_size = "16M";
  app.add_flag("--follow-symlinks", follow_symlinks,
               "Also read symbolic links whose real path is outside the scanned folder (default: skipped with a warning)");
  app.add_option("--max-file-size", max_file_size, "Skip larger files with a diagnostic (bytes, or with K/M/G; default 16M)");
  std::vector<std::string> tf_vars, tf_var_files, cfn_params;
  app.add_option("--var", tf_vars, "Terraform variable value: name=value (repeatable)")->allow_extra_args(false);
  app.add_option("--var-file", tf_var_files, "Terraform .tfvars / .tfvars.json file (repeatable)")->allow_extra_args(false);
  app.add_option("--parameter", cfn_params, "CloudFormation parameter value: Name=Value (repeatable)")->allow_extra_args(false);
  std::string plan_file;
  app.add_option("--plan", plan_file,
                 "Terraform plan as JSON (`terraform show -json PLANFILE`): the values Terraform used for the root "
                 "module in the first path; linted on its own when the paths hold no .tf files");

  auto* rules_cmd = app.add_subcommand("rules", "List the rules");
  bool markdown = false;
  std::string rules_format = "text";
  rules_cmd->add_option("--format", rules_format, "text, json or markdown")->check(CLI::IsMember({"text", "json", "markdown"}));
  std::string check_file, write_file;
  rules_cmd->add_flag("--markdown", markdown, "Print the README rule table");
  rules_cmd->add_option("--check", check_file, "Exit 1 if the rule table in FILE is not up to date");
  rules_cmd->add_option("--write", write_file, "Rewrite the rule table in FILE");
  auto* explain_cmd = app.add_subcommand("explain", "Print a rule's documentation");
  std::string explain_id;
  explain_cmd->add_option("id", explain_id, "Rule ID or name, e.g. SES001 or email-identity-resource")->required();

  auto* access_cmd = app.add_subcommand("explain-access", "Decide whether a principal may perform an action on a resource, with the evaluation trace");
  ExplainAccessOptions access;
  std::vector<std::string> access_paths, access_context;
  std::string access_requests;
  access_cmd->add_option("--principal", access.principal, "IAM user or role: resource address (aws_iam_user.smtp), logical ID, name or ARN");
  access_cmd->add_option("--action", access.action, "Action, e.g. ses:SendRawEmail");
  access_cmd->add_option("--resource", access.resource, "Resource ARN, or \"*\"");
  access_cmd->add_option("--requests", access_requests, "Decide a JSON array of requests (batch mode; prints a JSON array)");
  access_cmd->add_option("--account", access.account, "The principal's account ID when the repository does not say");
  access_cmd->add_option("--configuration-set", access.configuration_set, "Configuration set (name or ARN) the send uses; default: the identity's default set");
  access_cmd->add_option("--template", access.template_name, "Template (name or ARN) of a templated or bulk send");
  access_cmd->add_option("--session-policy", access.session_policy, "JSON policy document passed as the session policy of the request (AssumeRole Policy)");
  access_cmd->add_option("--format", access.format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
  access_cmd->add_option("--context", access_context, "Condition key value: key=value[,value] (repeatable); other keys are unknown")->allow_extra_args(false);
  access_cmd->add_option("paths", access_paths, "Files or directories (default: .)");
  access_cmd->add_option("--var", tf_vars, "Terraform variable value: name=value (repeatable)")->allow_extra_args(false);
  access_cmd->add_option("--var-file", tf_var_files, "Terraform .tfvars / .tfvars.json file (repeatable)")->allow_extra_args(false);
  access_cmd->add_option("--parameter", cfn_params, "CloudFormation parameter value: Name=Value (repeatable)")->allow_extra_args(false);
  access_cmd->add_option("--plan", plan_file, "Terraform plan as JSON (`terraform show -json PLANFILE`)");

  std::vector<std::string> rev(args.rbegin(), args.rend());
  try {
    app.parse(rev);
    if (!*rules_cmd && !*explain_cmd && !gate.no_config) {
      const std::string file = !gate.config.empty() ? gate.config : find_config(*access_cmd ? access_paths : paths);
      std::string error;
      if (!file.empty() && !apply_config_file(app, file, error)) {
        err << "seslint: " << error << "\n";
        return kExitFailure;
      }
    }
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitClean;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return kExitClean;
  } catch (const CLI::ParseError& e) {
    err << "seslint: " << e.what() << "\n" << "Run with --help for usage.\n";
    return kExitFailure;
  }
  // --var / --var-file / --parameter, shared by linting and explain-access.
  auto read_resolve_inputs = [&](resolve::Inputs& in) -> bool {
    for (const auto& [flag, list, dest] : {std::tuple{"--var", &tf_vars, &in.terraform_vars},
                                           std::tuple{"--parameter", &cfn_params, &in.parameters}}) {
      for (const auto& kv : *list) {
        auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
          err << "seslint: " << flag << " takes name=value: '" << kv << "'\n";
          return false;
        }
        (*dest)[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
    }
    for (const auto& f : tf_var_files) {
      if (!std::filesystem::is_regular_file(f)) {
        err << "seslint: --var-file " << f << ": no such file\n";
        return false;
      }
      in.terraform_var_files.push_back(f);
    }
    // file() and templatefile() may read below the scanned root only.
    const auto& roots = *access_cmd ? access_paths : paths;
    std::filesystem::path root = roots.empty() ? std::filesystem::path(".") : std::filesystem::path(roots.front());
    if (!std::filesystem::is_directory(root)) root = root.parent_path().empty() ? "." : root.parent_path();
    in.scan_root = std::filesystem::weakly_canonical(std::filesystem::absolute(root)).string();
    return true;
  };

  if (*rules_cmd) {
    if (rules_format == "json" && check_file.empty() && write_file.empty() && !markdown) {
      out << report::render_rules_json(engine::Registry::global());
      return kExitClean;
    }
    return cmd_rules(markdown || rules_format == "markdown", check_file, write_file, out, err);
  }
  if (*explain_cmd) return cmd_explain(explain_id, out, err);
  if (*access_cmd) {
    if (!access_requests.empty()) return explain_access_batch(access_requests, out, err);
    for (const auto& [flag, value] : {std::pair{"--principal", &access.principal}, std::pair{"--action", &access.action},
                                      std::pair{"--resource", &access.resource}}) {
      if (value->empty()) {
        err << "seslint: explain-access needs " << flag << " (or --requests FILE)\nRun with --help for usage.\n";
        return kExitFailure;
      }
    }
    for (const auto& kv : access_context) {
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        err << "seslint: --context takes key=value[,value]: '" << kv << "'\n";
        return kExitFailure;
      }
      std::vector<std::string> values;
      std::stringstream ss(kv.substr(eq + 1));
      std::string item;
      while (std::getline(ss, item, ',')) values.push_back(item);
      access.context[kv.substr(0, eq)] = values;
    }
    LintConfig cfg;
    cfg.paths = access_paths;
    cfg.run_rules = false;
    cfg.plan = plan_file;
    if (!read_resolve_inputs(cfg.resolve)) return kExitFailure;
    LintRun run = lint(cfg);
    if (run.fatal) {
      for (const auto& d : run.model.diagnostics) err << "seslint: " << d.message << "\n";
      return kExitFailure;
    }
    return explain_access(access, run.model, *run.sources, out, err);
  }

  LintConfig cfg;
  cfg.paths = paths;
  cfg.plan = plan_file;
  cfg.excludes = excludes;
  cfg.jobs = jobs;
  cfg.follow_symlinks = follow_symlinks;
  if (!parse_size(max_file_size, cfg.max_file_size) || cfg.max_file_size == 0) {
    err << "seslint: --max-file-size takes a size such as 16M, 512K or 1048576: '" << max_file_size << "'\n";
    return kExitFailure;
  }
  cfg.rules.select = split_ids(select);
  cfg.rules.ignore = split_ids(ignore);
  for (const auto* set : {&cfg.rules.select, &cfg.rules.ignore}) {
    for (const auto& id : *set) {
      if (!known_id_prefix(id)) {
        err << "seslint: unknown rule ID '" << id << "' in --select/--ignore (see `seslint rules`)\n";
        return kExitFailure;
      }
    }
  }
  if (!read_gate_options(gate, cfg, err)) return kExitFailure;
  if (!read_resolve_inputs(cfg.resolve)) return kExitFailure;

  std::vector<OutputSpec> outputs;
  if (!parse_outputs(formats, output_file, outputs, err)) return kExitFailure;
  std::filesystem::path repo_root;
  if (!find_repo_root(repo_root_dir, repo_root, err)) return kExitFailure;

  LintRun run = lint(cfg);
  run.report.tool_version = SESLINT_VERSION;
  if (!finish_gate(gate, run, err)) return kExitFailure;
  // The exit code counts what the gate sees, before --quiet hides notes from the output.
  int threshold = 2;
  parse_severity(fail_on, threshold);
  bool failing = false;
  for (const auto& finding : run.report.findings)
    if (counts_for_gate(finding, gate) && static_cast<int>(finding.severity) >= threshold) failing = true;
  if (gate.quiet) hide_notes(run.report);

  report::Options opt;
  const char* force = std::getenv("FORCE_COLOR");
  const char* no_color = std::getenv("NO_COLOR");
  const bool forced = force && *force && std::string(force) != "0";
  const bool color_on = color == "always" || (color == "auto" && !(no_color && *no_color) && (forced || out_is_tty));
  opt.code_frames = !no_frames;
  opt.cwd = std::filesystem::current_path().generic_string();
  opt.repo_root = repo_root.generic_string();
  opt.root_uri = file_uri(repo_root);
  opt.sarif_category = sarif_category;
  for (const auto& o : outputs) {
    report::Options one = opt;
    one.color = o.path.empty() && color_on;  // never in a file
    if (o.path.empty()) {
      out << report::render(o.format, run.report, engine::Registry::global(), *run.sources, one);
      continue;
    }
    std::ofstream file(o.path, std::ios::binary | std::ios::trunc);
    file << report::render(o.format, run.report, engine::Registry::global(), *run.sources, one);
    file.close();
    if (!file) {
      err << "seslint: cannot write " << o.path << ": " << std::strerror(errno) << "\n";
      return kExitFailure;
    }
  }
  out.flush();
  if (run.fatal) return kExitFailure;
  // Fail closed: a file or folder that could not be read means the result is incomplete.
  if (run.incomplete && threshold != 3) return kExitFailure;
  if (!gate.write_baseline.empty()) return kExitClean;
  return failing ? kExitFindings : kExitClean;
}

}  // namespace seslint::cli
