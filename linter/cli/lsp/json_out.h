// cli/lsp/json_out: the compact JSON writer of the language server's messages. Strings are
// escaped by the reporters' escaper (report/internal.h: every control character, U+2028/9,
// invalid UTF-8 replaced by U+FFFD), so a message is valid UTF-8 JSON whatever a file holds.
//   JsonOut w; w.begin_object().key("id").raw(id).key("result").null().end_object();
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

#include "report/internal.h"

namespace seslint::cli::lsp {

class JsonOut {
 public:
  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }
  JsonOut& key(std::string_view k) {
    comma();
    report::detail::append_json_string(out_, k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonOut& value(std::string_view s) {
    comma();
    report::detail::append_json_string(out_, s);
    return *this;
  }
  JsonOut& value(const char* s) { return value(std::string_view(s)); }
  JsonOut& value(const std::string& s) { return value(std::string_view(s)); }
  JsonOut& value(bool b) { return raw(b ? "true" : "false"); }
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  JsonOut& value(T v) {
    return raw(std::to_string(v));
  }
  JsonOut& null() { return raw("null"); }
  /// A value that is already JSON (e.g. a request id echoed back).
  JsonOut& raw(std::string_view json) {
    comma();
    out_ += json;
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  JsonOut& open(char c) {
    comma();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonOut& close(char c) {
    out_ += c;
    if (!first_.empty()) first_.pop_back();
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace seslint::cli::lsp
