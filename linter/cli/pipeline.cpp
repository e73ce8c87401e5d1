#include "cli/pipeline.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "engine/rule.h"
#include "parse/parse.h"
#include "resolve/resolve.h"

namespace seslint::cli {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Input {
  fs::path path;
  std::string display;
  std::string format;
  std::string text;
  bool from_memory = false;
};

bool excluded(const std::string& display, const std::vector<std::string>& excludes) {
  for (const auto& g : excludes) {
    if (fnmatch(g.c_str(), display.c_str(), 0) == 0) return true;
    // Also match any single path component, so `--exclude examples` skips that folder anywhere.
    std::size_t start = 0;
    while (start <= display.size()) {
      auto slash = display.find('/', start);
      std::string comp = display.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      if (!comp.empty() && fnmatch(g.c_str(), comp.c_str(), 0) == 0) return true;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  return false;
}

std::string display_path(const fs::path& p) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path abs = fs::absolute(p, ec).lexically_normal();
  if (!ec) {
    fs::path rel = abs.lexically_relative(cwd);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return p.lexically_normal().generic_string();
}

bool skip_dir(const std::string& name) {
  return name == ".git" || name == ".terraform" || name == "node_modules" || name == ".terragrunt-cache";
}

void discover(const LintConfig& config, std::vector<Input>& inputs, std::vector<Diagnostic>& diags, bool& fatal) {
  std::vector<std::string> roots = config.paths;
  if (roots.empty()) roots.push_back(".");
  for (const auto& root : roots) {
    std::error_code ec;
    fs::path rp(root);
    auto st = fs::status(rp, ec);
    if (ec || !fs::exists(st)) {
      diags.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read '" + root + "': no such file or directory", {}});
      fatal = true;
      continue;
    }
    if (fs::is_regular_file(st)) {
      std::string d = display_path(rp);
      std::string f = format_for_name(rp.filename().string());
      if (!f.empty() && !excluded(d, config.excludes)) inputs.push_back(Input{rp, d, f, {}, false});
      continue;
    }
    fs::recursive_directory_iterator it(rp, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      diags.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read directory '" + root + "': " + ec.message(), {}});
      fatal = true;
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning, "cannot read '" + it->path().string() + "': " + ec.message(), {}});
        ec.clear();
        continue;
      }
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      std::error_code sec;
      if (it->is_directory(sec)) {
        if (skip_dir(name) || it->is_symlink(sec) || excluded(display_path(p), config.excludes)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(sec)) continue;
      std::string f = format_for_name(name);
      if (f.empty()) continue;
      std::string d = display_path(p);
      if (excluded(d, config.excludes)) continue;
      inputs.push_back(Input{p, d, f, {}, false});
    }
  }
  std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.display < b.display; });
  inputs.erase(std::unique(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.display == b.display; }),
               inputs.end());
}

bool read_file(const fs::path& p, std::string& out, std::string& err) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    err = "cannot open file";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    err = "read error";
    return false;
  }
  out = std::move(ss).str();
  return true;
}

/// Cheap content check before parsing YAML/JSON that may be something else entirely.
bool may_be_relevant(std::string_view text) {
  return text.find("Resources") != std::string_view::npos || text.find("AWSTemplateFormatVersion") != std::string_view::npos ||
         text.find("Statement") != std::string_view::npos;
}

struct Parsed {
  model::FileKind kind = model::FileKind::Other;
  syntax::ValuePtr root;
  std::vector<Diagnostic> diagnostics;
  bool linted = false;  ///< a Terraform, CloudFormation or IAM policy file (or one that failed to parse)
  bool tfvars = false;  ///< terraform.tfvars / *.auto.tfvars(.json): values for its module
};

/// Phase 1 (per file, in parallel): parse and classify.
Parsed parse_file(const source::SourceFile& file, const std::string& format) {
  Parsed out;
  parse::ParseResult pr;
  if (format == "terraform") {
    pr = parse::parse_hcl(file);
    out.kind = model::FileKind::Terraform;
  } else if (format == "terraform-json") {
    pr = parse::parse_json(file);
    out.kind = model::FileKind::TerraformJson;
  } else if (format == "tfvars") {
    pr = ends_with(lower(file.path()), ".json") ? parse::parse_json(file) : parse::parse_hcl(file);
    out.tfvars = true;
  } else {
    if (!may_be_relevant(file.text())) return out;
    const bool yaml = !ends_with(lower(file.path()), ".json");
    pr = yaml ? parse::parse_yaml(file) : parse::parse_json(file);
    if (pr.root) out.kind = model::classify_document(*pr.root);
    if (out.kind == model::FileKind::Other && pr.diagnostics.empty()) return out;
  }
  out.linted = !out.tfvars;
  out.root = std::move(pr.root);
  out.diagnostics = std::move(pr.diagnostics);
  return out;
}

std::string module_dir(const std::string& path) {
  auto pos = path.find_last_of('/');
  return pos == std::string::npos ? std::string() : path.substr(0, pos);
}

/// Runs fn(i) for i in [0, n) on `jobs` threads.
template <typename Fn>
void parallel_for(std::size_t n, unsigned jobs, Fn fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    for (std::size_t i = next++; i < n; i = next++) fn(i);
  };
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(n, 1)));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

Diagnostic internal_error(const source::SourceFile& f, const std::exception& e) {
  return Diagnostic{diag::kParseError, Severity::Error, std::string("internal error while reading this file: ") + e.what(),
                    source::Span{f.id(), 0, 0, false}};
}

void run_pipeline(std::vector<Input>& inputs, unsigned jobs, LintRun& run, std::vector<Diagnostic> diags,
                  const engine::RunOptions& rules, const resolve::Inputs& resolve_inputs, bool run_rules = true) {
  // Files are registered up front in sorted order so FileIds (and output) are deterministic.
  std::vector<source::FileId> ids(inputs.size(), source::kNoFile);
  std::vector<std::string> read_errors(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].from_memory && !read_file(inputs[i].path, inputs[i].text, read_errors[i])) continue;
    ids[i] = run.sources->add(inputs[i].display, std::move(inputs[i].text));
  }

  // Phase 1: parse and classify every file.
  std::vector<Parsed> parsed(inputs.size());
  parallel_for(inputs.size(), jobs, [&](std::size_t i) {
    if (ids[i] == source::kNoFile) return;
    const source::SourceFile& f = run.sources->file(ids[i]);
    try {
      parsed[i] = parse_file(f, inputs[i].format);
    } catch (const std::exception& e) {
      parsed[i].linted = true;
      parsed[i].diagnostics.push_back(internal_error(f, e));
    }
  });

  // Phase 2: resolve values and build the model. Terraform files are resolved per module
  // (folder) together with that folder's tfvars; other files on their own.
  struct Task {
    std::vector<std::size_t> files;  // indices into inputs
    std::vector<std::size_t> tfvars;
    bool terraform = false;
  };
  std::vector<Task> tasks;
  std::map<std::string, std::size_t> module_task;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (ids[i] == source::kNoFile || (!parsed[i].root && !parsed[i].tfvars)) continue;
    const bool tf = parsed[i].kind == model::FileKind::Terraform || parsed[i].kind == model::FileKind::TerraformJson;
    if (tf || parsed[i].tfvars) {
      auto [it, fresh] = module_task.emplace(module_dir(inputs[i].display), tasks.size());
      if (fresh) tasks.push_back(Task{{}, {}, true});
      (parsed[i].tfvars ? tasks[it->second].tfvars : tasks[it->second].files).push_back(i);
    } else if (parsed[i].kind != model::FileKind::Other) {
      tasks.push_back(Task{{i}, {}, false});
    }
  }
  // Every Terraform folder's parsed files, for module calls with local sources; read-only
  // while the tasks run.
  std::map<std::string, std::vector<resolve::TerraformFile>> module_files;
  for (const auto& [dir, t] : module_task)
    for (std::size_t i : tasks[t].files)
      module_files[dir].push_back(resolve::TerraformFile{&run.sources->file(ids[i]), parsed[i].root,
                                                         parsed[i].kind == model::FileKind::TerraformJson});
  const resolve::ModuleLoader loader = [&module_files](const std::string& dir) -> const std::vector<resolve::TerraformFile>* {
    auto it = module_files.find(dir);
    return it == module_files.end() ? nullptr : &it->second;
  };
  std::vector<model::FileModel> models(inputs.size());
  std::vector<std::vector<model::FileModel>> instance_models(tasks.size());
  std::vector<std::vector<syntax::ValueOrigin>> origins(tasks.size());
  parallel_for(tasks.size(), jobs, [&](std::size_t t) {
    const Task& task = tasks[t];
    if (task.files.empty()) return;
    const source::SourceFile& first = run.sources->file(ids[task.files.front()]);
    try {
      if (task.terraform) {
        std::vector<resolve::TerraformFile> files, tfvars;
        for (std::size_t i : task.files)
          files.push_back(resolve::TerraformFile{&run.sources->file(ids[i]), parsed[i].root,
                                                 parsed[i].kind == model::FileKind::TerraformJson});
        for (std::size_t i : task.tfvars)
          if (parsed[i].root)
            tfvars.push_back(resolve::TerraformFile{&run.sources->file(ids[i]), parsed[i].root,
                                                    ends_with(lower(inputs[i].display), ".json")});
        resolve::ModuleResult r = resolve::resolve_terraform_module(files, tfvars, resolve_inputs, loader);
        for (std::size_t k = 0; k < task.files.size(); ++k) {
          std::size_t i = task.files[k];
          const bool resolved = k < r.files.size() && r.files[k].root;
          // Resolution hands .tf.json files back in native shape (see resolve::TerraformFile).
          const model::FileKind kind = resolved && !r.files[k].json ? model::FileKind::Terraform : parsed[i].kind;
          models[i] = model::normalize_file(run.sources->file(ids[i]), resolved ? *r.files[k].root : *parsed[i].root, kind);
        }
        for (const auto& inst : r.instances) {
          for (const auto& f : inst.files) {
            if (!f.root || !f.file) continue;
            model::FileModel fm = model::normalize_file(*f.file, *f.root, f.json ? model::FileKind::TerraformJson
                                                                                   : model::FileKind::Terraform);
            model::set_module(fm, inst.key);
            fm.kind = model::FileKind::Terraform;
            instance_models[t].push_back(std::move(fm));
          }
        }
        origins[t] = std::move(r.origins);
        auto& sink = models[task.files.front()].diagnostics;
        for (auto& d : r.diagnostics) sink.push_back(std::move(d));
      } else {
        std::size_t i = task.files.front();
        syntax::ValuePtr root = parsed[i].root;
        std::vector<Diagnostic> extra;
        if (parsed[i].kind == model::FileKind::CloudFormation) {
          resolve::Result r = resolve::resolve_cloudformation(first, *root, resolve_inputs);
          if (r.root) root = r.root;
          extra = std::move(r.diagnostics);
        }
        models[i] = model::normalize_file(first, *root, parsed[i].kind);
        for (auto& d : extra) models[i].diagnostics.push_back(std::move(d));
      }
    } catch (const std::exception& e) {
      models[task.files.front()].diagnostics.push_back(internal_error(first, e));
    }
  });

  std::vector<model::FileModel> ordered;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!read_errors[i].empty()) {
      diags.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read '" + inputs[i].display + "': " + read_errors[i], {}});
      continue;
    }
    if (parsed[i].tfvars) continue;
    ++run.files_considered;
    if (parsed[i].linted) ++run.files_linted;
    model::FileModel fm = std::move(models[i]);
    fm.kind = parsed[i].kind;
    // Parse diagnostics first, then what normalization and resolution found.
    std::vector<Diagnostic> all = std::move(parsed[i].diagnostics);
    for (auto& d : fm.diagnostics) all.push_back(std::move(d));
    fm.diagnostics = std::move(all);
    ordered.push_back(std::move(fm));
  }
  // Module instances after every scanned file, in task (folder) order.
  for (auto& list : instance_models)
    for (auto& fm : list) ordered.push_back(std::move(fm));
  run.model = model::merge(std::move(ordered), *run.sources);
  for (auto& list : origins)
    for (auto& o : list) run.model.value_origins.push_back(std::move(o));
  for (auto& d : diags) run.model.diagnostics.push_back(std::move(d));
  if (run_rules) run.report = engine::run_rules(run.model, *run.sources, engine::Registry::global(), rules);
  if (run.fatal) run.report.execution_successful = false;
  // An input that could not be read was not linted: the run is not a complete analysis.
  for (const auto& f : run.report.findings)
    if (f.rule_id == diag::kUnreadable) run.report.execution_successful = false;
}

}  // namespace

std::string format_for_name(const std::string& name) {
  std::string n = lower(name);
  // Variable values for the module: terraform.tfvars and *.auto.tfvars (others via --var-file).
  if (n == "terraform.tfvars" || n == "terraform.tfvars.json" || ends_with(n, ".auto.tfvars") ||
      ends_with(n, ".auto.tfvars.json"))
    return "tfvars";
  if (ends_with(n, ".tf.json")) return "terraform-json";
  if (ends_with(n, ".tf")) return "terraform";
  if (ends_with(n, ".json") || ends_with(n, ".yaml") || ends_with(n, ".yml") || ends_with(n, ".template"))
    return "sniff";
  return "";
}

LintRun lint(const LintConfig& config) {
  LintRun run;
  std::vector<Input> inputs;
  std::vector<Diagnostic> diags;
  discover(config, inputs, diags, run.fatal);
  run_pipeline(inputs, config.jobs, run, std::move(diags), config.rules, config.resolve, config.run_rules);
  return run;
}

LintRun lint_texts(const std::vector<std::pair<std::string, std::string>>& files, const engine::RunOptions& rules) {
  LintRun run;
  std::vector<Input> inputs;
  for (const auto& [name, text] : files) inputs.push_back(Input{fs::path(name), name, format_for_name(name), text, true});
  run_pipeline(inputs, 1, run, {}, rules, resolve::Inputs{});
  return run;
}

}  // namespace seslint::cli
