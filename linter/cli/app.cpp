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
#include "cli/lint_options.h"
#include "cli/lsp/server.h"
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
  root = git_root_above(fs::current_path());
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

  LintFlags flags;
  add_lint_options(app, flags);
  auto& paths = flags.paths;
  auto& formats = flags.formats;
  auto& output_file = flags.output_file;
  auto& sarif_category = flags.sarif_category;
  auto& repo_root_dir = flags.repo_root_dir;
  auto& fail_on = flags.fail_on;
  auto& color = flags.color;
  auto& no_frames = flags.no_frames;
  auto& gate = flags.gate;
  auto& tf_vars = flags.tf_vars;
  auto& tf_var_files = flags.tf_var_files;
  auto& cfn_params = flags.cfn_params;
  auto& plan_file = flags.plan_file;

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
  access_cmd->add_option("--workspace", flags.workspace, "Terraform workspace: the value of terraform.workspace (default: default)");

  auto* lsp_cmd = app.add_subcommand("lsp", "Run the language server (LSP 3.17 over standard input and output) for editors");

  std::vector<std::string> rev(args.rbegin(), args.rend());
  try {
    app.parse(rev);
    if (!*rules_cmd && !*explain_cmd && !*lsp_cmd && !gate.no_config) {
      const std::string file = !gate.config.empty() ? gate.config : find_config(*access_cmd ? access_paths : paths);
      std::string error;
      if (!file.empty() && !apply_config_file(app, file, error, flags.follow_symlinks)) {
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
  auto read_resolve = [&](resolve::Inputs& in) -> bool {
    return read_resolve_inputs(flags, *access_cmd ? access_paths : paths, in, err);
  };

  if (*rules_cmd) {
    if (rules_format == "json" && check_file.empty() && write_file.empty() && !markdown) {
      out << report::render_rules_json(engine::Registry::global());
      return kExitClean;
    }
    return cmd_rules(markdown || rules_format == "markdown", check_file, write_file, out, err);
  }
  if (*explain_cmd) return cmd_explain(explain_id, out, err);
  if (*lsp_cmd) return lsp::serve(std::cin, out, err);
  if (*access_cmd) {
    if (!access_requests.empty()) {
      // Every request's paths are resolved with the --var / --var-file / --parameter / --plan given.
      LintConfig base;
      base.plan = plan_file;
      if (!read_resolve(base.resolve)) return kExitFailure;
      return explain_access_batch(access_requests, base, out, err);
    }
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
    if (!read_resolve(cfg.resolve)) return kExitFailure;
    LintRun run = lint(cfg);
    if (run.fatal) {
      for (const auto& d : run.model.diagnostics) err << "seslint: " << d.message << "\n";
      return kExitFailure;
    }
    return explain_access(access, run.model, *run.sources, out, err);
  }

  LintConfig cfg;
  if (!to_lint_config(flags, cfg, err)) return kExitFailure;

  std::vector<OutputSpec> outputs;
  if (!parse_outputs(formats, output_file, outputs, err)) return kExitFailure;
  std::filesystem::path repo_root;
  if (!find_repo_root(repo_root_dir, repo_root, err)) return kExitFailure;

  LintRun run = lint(cfg);
  run.report.tool_version = SESLINT_VERSION;
  if (!finish_gate(gate, run, repo_root, err)) return kExitFailure;
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
