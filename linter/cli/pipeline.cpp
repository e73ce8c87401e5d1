#include "cli/pipeline.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/rule.h"
#include "parse/parse.h"

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

struct FileOutcome {
  model::FileModel model;
  bool linted = false;
};

FileOutcome process(const source::SourceFile& file, const std::string& format) {
  FileOutcome out;
  parse::ParseResult pr;
  model::FileKind kind = model::FileKind::Other;
  bool yaml = false;
  if (format == "terraform") {
    pr = parse::parse_hcl(file);
    kind = model::FileKind::Terraform;
  } else if (format == "terraform-json") {
    pr = parse::parse_json(file);
    kind = model::FileKind::TerraformJson;
  } else {
    if (!may_be_relevant(file.text())) return out;
    std::string name = lower(file.path());
    yaml = !ends_with(name, ".json");
    pr = yaml ? parse::parse_yaml(file) : parse::parse_json(file);
    if (pr.root) kind = model::classify_document(*pr.root);
    if (kind == model::FileKind::Other && pr.diagnostics.empty()) return out;
  }
  out.linted = true;
  for (auto& d : pr.diagnostics) out.model.diagnostics.push_back(std::move(d));
  if (pr.root && kind != model::FileKind::Other) {
    model::FileModel fm = model::normalize_file(file, *pr.root, kind);
    for (auto& d : fm.diagnostics) out.model.diagnostics.push_back(std::move(d));
    fm.diagnostics.clear();
    auto diags = std::move(out.model.diagnostics);
    out.model = std::move(fm);
    out.model.diagnostics = std::move(diags);
  }
  out.model.kind = kind;
  return out;
}

void run_pipeline(std::vector<Input>& inputs, unsigned jobs, LintRun& run, std::vector<Diagnostic> diags,
                  const engine::RunOptions& rules, bool run_rules = true) {
  // Files are registered up front in sorted order so FileIds (and output) are deterministic.
  std::vector<source::FileId> ids(inputs.size(), source::kNoFile);
  std::vector<FileOutcome> outcomes(inputs.size());
  std::vector<std::string> read_errors(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].from_memory && !read_file(inputs[i].path, inputs[i].text, read_errors[i])) continue;
    ids[i] = run.sources->add(inputs[i].display, std::move(inputs[i].text));
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    for (std::size_t i = next++; i < inputs.size(); i = next++) {
      if (ids[i] == source::kNoFile) continue;
      const source::SourceFile& f = run.sources->file(ids[i]);
      try {
        outcomes[i] = process(f, inputs[i].format);
      } catch (const std::exception& e) {
        outcomes[i].linted = true;
        outcomes[i].model.diagnostics.push_back(
            Diagnostic{diag::kParseError, Severity::Error, std::string("internal error while reading this file: ") + e.what(),
                       source::Span{f.id(), 0, 0, false}});
      }
    }
  };
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(inputs.size(), 1)));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  std::vector<model::FileModel> models;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!read_errors[i].empty()) {
      diags.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read '" + inputs[i].display + "': " + read_errors[i], {}});
      continue;
    }
    ++run.files_considered;
    if (outcomes[i].linted) ++run.files_linted;
    models.push_back(std::move(outcomes[i].model));
  }
  run.model = model::merge(std::move(models), *run.sources);
  for (auto& d : diags) run.model.diagnostics.push_back(std::move(d));
  if (run_rules) run.report = engine::run_rules(run.model, *run.sources, engine::Registry::global(), rules);
  if (run.fatal) run.report.execution_successful = false;
}

}  // namespace

std::string format_for_name(const std::string& name) {
  std::string n = lower(name);
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
  run_pipeline(inputs, config.jobs, run, std::move(diags), config.rules, config.run_rules);
  return run;
}

LintRun lint_texts(const std::vector<std::pair<std::string, std::string>>& files, const engine::RunOptions& rules) {
  LintRun run;
  std::vector<Input> inputs;
  for (const auto& [name, text] : files) inputs.push_back(Input{fs::path(name), name, format_for_name(name), text, true});
  run_pipeline(inputs, 1, run, {}, rules);
  return run;
}

}  // namespace seslint::cli
