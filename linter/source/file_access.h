// source/file_access: the one way seslint reads a scanned file from disk, and the check that
// keeps discovery inside the scanned root.
//   ReadResult r = read_regular_file(real_path, kDefaultMaxFileSize);
//   if (r.status != ReadStatus::Ok) report(r.error);
// read_regular_file opens with O_NOFOLLOW (a symbolic link is never opened through) and
// O_NONBLOCK (a FIFO cannot block the run), then reads only a regular file no larger than the
// limit. Callers pass the canonical path of the file, so no component of it is a link either.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace seslint::source {

/// Default for --max-file-size: larger files are skipped with a diagnostic.
inline constexpr std::uint64_t kDefaultMaxFileSize = 16ull * 1024 * 1024;

enum class ReadStatus { Ok, Missing, Symlink, NotRegular, TooLarge, Denied, Error };

struct ReadResult {
  ReadStatus status = ReadStatus::Error;
  std::string text;
  std::string error;       ///< why it was not read (empty when Ok), e.g. "permission denied"
  std::uint64_t size = 0;  ///< the file's size when known
};

ReadResult read_regular_file(const std::filesystem::path& path, std::uint64_t max_size);

/// A file named on the command line or found by name (--plan, --baseline, --var-file,
/// .seslint.toml, ...): read like a scanned file (O_NOFOLLOW on its canonical path, regular files
/// only, at most `max_size`). A path that names a file inside the current folder but leads, through
/// a symbolic link, outside it is refused (ReadStatus::Symlink) unless `follow_symlinks`: a link
/// committed in a pull request (plan.json -> /proc/self/environ) must not pull in what it points
/// at. A path named outside the current folder (`--plan /tmp/plan.json`, a .seslint.toml found
/// above it) is read when its real path lies in the folder it is named in.
ReadResult read_named_file(const std::filesystem::path& path, std::uint64_t max_size, bool follow_symlinks);

/// The check read_named_file makes before reading: "" when `path` may be read, else why not.
std::string named_file_refusal(const std::filesystem::path& path, bool follow_symlinks);

/// True when `real` (a canonical path) is `root` (canonical) or lies below it.
bool path_within(const std::filesystem::path& real, const std::filesystem::path& root);

/// The canonical form of `p` (symbolic links resolved); empty when it cannot be resolved
/// (dangling link, loop, missing component).
std::filesystem::path real_path(const std::filesystem::path& p);

/// "12.0 MiB"-style size for messages.
std::string human_size(std::uint64_t bytes);

}  // namespace seslint::source

namespace seslint::source {

/// "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE" when `text` starts with that byte order mark
/// or looks like that encoding (ASCII interleaved with NUL bytes); "" otherwise.
std::string_view unsupported_encoding(std::string_view text);

}  // namespace seslint::source
