#include "cli/gate.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "engine/baseline.h"
#include "engine/rule.h"
#include "report/report.h"
#include "source/file_access.h"

namespace seslint::cli {

namespace {

/// A displayed path (relative to the working directory, or absolute) as seen from `root`: relative
/// to it when the file lies below it, else absolute. Lexical first; when the root was named through
/// a symbolic link (--root /link/repo), the canonical forms are compared.
class RootRelative {
 public:
  explicit RootRelative(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::error_code ec;
    cwd_ = fs::current_path(ec);
    root_ = root.empty() ? fs::path() : fs::absolute(root, ec).lexically_normal();
    real_root_ = root_.empty() ? fs::path() : fs::weakly_canonical(root_, ec);
  }
  std::string operator()(const std::string& shown) const {
    namespace fs = std::filesystem;
    auto it = cache_.find(shown);
    if (it != cache_.end()) return it->second;
    const fs::path abs = (fs::path(shown).is_absolute() ? fs::path(shown) : cwd_ / shown).lexically_normal();
    std::string out = abs.generic_string();
    if (!root_.empty()) {
      auto below = [](const fs::path& p, const fs::path& root, std::string& rel) {
        const fs::path r = p.lexically_relative(root);
        if (r.empty() || *r.begin() == "..") return false;
        rel = r.generic_string();
        return true;
      };
      std::error_code ec;
      // The folder is canonicalized, not the file: a link inside the repository keeps its own name.
      if (!below(abs, root_, out) && !below(fs::weakly_canonical(abs.parent_path(), ec) / abs.filename(), real_root_, out))
        out = abs.generic_string();
    }
    cache_.emplace(shown, out);
    return out;
  }

 private:
  std::filesystem::path cwd_, root_, real_root_;
  mutable std::map<std::string, std::string> cache_;
};

}  // namespace

std::filesystem::path git_root_above(const std::filesystem::path& start) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::path p = start;; p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path() || p.empty()) break;
  }
  return start;
}

std::set<std::string> split_ids(const std::vector<std::string>& values) {
  std::set<std::string> out;
  for (const auto& v : values) {
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ','))
      if (!item.empty()) out.insert(item);
  }
  return out;
}

bool known_id_prefix(const std::string& id) {
  if (id.empty()) return false;
  for (const auto& r : engine::Registry::global().rules())
    if (std::string_view(r.meta.id).starts_with(id)) return true;
  for (const auto& m : engine::tool_diagnostics())
    if (std::string_view(m.id).starts_with(id)) return true;
  return false;
}

bool read_gate_options(const GateOptions& gate, LintConfig& cfg, std::ostream& err) {
  for (const auto& entry : gate.per_path_ignores) {
    auto eq = entry.rfind('=');
    std::set<std::string> ids = eq == std::string::npos ? std::set<std::string>{} : split_ids({entry.substr(eq + 1)});
    if (eq == std::string::npos || eq == 0 || ids.empty()) {
      err << "seslint: --per-path-ignore takes GLOB=ID[,ID]: '" << entry << "'\n";
      return false;
    }
    for (const auto& id : ids)
      if (!known_id_prefix(id)) {
        err << "seslint: unknown rule ID '" << id << "' in --per-path-ignore '" << entry << "' (see `seslint rules`)\n";
        return false;
      }
    std::string glob = entry.substr(0, eq);
    while (glob.rfind("./", 0) == 0) glob = glob.substr(2);
    cfg.rules.path_ignores.emplace_back(glob, ids);
  }
  for (const auto& entry : gate.severities) {
    auto eq = entry.find('=');
    const std::string id = eq == std::string::npos ? entry : entry.substr(0, eq);
    const std::string level = eq == std::string::npos ? "" : entry.substr(eq + 1);
    Severity sev;
    if (level == "note") sev = Severity::Note;
    else if (level == "warning") sev = Severity::Warning;
    else if (level == "error") sev = Severity::Error;
    else {
      err << "seslint: --severity takes ID=note|warning|error: '" << entry << "'\n";
      return false;
    }
    if (!engine::Registry::global().meta(id)) {
      err << "seslint: unknown rule ID '" << id << "' in --severity (see `seslint rules`)\n";
      return false;
    }
    cfg.rules.severity[id] = sev;
  }
  cfg.rules.inline_ignores = !gate.no_inline_ignores;
  auto dash = std::find(cfg.paths.begin(), cfg.paths.end(), "-");
  if (dash != cfg.paths.end()) {
    if (gate.stdin_filename.empty()) {
      err << "seslint: the path '-' reads standard input and needs --stdin-filename NAME (its extension picks the format)\n";
      return false;
    }
    cfg.paths.erase(std::remove(cfg.paths.begin(), cfg.paths.end(), "-"), cfg.paths.end());
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    cfg.stdin_input = std::pair{gate.stdin_filename, std::move(ss).str()};
  } else if (!gate.stdin_filename.empty()) {
    err << "seslint: --stdin-filename needs the path '-'\n";
    return false;
  }
  if (!gate.baseline.empty() && !gate.write_baseline.empty()) {
    err << "seslint: --baseline and --write-baseline cannot be combined\n";
    return false;
  }
  return true;
}

bool finish_gate(const GateOptions& gate, LintRun& run, const std::filesystem::path& repo_root, std::ostream& err) {
  const RootRelative from_root(repo_root);
  auto path_of = [&from_root](const std::string& shown) { return from_root(shown); };
  engine::assign_fingerprints(run.report.findings, *run.sources, path_of);
  if (!gate.baseline.empty()) {
    std::string text, error;
    std::set<std::string> fingerprints;
    source::ReadResult r = source::read_named_file(gate.baseline, gate.max_file_size, gate.follow_symlinks);
    if (r.status != source::ReadStatus::Ok) {
      err << "seslint: --baseline " << gate.baseline << ": cannot read the file: " << r.error << "\n";
      return false;
    }
    text = std::move(r.text);
    if (!report::read_baseline(text, fingerprints, error)) {
      err << "seslint: --baseline " << gate.baseline << ": " << error << "\n";
      return false;
    }
    engine::apply_baseline(run.report, fingerprints);
  }
  if (!gate.write_baseline.empty()) {
    std::ofstream o(gate.write_baseline, std::ios::binary);
    o << report::render_baseline(run.report, *run.sources, path_of);
    if (!o) {
      err << "seslint: --write-baseline " << gate.write_baseline << ": cannot write the file\n";
      return false;
    }
    std::size_t n = 0;
    for (const auto& f : run.report.findings) n += f.suppressed ? 0 : 1;
    err << "seslint: recorded " << n << " finding" << (n == 1 ? "" : "s") << " in " << gate.write_baseline << "\n";
  }
  return true;
}

bool counts_for_gate(const engine::Finding& f, const GateOptions& gate) {
  if (f.suppressed) return false;
  if (!gate.fail_on_parse_error && (f.rule_id == diag::kParseError || f.rule_id == diag::kUnsupported)) return false;
  return true;
}

void hide_notes(engine::Report& rep) {
  std::vector<engine::Finding> kept;
  for (auto& f : rep.findings) {
    if (f.severity == Severity::Note && !f.suppressed) {
      ++rep.hidden_notes;
      continue;
    }
    kept.push_back(std::move(f));
  }
  rep.findings = std::move(kept);
}

}  // namespace seslint::cli
