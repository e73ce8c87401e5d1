// libFuzzer target: the embedded-policy path. The input is the text of a Terraform heredoc
// holding a policy document; it goes through parse_hcl, the resolver and the normalizer (which
// parses the heredoc's JSON with parse_embedded_json), then the rules.
#include <cstddef>
#include <cstdint>

#include "cli/pipeline.h"
#include "fuzz_common.h"
#include "parse/parse.h"
#include "syntax/value.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace seslint;
  const std::string doc(reinterpret_cast<const char*>(data), size);
  // Directly: the JSON text of a String value located in a file.
  source::SourceFile f(0, "policy.json", doc);
  const source::Span all{0, 0, static_cast<std::uint32_t>(size), false};
  syntax::ValuePtr str = syntax::make_string(doc, all, all);
  parse::ParseResult r = parse::parse_embedded_json(*str, f);
  fuzz::check_spans(r.diagnostics, f);
  // Through the pipeline: as a heredoc, which is how most policies reach the normalizer.
  const std::string tf = "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n"
                         "resource \"aws_iam_user_policy\" \"p\" {\n  user   = aws_iam_user.u.name\n"
                         "  policy = <<EOF\n" + doc + "\nEOF\n}\n";
  cli::LintRun run = cli::lint_texts({{"main.tf", tf}});
  (void)run;
  return 0;
}
