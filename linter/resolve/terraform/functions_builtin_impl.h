// resolve/terraform/functions_builtin_impl.h: what the function families share (private to
// functions_*.cpp): the call context, value builders, conversions as Terraform does
// them, and the family tables the dispatcher merges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resolve/terraform/functions_builtin.h"

namespace seslint::resolve::tffn {

using source::Span;
using syntax::Budget;
using syntax::Kind;
using syntax::MapEntry;
using syntax::Value;
using syntax::ValuePtr;
using Args = std::vector<ValuePtr>;

/// One call being evaluated.
struct Call {
  std::string_view name;
  const Args& args;
  Span at;
  Budget& budget;

  /// Unknown "name(...)" (an argument is not known), or "name(...): why".
  ValuePtr unknown(std::string_view why = {}) const;
  /// A call Terraform rejects: Unknown "name(...): error: msg".
  ValuePtr error(std::string_view msg) const;
  /// The budget ran out: Unknown "<evaluation budget spent>".
  ValuePtr spent() const;
  /// Charges `nodes` values and `bytes` string bytes; false once the budget is spent.
  bool charge(std::uint64_t nodes, std::uint64_t bytes) const { return budget.charge(nodes, bytes); }

  ValuePtr str(std::string s) const;
  ValuePtr num(double d) const;
  ValuePtr num_text(std::string text) const;
  ValuePtr boolean(bool b) const;
  ValuePtr null() const;
  ValuePtr list(std::vector<ValuePtr> items) const;
  /// A map with its entries sorted by key (Terraform iterates maps and objects that way).
  ValuePtr map(std::vector<MapEntry> entries) const;
  /// `v` with its top node at the call (its children keep their spans).
  ValuePtr pass(const ValuePtr& v) const;
};

/// A function's implementation: `partial` ones look at non-known arguments themselves; the others
/// only run when every argument is fully known.
using Impl = ValuePtr (*)(const Call&);
struct Entry {
  const char* name;
  Impl impl;
  int min_args;
  int max_args;  ///< -1: variadic
  bool partial = false;
};

std::vector<Entry> string_functions();
std::vector<Entry> collection_functions();
std::vector<Entry> encoding_functions();
std::vector<Entry> numeric_functions();
std::vector<Entry> ipnet_functions();
std::vector<Entry> crypto_functions();
std::vector<Entry> time_functions();

// -- values --------------------------------------------------------------------------------

bool is_scalar(const Value& v);
/// No Unknown, Reference, Template or Call anywhere inside.
bool fully_known(const Value& v, unsigned depth = 0);
/// Unknown, Reference, Template or Call at the top.
bool is_unknown(const Value& v);

/// Terraform's automatic conversion to string (numbers and bools convert; null, lists and maps
/// do not).
std::optional<std::string> as_string(const Value& v);
/// Terraform's conversion to number (a string holding a number converts).
std::optional<double> as_number(const Value& v);
/// A whole number that fits in 64 bits (after conversion).
std::optional<long long> as_int(const Value& v);
std::optional<bool> as_bool(const Value& v);

/// Terraform's text of a number: integers without a fraction, others in their shortest form.
std::string number_text(double d);
/// The canonical text of a number literal ("1.50" -> "1.5", "1e3" -> "1000").
std::string canonical_number(std::string_view text);

/// Deep equality of known values as Terraform compares them (numbers by value).
bool equal_values(const Value& a, const Value& b);
/// Orders set elements as Terraform does: strings bytewise, numbers numerically, false < true;
/// other elements keep their order. Removes duplicates.
std::vector<ValuePtr> as_set(std::vector<ValuePtr> items);
/// Elements of a list unified to one type as tolist / toset / sort do: a mix of strings with
/// numbers or bools becomes all strings; nullopt when they cannot be unified (bool with number).
std::optional<std::vector<ValuePtr>> unify_scalars(const Call& c, const std::vector<ValuePtr>& items);

/// Unicode characters of a UTF-8 string (code points, a combining mark kept with its base, as
/// Terraform's grapheme clusters are in the common cases).
std::vector<std::string> characters(std::string_view s);
bool valid_utf8(std::string_view s);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

/// JSON text of a string as Go's encoding/json writes it (<, >, & and U+2028/9 escaped).
std::string json_quote(std::string_view s);

}  // namespace seslint::resolve::tffn
