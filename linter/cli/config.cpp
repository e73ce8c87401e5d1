#include "cli/config.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <sstream>

#include "source/file_access.h"

namespace seslint::cli {

namespace fs = std::filesystem;

std::string find_config(const std::vector<std::string>& paths) {
  std::error_code ec;
  fs::path root = paths.empty() || paths.front() == "-" ? fs::path(".") : fs::path(paths.front());
  if (!fs::is_directory(root, ec)) root = root.parent_path().empty() ? fs::path(".") : root.parent_path();
  fs::path dir = fs::weakly_canonical(fs::absolute(root, ec), ec);
  if (ec) return "";
  while (true) {
    fs::path candidate = dir / kConfigName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return "";
    dir = dir.parent_path();
  }
}

bool apply_config_file(CLI::App& app, const std::string& path, std::string& error, bool follow_symlinks) {
  source::ReadResult r = source::read_named_file(path, source::kDefaultMaxFileSize, follow_symlinks);
  if (r.status != source::ReadStatus::Ok) {
    error = path + ": cannot read the configuration file: " + r.error;
    return false;
  }
  std::istringstream in(std::move(r.text));
  try {
    app.allow_config_extras(false);
    app.parse_from_stream(in);
  } catch (const CLI::ConfigError& e) {
    // CLI11 says "INI was not able to parse <key>" for an unknown key.
    std::string what = e.what();
    const std::string kExtras = "INI was not able to parse ";
    if (what.rfind(kExtras, 0) == 0)
      what = "unknown key '" + what.substr(kExtras.size()) + "' (keys are the long option names without --; see seslint --help)";
    error = path + ": " + what;
    return false;
  } catch (const CLI::ParseError& e) {
    error = path + ": " + e.what();
    return false;
  }
  return true;
}

}  // namespace seslint::cli
