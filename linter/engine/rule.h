// engine/rule: rule metadata, the registry and self-registration.
// A rule is one file under rules/: metadata + docs + examples + a check function,
// registered with SESLINT_RULE. The registry is sorted by ID so static-initialization
// order never reaches the output.
//   SESLINT_RULE(kMeta, &check);   // void check(const model::Model&, RuleContext&)
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/finding.h"
#include "syntax/diagnostic.h"

namespace seslint::model { struct Model; }

namespace seslint::engine {

/// An embedded example: a small input file and whether the rule must fire on it.
struct Example {
  std::string_view file_name;  ///< decides the format: "main.tf", "template.yaml", "policy.json"
  bool expect_finding;
  std::string_view text;
};

struct RuleMeta {
  std::string_view id;        ///< stable, "SES001"
  std::string_view name;      ///< kebab-case, names the bad pattern
  Severity severity;          ///< default severity
  std::string_view summary;   ///< one line; SARIF shortDescription
  std::string_view docs;      ///< markdown: What it does / Why it matters / Example / Use instead / References
  std::vector<Example> examples;
};

class RuleContext;
using CheckFn = void (*)(const model::Model&, RuleContext&);

struct Rule {
  RuleMeta meta;
  CheckFn check = nullptr;
};

/// Meta for tool diagnostics (SES9xx), so reporters can describe them like rules.
const std::vector<RuleMeta>& tool_diagnostics();

class Registry {
 public:
  static Registry& global();
  void add(Rule rule);
  /// Rules sorted by ID.
  const std::vector<Rule>& rules() const;
  const Rule* find(std::string_view id) const;
  /// Rule or tool diagnostic meta by ID.
  const RuleMeta* meta(std::string_view id) const;

 private:
  mutable std::vector<Rule> rules_;
  mutable bool sorted_ = true;
};

struct Registrar {
  Registrar(RuleMeta meta, CheckFn fn) { Registry::global().add(Rule{std::move(meta), fn}); }
};

/// Documentation URL for a rule ID (README anchor of the current version).
std::string help_uri(std::string_view id);

}  // namespace seslint::engine

#define SESLINT_CONCAT_INNER(a, b) a##b
#define SESLINT_CONCAT(a, b) SESLINT_CONCAT_INNER(a, b)
#define SESLINT_RULE(meta, fn) \
  static const ::seslint::engine::Registrar SESLINT_CONCAT(seslint_registrar_, __LINE__){(meta), (fn)}
