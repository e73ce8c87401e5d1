// cli/installed_modules: the module folders a run reads besides the scanned files: registry and
// git modules as `terraform init` installed them under a root's .terraform/modules (listed in
// its modules.json), and the checkouts --module-dir maps module sources to.
//   InstalledModules m = read_modules_json(root_display, sources, diags, read);
//   for (auto& dir : m.dirs) { auto files = module_folder_files(dir, read, diags); ... }
// Trust: modules.json comes with the repository under review. An entry is used only when its
// folder is below the root's .terraform/modules (lexically and in real path), no symbolic link
// is followed out of it unless --follow-symlinks, and every file is opened like a scanned one
// (source::read_regular_file: no link, regular, --max-file-size).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/discovery.h"
#include "resolve/resolve.h"
#include "source/source_file.h"
#include "syntax/diagnostic.h"

namespace seslint::cli {

struct ModuleReadOptions {
  std::uint64_t max_file_size = 16ull * 1024 * 1024;
  bool follow_symlinks = false;
};

struct InstalledModules {
  std::map<std::string, resolve::InstalledModule> by_key;  ///< module key ("a", "a.b") -> module
  std::vector<std::string> dirs;                           ///< their folders, as displayed
};

/// Reads `<root>/.terraform/modules/modules.json` (root as displayed, "" = the current folder)
/// when it exists; the file joins `sources` so its problems point into it (warnings in `diags`).
InstalledModules read_modules_json(const std::string& root, source::SourceSet& sources, std::vector<Diagnostic>& diags,
                                   const ModuleReadOptions& read);

/// The .tf and .tf.json files directly in the module folder `dir` (as displayed), sorted.
/// `confine` (a real path, may be empty) is the folder the files must really be in.
std::vector<DiscoveredFile> module_folder_files(const std::string& dir, const std::filesystem::path& confine,
                                                const ModuleReadOptions& read, std::vector<Diagnostic>& diags);

/// The `source` strings of the module calls in a parsed .tf / .tf.json file that are literals.
std::vector<std::string> module_sources(const syntax::Value& root, bool json);

}  // namespace seslint::cli
