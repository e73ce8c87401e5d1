// cli/ignore_files: `.gitignore` and `.seslintignore` during discovery. Supported syntax (a
// subset of git's): blank lines and `#` comments; `*`, `?` and `[abc]` within a name; `**` across
// folders (`**/x`, `a/**/b`, `x/**`); a trailing `/` matches folders only; a leading or inner `/`
// anchors the pattern to the ignore file's folder, otherwise it matches a name at any depth;
// `!` re-includes (the last matching pattern wins; a file inside an ignored folder stays
// ignored). Not supported: `\` escapes, trailing-space rules, .git/info/exclude, global excludes,
// ignore files above the scanned folder.
//   IgnoreFiles ig; ig.load(dir, "modules/ses"); if (ig.ignored("modules/ses/x.tf", false)) ...
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace seslint::cli {

class IgnoreFiles {
 public:
  /// Reads `.gitignore` then `.seslintignore` in `dir`, whose path below the scanned root is
  /// `base` ("" for the root itself).
  void load(const std::filesystem::path& dir, const std::string& base);
  /// `rel`: path below the scanned root, '/' separators.
  bool ignored(const std::string& rel, bool is_dir) const;

  /// Adds one pattern line as read from an ignore file in folder `base`.
  void add(std::string line, const std::string& base);

 private:
  struct Pattern {
    std::string base;  ///< folder of the ignore file, "" = root
    std::string glob;  ///< without '!', leading and trailing '/'
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;
  };
  std::vector<Pattern> patterns_;
};

/// Glob match with `*`/`?`/`[...]` not crossing '/', and `**` crossing it.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace seslint::cli
