// tests/support/terraform_module.h: a Terraform module parsed and resolved in memory, for the
// resolver's unit tests (one root folder, optional tfvars and child-module folders).
//   TfModule m; m.add("main.tf", "..."); m.run(); CHECK(show(m.out("x")) == "[a,b]");
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "parse/parse.h"
#include "resolve/resolve.h"

namespace seslint::test {

struct TfModule {
  source::SourceSet set;
  std::vector<resolve::TerraformFile> files, tfvars;
  std::map<std::string, std::vector<resolve::TerraformFile>> folders;  ///< child modules by folder
  resolve::ModuleResult result;
  resolve::Inputs inputs;

  void add(const std::string& path, const std::string& text) {
    const auto& f = set.file(set.add(path, text));
    files.push_back(resolve::TerraformFile{&f, parse::parse_hcl(f).root, false});
  }
  void add_json(const std::string& path, const std::string& text) {
    const auto& f = set.file(set.add(path, text));
    files.push_back(resolve::TerraformFile{&f, parse::parse_json(f).root, true});
  }
  void add_tfvars(const std::string& path, const std::string& text, bool json = false) {
    const auto& f = set.file(set.add(path, text));
    tfvars.push_back(resolve::TerraformFile{&f, json ? parse::parse_json(f).root : parse::parse_hcl(f).root, json});
  }
  /// A file of another folder (a child module); `json` for .tf.json.
  void add_child(const std::string& path, const std::string& text, bool json = false) {
    const auto& f = set.file(set.add(path, text));
    auto dir = std::filesystem::path(path).parent_path().generic_string();
    folders[dir].push_back(
        resolve::TerraformFile{&f, json ? parse::parse_json(f).root : parse::parse_hcl(f).root, json});
  }
  void run() {
    resolve::ModuleLoader loader = [this](const std::string& dir) -> const std::vector<resolve::TerraformFile>* {
      auto it = folders.find(dir);
      return it == folders.end() ? nullptr : &it->second;
    };
    result = resolve::resolve_terraform_module(files, tfvars, inputs, loader);
  }
  /// The resolved block `type` labelled `label` (last label) of file `file`.
  const syntax::Value& block(const std::string& type, const std::string& label, std::size_t file = 0) const {
    for (const auto& e : result.files.at(file).root->entries) {
      const syntax::Value& b = *e.value;
      if (b.block_type == type && !b.labels.empty() && b.labels.back().text == label) return b;
    }
    FAIL("no block " + type + " " + label);
    throw 0;
  }
  /// The resolved value of attribute `name` of that block.
  const syntax::Value& attr(const std::string& type, const std::string& label, const std::string& name,
                            std::size_t file = 0) const {
    const syntax::Value* v = block(type, label, file).get(name);
    REQUIRE(v);
    return *v;
  }
  const syntax::Value& out(const std::string& name) const { return attr("output", name, "value"); }
  /// The source text under `v`'s span (first file).
  std::string text(const syntax::Value& v) const { return std::string(files[0].file->slice(v.span)); }
  bool has_diag(const std::string& needle) const {
    for (const auto& d : result.diagnostics)
      if (d.message.find(needle) != std::string::npos) return true;
    return false;
  }
};

/// A compact rendering: strings as is, Unknown as ?text, Reference as &text, templates with their
/// unknown parts as ${...}, lists [a,b], maps {k=v}.
inline std::string show(const syntax::Value& v) {
  using syntax::Kind;
  switch (v.kind) {
    case Kind::String:
    case Kind::Number:
    case Kind::Bool: return v.text;
    case Kind::Template: {
      std::string s;
      for (const auto& p : v.items) s += p->kind == Kind::String ? p->text : "${" + show(*p) + "}";
      return s;
    }
    case Kind::Unknown: return "?" + v.text;
    case Kind::Reference: return "&" + v.text;
    case Kind::Null: return "null";
    case Kind::List: {
      std::string s = "[";
      for (const auto& i : v.items) s += (s.size() > 1 ? "," : "") + show(*i);
      return s + "]";
    }
    case Kind::Map: {
      std::string s = "{";
      for (const auto& e : v.entries) s += (s.size() > 1 ? "," : "") + e.key + "=" + show(*e.value);
      return s + "}";
    }
    case Kind::Call: {
      std::string s = v.text + "(";
      for (const auto& i : v.items) s += show(*i);
      return s + ")";
    }
  }
  return "";
}

}  // namespace seslint::test
