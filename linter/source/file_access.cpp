#include "source/file_access.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seslint::source {

namespace fs = std::filesystem;

namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

ReadResult failure(ReadStatus s, std::string why) {
  ReadResult r;
  r.status = s;
  r.error = std::move(why);
  return r;
}

ReadResult from_errno(int e) {
  switch (e) {
    case ENOENT:
    case ENOTDIR: return failure(ReadStatus::Missing, "no such file");
    case ELOOP: return failure(ReadStatus::Symlink, "is a symbolic link");
    case EACCES:
    case EPERM: return failure(ReadStatus::Denied, "permission denied");
    default: return failure(ReadStatus::Error, std::strerror(e));
  }
}

}  // namespace

ReadResult read_regular_file(const fs::path& path, std::uint64_t max_size) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (f.fd < 0) return from_errno(errno);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return from_errno(errno);
  if (!S_ISREG(st.st_mode)) return failure(ReadStatus::NotRegular, "not a regular file");
  ReadResult r;
  r.size = static_cast<std::uint64_t>(st.st_size);
  if (r.size > max_size) {
    r.status = ReadStatus::TooLarge;
    r.error = "file is " + human_size(r.size) + ", larger than --max-file-size " + human_size(max_size);
    return r;
  }
  // Regular file: clear O_NONBLOCK so reads behave normally.
  int flags = ::fcntl(f.fd, F_GETFL);
  if (flags >= 0) ::fcntl(f.fd, F_SETFL, flags & ~O_NONBLOCK);
  r.text.reserve(static_cast<std::size_t>(r.size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return from_errno(errno);
    }
    if (n == 0) break;
    r.text.append(buf, static_cast<std::size_t>(n));
    // The file grew while being read: the limit holds for what is read, not only the stat.
    if (r.text.size() > max_size) {
      r.text.clear();
      r.status = ReadStatus::TooLarge;
      r.error = "file is larger than --max-file-size " + human_size(max_size);
      return r;
    }
  }
  r.status = ReadStatus::Ok;
  return r;
}

std::string named_file_refusal(const fs::path& path, bool follow_symlinks) {
  if (follow_symlinks) return "";
  std::error_code ec;
  const fs::path cwd = real_path(fs::current_path(ec));
  const fs::path lexical = fs::absolute(path, ec).lexically_normal();
  const fs::path real = real_path(path);
  if (real.empty() || cwd.empty() || real == lexical) return "";
  // Named inside the current folder: it must really be there. Named elsewhere (`/tmp/plan.json`,
  // a .seslint.toml found above): it must really be in the folder it is named in.
  if (path_within(lexical, cwd)) {
    if (!path_within(real, cwd)) return "is a symbolic link to a file outside the current folder (--follow-symlinks reads it)";
    return "";
  }
  const fs::path folder = real_path(lexical.parent_path());
  if (!path_within(real, folder)) return "is a symbolic link to a file outside its folder (--follow-symlinks reads it)";
  return "";
}

ReadResult read_named_file(const fs::path& path, std::uint64_t max_size, bool follow_symlinks) {
  std::error_code ec;
  const fs::path real = real_path(path);
  if (real.empty()) {
    if (fs::is_symlink(fs::symlink_status(path, ec))) return failure(ReadStatus::Missing, "is a dangling symbolic link");
    return failure(ReadStatus::Missing, "no such file");
  }
  if (std::string why = named_file_refusal(path, follow_symlinks); !why.empty())
    return failure(ReadStatus::Symlink, std::move(why));
  return read_regular_file(real, max_size);
}

bool path_within(const fs::path& real, const fs::path& root) {
  if (real.empty() || root.empty()) return false;
  fs::path rel = real.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

fs::path real_path(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::canonical(fs::absolute(p, ec), ec);
  return ec ? fs::path() : r;
}

std::string human_size(std::uint64_t bytes) {
  char buf[32];
  if (bytes < 1024) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else if (bytes < 1024ull * 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024));
  return buf;
}

}  // namespace seslint::source

namespace seslint::source {

std::string_view unsupported_encoding(std::string_view t) {
  auto starts = [&t](std::string_view p) { return t.substr(0, p.size()) == p; };
  if (starts(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-32LE";
  if (starts(std::string_view("\0\0\xFE\xFF", 4))) return "UTF-32BE";
  if (starts("\xFF\xFE")) return "UTF-16LE";
  if (starts("\xFE\xFF")) return "UTF-16BE";
  // No BOM: text made of ASCII characters each followed (LE) or preceded (BE) by a NUL byte.
  const std::size_t n = std::min<std::size_t>(t.size() & ~std::size_t{1}, 64);
  if (n < 4) return "";
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (t[i] == '\0') ++(i % 2 ? odd_nul : even_nul);
  if (odd_nul == n / 2 && even_nul == 0) return "UTF-16LE";
  if (even_nul == n / 2 && odd_nul == 0) return "UTF-16BE";
  return "";
}

}  // namespace seslint::source
