// cli/plan_input: `--plan FILE`, the output of `terraform show -json PLANFILE`, read into the
// run: the file joins the SourceSet (so diagnostics and plan-only findings point into it), its
// values feed the Terraform resolver (resolve/terraform_plan.h) for the root module in the first
// scanned folder, and without any Terraform configuration it is linted on its own.
//   PlanInput p = load_plan(config.plan, config.paths, sources, diags);
//   inputs.terraform_plan = p.plan; inputs.plan_root = p.root;
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/model.h"
#include "resolve/terraform_plan.h"
#include "source/source_file.h"
#include "syntax/diagnostic.h"

namespace seslint::cli {

struct PlanInput {
  std::shared_ptr<const resolve::TerraformPlan> plan;  ///< null when it cannot be read (diagnosed)
  std::string root;  ///< the Terraform root folder it belongs to, as displayed ("" = .)
};

/// How the plan file is opened: with the limits of a scanned file (source/file_access.h).
struct PlanReadOptions {
  std::uint64_t max_file_size = 16ull * 1024 * 1024;  ///< --max-file-size
  bool follow_symlinks = false;                        ///< --follow-symlinks
};

/// Reads (source::read_named_file), parses and checks the plan at `path`; problems go to `diags`
/// as errors.
PlanInput load_plan(const std::string& path, const std::vector<std::string>& paths, source::SourceSet& sources,
                    std::vector<Diagnostic>& diags, const PlanReadOptions& read = {});

/// The plan's planned resources as model files (one per module instance), for a plan linted
/// without its configuration.
std::vector<model::FileModel> plan_models(const resolve::TerraformPlan& plan);

}  // namespace seslint::cli
