#include "cli/discovery.h"
#include "cli/ignore_files.h"

#include <algorithm>
#include <fnmatch.h>
#include <set>

#include "cli/pipeline.h"
#include "source/file_access.h"

namespace seslint::cli {

namespace fs = std::filesystem;

namespace {

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

bool skip_dir(const std::string& name) {
  return name == ".git" || name == ".terraform" || name == "node_modules" || name == ".terragrunt-cache";
}

std::string link_text(const fs::path& p) {
  std::error_code ec;
  fs::path t = fs::read_symlink(p, ec);
  return ec ? std::string("?") : t.string();
}

class Walker {
 public:
  Walker(const LintConfig& config, Discovery& out) : config_(config), out_(out) {}

  void root(const std::string& arg) {
    fs::path p(arg);
    std::error_code ec;
    auto lst = fs::symlink_status(p, ec);
    if (ec || !fs::exists(lst)) {
      out_.diagnostics.push_back(
          Diagnostic{diag::kUnreadable, Severity::Error, "cannot read '" + arg + "': no such file or directory", {}});
      out_.fatal = true;
      return;
    }
    fs::path real = source::real_path(p);
    if (real.empty()) {  // a dangling link named on the command line
      out_.diagnostics.push_back(Diagnostic{diag::kUnreadable, Severity::Error,
                                            "cannot read '" + arg + "': dangling symbolic link", {}});
      out_.fatal = true;
      return;
    }
    if (fs::is_directory(real, ec)) {
      // A folder argument is its own root (even when the argument itself is a link).
      root_ = real;
      root_arg_ = p;
      ignore_ = IgnoreFiles{};
      visited_.clear();
      walk(p, real);
      return;
    }
    // A file argument (e.g. from a pre-commit hook): its root is the current directory when
    // the argument is below it, else the folder that holds it.
    fs::path cwd = fs::current_path(ec);
    const bool below_cwd = source::path_within(fs::absolute(p, ec).lexically_normal(), cwd);
    fs::path holder = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    root_ = source::real_path(below_cwd ? cwd : holder);
    root_arg_.clear();
    entry(p, p.filename().string(), /*explicit_file=*/true);
  }

 private:
  void skip(const fs::path& p, const std::string& format, std::string message, Severity sev, bool incomplete) {
    DiscoveredFile f;
    f.display = display_path(p);
    f.format = format.empty() ? "skipped" : format;
    f.skip_message = std::move(message);
    f.skip_severity = sev;
    f.skip_incomplete = incomplete;
    out_.files.push_back(std::move(f));
  }

  void walk(const fs::path& dir, const fs::path& real_dir) {
    if (!visited_.insert(real_dir).second) return;  // a folder reached twice through links
    if (!root_arg_.empty()) ignore_.load(dir, rel_path(dir));  // .gitignore / .seslintignore
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      out_.diagnostics.push_back(Diagnostic{diag::kUnreadable, Severity::Error,
                                            "cannot read folder '" + display_path(dir) + "': " + ec.message(), {}});
      out_.incomplete = true;
      return;
    }
    std::vector<fs::path> entries;
    for (; it != end; it.increment(ec)) {
      if (ec) {
        out_.diagnostics.push_back(Diagnostic{diag::kUnreadable, Severity::Error,
                                              "cannot read folder '" + display_path(dir) + "': " + ec.message(), {}});
        out_.incomplete = true;
        break;
      }
      entries.push_back(it->path());
    }
    for (const auto& p : entries) entry(p, p.filename().string(), false);
  }

  void entry(const fs::path& p, const std::string& name, bool explicit_file) {
    std::error_code ec;
    const auto lst = fs::symlink_status(p, ec);
    const std::string format = format_for_name(name);
    const bool is_link = fs::is_symlink(lst);
    if (!explicit_file && !is_link && fs::is_directory(lst)) {
      if (skip_dir(name) || excluded(display_path(p), config_.excludes) || ignored(p, true)) return;
      walk(p, source::real_path(p));
      return;
    }
    if (excluded(display_path(p), config_.excludes)) return;
    if (!explicit_file && ignored(p, false)) return;
    fs::path real = p;
    if (is_link) {
      real = source::real_path(p);
      std::error_code dec;
      const bool to_dir = !real.empty() && fs::is_directory(real, dec);
      if (!to_dir && format.empty()) return;  // not a file seslint reads anyway
      if (real.empty()) {
        skip(p, format, "cannot read: dangling symbolic link (-> " + link_text(p) + ")", Severity::Error, true);
        return;
      }
      const bool inside = source::path_within(real, root_);
      if (!inside && !config_.follow_symlinks) {
        skip(p, format,
             std::string("symbolic link to a ") + (to_dir ? "folder" : "file") + " outside the scanned root (-> " +
                 link_text(p) + "), not read; --follow-symlinks reads it",
             Severity::Warning, false);
        return;
      }
      if (to_dir) {
        // Inside the root the folder is scanned where it really is.
        if (config_.follow_symlinks && !skip_dir(name)) walk(p, real);
        return;
      }
    } else {
      if (format.empty()) return;
      real = source::real_path(p);
      if (real.empty()) {
        skip(p, format, "cannot read: path cannot be resolved", Severity::Error, true);
        return;
      }
      if (!config_.follow_symlinks && !source::path_within(real, root_)) {
        // Reached through a linked folder: the same rule as for a link.
        skip(p, format, "real path is outside the scanned root, not read; --follow-symlinks reads it", Severity::Warning,
             false);
        return;
      }
    }
    std::error_code sec;
    auto st = fs::status(real, sec);
    if (!fs::is_regular_file(st)) {
      skip(p, format, "not a regular file, not read", Severity::Warning, false);
      return;
    }
    DiscoveredFile f;
    f.real = real;
    f.display = display_path(p);
    f.format = format;
    out_.files.push_back(std::move(f));
  }

  /// Path below the folder argument being walked, '/' separators ("" for the folder itself).
  std::string rel_path(const fs::path& p) const {
    const std::string rel = p.lexically_relative(root_arg_).generic_string();
    return rel == "." ? std::string() : rel;
  }
  bool ignored(const fs::path& p, bool is_dir) const {
    return !root_arg_.empty() && ignore_.ignored(rel_path(p), is_dir);
  }

  const LintConfig& config_;
  Discovery& out_;
  fs::path root_;
  fs::path root_arg_;    ///< the folder argument as given (empty for a file argument)
  IgnoreFiles ignore_;   ///< ignore files of the folder argument being walked
  std::set<fs::path> visited_;
};

}  // namespace

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

Discovery discover(const LintConfig& config) {
  Discovery out;
  std::vector<std::string> roots = config.paths;
  if (roots.empty()) roots.push_back(".");
  Walker w(config, out);
  for (const auto& r : roots) w.root(r);
  auto& files = out.files;
  std::sort(files.begin(), files.end(), [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.display < b.display; });
  files.erase(std::unique(files.begin(), files.end(),
                          [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.display == b.display; }),
              files.end());
  return out;
}

}  // namespace seslint::cli
