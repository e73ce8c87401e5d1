// A JSON-RPC client for tests: runs the real `seslint lsp` process with pipes and speaks the LSP
// base protocol to it.
//   LspClient c({SESLINT_BINARY, "lsp"}, dir);  c.request(1, "initialize", "{...}");
//   auto msg = c.wait_for([](const Message& m) { return m.method == "textDocument/publishDiagnostics"; });
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <simdjson.h>

namespace seslint::test {

/// JSON string literal for `s` (tests build messages by hand).
inline std::string jstr(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

/// One message from the server, parsed.
struct Message {
  std::string body;
  std::shared_ptr<simdjson::dom::parser> parser;
  simdjson::dom::element json;
  std::string method;  ///< "" for a response
  bool has_id = false;
  std::int64_t id = -1;  ///< numeric ids only (the tests use numbers)
  bool is_error() const { return !json["error"].error(); }
};

class LspClient {
 public:
  LspClient(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      dup2(to_child[0], 0);
      dup2(from_child[1], 1);
      close(to_child[1]);
      close(from_child[0]);
      if (chdir(cwd.c_str()) != 0) _exit(127);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    signal(SIGPIPE, SIG_IGN);
  }
  ~LspClient() {
    if (in_ >= 0) close(in_);
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  LspClient(const LspClient&) = delete;
  LspClient& operator=(const LspClient&) = delete;

  void send_raw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = write(in_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) throw std::runtime_error("write to the server failed");
      done += static_cast<std::size_t>(n);
    }
  }
  void send(const std::string& json) { send_raw("Content-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json); }
  void request(int id, const std::string& method, const std::string& params) {
    send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":)" + jstr(method) + R"(,"params":)" + params + "}");
  }
  void notify(const std::string& method, const std::string& params) {
    send(R"({"jsonrpc":"2.0","method":)" + jstr(method) + R"(,"params":)" + params + "}");
  }

  /// The next message, or nullopt after `timeout` or at end of output.
  std::optional<Message> read(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto hdr_end = buf_.find("\r\n\r\n");
      if (hdr_end != std::string::npos) {
        auto cl = buf_.find("Content-Length: ");
        if (cl == std::string::npos || cl > hdr_end) throw std::runtime_error("server sent a header without Content-Length");
        std::size_t len = std::stoul(buf_.substr(cl + 16, hdr_end - cl - 16));
        if (buf_.size() >= hdr_end + 4 + len) {
          Message m;
          m.body = buf_.substr(hdr_end + 4, len);
          buf_.erase(0, hdr_end + 4 + len);
          m.parser = std::make_shared<simdjson::dom::parser>();
          if (m.parser->parse(m.body).get(m.json)) throw std::runtime_error("server sent invalid JSON: " + m.body);
          std::string_view method;
          if (!m.json["method"].get(method)) m.method = std::string(method);
          std::int64_t id;
          if (!m.json["id"].get(id)) {
            m.has_id = true;
            m.id = id;
          } else if (!m.json["id"].error()) {
            m.has_id = true;  // null or a string
          }
          return m;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char chunk[65536];
      ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  /// Reads until a message satisfies `pred` (others are kept in `skipped`).
  std::optional<Message> wait_for(const std::function<bool(const Message&)>& pred,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto m = read(left);
      if (!m) return std::nullopt;
      if (pred(*m)) return m;
      skipped.push_back(std::move(*m));
    }
  }
  std::optional<Message> response(std::int64_t id) {
    return wait_for([id](const Message& m) { return m.method.empty() && m.has_id && m.id == id; });
  }

  /// The exit status once the process ends (waits up to `timeout`); -1 if it does not.
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      usleep(10000);
    }
    return -1;
  }
  void close_input() {
    close(in_);
    in_ = -1;
  }

  std::vector<Message> skipped;

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buf_;
  bool exited_ = false;
};

}  // namespace seslint::test
