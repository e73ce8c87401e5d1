// model/values: reading located syntax values as (possibly unknown) strings and lists, with
// logical paths in either Terraform style (a.b[0]) or CloudFormation style (A/B/0).
// Internal to model/.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "model/model.h"
#include "syntax/value.h"

namespace seslint::model::detail {

enum class PathStyle { Terraform, CloudFormation };

/// A logical path under construction.
struct Path {
  std::string text;
  PathStyle style = PathStyle::Terraform;

  Path key(std::string_view k) const;
  Path index(std::size_t i) const;
};

/// Options for reading values of a given source format.
struct ReadOptions {
  /// Terraform JSON syntax: strings containing "${" are templates, so unknown.
  bool terraform_json = false;
};

/// One-entry Map whose key is "Ref", "Condition" or "Fn::*" (CloudFormation long form).
const syntax::MapEntry* as_intrinsic(const syntax::Value& v);

/// Reads a scalar as a string. Lists, maps and unresolvable expressions give known=false with
/// a short description of what was not resolved.
Str read_str(const syntax::Value* v, const Path& path, const ReadOptions& opt);

/// Reads a value that may reference another resource (Terraform traversal, "${...}" alone in a
/// template, CloudFormation Ref / GetAtt). Literals give an empty target.
Ref read_ref(const syntax::Value* v, const Path& path, const ReadOptions& opt);

/// Splits a Terraform traversal ("aws_iam_user.u[0].name", "data.aws_iam_policy.p.arn") into
/// resource address and attribute. False for var./local./module. and other non-resource roots.
bool split_tf_reference(std::string_view text, std::string& address, std::string& attribute);

/// Calls fn for each element of a list, or once for a single value.
void for_each_item(const syntax::Value* v, const Path& path,
                   const std::function<void(const syntax::Value&, const Path&)>& fn);

/// Reads an IAM policy document (a Map with Statement) into `out.statements`.
void read_document(const syntax::Value& doc, const Path& path, const ReadOptions& opt, Policy& out,
                   std::vector<Diagnostic>& diags);

/// Short description of an expression for "could not resolve" messages.
std::string describe(const syntax::Value& v);

}  // namespace seslint::model::detail
