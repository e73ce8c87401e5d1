// Helpers shared by the test files: reading/writing files, snapshot comparison.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace seslint::test {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline bool update_snapshots() {
  const char* v = std::getenv("SESLINT_UPDATE_SNAPSHOTS");
  return v && std::string(v) == "1";
}

/// Result of running a command: exit code and captured stdout.
struct Command {
  int exit_code = -1;
  std::string out;
};

/// Runs a shell command, capturing stdout (stderr goes to the given file or is discarded).
inline Command run_command(const std::string& cmd) {
  Command c;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return c;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) c.out.append(buf, n);
  int status = pclose(pipe);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return c;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "'\\''";
    else out += ch;
  }
  return out + "'";
}

}  // namespace seslint::test
