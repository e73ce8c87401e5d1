// cli/discovery: which files a run reads. Walks the given files and folders, keeps to the
// scanned root, and says for every file it will not read why not.
//   Discovery d = discover(config);   // d.files sorted by display path
// Rules (README "Files outside the scanned root"):
// - A symbolic link (to a file or a folder) whose real path is outside its scanned root is not
//   read: it is listed with a warning. For a folder argument the root is that folder; for a file
//   argument it is the current directory. `--follow-symlinks` reads such links too.
// - A link to a file inside the root is read at its real path; a link to a folder inside the
//   root is not walked again (that folder is scanned where it is), unless --follow-symlinks.
// - A folder that cannot be listed is an error and makes the run incomplete (exit 2).
// - Named like a lintable file but a FIFO, socket or device: skipped with a warning.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "syntax/diagnostic.h"

namespace seslint::cli {

struct LintConfig;

struct DiscoveredFile {
  std::filesystem::path real;  ///< canonical path to open; empty when the file is skipped
  std::string display;         ///< path as reported
  std::string format;          ///< see format_for_name
  // When skipped: why (message shown at the file's location), how severe, and whether the run
  // is incomplete because of it (exit code 2).
  std::string skip_message;
  Severity skip_severity = Severity::Warning;
  bool skip_incomplete = false;
};

struct Discovery {
  std::vector<DiscoveredFile> files;
  std::vector<Diagnostic> diagnostics;  ///< run-level (no file location)
  bool fatal = false;                   ///< an input path does not exist
  bool incomplete = false;              ///< a folder could not be listed
};

Discovery discover(const LintConfig& config);

/// Path as displayed: relative to the current directory when below it, '/' separators.
std::string display_path(const std::filesystem::path& p);

}  // namespace seslint::cli
