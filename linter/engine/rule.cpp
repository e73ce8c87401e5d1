#include "engine/rule.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#ifndef SESLINT_HELP_VERSION
#define SESLINT_HELP_VERSION "0.1.0"
#endif

namespace seslint::engine {

namespace {

constexpr std::string_view kToolDocs = R"md(
## What it does
Reports a problem seslint had with its input or configuration rather than with your policies.

## Why it matters
A file or setting that seslint could not read is a file whose policies were not checked. The
diagnostic says where and why, and the rest of the repository is still linted.

## Example
A Terraform file with an unclosed block, a CloudFormation template with a YAML syntax error, or an
unknown rule ID passed to `--select`.

## Use instead
Fix the input at the reported location, or correct the command-line option.

## References
- seslint README, "Diagnostics": https://github.com/seslint/seslint/blob/v0.1.0/README.md#diagnostics
)md";

}  // namespace

const std::vector<RuleMeta>& tool_diagnostics() {
  static const std::vector<RuleMeta> kTool = {
      {"SES900", "parse-error", Severity::Error, "A file could not be parsed; the parts that could not be read were not linted", kToolDocs, {}},
      {"SES901", "unsupported-construct", Severity::Note, "A construct seslint does not evaluate yet was skipped", kToolDocs, {}},
      {"SES902", "rule-crashed", Severity::Error, "A rule failed internally; its findings for this run are incomplete", kToolDocs, {}},
      {"SES903", "bad-configuration", Severity::Error, "A command-line option or configuration value is invalid", kToolDocs, {}},
      {"SES904", "unreadable-input", Severity::Error, "A path could not be read", kToolDocs, {}},
      {"SES905", "unused-ignore", Severity::Warning, "A seslint:ignore names an unknown rule or matches no finding", kToolDocs, {}},
  };
  return kTool;
}

Registry& Registry::global() {
  static Registry r;
  return r;
}

void Registry::add(Rule rule) {
  for (const auto& r : rules_)
    if (r.meta.id == rule.meta.id) throw std::logic_error("seslint: duplicate rule id " + std::string(rule.meta.id));
  rules_.push_back(std::move(rule));
  sorted_ = false;
}

const std::vector<Rule>& Registry::rules() const {
  if (!sorted_) {
    std::sort(rules_.begin(), rules_.end(), [](const Rule& a, const Rule& b) { return a.meta.id < b.meta.id; });
    sorted_ = true;
  }
  return rules_;
}

const Rule* Registry::find(std::string_view id) const {
  for (const auto& r : rules())
    if (r.meta.id == id) return &r;
  return nullptr;
}

const RuleMeta* Registry::meta(std::string_view id) const {
  if (const Rule* r = find(id)) return &r->meta;
  for (const auto& m : tool_diagnostics())
    if (m.id == id) return &m;
  return nullptr;
}

std::string help_uri(std::string_view id) {
  // README.md carries every rule's docs under a generated "### SESxxx `name`" heading; GitHub
  // turns it into the anchor "sesxxx-name". Tool diagnostics are described in one table.
  std::string anchor(id);
  std::transform(anchor.begin(), anchor.end(), anchor.begin(), [](unsigned char c) { return std::tolower(c); });
  if (const Rule* r = Registry::global().find(id)) anchor += "-" + std::string(r->meta.name);
  else anchor = "diagnostics";
  return "https://github.com/seslint/seslint/blob/v" SESLINT_HELP_VERSION "/README.md#" + anchor;
}

}  // namespace seslint::engine
