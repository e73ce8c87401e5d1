// libFuzzer target: several files through parse -> resolve -> model -> rules -> every reporter.
// The input is split at NUL bytes into up to six files with fixed names (Terraform, a module
// folder, tfvars, .tf.json, CloudFormation YAML, an IAM policy JSON). Invariants: no crash; the
// JSON and SARIF outputs are valid JSON; no line of the text output starts with "::" (a GitHub
// workflow command) since values are escaped there.
#include <cstddef>
#include <cstdint>
#include <simdjson.h>
#include <string>
#include <vector>

#include "cli/pipeline.h"
#include "engine/rule.h"
#include "fuzz_common.h"
#include "report/report.h"

namespace {

const char* const kNames[] = {"main.tf", "modules/m/main.tf", "terraform.tfvars", "extra.tf.json", "template.yaml",
                              "policy.json"};

bool valid_json(const std::string& s) {
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::element e;
  return parser.parse(s).get(e) == simdjson::SUCCESS;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace seslint;
  std::vector<std::pair<std::string, std::string>> files;
  std::string cur;
  std::size_t k = 0;
  for (std::size_t i = 0; i <= size && k < std::size(kNames); ++i) {
    if (i == size || data[i] == 0) {
      if (!cur.empty()) files.emplace_back(kNames[k], cur);
      ++k;
      cur.clear();
    } else {
      cur += static_cast<char>(data[i]);
    }
  }
  cli::LintRun run = cli::lint_texts(files);
  report::Options opt;
  opt.root_uri = "file:///repo/";
  const auto& reg = engine::Registry::global();
  const std::string text = report::render(report::Format::Text, run.report, reg, *run.sources, opt);
  fuzz::require(text.rfind("::", 0) != 0 && text.find("\n::") == std::string::npos, "text output line starts with ::");
  fuzz::require(valid_json(report::render(report::Format::Json, run.report, reg, *run.sources, opt)), "JSON output invalid");
  fuzz::require(valid_json(report::render(report::Format::Sarif, run.report, reg, *run.sources, opt)), "SARIF output invalid");
  return 0;
}
