// Terraform JSON syntax: a JSON string is a template ("arn:${var.p}:ses:..."). The decoded string
// is wrapped in an HCL heredoc (which, like JSON templates, has no backslash escapes but knows
// `${`, `%{`, `$${` and `%%{`), parsed with the HCL parser, and every span is mapped back into
// the .tf.json file through the string's content bytes.
#include <string>

#include "parse/parse.h"

namespace seslint::parse {
namespace {

using syntax::Kind;
using syntax::Value;
using syntax::ValuePtr;

constexpr const char* kMarker = "SESLINT_JSON_TEMPLATE_END";

struct Remap {
  source::FileId file;
  std::uint32_t body_begin = 0;              ///< offset of the decoded text in the heredoc file
  const std::vector<std::uint32_t>* offsets;  ///< decoded byte -> file offset
  source::Span whole;
  bool approximate = false;

  source::Span operator()(source::Span s) const {
    const std::size_t n = offsets->size() - 1;
    if (s.begin < body_begin || s.end < s.begin || s.end - body_begin > n) return whole;
    source::Span r{file, (*offsets)[s.begin - body_begin], (*offsets)[s.end - body_begin], approximate};
    if (r.end < r.begin) r.end = r.begin;
    return r;
  }
};

ValuePtr remap(const ValuePtr& v, const Remap& map, unsigned depth) {
  if (!v) return v;
  auto c = std::make_shared<Value>(*v);
  c->span = map(v->span);
  c->content = map(v->content);
  if (depth > 256) return c;
  for (auto& i : c->items) i = remap(i, map, depth + 1);
  for (auto& e : c->entries) {
    e.key_span = map(e.key_span);
    e.value = remap(e.value, map, depth + 1);
  }
  return c;
}

/// The heredoc adds a newline before its closing marker: take it off the last literal chunk.
ValuePtr drop_final_newline(ValuePtr v) {
  auto c = std::make_shared<Value>(*v);
  if (c->kind == Kind::String) {
    if (!c->text.empty() && c->text.back() == '\n') c->text.pop_back();
    return c;
  }
  if (c->kind == Kind::Template && !c->items.empty() && c->items.back()->kind == Kind::String) {
    auto last = std::make_shared<Value>(*c->items.back());
    if (!last->text.empty() && last->text.back() == '\n') last->text.pop_back();
    if (last->text.empty()) c->items.pop_back();
    else c->items.back() = last;
  }
  return c;
}

}  // namespace

ValuePtr parse_json_template(const ValuePtr& str, const source::SourceFile& file) {
  if (!str || str->kind != Kind::String) return str;
  const std::string& t = str->text;
  if (t.find("${") == std::string::npos && t.find("%{") == std::string::npos) return str;
  if (t.find(kMarker) != std::string::npos)
    return syntax::make_unknown("template " + t.substr(0, 60), str->span);
  const std::string head = std::string("v = <<") + kMarker + "\n";
  source::SourceFile tmp(source::kNoFile, "<json template>", head + t + "\n" + kMarker + "\n");
  ParseResult r = parse_hcl(tmp);
  if (!r.diagnostics.empty() || !r.root || r.root->entries.size() != 1 || !r.root->entries[0].value)
    return syntax::make_unknown("template " + t.substr(0, 60), str->span);

  bool exact = true;
  std::vector<std::uint32_t> offsets;
  if (str->content.valid() && str->content.file == file.id()) {
    offsets = source::align_offsets(t, file.slice(str->content), str->content.begin, exact);
  } else {
    offsets.assign(t.size() + 1, str->span.begin);
    exact = false;
  }
  // The final newline of the heredoc body maps to the end of the string.
  offsets.push_back(offsets.back());
  Remap map{file.id(), static_cast<std::uint32_t>(head.size()), &offsets, str->span, !exact};
  ValuePtr v = remap(drop_final_newline(r.root->entries[0].value), map, 0);
  auto top = std::make_shared<Value>(*v);
  top->span = str->span;
  top->content = str->content;
  if (top->kind == Kind::Template) top->text = t;
  return top;
}

}  // namespace seslint::parse
