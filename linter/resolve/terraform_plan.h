// resolve/terraform_plan: a Terraform plan (the output of `terraform show -json PLANFILE`) as a
// source of values. The plan says what Terraform itself computed while planning: the root
// variables it used, the data sources it read, and the known attributes of planned and existing
// resources; attributes Terraform will only know after apply stay Unknown.
// Format (HashiCorp, "JSON Output Format",
// https://developer.hashicorp.com/terraform/internals/json-format): `format_version` "1.x",
// `variables` {name: {value}}, `planned_values` and `prior_state.values` (values
// representations: root_module {resources[{address, mode, type, name, index, values}],
// child_modules[{address, resources, child_modules}]}, unknown values omitted),
// `resource_changes[{address, module_address, mode, type, name, index, change: {actions,
// after, after_unknown}}]`. The output of `terraform show -json STATEFILE` (`values` instead of
// `planned_values`) is read the same way.
//   auto loaded = resolve::TerraformPlan::load(file, *parsed.root);
//   if (loaded.plan) inputs.plan = loaded.plan;
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"
#include "syntax/diagnostic.h"
#include "syntax/value.h"

namespace seslint::resolve {

using source::Span;

/// One resource instance of the plan (a planned or a prior-state object).
struct PlanResource {
  std::string module;  ///< module instance address: "" (root), "module.m", "module.m[\"k\"]"
  std::string mode;    ///< "managed" or "data"
  std::string type;    ///< "aws_iam_policy"
  std::string name;    ///< "send"
  std::optional<std::string> index;  ///< instance key as text ("0", "k"); absent without count / for_each
  syntax::ValuePtr values;           ///< attribute values (JSON, spans in the plan file)
  syntax::ValuePtr after_unknown;    ///< from resource_changes: leaves true when known only after apply
  Span span;                         ///< its "address" in the plan file (else the whole object)
};

class TerraformPlan {
 public:
  struct Loaded {
    std::shared_ptr<const TerraformPlan> plan;  ///< null when the document is not a usable plan
    std::vector<Diagnostic> diagnostics;        ///< errors (the plan is refused) and notes
  };

  /// Reads a parsed plan (or state) document; `file` is the plan file in the run's SourceSet.
  static Loaded load(const source::SourceFile& file, const syntax::Value& root);

  /// The value of root variable `name` Terraform used for the plan, or nullptr.
  const syntax::Value* variable(const std::string& name) const;
  const std::map<std::string, syntax::ValuePtr>& variables() const { return variables_; }

  /// What the plan knows of `ref` (a reference path such as `aws_ses_domain_identity.x.arn`,
  /// `data.aws_caller_identity.me.account_id`, `aws_iam_role.r["k"].arn`) in module instance
  /// `module` ("" = root). `index` evaluates the text of an instance key written in the
  /// reference (`0`, `"k"`, `each.key`) to its scalar text. Returns nullptr when the plan has no
  /// such object or attribute; an Unknown "... (known after apply)" when the plan marks it
  /// unknown; else the known value, every node at `at` (findings point at the reference).
  syntax::ValuePtr lookup(const std::string& module, const std::string& ref, Span at,
                          const std::function<std::optional<std::string>(const std::string&)>& index) const;

  /// Every resource instance of the planned values (prior-state objects the plan no longer
  /// has are left out: Terraform will delete them), in document order.
  std::vector<const PlanResource*> planned_resources() const;

  const source::SourceFile& file() const { return *file_; }

  /// The root module's default aws provider Region when the configuration sets it to a
  /// constant (`configuration.provider_config.aws.expressions.region.constant_value`), or nullptr.
  const syntax::ValuePtr& provider_region() const { return provider_region_; }

 private:
  /// The instance in `list` (planned_ or prior_, through its index), or nullptr.
  const PlanResource* find(bool planned, const std::string& module, std::string_view mode, std::string_view type,
                           std::string_view name, const std::optional<std::string>& index) const;
  void index_objects();

  const source::SourceFile* file_ = nullptr;
  std::map<std::string, syntax::ValuePtr> variables_;
  std::vector<PlanResource> planned_;
  std::vector<PlanResource> prior_;
  std::map<std::string, std::size_t> planned_at_, prior_at_;  ///< object_key() -> position
  syntax::ValuePtr provider_region_;
};

/// A plan linted without its configuration: one Terraform configuration per module instance
/// ("" = root), built from the planned values: `resource "TYPE" "NAME"` / `data` blocks whose
/// arguments are the planned attribute values (lists of objects become repeated nested blocks,
/// as the provider schemas write them), each node at its place in the plan file. Attributes
/// known only after apply are Unknown. Instances of counted resources are named NAME[KEY].
/// Each module gets a `provider "aws"` block with the plan's provider_region() when known.
struct PlanModule {
  std::string module;      ///< "" or "module.m", "module.m[\"k\"]"
  syntax::ValuePtr root;   ///< native-shape Terraform file
};
std::vector<PlanModule> plan_as_configuration(const TerraformPlan& plan);

}  // namespace seslint::resolve
