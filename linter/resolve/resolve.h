// resolve: evaluates Terraform and CloudFormation expressions statically, turning located
// syntax trees into trees where every value that can be computed is a literal, and everything
// else is an explicit Unknown (or a Template whose unknown pieces are Unknown parts). It runs
// between parse and model: the model reads the resolved trees the same way it reads literals.
// Every produced node keeps the span of the expression it came from, so findings point at the
// line a user must edit.
//   auto r = resolve::resolve_cloudformation(file, *root, inputs);
//   model::normalize_file(file, *r.root, model::FileKind::CloudFormation);
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"
#include "syntax/diagnostic.h"
#include "syntax/value.h"

namespace seslint::resolve {

// Where SES resources are deployed. Both resolvers set syntax::Value::location on the body of
// every SES resource (Terraform `aws_ses*` / `aws_sesv2*` resource blocks, CloudFormation
// `AWS::SES::*` resources) to a Map the model reads for model::Identity::region / account /
// partition:
//   "region"     String when certain, else Unknown. Terraform: the resource's own `region`
//                argument (provider v6) if given, else the Region of its provider configuration
//                (`provider = aws.<alias>` selects `provider "aws" { alias = "<alias>" }`, no
//                `provider` argument the module's single un-aliased aws provider). Unknown
//                descriptions: "provider region" for the default provider (policy::self_symbol
//                reads it as the deploying scope's own Region), "provider region (aws.<alias>)"
//                for an aliased one (a different, unrelated Region), or the unresolved argument.
//                CloudFormation: `--parameter AWS::Region=...`, else Unknown "AWS::Region".
//   "account"    Terraform: the provider's `allowed_account_ids` when it lists exactly one
//                literal; CloudFormation: `--parameter AWS::AccountId=...`; else Unknown
//                ("account" / "AWS::AccountId").
//   "partition"  CloudFormation `--parameter AWS::Partition=...`, else derived from a known
//                Region (partition_of_region); else Unknown ("data.aws_partition" / "AWS::Partition").
//   "provider"   Terraform only: the provider configuration's address, "aws" or "aws.<alias>".
// Known values carry the span of the expression they came from (the provider's `region`
// argument, for instance) so findings can point there; values from the command line carry the
// resource's span. `data.aws_region.<x>.name|region` and SES resource ARNs use the same Region.

/// The partition a Region name belongs to ("eu-west-1" -> "aws", "cn-north-1" -> "aws-cn",
/// "us-gov-west-1" -> "aws-us-gov", the isolated and sovereign partitions likewise); "" when the
/// text does not look like a Region name.
std::string partition_of_region(std::string_view region);

class TerraformPlan;  // resolve/terraform_plan.h

/// Values given on the command line.
/// One module that `terraform init` installed (an entry of .terraform/modules/modules.json).
struct InstalledModule {
  std::string source;   ///< as the call wrote it ("terraform-aws-modules/iam/aws//modules/iam-policy")
  std::string version;  ///< "" for git and local sources
  std::string dir;      ///< its folder, as displayed ("envs/prod/.terraform/modules/policy/modules/iam-policy")
};

struct Inputs {
  std::map<std::string, std::string> terraform_vars;  ///< --var name=value (value as HCL text)
  std::vector<std::string> terraform_var_files;       ///< --var-file paths (.tfvars / .tfvars.json)
  std::map<std::string, std::string> parameters;      ///< --parameter Name=Value (CloudFormation)
  std::string scan_root;                              ///< file() / templatefile() may not escape it
  std::string terraform_workspace = "default";        ///< --workspace: terraform.workspace everywhere
  /// --plan: values Terraform computed while planning, for the root module in folder
  /// `plan_root` (as displayed, "" = the current folder) and the modules it instantiates.
  std::shared_ptr<const TerraformPlan> terraform_plan;
  std::string plan_root;
  /// Registry and git modules as `terraform init` installed them: for each root module folder
  /// (as displayed), its .terraform/modules/modules.json by module key ("a", "a.b"). Only
  /// entries whose folder was loaded are listed (cli/installed_modules.h).
  std::map<std::string, std::map<std::string, InstalledModule>> installed_modules;
  /// --module-dir SOURCE=PATH, in the order given: a module source and the folder (as
  /// displayed) that holds its checkout. See module_dir_for.
  std::vector<std::pair<std::string, std::string>> module_dirs;
};

/// A module source that names a folder relative to the calling module ("./x", "../x").
bool is_local_module_source(const std::string& source);

/// `rest` below the displayed folder `dir`, as folders are displayed: '/' separators, no
/// trailing '/', "" for the current folder ("modules/mail" + "../ses" -> "modules/ses").
std::string module_folder(const std::string& dir, const std::string& rest);

/// The folder (as displayed) --module-dir maps `source` to, or "" when none does. A mapping
/// matches the source as written, with or without the "registry.terraform.io/" host, and with
/// or without a `?ref=` query; a mapping of the package (`ns/name/provider`, a git URL) also
/// serves its subfolders (`ns/name/provider//modules/x` -> PATH/modules/x).
std::string module_dir_for(const std::vector<std::pair<std::string, std::string>>& module_dirs,
                           const std::string& source);

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
  /// Terraform JSON syntax. Resolved files always come back in native (HCL) shape: blocks with
  /// labels, strings read as templates, so `json` is false there and the model reads them as HCL.
  bool json = false;
};

/// One instantiation of a local child module (`module "m" { source = "./mod" }`): the child's
/// files resolved with the caller's arguments. Nested calls give their own instances.
struct ModuleInstance {
  std::string key;      ///< scope of its resources in the model: "modules/mail (module.mail in .)"
  std::string address;  ///< Terraform address: "module.mail", "module.a.module.b"
  std::string dir;      ///< the child's folder as displayed
  std::vector<TerraformFile> files;  ///< resolved, native shape
};

/// A module call whose source is neither local, nor installed, nor mapped by --module-dir.
struct UnfetchedModule {
  std::string source;
  std::string version;   ///< the call's `version` when it is a literal
  std::string address;   ///< "module.policy", "module.a.module.b"
  std::string root_dir;  ///< the root module's folder, as displayed ("" = the current folder)
  source::Span at;       ///< the call's `source`
};

struct ModuleResult {
  std::vector<TerraformFile> files;     ///< the module's files, resolved, in input order
  std::vector<Diagnostic> diagnostics;
  std::vector<UnfetchedModule> unfetched;  ///< remote calls not instantiated (the caller reports them per source)
  std::vector<ModuleInstance> instances;       ///< local child modules, depth first
  std::vector<syntax::ValueOrigin> origins;    ///< where variable values used in these files were set
};

/// The parsed .tf / .tf.json files of a scanned folder ("modules/mail" as displayed), or nullptr
/// when that folder was not scanned. Must be safe to call from several threads.
using ModuleLoader = std::function<const std::vector<TerraformFile>*(const std::string& dir)>;

/// Terraform: resolves one module (the .tf / .tf.json files of one folder) given its .tfvars /
/// *.auto.tfvars files and the command-line inputs.
/// An SES identity resource with `count` / `for_each` over a known collection keeps its
/// representative body (count.index / each.* Unknown) and gets one nested block entry
/// "[instance]" per instance: labels[0] is the instance key ("0", "a@example.com"), the body is
/// resolved with that instance's count.index / each.key / each.value (model/normalize reads one
/// identity per instance).
/// *.auto.tfvars files and the command-line inputs. With a loader, module calls with local
/// sources (./x, ../x) are instantiated: their variables take the call's arguments and
/// `module.NAME.OUTPUT` takes the child's output value; other sources stay Unknown.
ModuleResult resolve_terraform_module(const std::vector<TerraformFile>& files, const std::vector<TerraformFile>& tfvars,
                                      const Inputs& inputs, const ModuleLoader& loader = {});

}  // namespace seslint::resolve
