#include "cli/installed_modules.h"

#include <algorithm>

#include "cli/pipeline.h"
#include "parse/parse.h"
#include "source/file_access.h"

namespace seslint::cli {

namespace fs = std::filesystem;

namespace {

const syntax::Value* field(const syntax::Value& obj, const char* name) {
  const syntax::Value* v = obj.get(name);
  return v && v->kind == syntax::Kind::String ? v : nullptr;
}

/// A literal string in the parsed (unresolved) tree: a String, or a Template of one String part.
const std::string* literal(const syntax::Value* v) {
  if (!v) return nullptr;
  if (v->kind == syntax::Kind::String) return &v->text;
  if (v->kind == syntax::Kind::Template && v->items.size() == 1 && v->items[0]->kind == syntax::Kind::String)
    return &v->items[0]->text;
  return nullptr;
}

}  // namespace

InstalledModules read_modules_json(const std::string& root, source::SourceSet& sources, std::vector<Diagnostic>& diags,
                                   const ModuleReadOptions& read) {
  InstalledModules out;
  std::error_code ec;
  const fs::path root_path = root.empty() ? fs::path(".") : fs::path(root);
  const fs::path installed = root_path / ".terraform" / "modules";
  const fs::path manifest = installed / "modules.json";
  if (!fs::exists(fs::symlink_status(manifest, ec))) return out;
  const std::string shown = resolve::module_folder(root, ".terraform/modules/modules.json");
  // .terraform/modules must really be below the root: a link elsewhere is not followed.
  const fs::path real_root = source::real_path(root_path), real_installed = source::real_path(installed);
  if (!read.follow_symlinks && (real_installed.empty() || !source::path_within(real_installed, real_root))) {
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning,
                               shown + ": .terraform/modules is a link out of its root folder; the installed modules "
                                       "were not read (--follow-symlinks reads them)",
                               {}});
    return out;
  }
  source::ReadResult r = source::read_regular_file(manifest, read.max_file_size);
  if (r.status != source::ReadStatus::Ok) {
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning, "cannot read " + shown + ": " + r.error, {}});
    return out;
  }
  const source::FileId id = sources.add(shown, std::move(r.text));
  const source::SourceFile& file = sources.file(id);
  parse::ParseResult pr = parse::parse_json(file);
  const syntax::Value* list = pr.root ? pr.root->get("Modules") : nullptr;
  if (!pr.diagnostics.empty() || !list || list->kind != syntax::Kind::List) {
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning,
                               "not a Terraform module manifest (a \"Modules\" list of Key / Source / Dir objects); the "
                               "installed modules were not read",
                               source::Span{id, 0, 0, false}});
    return out;
  }
  for (const auto& item : list->items) {
    if (!item || item->kind != syntax::Kind::Map) continue;
    const syntax::Value* key = field(*item, "Key");
    const syntax::Value* src = field(*item, "Source");
    const syntax::Value* dir = field(*item, "Dir");
    if (!key || !src || !dir || key->text.empty()) continue;  // "" is the root module itself
    const std::string s = src->text;
    if (resolve::is_local_module_source(s)) continue;  // local calls resolve by their source
    // Terraform installs remote modules below .terraform/modules; any other folder is refused.
    const fs::path rel = fs::path(dir->text).lexically_normal();
    const std::string rel_text = rel.generic_string();
    if (rel.is_absolute() || rel_text.rfind(".terraform/modules/", 0) != 0 ||
        rel_text.find("..") != std::string::npos) {
      diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning,
                                 "module '" + key->text + "': Dir '" + dir->text +
                                     "' is not below .terraform/modules; it was not read",
                                 dir->span});
      continue;
    }
    resolve::InstalledModule m;
    m.source = s;
    if (const syntax::Value* ver = field(*item, "Version")) m.version = ver->text;
    m.dir = resolve::module_folder(root, rel_text);
    out.dirs.push_back(m.dir);
    out.by_key[key->text] = std::move(m);
  }
  std::sort(out.dirs.begin(), out.dirs.end());
  out.dirs.erase(std::unique(out.dirs.begin(), out.dirs.end()), out.dirs.end());
  return out;
}

std::vector<DiscoveredFile> module_folder_files(const std::string& dir, const fs::path& confine,
                                                const ModuleReadOptions& read, std::vector<Diagnostic>& diags) {
  std::vector<DiscoveredFile> out;
  std::error_code ec;
  const fs::path p = dir.empty() ? fs::path(".") : fs::path(dir);
  const fs::path real_dir = source::real_path(p);
  if (real_dir.empty() || !fs::is_directory(real_dir, ec)) {
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning, "module folder '" + dir + "' does not exist", {}});
    return out;
  }
  if (!read.follow_symlinks && !confine.empty() && !source::path_within(real_dir, confine)) {
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Warning,
                               "module folder '" + dir + "' is a link out of its installed modules; not read "
                               "(--follow-symlinks reads it)",
                               {}});
    return out;
  }
  fs::directory_iterator it(p, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string format = format_for_name(name);
    if (format != "terraform" && format != "terraform-json") continue;
    const auto st = fs::symlink_status(it->path(), ec);
    DiscoveredFile f;
    f.display = resolve::module_folder(dir, name);
    f.format = format;
    if (fs::is_symlink(st)) {
      const fs::path real = source::real_path(it->path());
      if (real.empty() || (!read.follow_symlinks && !source::path_within(real, real_dir))) {
        f.skip_message = "symbolic link out of its module folder, not read; --follow-symlinks reads it";
        out.push_back(std::move(f));
        continue;
      }
      f.real = real;
    } else if (fs::is_regular_file(st)) {
      f.real = source::real_path(it->path());
    } else {
      continue;
    }
    out.push_back(std::move(f));
  }
  if (ec)
    diags.push_back(Diagnostic{diag::kUnreadable, Severity::Error, "cannot read module folder '" + dir + "': " + ec.message(), {}});
  std::sort(out.begin(), out.end(), [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.display < b.display; });
  return out;
}

std::vector<std::string> module_sources(const syntax::Value& root, bool json) {
  std::vector<std::string> out;
  if (json) {
    const syntax::Value* mods = root.get("module");
    if (!mods || mods->kind != syntax::Kind::Map) return out;
    for (const auto& e : mods->entries)
      if (e.value && e.value->kind == syntax::Kind::Map)
        if (const std::string* s = literal(e.value->get("source"))) out.push_back(*s);
    return out;
  }
  for (const auto& e : root.entries) {
    const syntax::Value& b = *e.value;
    if (!b.is_block || b.block_type != "module") continue;
    const syntax::MapEntry* src = b.entry("source");
    if (const std::string* s = literal(src ? src->value.get() : nullptr)) out.push_back(*s);
  }
  return out;
}

}  // namespace seslint::cli
