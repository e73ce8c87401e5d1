// syntax: the located value tree every parser produces (HCL, YAML, JSON alike).
// It knows spans but nothing about IAM, SES, Terraform or CloudFormation semantics.
// Every node has a Span into its SourceFile; strings keep the span of their content so
// embedded documents (JSON policies in heredocs or YAML strings) can be re-parsed with
// real offsets.
//   const Value* stmt = doc.get("Statement");
//   if (stmt && stmt->is_list()) for (auto& s : stmt->items) ...
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace seslint::syntax {

using source::Span;

enum class Kind : std::uint8_t {
  Null,
  Bool,
  Number,
  String,     ///< fully known string; `text` is the decoded value
  Template,   ///< string with interpolations: `items` are String and Unknown parts in order
  List,       ///< `items`
  Map,        ///< `entries`, in source order, duplicate keys kept (HCL repeated blocks)
  Unknown,    ///< a value that cannot be known statically; `text` says what it is (e.g. "var.region")
  Call,       ///< a function call or CloudFormation intrinsic: `text` = name ("jsonencode",
              ///< "Ref", "Fn::Sub", "Fn::GetAtt"), `items` = arguments.
              ///< The HCL parser also keeps Terraform operator expressions as Calls whose name
              ///< no function can have, so resolve/ can evaluate them (see "HCL expressions" below);
              ///< resolve/terraform replaces every one it cannot evaluate by an Unknown.
  Reference,  ///< a Terraform traversal (var.x, aws_iam_user.u.arn, local.y): `text` is the dotted path
};

// HCL expressions kept as Calls (every node keeps its source span):
//   c ? a : b                      "?:"    items [c, a, b]
//   !x   -x                        "!" / "-" items [x]
//   a OP b (== != < > <= >= && || + - * / %)   OP   items [a, b]
//   [for k, v in coll : val if c]  "[for]" items [coll, val] or [coll, val, c]
//   {for k, v in coll : key => val if c}
//                                  "{for}" items [coll, key, val] or [coll, key, val, c];
//                                  "{for...}" when the value is grouped (`val...`)
//   for expressions: `labels` hold the iterator names: [value] or [key, value]
//   base.attr / base[i] / base[*].x on a computed base (a call, a parenthesized or a
//   collection expression):        "."     items [base, String path suffix], the suffix in the
//                                  normalized Reference syntax (".attr", "[0]", "[\"k\"]", "[*]")
// Traversals of a plain name (var.x[0], aws_iam_user.u[*].name) stay Reference nodes.

struct Value;
using ValuePtr = std::shared_ptr<const Value>;

struct MapEntry {
  std::string key;
  Span key_span;
  ValuePtr value;
};

/// A block label in HCL (`resource "aws_iam_policy" "x"` has labels aws_iam_policy and x).
struct Label {
  std::string text;
  Span span;
};

struct Value {
  Kind kind = Kind::Null;
  Span span;                   ///< whole node, including quotes / braces / tags
  Span content;                ///< String: the bytes between the delimiters (heredoc body, inside quotes)
  std::string text;            ///< scalar value, Unknown description, Call name, Reference path
  std::vector<ValuePtr> items;         ///< List elements, Template parts, Call arguments
  std::vector<MapEntry> entries;       ///< Map entries
  // HCL blocks are Maps with a block type and labels; attributes and nested blocks are
  // entries (a nested block's entry key is its type).
  /// Set by resolve/ on a value computed from a Terraform reference ("aws_iam_user.u.name"), so
  /// the model can still link to that resource although the reference itself was replaced.
  /// A value that crossed a module boundary keeps its link as "SCOPE\x1fREFERENCE" (see
  /// scoped_reference): the reference lives in the model scope SCOPE (a root folder or a module
  /// instance key), not where the value is used.
  std::string resolved_from;
  /// Set by resolve/ on the body of an SES resource: where it is deployed (a Map with "region",
  /// "account", "partition" and, for Terraform, "provider"; see resolve/resolve.h). Kept out of
  /// `entries` so nothing that walks a body mistakes it for something the user wrote.
  ValuePtr location;
  bool is_block = false;
  std::string block_type;
  std::vector<Label> labels;

  bool is_string() const { return kind == Kind::String; }
  bool is_map() const { return kind == Kind::Map; }
  bool is_list() const { return kind == Kind::List; }
  /// First entry with this key, or nullptr.
  const Value* get(std::string_view key) const;
  /// First entry with this key, or nullptr.
  const MapEntry* entry(std::string_view key) const;
  /// All entries with this key (repeated HCL blocks).
  std::vector<const MapEntry*> all(std::string_view key) const;
};

/// Where a variable's value used at `use` was set: a default, terraform.tfvars, *.auto.tfvars,
/// --var-file, --var or a module call argument. Recorded by resolve/ for every use of a variable
/// (and again at each reference whose value was computed from one), so a finding about a value
/// can say where a user changes it.
struct ValueOrigin {
  Span use;                         ///< the expression whose value came (partly) from the variable
  std::string variable;             ///< "var.domain"
  std::vector<std::string> values;  ///< scalar texts the variable contributed (at most a few)
  Span defined;                     ///< where the value is written; invalid for --var / --var-file
  std::string defined_text;         ///< location as text when `defined` is not a scanned file
  std::string how;                  ///< "default", "terraform.tfvars", "argument of module.mail", "--var"
};

/// resolved_from for a reference that lives in the model scope `scope` (see Value::resolved_from);
/// a reference already scoped keeps its scope.
inline std::string scoped_reference(const std::string& scope, const std::string& reference) {
  if (reference.find('\x1f') != std::string::npos) return reference;
  return scope + '\x1f' + reference;
}

/// Splits resolved_from into {scope, reference}; the scope is "" when it was not scoped.
inline std::pair<std::string, std::string> split_scoped_reference(const std::string& resolved_from) {
  const auto mark = resolved_from.find('\x1f');
  if (mark == std::string::npos) return {std::string(), resolved_from};
  return {resolved_from.substr(0, mark), resolved_from.substr(mark + 1)};
}

/// Builders used by the parsers.
ValuePtr make_scalar(Kind kind, std::string text, Span span);
ValuePtr make_string(std::string text, Span span, Span content);
ValuePtr make_unknown(std::string what, Span span);

/// A deep copy of `v` where every node, map key and label is at `at`: a value that moved from
/// where it was written to where it is used (a variable's value at its use site).
ValuePtr with_span_deep(const ValuePtr& v, Span at);

/// `src` with whitespace runs collapsed to one space, cut at about `max` bytes on a UTF-8
/// boundary ("..." appended when cut): the description of an expression kept as Unknown.
std::string excerpt(std::string_view src, std::size_t max = 80);

/// Debug dump with spans ("map@3-40 { key@4-7: string@9-12 \"x\" }"), used by parser tests.
std::string dump(const Value& v);

}  // namespace seslint::syntax
