#include "cli/plan_input.h"

#include <filesystem>

#include "parse/parse.h"
#include "resolve/resolve.h"
#include "source/file_access.h"

namespace seslint::cli {

namespace fs = std::filesystem;

namespace {

/// `p` relative to the current folder when it is below it, as the scanned files are displayed.
std::string shown(const fs::path& p) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path abs = fs::absolute(p, ec).lexically_normal();
  if (!ec) {
    const fs::path rel = abs.lexically_relative(cwd);
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  }
  return p.lexically_normal().generic_string();
}

}  // namespace

PlanInput load_plan(const std::string& path, const std::vector<std::string>& paths, source::SourceSet& sources,
                    std::vector<Diagnostic>& diags, const PlanReadOptions& read) {
  PlanInput out;
  std::error_code ec;
  source::ReadResult r = source::read_named_file(path, read.max_file_size, read.follow_symlinks);
  if (r.status != source::ReadStatus::Ok) {
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read --plan '" + path + "': " + r.error, {}});
    return out;
  }
  const source::FileId id = sources.add(shown(path), std::move(r.text));
  const source::SourceFile& file = sources.file(id);
  parse::ParseResult pr = parse::parse_json(file);
  if (!pr.diagnostics.empty() || !pr.root) {
    for (auto& d : pr.diagnostics) {
      d.message = "--plan is not valid JSON: " + d.message;
      diags.push_back(std::move(d));
    }
    if (pr.diagnostics.empty())
      diags.push_back(Diagnostic{diag::kParseError, Severity::Error, "--plan is not valid JSON", source::Span{id, 0, 0, false}});
    return out;
  }
  resolve::TerraformPlan::Loaded loaded = resolve::TerraformPlan::load(file, *pr.root);
  for (auto& d : loaded.diagnostics) diags.push_back(std::move(d));
  out.plan = std::move(loaded.plan);
  // The plan describes the root module in the first scanned folder.
  fs::path root = paths.empty() ? fs::path(".") : fs::path(paths.front());
  if (!fs::is_directory(root, ec)) root = root.parent_path().empty() ? fs::path(".") : root.parent_path();
  out.root = shown(root);
  if (out.root == ".") out.root.clear();
  return out;
}

std::vector<model::FileModel> plan_models(const resolve::TerraformPlan& plan) {
  std::vector<model::FileModel> out;
  for (const auto& m : resolve::plan_as_configuration(plan)) {
    // Resolved like a module of literals, so SES resources get their provider's location.
    const std::vector<resolve::TerraformFile> files{resolve::TerraformFile{&plan.file(), m.root, false}};
    resolve::ModuleResult r = resolve::resolve_terraform_module(files, {}, resolve::Inputs{});
    const syntax::ValuePtr& root = !r.files.empty() && r.files[0].root ? r.files[0].root : m.root;
    model::FileModel fm = model::normalize_file(plan.file(), *root, model::FileKind::Terraform);
    for (auto& d : r.diagnostics) fm.diagnostics.push_back(std::move(d));
    if (!m.module.empty()) model::set_module(fm, m.module);
    fm.kind = model::FileKind::Terraform;
    out.push_back(std::move(fm));
  }
  return out;
}

}  // namespace seslint::cli
