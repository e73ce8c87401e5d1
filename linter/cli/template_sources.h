// cli/template_sources: the files a Terraform module reads through templatefile() or file()
// with a literal path ("policy.json.tpl", "./x.json", "${path.module}/x.json"), found by a scan
// of the .tf / .tf.json text before anything is parsed. Such a file that holds `${...}` or
// `%{...}` is a template source: Terraform renders it at the call, so it is checked there (the
// resolver's templatefile() renders it) and never parsed on its own as a policy or a
// CloudFormation template. Files named *.tftpl / *.json.tpl are templates by name (discovery
// does not pick them up at all).
//   std::set<std::string> t = template_sources({{"infra/main.tf", text}});  // {"infra/policy.json"}
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace seslint::cli {

/// The displayed paths (lexically normal, '/' separated, relative as the .tf file's own path is)
/// of the files the given Terraform files read with templatefile() / file() and a literal path.
std::set<std::string> referenced_files(const std::vector<std::pair<std::string, std::string_view>>& terraform_files);

/// True when the text has a template placeholder or directive (`${` / `%{`, not `$${` / `%%{`).
bool has_template_placeholder(std::string_view text);

}  // namespace seslint::cli
