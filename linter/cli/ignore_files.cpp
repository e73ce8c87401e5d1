#include "cli/ignore_files.h"

#include <fstream>

namespace seslint::cli {

bool glob_match(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      if (rest.substr(0, 1) == "/") {
        // "**/": zero or more whole folders.
        rest.remove_prefix(1);
        if (glob_match(rest, s)) return true;
        for (std::size_t i = 0; i < s.size(); ++i)
          if (s[i] == '/' && glob_match(rest, s.substr(i + 1))) return true;
        return false;
      }
      for (std::size_t i = 0; i <= s.size(); ++i)
        if (glob_match(rest, s.substr(i))) return true;
      return false;
    }
    const char c = p.front();
    if (c == '*') {
      std::string_view rest = p.substr(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (glob_match(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s.front() == '/') return false;
    } else if (c == '[') {
      auto close = p.find(']', 2);
      if (close == std::string_view::npos) {
        if (s.front() != '[') return false;
      } else {
        std::string_view set = p.substr(1, close - 1);
        const bool neg = !set.empty() && (set.front() == '!' || set.front() == '^');
        if (neg) set.remove_prefix(1);
        bool in = false;
        for (std::size_t i = 0; i < set.size(); ++i) {
          if (i + 2 < set.size() && set[i + 1] == '-') {
            in = in || (s.front() >= set[i] && s.front() <= set[i + 2]);
            i += 2;
          } else {
            in = in || s.front() == set[i];
          }
        }
        if (in == neg || s.front() == '/') return false;
        p.remove_prefix(close);
      }
    } else if (c != s.front()) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

void IgnoreFiles::add(std::string line, const std::string& base) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  if (line.empty() || line.front() == '#') return;
  Pattern pat;
  pat.base = base;
  if (line.front() == '!') {
    pat.negate = true;
    line.erase(0, 1);
  }
  if (!line.empty() && line.back() == '/') {
    pat.dir_only = true;
    while (!line.empty() && line.back() == '/') line.pop_back();
  }
  if (!line.empty() && line.front() == '/') {
    pat.anchored = true;
    line.erase(0, line.find_first_not_of('/'));
  }
  if (line.empty()) return;
  if (line.find('/') != std::string::npos) pat.anchored = true;
  pat.glob = line;
  patterns_.push_back(std::move(pat));
}

void IgnoreFiles::load(const std::filesystem::path& dir, const std::string& base) {
  for (const char* name : {".gitignore", ".seslintignore"}) {
    std::ifstream in(dir / name);
    std::string line;
    while (std::getline(in, line)) add(line, base);
  }
}

bool IgnoreFiles::ignored(const std::string& rel, bool is_dir) const {
  bool result = false;
  for (const Pattern& pat : patterns_) {
    if (pat.negate != result) continue;  // only a pattern that could flip the answer matters
    if (pat.dir_only && !is_dir) continue;
    std::string_view path = rel;
    if (!pat.base.empty()) {
      if (path.size() <= pat.base.size() || path.substr(0, pat.base.size()) != pat.base || path[pat.base.size()] != '/')
        continue;
      path.remove_prefix(pat.base.size() + 1);
    }
    bool m;
    if (pat.anchored) {
      m = glob_match(pat.glob, path);
    } else {
      auto slash = path.rfind('/');
      m = glob_match(pat.glob, slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    if (m) result = !pat.negate;
  }
  return result;
}

}  // namespace seslint::cli
