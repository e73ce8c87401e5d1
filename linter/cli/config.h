// cli/config: the .seslint.toml configuration file. Every command-line option of the lint
// command is a key (its long name without "--": `fail-on = "warning"`, `exclude = ["legacy"]`,
// `no-code-frames = true`); a subcommand's options go in a table named after it
// (`[explain-access]`). Values given on the command line win over the file's. Unknown keys and
// bad values are errors (exit 2).
//   std::string file = find_config(paths);   // "" when none
//   if (!apply_config_file(app, file, error)) ...
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace seslint::cli {

inline constexpr const char* kConfigName = ".seslint.toml";

/// `.seslint.toml` in the scanned root (the first path, or its folder when it is a file; "."
/// when none) or the nearest folder above it; "" when there is none.
std::string find_config(const std::vector<std::string>& paths);

/// Reads the TOML file into `app` after the command line was parsed. False with `error` set
/// (the file and the offending key) when it cannot be read or holds an unknown key or bad value.
/// The file is opened like a scanned file (source::read_named_file): a .seslint.toml that is a
/// link to a file outside its folder is refused unless `follow_symlinks` (--follow-symlinks on the
/// command line; the file itself cannot turn it on), and so is one larger than the default
/// --max-file-size.
bool apply_config_file(CLI::App& app, const std::string& path, std::string& error, bool follow_symlinks = false);

}  // namespace seslint::cli
