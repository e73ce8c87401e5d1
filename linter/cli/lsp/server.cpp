#include "cli/lsp/server.h"

#include <simdjson.h>

#include <filesystem>
#include <iostream>
#include <set>

#include "cli/lsp/features.h"
#include "cli/lsp/transport.h"

#ifndef SESLINT_VERSION
#define SESLINT_VERSION "0.0.0"
#endif

namespace seslint::cli::lsp {

namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

using simdjson::dom::element;

std::string_view str(element e, std::string_view key) {
  std::string_view v;
  if (e.is_object() && !e[key].get(v)) return v;
  return {};
}

bool get_obj(element e, std::string_view key, element& out) {
  return e.is_object() && !e[key].get(out) && out.is_object();
}

/// The request id as JSON, to echo back.
std::string id_json(element id) {
  if (id.is_int64()) return std::to_string(int64_t(id));
  if (id.is_uint64()) return std::to_string(uint64_t(id));
  if (id.is_string()) {
    std::string out;
    report::detail::append_json_string(out, std::string_view(id));
    return out;
  }
  return "null";
}

class Server {
 public:
  Server(std::ostream& out, std::ostream& log) : out_(out), log_(log) {}

  int serve(std::istream& in) {
    std::string body, error;
    while (true) {
      ReadStatus st = read_message(in, body, error);
      if (st == ReadStatus::Eof) return 1;
      if (st == ReadStatus::BadHeader) {
        log_ << "seslint lsp: " << error << "\n";
        send_error("null", kParseError, error);
        continue;
      }
      try {
        handle(body);
      } catch (const std::exception& e) {
        log_ << "seslint lsp: internal error: " << e.what() << "\n";
        if (!current_id_.empty()) send_error(current_id_, kInternalError, std::string("internal error: ") + e.what());
      }
      if (exit_code_ >= 0) return exit_code_;
    }
  }

 private:
  void send(const std::string& body) { write_message(out_, body); }

  void send_error(const std::string& id, int code, const std::string& message) {
    JsonOut w;
    w.begin_object().key("jsonrpc").value("2.0").key("id").raw(id);
    w.key("error").begin_object().key("code").value(code).key("message").value(message).end_object().end_object();
    send(w.take());
  }

  void send_result(const std::string& id, const std::string& result_json) {
    JsonOut w;
    w.begin_object().key("jsonrpc").value("2.0").key("id").raw(id).key("result").raw(result_json).end_object();
    send(w.take());
  }

  void notify(std::string_view method, const std::string& params_json) {
    JsonOut w;
    w.begin_object().key("jsonrpc").value("2.0").key("method").value(method).key("params").raw(params_json).end_object();
    send(w.take());
  }

  void handle(const std::string& body) {
    current_id_.clear();
    simdjson::padded_string padded(body);
    element msg;
    if (auto err = parser_.parse(padded).get(msg)) {
      send_error("null", kParseError, std::string("invalid JSON: ") + simdjson::error_message(err));
      return;
    }
    if (msg.is_array()) {
      send_error("null", kInvalidRequest, "batch messages are not supported");
      return;
    }
    if (!msg.is_object()) {
      send_error("null", kInvalidRequest, "a message is a JSON object");
      return;
    }
    element id;
    const bool is_request = !msg["id"].get(id);
    if (is_request) current_id_ = id_json(id);
    std::string_view method;
    if (msg["method"].get(method)) {
      // A response to a request of ours (we send none), or garbage.
      if (is_request && msg["result"].error() && msg["error"].error())
        send_error(current_id_, kInvalidRequest, "a request needs a \"method\" string");
      return;
    }
    element params;
    if (msg["params"].get(params) || !params.is_object()) params = empty_params();
    if (is_request) request(method, params);
    else notification(method, params);
  }

  void request(std::string_view method, element params) {
    if (method == "initialize") return initialize(params);
    if (!initialized_) return send_error(current_id_, kServerNotInitialized, "initialize first");
    if (shutdown_) return send_error(current_id_, kInvalidRequest, "the server is shutting down");
    if (method == "shutdown") {
      shutdown_ = true;
      return send_result(current_id_, "null");
    }
    if (method == "textDocument/hover") return hover(params);
    if (method == "textDocument/codeAction") return code_action(params);
    send_error(current_id_, kMethodNotFound, "unknown method '" + std::string(method) + "'");
  }

  void notification(std::string_view method, element params) {
    if (method == "exit") {
      exit_code_ = shutdown_ ? 0 : 1;
      return;
    }
    if (!initialized_ || shutdown_) return;
    element doc;
    if (!get_obj(params, "textDocument", doc)) return;
    const std::string uri(str(doc, "uri"));
    if (method == "textDocument/didOpen") {
      int64_t version = 0;
      if (doc["version"].get(version)) version = 0;
      Document& d = ws_.open(uri, std::string(str(doc, "text")), version);
      relint(d);
    } else if (method == "textDocument/didChange") {
      Document* d = ws_.find(uri);
      if (!d) return log_line("didChange for a document that is not open: " + uri);
      int64_t version = 0;
      if (!doc["version"].get(version)) d->version = version;
      simdjson::dom::array changes;
      if (params["contentChanges"].get(changes)) return;
      for (element c : changes) apply_change(*d, c);
      relint(*d);
    } else if (method == "textDocument/didSave") {
      if (Document* d = ws_.find(uri)) {
        std::string_view text;
        if (!params["text"].get(text)) d->text = std::string(text);
        relint(*d);
      }
    } else if (method == "textDocument/didClose") {
      Document* d = ws_.find(uri);
      if (!d) return;
      const std::string path = d->path;
      ws_.close(uri);
      // The buffer is gone: what is on disk counts again.
      std::error_code ec;
      if (!path.empty() && Workspace::lintable(path) && std::filesystem::exists(path, ec)) relint_path(path, "");
      else clear(uri);
    }
  }

  void log_line(const std::string& s) { log_ << "seslint lsp: " << s << "\n"; }

  void apply_change(Document& d, element c) {
    std::string_view text;
    if (c["text"].get(text)) return;
    element range;
    if (!get_obj(c, "range", range)) {
      d.text = std::string(text);
      return;
    }
    auto pos = [&](std::string_view key) {
      LspPosition p;
      element e;
      int64_t v = 0;
      if (get_obj(range, key, e)) {
        if (!e["line"].get(v) && v >= 0) p.line = static_cast<std::uint32_t>(v);
        if (!e["character"].get(v) && v >= 0) p.character = static_cast<std::uint32_t>(v);
      }
      return p;
    };
    std::uint32_t a = to_offset(d.text, pos("start"), enc_), b = to_offset(d.text, pos("end"), enc_);
    if (b < a) std::swap(a, b);
    d.text.replace(a, b - a, text);
  }

  void initialize(element params) {
    if (initialized_) return send_error(current_id_, kInvalidRequest, "initialize was already called");
    initialized_ = true;
    element caps, general;
    simdjson::dom::array encodings;
    if (get_obj(params, "capabilities", caps) && get_obj(caps, "general", general) &&
        !general["positionEncodings"].get(encodings))
      for (element e : encodings)
        if (e.is_string() && std::string_view(e) == "utf-8") enc_ = Encoding::Utf8;
    std::string root;
    simdjson::dom::array folders;
    if (!params["workspaceFolders"].get(folders))
      for (element f : folders)
        if (root.empty()) root = uri_to_path(str(f, "uri"));
    if (root.empty()) root = uri_to_path(str(params, "rootUri"));
    if (root.empty()) root = std::string(str(params, "rootPath"));
    if (!root.empty()) {
      std::error_code ec;
      auto c = std::filesystem::weakly_canonical(root, ec);
      ws_.set_root(ec ? root : c.string());
    }
    JsonOut w;
    w.begin_object().key("capabilities").begin_object();
    w.key("positionEncoding").value(enc_ == Encoding::Utf8 ? "utf-8" : "utf-16");
    w.key("textDocumentSync").begin_object().key("openClose").value(true).key("change").value(2);
    w.key("save").begin_object().key("includeText").value(false).end_object().end_object();
    w.key("hoverProvider").value(true);
    w.key("codeActionProvider").begin_object().key("codeActionKinds").begin_array().value("quickfix").end_array().end_object();
    w.end_object();
    w.key("serverInfo").begin_object().key("name").value("seslint").key("version").value(SESLINT_VERSION).end_object();
    w.end_object();
    send_result(current_id_, w.take());
  }

  void relint(const Document& d) {
    if (d.path.empty() || !Workspace::lintable(d.path)) return;
    relint_path(d.path, d.uri);
  }

  void relint_path(const std::string& path, const std::string& trigger_uri) {
    Deployment& dep = ws_.lint_for(path);
    // The files with findings, the open documents of the deployment, and those that had
    // diagnostics before (now cleared).
    std::set<std::string> files = dep.published;
    for (const auto& f : dep.run->report.findings)
      if (f.span.valid() && !f.suppressed) files.insert(dep.canonical(f.span.file));
    for (const auto& [u, doc] : ws_.documents())
      if (!doc.path.empty() && dep.file_of(doc.path) != source::kNoFile) files.insert(doc.path);
    files.insert(path);
    files.erase(std::string());
    std::set<std::string> now;
    for (const auto& p : files) {
      std::string uri = path_to_uri(p);
      long long version = -1;
      for (const auto& [u, doc] : ws_.documents())
        if (doc.path == p) {
          uri = u;
          version = doc.version;
        }
      const std::string diags = diagnostics_json(dep, p, enc_, p == path);
      if (diags == "[]" && !dep.published.count(p) && version < 0) continue;
      JsonOut w;
      w.begin_object().key("uri").value(uri);
      if (version >= 0) w.key("version").value(version);
      w.key("diagnostics").raw(diags).end_object();
      notify("textDocument/publishDiagnostics", w.take());
      if (diags != "[]") now.insert(p);
    }
    dep.published = std::move(now);
    (void)trigger_uri;
  }

  void clear(const std::string& uri) {
    JsonOut w;
    w.begin_object().key("uri").value(uri).key("diagnostics").begin_array().end_array().end_object();
    notify("textDocument/publishDiagnostics", w.take());
  }

  /// The open document, its deployment and the FileId of a textDocument/position request.
  bool locate(element params, Document*& doc, Deployment*& dep, source::FileId& file) {
    element td;
    if (!get_obj(params, "textDocument", td)) {
      send_error(current_id_, kInvalidParams, "params.textDocument is required");
      return false;
    }
    doc = ws_.find(std::string(str(td, "uri")));
    dep = doc ? ws_.last_for(doc->path) : nullptr;
    file = dep ? dep->file_of(doc->path) : source::kNoFile;
    return true;
  }

  static LspPosition position_of(element e) {
    LspPosition p;
    int64_t v = 0;
    if (!e["line"].get(v) && v >= 0) p.line = static_cast<std::uint32_t>(v);
    if (!e["character"].get(v) && v >= 0) p.character = static_cast<std::uint32_t>(v);
    return p;
  }

  void hover(element params) {
    Document* doc;
    Deployment* dep;
    source::FileId file;
    if (!locate(params, doc, dep, file)) return;
    element pos;
    if (!get_obj(params, "position", pos)) return send_error(current_id_, kInvalidParams, "params.position is required");
    if (file == source::kNoFile) return send_result(current_id_, "null");
    const std::uint32_t off = to_offset(doc->text, position_of(pos), enc_);
    auto md = hover_markdown(*dep, file, off);
    if (!md) return send_result(current_id_, "null");
    JsonOut w;
    w.begin_object().key("contents").begin_object().key("kind").value("markdown").key("value").value(*md).end_object();
    w.end_object();
    send_result(current_id_, w.take());
  }

  void code_action(element params) {
    Document* doc;
    Deployment* dep;
    source::FileId file;
    if (!locate(params, doc, dep, file)) return;
    element range, s, e;
    if (!get_obj(params, "range", range) || !get_obj(range, "start", s) || !get_obj(range, "end", e))
      return send_error(current_id_, kInvalidParams, "params.range is required");
    if (file == source::kNoFile) return send_result(current_id_, "[]");
    const std::uint32_t a = to_offset(doc->text, position_of(s), enc_), b = to_offset(doc->text, position_of(e), enc_);
    JsonOut w;
    write_code_actions(w, *dep, file, doc->uri, std::min(a, b), std::max(a, b), enc_);
    send_result(current_id_, w.take());
  }

  /// `{}`, for a message without params (a default element must not be read).
  element empty_params() {
    if (!empty_ready_) {
      static const simdjson::padded_string kEmpty(std::string_view("{}"));
      if (empty_parser_.parse(kEmpty).get(empty_)) throw std::runtime_error("cannot parse {}");
      empty_ready_ = true;
    }
    return empty_;
  }

  std::ostream& out_;
  std::ostream& log_;
  simdjson::dom::parser empty_parser_;
  element empty_;
  bool empty_ready_ = false;
  simdjson::dom::parser parser_;
  Workspace ws_;
  Encoding enc_ = Encoding::Utf16;
  bool initialized_ = false;
  bool shutdown_ = false;
  int exit_code_ = -1;
  std::string current_id_;
};

}  // namespace

int serve(std::istream& in, std::ostream& out, std::ostream& log) {
  Server s(out, log);
  return s.serve(in);
}

}  // namespace seslint::cli::lsp
