// HCL / Terraform native syntax -> syntax::Value, via tree-sitter and the
// tree-sitter-hcl grammar. tree-sitter types never leave this file.
//
// Mapping summary (see parse.h / value.h for the target model):
//   file, block bodies      -> Map (blocks: is_block, block_type, labels)
//   "literal"               -> String (decoded; content = bytes between the quotes)
//   "a ${x} b", heredocs    -> Template of String chunks and expression parts, or String
//   var.a.b[0][*].c         -> Reference "var.a.b[0][*].c" (legacy a.0 -> a[0], a.*.b kept)
//   f(x, y...)              -> Call "f" [x, y, unknown "..."]
//   c ? a : b, operators,   -> Calls with operator names ("?:", "==", "[for]", "{for}", "."
//   for, (expr)[0].x           for a traversal of a computed base); layout in syntax/value.h
//   anything else           -> Unknown with a trimmed, whitespace-collapsed source excerpt
// Syntax errors (ERROR / MISSING nodes) become SES900 diagnostics; the rest of the tree is
// still built, with partial = true.
#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parse.h"
#include "parse/ts_memory.h"

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace seslint::parse {
namespace {

using source::FileId;
using source::Span;
using syntax::Kind;
using syntax::Value;
using syntax::ValuePtr;

constexpr unsigned kMaxDepth = 512;          ///< nesting levels before we stop descending
constexpr std::size_t kMaxDiagnostics = 100;  ///< per file; one more says "too many"
constexpr std::size_t kDescriptionBytes = 80;  ///< Unknown descriptions are cut here

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

/// The grammar node types we dispatch on. Resolved once from the language's symbol table
/// so the hot path compares small integers instead of strings.
enum class NodeType : std::uint8_t {
  Other,
  ConfigFile, Body, Attribute, Block, Identifier, StringLit, Expression,
  LiteralValue, NumericLit, BoolLit, NullLit, TemplateExpr, QuotedTemplate, HeredocTemplate,
  HeredocStart, HeredocIdentifier, TemplateLiteral, TemplateInterpolation, TemplateDirective,
  StripMarker, CollectionValue, Tuple, Object, ObjectElem, VariableExpr, FunctionCall,
  FunctionArguments, Ellipsis, GetAttr, Index, NewIndex, LegacyIndex, Splat, AttrSplat,
  FullSplat, Conditional, Operation, ForExpr, QuotedTemplateStart, QuotedTemplateEnd,
  BlockStart, BlockEnd, UnaryOperation, BinaryOperation, ForTupleExpr, ForObjectExpr, ForIntro,
  ForCond,
  // anonymous tokens
  LParen,
};

class SymbolTable {
 public:
  explicit SymbolTable(const TSLanguage* lang) {
    static constexpr struct { const char* name; NodeType type; } kNamed[] = {
        {"config_file", NodeType::ConfigFile},
        {"body", NodeType::Body},
        {"attribute", NodeType::Attribute},
        {"block", NodeType::Block},
        {"identifier", NodeType::Identifier},
        {"string_lit", NodeType::StringLit},
        {"expression", NodeType::Expression},
        {"literal_value", NodeType::LiteralValue},
        {"numeric_lit", NodeType::NumericLit},
        {"bool_lit", NodeType::BoolLit},
        {"null_lit", NodeType::NullLit},
        {"template_expr", NodeType::TemplateExpr},
        {"quoted_template", NodeType::QuotedTemplate},
        {"heredoc_template", NodeType::HeredocTemplate},
        {"heredoc_start", NodeType::HeredocStart},
        {"heredoc_identifier", NodeType::HeredocIdentifier},
        {"template_literal", NodeType::TemplateLiteral},
        {"template_interpolation", NodeType::TemplateInterpolation},
        {"template_directive", NodeType::TemplateDirective},
        {"strip_marker", NodeType::StripMarker},
        {"collection_value", NodeType::CollectionValue},
        {"tuple", NodeType::Tuple},
        {"object", NodeType::Object},
        {"object_elem", NodeType::ObjectElem},
        {"variable_expr", NodeType::VariableExpr},
        {"function_call", NodeType::FunctionCall},
        {"function_arguments", NodeType::FunctionArguments},
        {"ellipsis", NodeType::Ellipsis},
        {"get_attr", NodeType::GetAttr},
        {"index", NodeType::Index},
        {"new_index", NodeType::NewIndex},
        {"legacy_index", NodeType::LegacyIndex},
        {"splat", NodeType::Splat},
        {"attr_splat", NodeType::AttrSplat},
        {"full_splat", NodeType::FullSplat},
        {"conditional", NodeType::Conditional},
        {"operation", NodeType::Operation},
        {"for_expr", NodeType::ForExpr},
        {"quoted_template_start", NodeType::QuotedTemplateStart},
        {"quoted_template_end", NodeType::QuotedTemplateEnd},
        {"block_start", NodeType::BlockStart},
        {"block_end", NodeType::BlockEnd},
        {"unary_operation", NodeType::UnaryOperation},
        {"binary_operation", NodeType::BinaryOperation},
        {"for_tuple_expr", NodeType::ForTupleExpr},
        {"for_object_expr", NodeType::ForObjectExpr},
        {"for_intro", NodeType::ForIntro},
        {"for_cond", NodeType::ForCond},
    };
    std::uint32_t count = ts_language_symbol_count(lang);
    types_.assign(count, NodeType::Other);
    for (std::uint32_t s = 0; s < count; ++s) {
      auto sym = static_cast<TSSymbol>(s);
      const char* name = ts_language_symbol_name(lang, sym);
      if (!name) continue;
      TSSymbolType kind = ts_language_symbol_type(lang, sym);
      if (kind == TSSymbolTypeRegular) {
        for (const auto& n : kNamed)
          if (std::strcmp(name, n.name) == 0) types_[s] = n.type;
      } else if (kind == TSSymbolTypeAnonymous && std::strcmp(name, "(") == 0) {
        types_[s] = NodeType::LParen;
      }
    }
  }
  NodeType operator()(TSNode n) const {
    TSSymbol s = ts_node_symbol(n);
    return s < types_.size() ? types_[s] : NodeType::Other;
  }

 private:
  std::vector<NodeType> types_;
};

const SymbolTable& symbols() {
  static const SymbolTable table(tree_sitter_hcl());
  return table;
}

// ---------------------------------------------------------------------------------------
// String decoding

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Appends the decoded form of one literal chunk of a template. Quoted strings process
/// backslash escapes; heredocs do not. Both turn `$${` into `${` and `%%{` into `%{`.
/// Unknown or malformed escapes are kept verbatim.
void decode_literal(std::string& out, std::string_view raw, bool escapes) {
  out.reserve(out.size() + raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
      continue;
    }
    if (c != '\\' || !escapes || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    char e = raw[i + 1];
    switch (e) {
      case 'n': out += '\n'; ++i; continue;
      case 'r': out += '\r'; ++i; continue;
      case 't': out += '\t'; ++i; continue;
      case '"': out += '"'; ++i; continue;
      case '\\': out += '\\'; ++i; continue;
      case 'u':
      case 'U': {
        std::size_t digits = e == 'u' ? 4 : 8;
        if (i + 2 + digits <= raw.size()) {
          std::uint32_t cp = 0;
          bool ok = true;
          for (std::size_t k = 0; k < digits; ++k) {
            int h = hex_value(raw[i + 2 + k]);
            if (h < 0) { ok = false; break; }
            cp = (cp << 4) | static_cast<std::uint32_t>(h);
          }
          if (ok) {
            append_utf8(out, cp);
            i += 1 + digits;
            continue;
          }
        }
        out += c;
        continue;
      }
      default:
        out += c;
        continue;
    }
  }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// ---------------------------------------------------------------------------------------

class Builder {
 public:
  Builder(const source::SourceFile& file, ParseResult& out)
      : src_(file.text()), fid_(file.id()), out_(out), types_(symbols()) {}

  ~Builder() {
    if (cursor_live_) ts_tree_cursor_delete(&cursor_);
  }
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  ValuePtr build_root(TSNode root) {
    auto map = std::make_shared<Value>();
    map->kind = Kind::Map;
    map->span = span(0, static_cast<std::uint32_t>(src_.size()));
    map->content = map->span;
    for (TSNode child : children(root)) {
      switch (types_(child)) {
        case NodeType::Body: add_body(*map, child, 1); break;
        case NodeType::Object: {
          // A file holding a bare object ({ a = 1 }): its elements become the root entries.
          ValuePtr obj = build_object(child, 1);
          map->entries = obj->entries;
          break;
        }
        default:
          if (ts_node_is_error(child)) add_body(*map, child, 1);
          break;
      }
    }
    return map;
  }

  /// Reports ERROR and MISSING nodes (iteratively, so deep trees are safe).
  void collect_errors(TSNode root) {
    if (!ts_node_has_error(root)) return;
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool descend = true;
    for (;;) {
      TSNode n = ts_tree_cursor_current_node(&c);
      descend = false;
      if (ts_node_is_error(n)) {
        report_error(n);
      } else if (ts_node_is_missing(n)) {
        report_missing(n);
      } else if (ts_node_has_error(n)) {
        descend = true;
      }
      if (descend && ts_tree_cursor_goto_first_child(&c)) continue;
      bool moved = false;
      while (!moved) {
        if (ts_tree_cursor_goto_next_sibling(&c)) { moved = true; break; }
        if (!ts_tree_cursor_goto_parent(&c)) break;
      }
      if (!moved) break;
    }
    ts_tree_cursor_delete(&c);
  }

 private:
  std::string_view src_;
  FileId fid_;
  ParseResult& out_;
  const SymbolTable& types_;
  TSTreeCursor cursor_{};
  bool cursor_live_ = false;
  bool depth_reported_ = false;
  std::deque<std::vector<TSNode>> pool_;  ///< child lists, one per live recursion level
  std::size_t pool_depth_ = 0;

  // -- helpers ----------------------------------------------------------------------------

  Span span(std::uint32_t b, std::uint32_t e) const {
    auto size = static_cast<std::uint32_t>(src_.size());
    b = std::min(b, size);
    e = std::min(std::max(e, b), size);
    return Span{fid_, b, e, false};
  }
  Span span(TSNode n) const { return span(ts_node_start_byte(n), ts_node_end_byte(n)); }
  std::string_view text(std::uint32_t b, std::uint32_t e) const {
    Span s = span(b, e);
    return src_.substr(s.begin, s.end - s.begin);
  }
  std::string_view text(TSNode n) const { return text(ts_node_start_byte(n), ts_node_end_byte(n)); }

  /// Holds a pooled child list for the duration of one recursion level.
  class Children {
   public:
    Children(Builder& b, TSNode n) : b_(b) {
      if (b_.pool_.size() <= b_.pool_depth_) b_.pool_.emplace_back();
      list_ = &b_.pool_[b_.pool_depth_++];
      list_->clear();
      if (!b_.cursor_live_) {
        b_.cursor_ = ts_tree_cursor_new(n);
        b_.cursor_live_ = true;
      } else {
        ts_tree_cursor_reset(&b_.cursor_, n);
      }
      if (ts_tree_cursor_goto_first_child(&b_.cursor_)) {
        do {
          TSNode c = ts_tree_cursor_current_node(&b_.cursor_);
          if (!ts_node_is_extra(c) || ts_node_is_error(c)) list_->push_back(c);
        } while (ts_tree_cursor_goto_next_sibling(&b_.cursor_));
      }
    }
    ~Children() { --b_.pool_depth_; }
    Children(const Children&) = delete;
    Children& operator=(const Children&) = delete;
    std::vector<TSNode>::const_iterator begin() const { return list_->begin(); }
    std::vector<TSNode>::const_iterator end() const { return list_->end(); }
    std::size_t size() const { return list_->size(); }
    TSNode operator[](std::size_t i) const { return (*list_)[i]; }

   private:
    Builder& b_;
    std::vector<TSNode>* list_;
  };
  Children children(TSNode n) { return Children(*this, n); }

  void add_diagnostic(std::string message, Span s) {
    out_.partial = true;
    if (out_.diagnostics.size() > kMaxDiagnostics) return;
    if (out_.diagnostics.size() == kMaxDiagnostics) {
      message = "syntax error: too many errors, further errors in this file are not reported";
    }
    out_.diagnostics.push_back(Diagnostic{diag::kParseError, Severity::Error, std::move(message), s});
  }

  /// A token excerpt safe to show in a message: printable ASCII kept, other bytes \xNN.
  static std::string printable(std::string_view s, std::size_t max) {
    std::string out;
    for (char ch : s) {
      if (out.size() >= max) { out += "..."; break; }
      auto u = static_cast<unsigned char>(ch);
      if (u >= 0x20 && u < 0x7F) {
        out += ch;
      } else if (u == '\n' || u == '\r' || u == '\t') {
        break;
      } else {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\x";
        out += kHex[u >> 4];
        out += kHex[u & 0xF];
      }
    }
    return out;
  }

  void report_error(TSNode n) {
    // The first leaf inside the ERROR node is the token the parser could not place.
    TSNode leaf = n;
    while (ts_node_child_count(leaf) > 0) leaf = ts_node_child(leaf, 0);
    std::string_view tok = text(leaf);
    if (tok.empty()) tok = text(n);
    std::string msg;
    if (tok.empty()) {
      msg = "syntax error: unexpected end of input";
    } else {
      msg = "syntax error: unexpected '" + printable(tok, 32) + "'";
    }
    add_diagnostic(std::move(msg), span(n));
  }

  void report_missing(TSNode n) {
    const char* type = ts_node_type(n);
    std::string what;
    switch (types_(n)) {
      case NodeType::QuotedTemplateEnd: what = "'\"'"; break;
      case NodeType::HeredocIdentifier: what = "heredoc end marker"; break;
      case NodeType::Identifier: what = "identifier"; break;
      case NodeType::Expression: what = "expression"; break;
      default: {
        std::string_view t = type ? type : "";
        if (t == "block_end" || t == "object_end" || t == "template_interpolation_end" ||
            t == "template_directive_end")
          what = "'}'";
        else if (t == "tuple_end")
          what = "']'";
        else
          what = "'" + std::string(t) + "'";
      }
    }
    add_diagnostic("syntax error: missing " + what, span(n));
  }

  bool too_deep(unsigned depth, TSNode n) {
    if (depth <= kMaxDepth) return false;
    if (!depth_reported_) {
      depth_reported_ = true;
      add_diagnostic("syntax error: nesting deeper than " + std::to_string(kMaxDepth) +
                         " levels; inner content skipped",
                     span(n));
    }
    out_.partial = true;
    return true;
  }

  /// Short description of an expression for Unknown nodes: its source with whitespace
  /// runs collapsed, cut at ~80 bytes on a UTF-8 boundary ("..." appended when cut).
  std::string describe(TSNode n) const { return syntax::excerpt(text(n), kDescriptionBytes); }

  ValuePtr unknown(TSNode n) { return syntax::make_unknown(describe(n), span(n)); }

  // -- bodies and blocks ------------------------------------------------------------------

  void add_body(Value& map, TSNode body, unsigned depth) {
    if (too_deep(depth, body)) return;
    for (TSNode child : children(body)) {
      switch (types_(child)) {
        case NodeType::Attribute: add_attribute(map, child, depth + 1); break;
        case NodeType::Block: add_block(map, child, depth + 1); break;
        case NodeType::Body: add_body(map, child, depth + 1); break;
        default:
          // Salvage attributes and blocks that error recovery wrapped in ERROR nodes.
          if (ts_node_is_error(child)) add_body(map, child, depth + 1);
          break;
      }
    }
  }

  void add_attribute(Value& map, TSNode attr, unsigned depth) {
    syntax::MapEntry entry;
    bool have_key = false;
    for (TSNode child : children(attr)) {
      NodeType t = types_(child);
      if (t == NodeType::Identifier && !have_key) {
        entry.key = std::string(text(child));
        entry.key_span = span(child);
        have_key = true;
      } else if (t == NodeType::Expression && !entry.value) {
        entry.value = build_expr(child, depth + 1);
      }
    }
    if (!have_key) return;
    if (!entry.value) {
      Span at = span(ts_node_end_byte(attr), ts_node_end_byte(attr));
      entry.value = syntax::make_unknown("<missing value>", at);
    }
    map.entries.push_back(std::move(entry));
  }

  void add_block(Value& parent, TSNode block, unsigned depth) {
    auto map = std::make_shared<Value>();
    map->kind = Kind::Map;
    map->is_block = true;
    map->span = span(block);
    map->content = map->span;
    syntax::MapEntry entry;
    bool have_type = false;
    bool in_body = false, have_end = false;
    std::uint32_t body_begin = 0, body_end = 0;
    for (TSNode child : children(block)) {
      NodeType t = types_(child);
      if (!in_body && t == NodeType::Identifier && !have_type) {
        entry.key = std::string(text(child));
        entry.key_span = span(child);
        map->block_type = entry.key;
        have_type = true;
      } else if (!in_body && t == NodeType::Identifier) {
        map->labels.push_back(syntax::Label{std::string(text(child)), span(child)});
      } else if (!in_body && t == NodeType::StringLit) {
        std::string decoded;
        Span content = string_lit_content(child);
        decode_literal(decoded, text(content.begin, content.end), true);
        map->labels.push_back(syntax::Label{std::move(decoded), span(child)});
      } else if (t == NodeType::BlockStart) {
        in_body = true;
        body_begin = ts_node_end_byte(child);
      } else if (t == NodeType::BlockEnd) {
        body_end = ts_node_start_byte(child);
        have_end = true;
      } else if (t == NodeType::Body) {
        add_body(*map, child, depth + 1);
      } else if (ts_node_is_error(child)) {
        add_body(*map, child, depth + 1);
      }
    }
    if (!have_type) return;
    // content: the bytes between the braces.
    if (in_body && have_end && body_end >= body_begin) map->content = span(body_begin, body_end);
    entry.value = std::move(map);
    parent.entries.push_back(std::move(entry));
  }

  // -- expressions ------------------------------------------------------------------------

  ValuePtr build_expr(TSNode n, unsigned depth) {
    if (too_deep(depth, n)) return syntax::make_unknown("<nesting too deep>", span(n));
    switch (types_(n)) {
      case NodeType::Expression: return build_expression_node(n, depth);
      case NodeType::LiteralValue:
      case NodeType::TemplateExpr:
      case NodeType::CollectionValue:
      case NodeType::Splat:
      case NodeType::Index: {
        // Wrapper nodes with a single meaningful child.
        for (TSNode child : children(n))
          if (ts_node_is_named(child) && !ts_node_is_error(child)) return build_expr(child, depth + 1);
        return unknown(n);
      }
      case NodeType::NumericLit: return syntax::make_scalar(Kind::Number, std::string(text(n)), span(n));
      case NodeType::BoolLit: return syntax::make_scalar(Kind::Bool, std::string(text(n)), span(n));
      case NodeType::NullLit: return syntax::make_scalar(Kind::Null, std::string(), span(n));
      case NodeType::StringLit: {
        Span content = string_lit_content(n);
        std::string decoded;
        decode_literal(decoded, text(content.begin, content.end), true);
        return syntax::make_string(std::move(decoded), span(n), content);
      }
      case NodeType::QuotedTemplate: return build_quoted_template(n, depth);
      case NodeType::HeredocTemplate: return build_heredoc(n, depth);
      case NodeType::Tuple: return build_tuple(n, depth);
      case NodeType::Object: return build_object(n, depth);
      case NodeType::VariableExpr: {
        auto v = syntax::make_scalar(Kind::Reference, std::string(text(n)), span(n));
        return v;
      }
      case NodeType::FunctionCall: return build_call(n, depth);
      case NodeType::Conditional: return build_conditional(n, depth);
      case NodeType::Operation:
      case NodeType::ForExpr: {
        for (TSNode child : children(n))
          if (ts_node_is_named(child) && !ts_node_is_error(child)) return build_expr(child, depth + 1);
        return unknown(n);
      }
      case NodeType::UnaryOperation:
      case NodeType::BinaryOperation: return build_operation(n, depth);
      case NodeType::ForTupleExpr:
      case NodeType::ForObjectExpr: return build_for(n, depth);
      default: return unknown(n);  // ERROR, ...
    }
  }

  /// `expression` nodes hold a term followed by postfix get_attr / index / splat nodes, a
  /// parenthesized expression, or a single child (conditional, operation, ...).
  ValuePtr build_expression_node(TSNode n, unsigned depth) {
    Children kids = children(n);
    return build_term(kids, 0, kids.size(), n, depth);
  }

  /// One term written as the nodes [b, e) of `kids` (an expression's children, or one side of
  /// a binary operation, whose terms the grammar inlines): a base, possibly parenthesized,
  /// followed by postfix get_attr / index / splat nodes.
  template <class Kids>
  ValuePtr build_term(const Kids& kids, std::size_t b, std::size_t e, TSNode whole, unsigned depth) {
    std::size_t i = b;
    // Skip ERROR children in front (diagnosed separately).
    while (i < e && ts_node_is_error(kids[i])) ++i;
    if (i >= e) return unknown(whole);
    const Span at = span(ts_node_start_byte(kids[i]), ts_node_end_byte(kids[e - 1]));
    TSNode base = kids[i];
    bool paren = false;
    if (types_(base) == NodeType::LParen) {
      paren = true;
      std::size_t j = i + 1;
      while (j < e && types_(kids[j]) != NodeType::Expression) ++j;
      if (j >= e) return syntax::make_unknown(syntax::excerpt(text(at.begin, at.end), kDescriptionBytes), at);
      base = kids[j];
      i = j + 1;
      if (i < e && !ts_node_is_named(kids[i])) ++i;  // ')'
    } else {
      ++i;
    }
    std::size_t postfix_begin = i;
    bool has_postfix = false;
    for (std::size_t k = postfix_begin; k < e; ++k) {
      NodeType t = types_(kids[k]);
      if (t == NodeType::GetAttr || t == NodeType::Index || t == NodeType::Splat) has_postfix = true;
    }
    if (!has_postfix) return build_expr(base, depth + 1);
    std::string path;
    for (std::size_t k = postfix_begin; k < e; ++k) append_traversal(path, kids[k], depth + 1);
    if (!paren && types_(base) == NodeType::VariableExpr) {
      // A traversal: root identifier followed by attributes, indexes and splats.
      return syntax::make_scalar(Kind::Reference, std::string(text(base)) + path, at);
    }
    // A traversal of a computed value: (expr).x, f(x)[0], [..][*].y.
    auto call = std::make_shared<Value>();
    call->kind = Kind::Call;
    call->text = ".";
    call->span = call->content = at;
    call->items.push_back(build_expr(base, depth + 1));
    Span suffix = span(ts_node_start_byte(kids[postfix_begin]), ts_node_end_byte(kids[e - 1]));
    call->items.push_back(syntax::make_string(std::move(path), suffix, suffix));
    return call;
  }

  ValuePtr make_op(std::string name, Span at, std::vector<ValuePtr> items) {
    auto call = std::make_shared<Value>();
    call->kind = Kind::Call;
    call->text = std::move(name);
    call->span = call->content = at;
    call->items = std::move(items);
    return call;
  }

  /// `c ? a : b` -> Call "?:" [c, a, b].
  ValuePtr build_conditional(TSNode n, unsigned depth) {
    std::vector<ValuePtr> parts;
    for (TSNode c : children(n))
      if (types_(c) == NodeType::Expression) parts.push_back(build_expr(c, depth + 1));
    if (parts.size() != 3) return unknown(n);
    return make_op("?:", span(n), std::move(parts));
  }

  /// Unary `!x` / `-x` and binary `a OP b`. The grammar inlines the operand terms (a term is
  /// a base plus postfix nodes), so the operator is the first anonymous token that is not a
  /// parenthesis.
  ValuePtr build_operation(TSNode n, unsigned depth) {
    Children kids = children(n);
    std::vector<TSNode> list(kids.begin(), kids.end());
    std::size_t op = list.size();
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (ts_node_is_named(list[k]) || ts_node_is_error(list[k])) continue;
      std::string_view t = text(list[k]);
      if (t == "(" || t == ")") continue;
      op = k;
      break;
    }
    if (op >= list.size()) return unknown(n);
    std::string name(text(list[op]));
    std::vector<ValuePtr> operands;
    if (types_(n) == NodeType::UnaryOperation) {
      if (op != 0 || list.size() < 2) return unknown(n);
      operands.push_back(build_term(list, 1, list.size(), n, depth + 1));
      // -1 is a number, not an operation on one.
      if (name == "-" && operands[0]->kind == Kind::Number && operands[0]->text.rfind('-', 0) != 0)
        return syntax::make_scalar(Kind::Number, "-" + operands[0]->text, span(n));
    } else {
      if (op == 0 || op + 1 >= list.size()) return unknown(n);
      operands.push_back(build_term(list, 0, op, n, depth + 1));
      operands.push_back(build_term(list, op + 1, list.size(), n, depth + 1));
    }
    return make_op(std::move(name), span(n), std::move(operands));
  }

  /// `[for k, v in coll : val if c]` / `{for k, v in coll : key => val... if c}`.
  ValuePtr build_for(TSNode n, unsigned depth) {
    const bool object = types_(n) == NodeType::ForObjectExpr;
    std::vector<syntax::Label> names;
    ValuePtr coll, cond;
    std::vector<ValuePtr> body;  // [val] or [key, val]
    bool grouped = false;
    for (TSNode c : children(n)) {
      switch (types_(c)) {
        case NodeType::ForIntro:
          for (TSNode ic : children(c)) {
            NodeType t = types_(ic);
            if (t == NodeType::Identifier) names.push_back(syntax::Label{std::string(text(ic)), span(ic)});
            else if (t == NodeType::Expression && !coll) coll = build_expr(ic, depth + 1);
          }
          break;
        case NodeType::Expression: body.push_back(build_expr(c, depth + 1)); break;
        case NodeType::Ellipsis: grouped = true; break;
        case NodeType::ForCond:
          for (TSNode cc : children(c))
            if (types_(cc) == NodeType::Expression && !cond) cond = build_expr(cc, depth + 1);
          break;
        default: break;
      }
    }
    if (!coll || names.empty() || names.size() > 2 || body.size() != (object ? 2u : 1u)) return unknown(n);
    std::vector<ValuePtr> items{coll};
    items.insert(items.end(), body.begin(), body.end());
    if (cond) items.push_back(cond);
    ValuePtr call = make_op(object ? (grouped ? "{for...}" : "{for}") : "[for]", span(n), std::move(items));
    std::const_pointer_cast<Value>(call)->labels = std::move(names);
    return call;
  }

  /// Appends the normalized form of a get_attr / index / splat node to a reference path.
  void append_traversal(std::string& path, TSNode n, unsigned depth) {
    if (too_deep(depth, n)) return;
    switch (types_(n)) {
      case NodeType::GetAttr:
        for (TSNode c : children(n))
          if (types_(c) == NodeType::Identifier) {
            path += '.';
            path += text(c);
          }
        return;
      case NodeType::LegacyIndex: {
        std::string_view t = text(n);
        if (!t.empty() && t.front() == '.') t.remove_prefix(1);
        path += '[';
        path += t;
        path += ']';
        return;
      }
      case NodeType::NewIndex: {
        TSNode expr{};
        bool found = false;
        for (TSNode c : children(n))
          if (types_(c) == NodeType::Expression) { expr = c; found = true; }
        path += '[';
        if (found) path += index_key(expr, depth + 1);
        path += ']';
        return;
      }
      case NodeType::AttrSplat:
      case NodeType::FullSplat: {
        path += types_(n) == NodeType::AttrSplat ? ".*" : "[*]";
        for (TSNode c : children(n))
          if (ts_node_is_named(c)) append_traversal(path, c, depth + 1);
        return;
      }
      case NodeType::Index:
      case NodeType::Splat: {
        TSNode inner{};
        bool found = false;
        for (TSNode c : children(n))
          if (ts_node_is_named(c) && !found) { inner = c; found = true; }
        if (found) append_traversal(path, inner, depth + 1);
        return;
      }
      default: return;
    }
  }

  /// The text used inside `[...]` of a normalized reference: numbers as written, strings
  /// quoted, references as their path, anything else as a collapsed source excerpt.
  std::string index_key(TSNode expr, unsigned depth) {
    ValuePtr v = build_expr(expr, depth);
    switch (v->kind) {
      case Kind::Number:
      case Kind::Reference: return v->text;
      case Kind::String: return "\"" + v->text + "\"";
      default: return describe(expr);
    }
  }

  ValuePtr build_tuple(TSNode n, unsigned depth) {
    auto list = std::make_shared<Value>();
    list->kind = Kind::List;
    list->span = span(n);
    list->content = list->span;
    for (TSNode c : children(n))
      if (types_(c) == NodeType::Expression) list->items.push_back(build_expr(c, depth + 1));
    return list;
  }

  ValuePtr build_object(TSNode n, unsigned depth) {
    auto map = std::make_shared<Value>();
    map->kind = Kind::Map;
    map->span = span(n);
    map->content = map->span;
    for (TSNode elem : children(n)) {
      if (types_(elem) != NodeType::ObjectElem) continue;
      TSNode key = ts_node_child_by_field_name(elem, "key", 3);
      TSNode val = ts_node_child_by_field_name(elem, "val", 3);
      if (ts_node_is_null(key)) continue;
      syntax::MapEntry e;
      e.key_span = span(key);
      e.key = object_key(key, depth + 1);
      if (ts_node_is_null(val)) {
        Span at = span(ts_node_end_byte(elem), ts_node_end_byte(elem));
        e.value = syntax::make_unknown("<missing value>", at);
      } else {
        e.value = build_expr(val, depth + 1);
      }
      map->entries.push_back(std::move(e));
    }
    return map;
  }

  /// Object keys: a bare identifier or a plain string literal gives its name; any other
  /// key expression (e.g. `(var.k)`, `"${x}"`) gives its source text.
  std::string object_key(TSNode key, unsigned depth) {
    ValuePtr v = build_expr(key, depth);
    if (v->kind == Kind::String) return v->text;
    if (v->kind == Kind::Reference && v->span == span(key) && v->text == text(key) &&
        v->text.find_first_of(".[") == std::string::npos)
      return v->text;
    return std::string(text(key));
  }

  ValuePtr build_call(TSNode n, unsigned depth) {
    auto call = std::make_shared<Value>();
    call->kind = Kind::Call;
    call->span = span(n);
    call->content = call->span;
    TSNode args{};
    bool have_args = false;
    for (TSNode c : children(n)) {
      NodeType t = types_(c);
      if (t == NodeType::Identifier && call->text.empty()) call->text = std::string(text(c));
      if (t == NodeType::FunctionArguments) { args = c; have_args = true; }
    }
    if (!have_args) return call;
    for (TSNode c : children(args)) {
      NodeType t = types_(c);
      if (t == NodeType::Ellipsis)
        call->items.push_back(syntax::make_unknown("...", span(c)));
      else if (t == NodeType::Expression)
        call->items.push_back(build_expr(c, depth + 1));
    }
    return call;
  }

  // -- strings and templates --------------------------------------------------------------

  /// The byte range between the quotes of a string_lit / quoted_template.
  Span string_lit_content(TSNode n) {
    std::uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    for (TSNode c : children(n)) {
      NodeType t = types_(c);
      if (t == NodeType::QuotedTemplateStart) b = ts_node_end_byte(c);
      else if (t == NodeType::QuotedTemplateEnd) e = ts_node_start_byte(c);
    }
    if (e < b) e = b;
    return span(b, e);
  }

  struct Part {
    TSNode node;
    bool interpolation;  // else a directive
    bool strip_before;   // `${~` / `%{~`: trim whitespace at the end of the previous chunk
    bool strip_after;    // `~}`: trim whitespace at the start of the next chunk
  };

  Part make_part(TSNode n, bool interpolation) {
    std::string_view t = text(n);
    Part p{n, interpolation, false, false};
    p.strip_before = t.size() >= 3 && t[2] == '~';
    p.strip_after = t.size() >= 2 && t[t.size() - 2] == '~';
    return p;
  }

  /// Builds String/Template from the literal bytes in [begin, end) and the interpolation /
  /// directive parts inside it. Literal chunks are taken from the raw bytes between parts
  /// (tree-sitter's template_literal nodes can omit surrounding whitespace).
  /// `flush_indent` > 0 removes up to that many leading blanks at each line start (<<-).
  ValuePtr build_template(Span whole, std::uint32_t begin, std::uint32_t end,
                          const std::vector<Part>& parts, bool escapes, std::uint32_t flush_indent,
                          unsigned depth) {
    struct Chunk {
      std::uint32_t b, e;
    };
    auto chunk_text = [&](std::string& out, Chunk c) {
      if (flush_indent == 0) {
        decode_literal(out, text(c.b, c.e), escapes);
        return;
      }
      std::uint32_t i = c.b;
      while (i < c.e) {
        if (i == begin || src_[i - 1] == '\n') {
          std::uint32_t skipped = 0;
          while (i < c.e && skipped < flush_indent && (src_[i] == ' ' || src_[i] == '\t')) {
            ++i;
            ++skipped;
          }
        }
        std::uint32_t line_end = i;
        while (line_end < c.e && src_[line_end] != '\n') ++line_end;
        if (line_end < c.e) ++line_end;  // keep the newline
        decode_literal(out, text(i, line_end), escapes);
        i = line_end;
      }
    };
    // Literal chunk boundaries, adjusted for strip markers.
    std::vector<Chunk> chunks;
    chunks.reserve(parts.size() + 1);
    std::uint32_t pos = begin;
    for (const Part& p : parts) {
      std::uint32_t pb = std::max(pos, ts_node_start_byte(p.node));
      chunks.push_back(Chunk{pos, std::min(pb, end)});
      pos = std::max(pos, std::min(ts_node_end_byte(p.node), end));
    }
    chunks.push_back(Chunk{pos, end});
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (parts[k].strip_before)
        while (chunks[k].e > chunks[k].b && is_space(src_[chunks[k].e - 1])) --chunks[k].e;
      if (parts[k].strip_after)
        while (chunks[k + 1].b < chunks[k + 1].e && is_space(src_[chunks[k + 1].b])) ++chunks[k + 1].b;
    }

    Span content = span(begin, end);
    if (parts.empty()) {
      std::string decoded;
      chunk_text(decoded, chunks[0]);
      return syntax::make_string(std::move(decoded), whole, content);
    }
    auto tmpl = std::make_shared<Value>();
    tmpl->kind = Kind::Template;
    tmpl->span = whole;
    tmpl->content = content;
    tmpl->text = std::string(text(begin, end));  // raw template source, for descriptions
    for (std::size_t k = 0; k <= parts.size(); ++k) {
      const Chunk& c = chunks[k];
      if (c.e > c.b) {
        std::string decoded;
        chunk_text(decoded, c);
        if (!decoded.empty()) tmpl->items.push_back(syntax::make_string(std::move(decoded), span(c.b, c.e), span(c.b, c.e)));
      }
      if (k == parts.size()) break;
      const Part& p = parts[k];
      if (!p.interpolation) {
        tmpl->items.push_back(unknown(p.node));
        continue;
      }
      TSNode expr{};
      bool found = false;
      for (TSNode ch : children(p.node))
        if (types_(ch) == NodeType::Expression && !found) { expr = ch; found = true; }
      tmpl->items.push_back(found ? build_expr(expr, depth + 1) : unknown(p.node));
    }
    return tmpl;
  }

  std::vector<Part> template_parts(TSNode n) {
    std::vector<Part> parts;
    for (TSNode c : children(n)) {
      NodeType t = types_(c);
      if (t == NodeType::TemplateInterpolation) parts.push_back(make_part(c, true));
      else if (t == NodeType::TemplateDirective) parts.push_back(make_part(c, false));
    }
    return parts;
  }

  ValuePtr build_quoted_template(TSNode n, unsigned depth) {
    Span content = string_lit_content(n);
    std::vector<Part> parts = template_parts(n);
    return build_template(span(n), content.begin, content.end, parts, true, 0, depth);
  }

  ValuePtr build_heredoc(TSNode n, unsigned depth) {
    bool flush = false;
    std::uint32_t open_end = 0, close_begin = ts_node_end_byte(n);
    bool have_open = false;
    for (TSNode c : children(n)) {
      NodeType t = types_(c);
      if (t == NodeType::HeredocStart) {
        flush = text(c) == "<<-";
      } else if (t == NodeType::HeredocIdentifier) {
        if (!have_open) {
          open_end = ts_node_end_byte(c);
          have_open = true;
        } else if (!ts_node_is_missing(c)) {
          close_begin = ts_node_start_byte(c);
        }
      }
    }
    if (!have_open) return unknown(n);
    auto size = static_cast<std::uint32_t>(src_.size());
    // Body: from the line after the opening marker to the start of the closing marker line.
    std::uint32_t begin = std::min(open_end, size);
    while (begin < size && src_[begin] != '\n') ++begin;
    if (begin < size) ++begin;
    std::uint32_t end = std::min(close_begin, size);
    while (end > begin && src_[end - 1] != '\n') --end;
    if (end < begin) end = begin;

    std::vector<Part> parts = template_parts(n);
    std::uint32_t indent = 0;
    if (flush) {
      // Terraform strips the smallest leading whitespace of the non-blank lines.
      std::uint32_t min_indent = UINT32_MAX;
      std::size_t part = 0;
      for (std::uint32_t line = begin; line < end;) {
        while (part < parts.size() && ts_node_end_byte(parts[part].node) <= line) ++part;
        bool inside_part = part < parts.size() && ts_node_start_byte(parts[part].node) < line;
        std::uint32_t i = line, count = 0;
        while (i < end && (src_[i] == ' ' || src_[i] == '\t')) { ++i; ++count; }
        bool blank = i >= end || src_[i] == '\n' || src_[i] == '\r';
        if (!inside_part && !blank) min_indent = std::min(min_indent, count);
        while (i < end && src_[i] != '\n') ++i;
        line = i + 1;
      }
      indent = min_indent == UINT32_MAX ? 0 : min_indent;
    }
    return build_template(span(n), begin, end, parts, false, indent, depth);
  }
};

}  // namespace

ParseResult parse_hcl(const source::SourceFile& file) {
  ParseResult result;
  std::string_view src = file.text();
  if (src.size() >= UINT32_MAX) {
    result.diagnostics.push_back(Diagnostic{diag::kParseError, Severity::Error,
                                            "syntax error: file too large to parse",
                                            Span{file.id(), 0, 0, false}});
    result.partial = true;
    return result;
  }
  detail::install_ts_allocator();
  // One parser per thread, reused across files: it keeps its allocation pools warm
  // (about 10% faster on the corpus than a fresh parser per file).
  thread_local ParserPtr parser;
  if (!parser) {
    parser.reset(ts_parser_new());
    if (parser && !ts_parser_set_language(parser.get(), tree_sitter_hcl())) parser.reset();
  }
  if (parser) ts_parser_reset(parser.get());
  if (!parser) {
    result.diagnostics.push_back(Diagnostic{diag::kParseError, Severity::Error,
                                            "internal error: HCL grammar could not be loaded",
                                            Span{file.id(), 0, 0, false}});
    result.partial = true;
    return result;
  }
  ts_parser_set_timeout_micros(parser.get(), kHclParseTimeoutMicros);
  TreePtr tree;
  try {
    detail::TsMemoryScope counting;
    tree.reset(ts_parser_parse_string(parser.get(), nullptr, src.data(), static_cast<std::uint32_t>(src.size())));
  } catch (const std::bad_alloc&) {
    // The parser is in an unknown state: free every block it held, drop it, and make a new one
    // for the next file.
    detail::free_all_ts_blocks();
    (void)parser.release();
    result.diagnostics.push_back(Diagnostic{diag::kParseError, Severity::Error,
                                            "syntax error: out of memory while parsing this file; it was not read",
                                            Span{file.id(), 0, 0, false}});
    result.partial = true;
    return result;
  }
  if (!tree) {
    // ts_parser_parse_string returns nothing only when the timeout fired.
    result.diagnostics.push_back(Diagnostic{diag::kParseError, Severity::Error,
                                            "syntax error: parsing this file took too long; it was not read",
                                            Span{file.id(), 0, 0, false}});
    result.partial = true;
    return result;
  }
  TSNode root = ts_tree_root_node(tree.get());
  Builder builder(file, result);
  builder.collect_errors(root);
  result.root = builder.build_root(root);
  return result;
}

}  // namespace seslint::parse
