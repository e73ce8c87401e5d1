// resolve: evaluates Terraform and CloudFormation expressions statically, turning located
// syntax trees into trees where every value that can be computed is a literal, and everything
// else is an explicit Unknown (or a Template whose unknown pieces are Unknown parts). It runs
// between parse and model: the model reads the resolved trees the same way it reads literals.
// Every produced node keeps the span of the expression it came from, so findings point at the
// line a user must edit.
//   auto r = resolve::resolve_cloudformation(file, *root, inputs);
//   model::normalize_file(file, *r.root, model::FileKind::CloudFormation);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "source/source_file.h"
#include "syntax/diagnostic.h"
#include "syntax/value.h"

namespace seslint::resolve {

/// Values given on the command line.
struct Inputs {
  std::map<std::string, std::string> terraform_vars;  ///< --var name=value (value as HCL text)
  std::vector<std::string> terraform_var_files;       ///< --var-file paths (.tfvars / .tfvars.json)
  std::map<std::string, std::string> parameters;      ///< --parameter Name=Value (CloudFormation)
  std::string scan_root;                              ///< file() / templatefile() may not escape it
};

struct Result {
  syntax::ValuePtr root;
  std::vector<Diagnostic> diagnostics;  ///< cycles, refused paths, unsupported constructs
};

/// CloudFormation / SAM: Parameters (defaults, Inputs::parameters), pseudo parameters,
/// Ref / Fn::Sub (both forms) / Fn::GetAtt / Fn::Join / Fn::Select / Fn::Split / Fn::If with
/// Conditions (both branches considered), Fn::ImportValue -> Unknown, SAM SES policy templates
/// expanded into the statements SAM generates.
Result resolve_cloudformation(const source::SourceFile& file, const syntax::Value& root, const Inputs& inputs);

/// One file of a Terraform module: a parsed .tf / .tf.json (or .tfvars) file.
struct TerraformFile {
  const source::SourceFile* file = nullptr;
  syntax::ValuePtr root;
  bool json = false;   ///< Terraform JSON syntax
};

struct ModuleResult {
  std::vector<TerraformFile> files;     ///< the module's files, resolved, in input order
  std::vector<Diagnostic> diagnostics;
};

/// Terraform: resolves one module (the .tf / .tf.json files of one folder) given its .tfvars /
/// *.auto.tfvars files and the command-line inputs.
/// An SES identity resource with `count` / `for_each` over a known collection keeps its
/// representative body (count.index / each.* Unknown) and gets one nested block entry
/// "[instance]" per instance: labels[0] is the instance key ("0", "a@example.com"), the body is
/// resolved with that instance's count.index / each.key / each.value (model/normalize reads one
/// identity per instance).
ModuleResult resolve_terraform_module(const std::vector<TerraformFile>& files, const std::vector<TerraformFile>& tfvars,
                                      const Inputs& inputs);

}  // namespace seslint::resolve
