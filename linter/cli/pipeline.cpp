#include "cli/pipeline.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "cli/discovery.h"
#include "cli/installed_modules.h"
#include "cli/plan_input.h"
#include "cli/template_sources.h"
#include "engine/rule.h"
#include "engine/suppress.h"
#include "parse/parse.h"
#include "resolve/resolve.h"
#include "source/file_access.h"

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
  fs::path real;  ///< canonical path to open (files from disk)
  std::string display;
  std::string format;
  std::string text;
  bool from_memory = false;
  std::string skip_message;  ///< non-empty: not read, reported at the file's location
  Severity skip_severity = Severity::Warning;
  bool skip_incomplete = false;
  /// A file of an installed module or a --module-dir checkout (cli/installed_modules.h): read so
  /// that module calls can instantiate it, never linted as a module of its own.
  bool module_only = false;
};

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
  } else if (format == "template") {
    return out;  // a template source (cli/template_sources.h): checked where the call renders it
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

}  // namespace

class ParseCache {
 public:
  struct Entry {
    source::FileId id = source::kNoFile;
    std::string format;
    std::string text;
    Parsed parsed;
  };
  std::map<std::string, Entry> entries;  ///< by displayed path
  ParseCacheStats stats;
};

std::shared_ptr<ParseCache> make_parse_cache() { return std::make_shared<ParseCache>(); }
ParseCacheStats parse_cache_stats(const ParseCache& cache) { return cache.stats; }

namespace {

Diagnostic internal_error(const source::SourceFile& f, const std::exception& e) {
  // Out of memory in one file (e.g. a huge expansion) is that file's diagnostic; the rest of
  // the run goes on.
  if (dynamic_cast<const std::bad_alloc*>(&e))
    return Diagnostic{diag::kParseError, Severity::Error, "out of memory while reading this file; it was not linted",
                      source::Span{f.id(), 0, 0, false}};
  return Diagnostic{diag::kParseError, Severity::Error, std::string("internal error while reading this file: ") + e.what(),
                    source::Span{f.id(), 0, 0, false}};
}

bool terraform_format(const std::string& f) { return f == "terraform" || f == "terraform-json"; }

/// Phase 1b: the module folders the scanned roots use that are not scanned themselves — the
/// registry and git modules `terraform init` installed (each root's modules.json) and the
/// --module-dir checkouts of the sources the calls name — read, registered and parsed as
/// module-only inputs, round by round as the new files' own calls ask for more.
template <typename Register, typename Parse>
void load_module_folders(std::vector<Input>& inputs, std::vector<Parsed>& parsed, resolve::Inputs& resolve_inputs,
                         source::SourceSet& sources, std::vector<Diagnostic>& diags, const LintConfig& config,
                         Register register_inputs, Parse parse_inputs) {
  const ModuleReadOptions read{config.max_file_size, config.follow_symlinks};
  std::set<std::string> have, roots;  // folders whose .tf files are inputs; the scanned ones
  for (const auto& in : inputs)
    if (terraform_format(in.format)) {
      have.insert(module_dir(in.display));
      if (!in.from_memory) roots.insert(module_dir(in.display));
    }
  std::map<std::string, fs::path> confine;  // module folder -> the real folder its files must be in
  std::vector<std::string> want;
  for (const auto& root : roots) {
    InstalledModules m = read_modules_json(root, sources, diags, read);
    if (m.by_key.empty()) continue;
    const fs::path real = source::real_path(fs::path(root.empty() ? "." : root) / ".terraform" / "modules");
    for (const auto& d : m.dirs) {
      want.push_back(d);
      confine.emplace(d, real);
    }
    resolve_inputs.installed_modules[root] = std::move(m.by_key);
  }
  std::size_t scan_from = 0;
  for (unsigned round = 0; round <= 16; ++round) {
    // Calls in the files not looked at yet: a mapped source, or a local one inside a module folder.
    for (std::size_t i = scan_from; i < inputs.size(); ++i) {
      if (!parsed[i].root || !terraform_format(inputs[i].format)) continue;
      const std::string dir = module_dir(inputs[i].display);
      for (const auto& src : module_sources(*parsed[i].root, inputs[i].format == "terraform-json")) {
        if (resolve::is_local_module_source(src)) {
          if (!inputs[i].module_only) continue;  // scanned folders call scanned folders
          const std::string d = resolve::module_folder(dir, src);
          want.push_back(d);
          auto c = confine.find(dir);
          confine.emplace(d, c == confine.end() ? fs::path() : c->second);
        } else if (!resolve_inputs.module_dirs.empty()) {
          std::string d = resolve::module_dir_for(resolve_inputs.module_dirs, src);
          if (!d.empty()) want.push_back(d);
        }
      }
    }
    scan_from = inputs.size();
    const std::size_t from = inputs.size();
    std::sort(want.begin(), want.end());
    for (const auto& d : want) {
      if (!have.insert(d).second) continue;
      auto c = confine.find(d);
      for (auto& f : module_folder_files(d, c == confine.end() ? fs::path() : c->second, read, diags)) {
        Input in;
        in.real = std::move(f.real);
        in.display = std::move(f.display);
        in.format = std::move(f.format);
        in.skip_message = std::move(f.skip_message);
        in.module_only = true;
        inputs.push_back(std::move(in));
      }
    }
    want.clear();
    if (inputs.size() == from) return;
    register_inputs(from);
    parse_inputs(from);
  }
}

/// One note per module source that no call could instantiate, at its first call, naming the
/// calls and what makes the module visible.
void report_unfetched(const std::vector<std::vector<resolve::UnfetchedModule>>& per_task, std::vector<Diagnostic>& diags) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const resolve::UnfetchedModule*>> by_source;
  for (const auto& list : per_task)
    for (const auto& u : list) {
      auto& calls = by_source[u.source];
      if (calls.empty()) order.push_back(u.source);
      calls.push_back(&u);
    }
  for (const auto& source : order) {
    const auto& calls = by_source[source];
    const resolve::UnfetchedModule& first = *calls.front();
    std::string where;
    std::set<std::string> roots;
    std::size_t shown = 0;
    for (const auto* u : calls) {
      const std::string root = u->root_dir.empty() ? "." : u->root_dir;
      roots.insert(root);
      if (shown++ < 3) where += (where.empty() ? "" : ", ") + u->address + " in " + root;
    }
    if (calls.size() > 3) where += " and " + std::to_string(calls.size() - 3) + " more";
    std::string msg = "module source '" + source + "'" + (first.version.empty() ? "" : " (version " + first.version + ")") +
                      " is not installed: " + std::to_string(calls.size()) + (calls.size() == 1 ? " call (" : " calls (") +
                      where + ") not checked, outputs unknown. Run `terraform init` in " +
                      (first.root_dir.empty() ? std::string(".") : first.root_dir) +
                      (roots.size() > 1 ? " (and the other roots)" : "") +
                      " so .terraform/modules/modules.json lists it, or pass --module-dir '" + source + "=PATH' with a "
                      "checkout of the module";
    diags.push_back(Diagnostic{diag::kUnsupported, Severity::Note, std::move(msg), first.at});
  }
}

void run_pipeline(std::vector<Input>& inputs, unsigned jobs, LintRun& run, std::vector<Diagnostic> diags,
                  const engine::RunOptions& rules, const resolve::Inputs& cli_inputs, bool run_rules = true,
                  std::uint64_t max_file_size = source::kDefaultMaxFileSize, const LintConfig* config = nullptr) {
  // Files are registered up front in sorted order so FileIds (and output) are deterministic.
  // A file that is not read is registered with no text, so its diagnostic has a location.
  std::vector<source::FileId> ids;
  std::vector<std::optional<Diagnostic>> skipped;
  auto register_inputs = [&](std::size_t from) {
  ids.resize(inputs.size(), source::kNoFile);
  skipped.resize(inputs.size());
  for (std::size_t i = from; i < inputs.size(); ++i) {
    Input& in = inputs[i];
    if (config && in.skip_message.empty() && !in.from_memory && !in.real.empty()) {
      auto buffer = config->overlay.find(in.real.string());
      if (buffer != config->overlay.end()) {
        in.text = buffer->second;
        in.from_memory = true;
      }
    }
    if (in.skip_message.empty() && !in.from_memory) {
      source::ReadResult r = source::read_regular_file(in.real, max_file_size);
      if (r.status == source::ReadStatus::Ok) {
        in.text = std::move(r.text);
      } else if (r.status == source::ReadStatus::TooLarge) {
        in.skip_message = "not read: " + r.error;
      } else if (r.status == source::ReadStatus::Symlink || r.status == source::ReadStatus::NotRegular) {
        in.skip_message = "not read: " + r.error;  // replaced since discovery
      } else {
        in.skip_message = "cannot read: " + r.error;
        in.skip_severity = Severity::Error;
        in.skip_incomplete = true;
      }
    }
    if (in.skip_message.empty()) {
      std::string_view enc = source::unsupported_encoding(in.text);
      if (!enc.empty()) {
        in.text.clear();
        in.skip_message = "not read: the file is " + std::string(enc) + " encoded; seslint reads UTF-8";
        in.skip_severity = Severity::Error;
      }
    }
    ids[i] = run.sources->add(in.display, in.skip_message.empty() ? std::move(in.text) : std::string());
    if (!in.skip_message.empty()) {
      skipped[i] = Diagnostic{diag::kUnreadable, in.skip_severity, in.skip_message, source::Span{ids[i], 0, 0, false}};
      if (in.skip_incomplete) run.incomplete = true;
    }
  }
  };
  register_inputs(0);
  // A JSON / YAML file that a Terraform call reads with templatefile() / file() and that holds
  // placeholders is a template source, not a document of its own (cli/template_sources.h).
  {
    std::vector<std::pair<std::string, std::string_view>> tf;
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (!skipped[i] && terraform_format(inputs[i].format)) tf.emplace_back(inputs[i].display, run.sources->file(ids[i]).text());
    const std::set<std::string> used = referenced_files(tf);
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (!skipped[i] && inputs[i].format == "sniff" && used.count(inputs[i].display) &&
          has_template_placeholder(run.sources->file(ids[i]).text()))
        inputs[i].format = "template";
  }
  // --plan (cli/plan_input.h): read after the scanned files, so their FileIds do not move.
  resolve::Inputs resolve_inputs = cli_inputs;
  PlanInput plan;
  if (config && !config->plan.empty()) {
    plan = load_plan(config->plan, config->paths, *run.sources, diags,
                     PlanReadOptions{config->max_file_size, config->follow_symlinks});
    if (!plan.plan) run.fatal = true;
    resolve_inputs.terraform_plan = plan.plan;
    resolve_inputs.plan_root = plan.root;
  }

  // Phase 1: parse and classify every file (or take an unchanged file's parse from the cache).
  std::vector<Parsed> parsed;
  ParseCache* cache = config ? config->parse_cache.get() : nullptr;
  std::vector<char> reused;
  auto parse_inputs = [&](std::size_t from) {
  parsed.resize(inputs.size());
  reused.resize(inputs.size(), 0);
  parallel_for(inputs.size() - from, jobs, [&](std::size_t n) {
    const std::size_t i = from + n;
    if (skipped[i]) return;
    const source::SourceFile& f = run.sources->file(ids[i]);
    if (cache) {
      auto hit = cache->entries.find(inputs[i].display);
      if (hit != cache->entries.end() && hit->second.id == ids[i] && hit->second.format == inputs[i].format &&
          hit->second.text == f.text()) {
        parsed[i] = hit->second.parsed;
        reused[i] = 1;
        return;
      }
    }
    try {
      parsed[i] = parse_file(f, inputs[i].format);
    } catch (const std::exception& e) {
      parsed[i].linted = true;
      parsed[i].diagnostics.push_back(internal_error(f, e));
    }
  });
  };
  parse_inputs(0);
  if (config) load_module_folders(inputs, parsed, resolve_inputs, *run.sources, diags, *config, register_inputs, parse_inputs);

  if (cache) {
    cache->stats = {};
    std::map<std::string, ParseCache::Entry> kept;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (skipped[i]) continue;
      reused[i] ? ++cache->stats.reused : ++cache->stats.parsed;
      const source::SourceFile& f = run.sources->file(ids[i]);
      kept[inputs[i].display] = ParseCache::Entry{ids[i], inputs[i].format, std::string(f.text()), parsed[i]};
    }
    cache->entries = std::move(kept);
  }

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
    if (skipped[i] || (!parsed[i].root && !parsed[i].tfvars) || inputs[i].module_only) continue;
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
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].module_only && !skipped[i] && parsed[i].root &&
        (parsed[i].kind == model::FileKind::Terraform || parsed[i].kind == model::FileKind::TerraformJson))
      module_files[module_dir(inputs[i].display)].push_back(resolve::TerraformFile{
          &run.sources->file(ids[i]), parsed[i].root, parsed[i].kind == model::FileKind::TerraformJson});
  std::vector<std::vector<resolve::UnfetchedModule>> unfetched(tasks.size());
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
        unfetched[t] = std::move(r.unfetched);
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
    if (skipped[i]) {
      diags.push_back(std::move(*skipped[i]));
      continue;
    }
    if (parsed[i].tfvars || inputs[i].module_only) {
      // A tfvars file is no model of its own, nor is a module file (its instances are), but
      // what is wrong with it is reported.
      for (auto& d : parsed[i].diagnostics) diags.push_back(std::move(d));
      continue;
    }
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
  report_unfetched(unfetched, diags);
  // Module instances after every scanned file, in task (folder) order.
  for (auto& list : instance_models)
    for (auto& fm : list) ordered.push_back(std::move(fm));
  // A plan without its configuration is linted on its own.
  if (plan.plan && module_task.empty()) {
    ++run.files_considered;
    ++run.files_linted;
    for (auto& fm : plan_models(*plan.plan)) ordered.push_back(std::move(fm));
  }
  run.model = model::merge(std::move(ordered), *run.sources);
  for (auto& list : origins)
    for (auto& o : list) run.model.value_origins.push_back(std::move(o));
  for (auto& d : diags) run.model.diagnostics.push_back(std::move(d));
  if (run_rules) {
    run.report = engine::run_rules(run.model, *run.sources, engine::Registry::global(), rules);
    if (rules.inline_ignores) {
      std::vector<engine::Ignore> ignores;
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (ids[i] == source::kNoFile || !parsed[i].linted) continue;
        const source::SourceFile& f = run.sources->file(ids[i]);
        std::vector<engine::Ignore> found;
        if (inputs[i].format == "terraform") found = engine::comment_ignores(f, engine::CommentSyntax::Hcl);
        else if (inputs[i].format == "sniff" && !ends_with(lower(inputs[i].display), ".json"))
          found = engine::comment_ignores(f, engine::CommentSyntax::Yaml);
        if (parsed[i].kind == model::FileKind::CloudFormation && parsed[i].root)
          for (auto& ig : engine::metadata_ignores(f, *parsed[i].root)) found.push_back(std::move(ig));
        for (auto& ig : found) ignores.push_back(std::move(ig));
      }
      std::set<std::string> ran, known;
      for (const auto& r : engine::Registry::global().rules()) {
        known.insert(std::string(r.meta.id));
        if (engine::id_enabled(std::string(r.meta.id), rules)) ran.insert(std::string(r.meta.id));
      }
      for (const auto& m : engine::tool_diagnostics()) {
        known.insert(std::string(m.id));
        if (engine::id_enabled(std::string(m.id), rules)) ran.insert(std::string(m.id));
      }
      engine::apply_ignores(run.report, ignores, ran, known, *run.sources);
    }
  }
  run.report.files_scanned = run.files_linted;
  if (run.fatal || run.incomplete) run.report.execution_successful = false;
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

LintRun lint(const LintConfig& given) {
  // `--exclude ./x`, `x/` and `/x` all mean the path x below the scanned folder.
  LintConfig config = given;
  for (auto& g : config.excludes) {
    while (g.rfind("./", 0) == 0) g.erase(0, 2);
    while (g.size() > 1 && g.front() == '/') g.erase(0, 1);
    while (g.size() > 1 && g.back() == '/') g.pop_back();
  }
  LintRun run;
  std::vector<Input> inputs;
  std::vector<Diagnostic> diags;
  if (!config.stdin_input || !config.paths.empty()) {
    Discovery found = discover(config);
    for (auto& f : found.files) {
      Input in;
      in.real = std::move(f.real);
      in.display = std::move(f.display);
      in.format = std::move(f.format);
      in.skip_message = std::move(f.skip_message);
      in.skip_severity = f.skip_severity;
      in.skip_incomplete = f.skip_incomplete;
      inputs.push_back(std::move(in));
    }
    diags = std::move(found.diagnostics);
    run.fatal = run.fatal || found.fatal;
    run.incomplete = run.incomplete || found.incomplete;
  }
  if (config.stdin_input) {
    const auto& [name, text] = *config.stdin_input;
    std::string f = format_for_name(fs::path(name).filename().string());
    if (f.empty()) {
      diags.push_back(Diagnostic{diag::kBadConfig, Severity::Error,
                                 "--stdin-filename '" + name + "' has no extension seslint lints (.tf, .tf.json, .json, .yaml, .yml, .template)", {}});
      run.fatal = true;
    } else {
      Input in;
      in.real = fs::path(name);
      in.display = fs::path(name).lexically_normal().generic_string();
      in.format = f;
      in.text = text;
      in.from_memory = true;
      inputs.push_back(std::move(in));
    }
  }
  if (!config.plan.empty()) {
    // The plan is read as a plan (run_pipeline), not sniffed as a policy document too.
    std::error_code ec;
    inputs.erase(std::remove_if(inputs.begin(), inputs.end(),
                                [&](const Input& in) { return !in.real.empty() && fs::equivalent(in.real, config.plan, ec); }),
                 inputs.end());
  }
  run_pipeline(inputs, config.jobs, run, std::move(diags), config.rules, config.resolve, config.run_rules,
               config.max_file_size, &config);
  return run;
}

LintRun lint_texts(const std::vector<std::pair<std::string, std::string>>& files, const engine::RunOptions& rules) {
  LintRun run;
  std::vector<Input> inputs;
  for (const auto& [name, text] : files) inputs.push_back(Input{fs::path(), name, format_for_name(name), text, true, {}, Severity::Warning, false});
  run_pipeline(inputs, 1, run, {}, rules, resolve::Inputs{});
  return run;
}

}  // namespace seslint::cli
