// resolve/terraform/functions_builtin.h: Terraform's pure built-in functions over already-evaluated values.
//
// The Terraform resolver evaluates a call's arguments and hands them here. Functions are the
// ones of Terraform 1.x (collection, string, encoding, numeric, type conversion, IP network,
// date and time arithmetic, deterministic hash and crypto), with Terraform's results: map keys
// and sets of strings in lexical order, sets of numbers in numeric order, numbers printed
// without a trailing ".0", the errors Terraform reports. A call whose result depends on values
// that are not known (an Unknown, a Reference, a Call that was not evaluated) returns an Unknown,
// except where the known part decides the result: format / join / formatlist keep the unknown
// pieces of a string as Template parts, collection functions move unknown elements around
// without looking at them, coalesce / lookup / element / length / keys / values / merge need only
// the parts they read. Impure functions (timestamp, uuid, bcrypt, ...) are Unknown with the
// reason "impure function NAME()"; a call Terraform would reject is Unknown with the error.
// Everything that can grow (range, formatlist, setproduct, join, strings built by repetition)
// charges the budget first and is Unknown ("<evaluation budget spent>") once it is spent.
//   ValuePtr r = call_function("cidrsubnet", args, call_span, budget);
//   if (!r) ...  // not a function this library knows: the resolver's own (file, try, can ...)
// Every produced node is at `at`, except values passed through unchanged (a list's elements),
// which keep their spans and the references they were computed from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/budget.h"
#include "syntax/value.h"

namespace seslint::resolve {

/// The result of the built-in function `name` applied to `args`, or nullptr when `name` is not a
/// function this library evaluates (file-system functions, try / can, templatefile, jsondecode /
/// yamldecode, provider functions): the caller keeps its own handling for those.
syntax::ValuePtr call_function(std::string_view name, const std::vector<syntax::ValuePtr>& args, source::Span at,
                               syntax::Budget& budget);

/// For filebase64, filemd5, filesha1 / 256 / 512 and filebase64sha256 / 512: the function
/// call_function applies to the file's text (base64encode, md5, ...); nullptr for other names.
/// The resolver reads the file (confined to the scanned root, as file() is).
const char* file_hash_function(std::string_view name);

/// The names call_function evaluates (pure) and the ones it always leaves Unknown (impure), in
/// lexical order: the documentation lists them.
const std::vector<std::string>& pure_function_names();
const std::vector<std::string>& impure_function_names();

/// Unknown elements of a partially known list. `concat(aws_ses_domain_identity.this.*.arn,
/// var.extra)` keeps the known ARNs and stands for the elements of `var.extra` by one element,
/// an Unknown whose text ends in "[*]" ("var.extra[*]"): zero or more elements that are not
/// known, at that position. The model reads it as it reads any unknown list element (an unknown
/// resource); whatever needs a list's length or the position of an element after it (length,
/// element, slice, an index `l[3]`, a `for` key) is Unknown.
syntax::ValuePtr unknown_elements(std::string what, source::Span at);
bool is_unknown_elements(const syntax::Value& v);
/// The position of the first unknown-elements entry of a list, or its size when it has none:
/// the elements before it are at known positions.
std::size_t known_prefix(const syntax::Value& list);

/// Terraform's jsonencode of a fully known value (keys sorted, <, > and & escaped as \u00XX,
/// numbers as Terraform prints them); nullopt when part of it is not known.
std::optional<std::string> terraform_jsonencode(const syntax::Value& v);

}  // namespace seslint::resolve
