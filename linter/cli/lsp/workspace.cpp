#include "cli/lsp/workspace.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <cctype>
#include <sstream>

#include "cli/lint_options.h"
#include "cli/lsp/text.h"

namespace seslint::cli::lsp {

namespace fs = std::filesystem;

namespace {

std::string canonical_path(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::path(p).lexically_normal().string() : c.string();
}

bool has_suffix(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_terraform(const std::string& path) {
  std::string f = format_for_name(fs::path(path).filename().string());
  return f == "terraform" || f == "terraform-json" || f == "tfvars";
}

bool read_file(const fs::path& p, std::string& text) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  text = std::move(ss).str();
  return true;
}

/// `source = "./x"` / `"../x"` of module blocks (a local module path), as written.
std::vector<std::string> local_sources(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t at = text.find("source"); at != std::string_view::npos; at = text.find("source", at + 6)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
    std::size_t i = at + 6;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size() || text[i] != '=') continue;
    ++i;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size() || text[i] != '"') continue;
    const std::size_t b = i + 1, e = text.find('"', b);
    if (e == std::string_view::npos) break;
    std::string_view v = text.substr(b, e - b);
    if (v.rfind("./", 0) == 0 || v.rfind("../", 0) == 0) out.emplace_back(v);
  }
  return out;
}

bool below(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

}  // namespace

const analysis::Analysis& Deployment::analysis() {
  if (!analysis_) analysis_ = std::make_unique<analysis::Analysis>(run->model);
  return *analysis_;
}

void Deployment::index_files() {
  if (!run || !canonical_.empty()) return;
  const std::size_t n = run->sources->size();
  for (source::FileId i = 0; i < n; ++i) {
    const std::string& shown = run->sources->file(i).path();
    auto it = canonical_cache_->find(shown);
    if (it == canonical_cache_->end()) it = canonical_cache_->emplace(shown, canonical_path(shown)).first;
    canonical_.push_back(it->second);
    ids_.emplace(it->second, i);
  }
}

const std::string& Deployment::canonical(source::FileId id) {
  static const std::string kNone;
  index_files();
  return id < canonical_.size() ? canonical_[id] : kNone;
}

source::FileId Deployment::file_of(const std::string& canonical_path) {
  index_files();
  auto it = ids_.find(canonical_path);
  return it == ids_.end() ? source::kNoFile : it->second;
}

Document& Workspace::open(const std::string& uri, std::string text, long long version) {
  Document& d = docs_[uri];
  d.uri = uri;
  std::string p = uri_to_path(uri);
  d.path = p.empty() ? "" : canonical_path(p);
  d.text = std::move(text);
  d.version = version;
  if (!d.path.empty()) path_uri_[d.path] = uri;
  return d;
}

void Workspace::close(const std::string& uri) {
  auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  path_uri_.erase(it->second.path);
  docs_.erase(it);
}

Document* Workspace::find(const std::string& uri) {
  auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : &it->second;
}

bool Workspace::lintable(const std::string& path) {
  std::string f = format_for_name(fs::path(path).filename().string());
  return !f.empty();
}

std::vector<std::string> Workspace::module_calls(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string p = it->path().string();
    if (!has_suffix(p, ".tf") || !it->is_regular_file(ec)) continue;
    std::vector<std::string> sources;
    auto open_doc = path_uri_.find(p);
    if (open_doc != path_uri_.end()) {
      sources = local_sources(docs_[open_doc->second].text);
    } else {
      // Files on disk are read again only when they change.
      const auto mtime = it->last_write_time(ec);
      const auto size = it->file_size(ec);
      auto& cached = calls_cache_[p];
      if (cached.size != size || cached.mtime != mtime || !cached.valid) {
        std::string text;
        if (!read_file(it->path(), text)) continue;
        cached = CallsCache{true, size, mtime, local_sources(text)};
      }
      sources = cached.sources;
    }
    for (const auto& src : sources) out.push_back(canonical_path((fs::path(dir) / src).string()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Workspace::index_callers() {
  indexed_ = true;
  if (root_.empty()) return;
  std::set<std::string> dirs;
  std::error_code ec;
  fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec) && (name == ".git" || name == ".terraform" || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (has_suffix(name, ".tf")) dirs.insert(it->path().parent_path().string());
  }
  for (const auto& dir : dirs)
    for (const auto& callee : module_calls(dir)) callers_[callee].insert(canonical_path(dir));
}

std::string Workspace::deployment_key(const std::string& path, std::vector<std::string>& paths) {
  if (!is_terraform(path)) {
    paths = {path};
    return "file:" + path;
  }
  if (!indexed_) index_callers();
  const std::string dir = fs::path(path).parent_path().string();
  // The file's folder may have changed its own module calls since the index was built.
  for (auto& [callee, from] : callers_) from.erase(dir);
  for (const auto& callee : module_calls(dir)) callers_[callee].insert(dir);
  // Up the callers to a root module (a folder nothing calls); on a cycle, stop where it closes.
  std::string root = dir;
  std::set<std::string> seen{root};
  while (true) {
    auto it = callers_.find(root);
    if (it == callers_.end() || it->second.empty()) break;
    std::string next;
    for (const auto& c : it->second)
      if (!seen.count(c)) {
        next = c;
        break;
      }
    if (next.empty()) break;
    seen.insert(next);
    root = next;
  }
  // The root and the local modules it reaches outside its own folder.
  paths = {root};
  std::vector<std::string> todo{root};
  std::set<std::string> visited{root};
  while (!todo.empty()) {
    std::string d = todo.back();
    todo.pop_back();
    for (const auto& callee : module_calls(d)) {
      if (!visited.insert(callee).second) continue;
      todo.push_back(callee);
      bool covered = false;
      for (const auto& p : paths) covered = covered || below(callee, p);
      std::error_code ec;
      if (!covered && fs::is_directory(callee, ec)) paths.push_back(callee);
    }
  }
  return "tf:" + root;
}

Deployment& Workspace::lint_for(const std::string& path) {
  std::vector<std::string> paths;
  const std::string key = deployment_key(path, paths);
  Deployment& d = deployments_[key];
  d.key = key;
  d.paths = paths;
  const auto start = std::chrono::steady_clock::now();
  LintConfig cfg;
  d.config_error.clear();
  d.gate = GateOptions{};
  if (!lint_config_for(paths, cfg, d.config_file, d.config_error, &d.gate)) {
    cfg = LintConfig{};
    cfg.paths = paths;
    d.gate = GateOptions{};
  }
  d.gate.write_baseline.clear();  // an editor session never writes the baseline
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    // A new buffer not saved yet: linted on its own.
    cfg.paths.clear();
    auto uri = path_uri_.find(path);
    cfg.stdin_input = std::pair{path, uri == path_uri_.end() ? std::string() : docs_[uri->second].text};
  }
  for (const auto& [uri, doc] : docs_)
    if (!doc.path.empty() && Workspace::lintable(doc.path)) cfg.overlay[doc.path] = doc.text;
  cfg.parse_cache = d.cache;
  d.run = std::make_unique<LintRun>(lint(cfg));
  d.analysis_.reset();
  d.canonical_.clear();
  d.ids_.clear();
  d.canonical_cache_ = &canonical_cache_;
  std::ostringstream ignored;
  // Fingerprints are keyed on the path from the repository root, as `seslint` run in the
  // workspace keys them, so a baseline the CLI wrote applies here too.
  const fs::path repo_start = !root_.empty() ? fs::path(root_) : fs::path(path).parent_path();
  if (!d.gate.baseline.empty() && !finish_gate(d.gate, *d.run, git_root_above(repo_start), ignored) && d.config_error.empty())
    d.config_error = ignored.str();
  if (d.gate.quiet) hide_notes(d.run->report);
  const std::size_t n = d.run->sources->size();
  for (source::FileId i = 0; i < n; ++i) file_deployment_[d.canonical(i)] = key;
  file_deployment_[path] = key;
  d.last_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return d;
}

Deployment* Workspace::last_for(const std::string& path) {
  auto it = file_deployment_.find(path);
  if (it == file_deployment_.end()) return nullptr;
  auto d = deployments_.find(it->second);
  return d == deployments_.end() || !d->second.run ? nullptr : &d->second;
}

}  // namespace seslint::cli::lsp
