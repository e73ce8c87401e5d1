#include "cli/lsp/transport.h"

#include <cctype>
#include <istream>
#include <ostream>

namespace seslint::cli::lsp {

namespace {

bool read_line(std::istream& in, std::string& line) {
  line.clear();
  char c;
  while (in.get(c)) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    line += c;
    if (line.size() > 4096) {  // no header is this long: treat it as one garbage line
      while (in.get(c) && c != '\n') {
      }
      return true;
    }
  }
  return !line.empty();
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

ReadStatus read_message(std::istream& in, std::string& body, std::string& error) {
  std::string line;
  bool any = false, have_length = false;
  std::size_t length = 0;
  error.clear();
  while (true) {
    if (!read_line(in, line)) return any ? (error = "the stream ended inside a message header", ReadStatus::BadHeader)
                                         : ReadStatus::Eof;
    if (line.empty()) {
      if (!any) continue;  // stray blank lines between messages
      break;
    }
    any = true;
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      if (error.empty()) error = "malformed header line '" + line.substr(0, 80) + "'";
      continue;
    }
    if (lower(line.substr(0, colon)) != "content-length") continue;  // Content-Type and others
    std::string v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(0, 1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
    bool digits = !v.empty() && v.size() <= 12;
    for (char c : v) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) {
      error = "invalid Content-Length '" + v.substr(0, 40) + "'";
      continue;
    }
    length = std::stoull(v);
    have_length = true;
  }
  if (!have_length) {
    if (error.empty()) error = "message header without Content-Length";
    return ReadStatus::BadHeader;
  }
  if (length > kMaxMessage) {
    error = "Content-Length " + std::to_string(length) + " is larger than the " + std::to_string(kMaxMessage) +
            "-byte limit";
    in.ignore(static_cast<std::streamsize>(length));
    return ReadStatus::BadHeader;
  }
  body.assign(length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(length));
  if (static_cast<std::size_t>(in.gcount()) != length) {
    error = "the stream ended inside a message body";
    return ReadStatus::BadHeader;
  }
  return ReadStatus::Ok;
}

void write_message(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace seslint::cli::lsp
