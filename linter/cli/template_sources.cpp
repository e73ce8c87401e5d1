#include "cli/template_sources.h"

#include <cctype>
#include <filesystem>

namespace seslint::cli {

namespace fs = std::filesystem;

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The literal first argument of a call starting at `open` (the '('), or "" when it is not a
/// plain string (a variable, a function, an interpolation other than a leading path.module).
std::string literal_path(std::string_view text, std::size_t open) {
  std::size_t i = open + 1;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  // In a .tf.json file the call sits inside a JSON string: its quotes are escaped (\").
  const bool escaped = i + 1 < text.size() && text[i] == '\\' && text[i + 1] == '"';
  if (escaped) ++i;
  if (i >= text.size() || text[i] != '"') return {};
  ++i;
  std::string out;
  for (; i < text.size(); ++i) {
    if (escaped && text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '"') break;
    if (!escaped && text[i] == '"') break;
    if (text[i] == '\\' || text[i] == '"' || text[i] == '\n') return {};
    out += text[i];
  }
  if (i >= text.size()) return {};
  for (std::string_view prefix : {"${path.module}/", "${path.module}\\/"})
    if (out.rfind(prefix, 0) == 0) out.erase(0, prefix.size());
  if (out.empty() || out.find("${") != std::string::npos || out.find("%{") != std::string::npos) return {};
  return out;
}

}  // namespace

std::set<std::string> referenced_files(const std::vector<std::pair<std::string, std::string_view>>& terraform_files) {
  std::set<std::string> out;
  for (const auto& [display, text] : terraform_files) {
    const auto slash = display.find_last_of('/');
    const fs::path dir = slash == std::string::npos ? fs::path() : fs::path(display.substr(0, slash));
    for (std::string_view fn : {"templatefile", "file"}) {
      for (std::size_t pos = text.find(fn); pos != std::string_view::npos; pos = text.find(fn, pos + fn.size())) {
        if (pos > 0 && (ident_char(text[pos - 1]) || text[pos - 1] == '.')) continue;  // filebase64, x.file
        std::size_t open = pos + fn.size();
        while (open < text.size() && (text[open] == ' ' || text[open] == '\t')) ++open;
        if (open >= text.size() || text[open] != '(') continue;
        std::string p = literal_path(text, open);
        if (p.empty() || fs::path(p).is_absolute()) continue;
        std::string d = (dir / p).lexically_normal().generic_string();
        if (d.empty() || d == ".") continue;
        out.insert(d);
      }
    }
  }
  return out;
}

bool has_template_placeholder(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if ((text[i] != '$' && text[i] != '%') || text[i + 1] != '{') continue;
    if (i > 0 && text[i - 1] == text[i]) continue;  // $${ / %%{ is a literal
    return true;
  }
  return false;
}

}  // namespace seslint::cli
