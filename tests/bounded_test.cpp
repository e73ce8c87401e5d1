// Hostile inputs from issue 13 (tests/support/hostile_inputs.h, generated at test time): each
// finishes within 10 s and 1 GiB through the real binary, with a diagnostic, and the other
// files' findings stay in the report. Tagged [slow]: the 200 MB inputs take a few seconds to write.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "cli/pipeline.h"
#include "parse/parse.h"
#include "support/hostile_inputs.h"
#include "support/test_util.h"

using namespace seslint;
namespace fs = std::filesystem;

namespace {

struct Measured {
  int exit_code = -1;
  double seconds = 0;
  long max_rss_kb = 0;
  std::string out;
};

/// Runs the binary under GNU time; `timeout 60` only keeps a regression from hanging the suite.
Measured run_measured(const fs::path& repo, const std::string& args) {
  const fs::path stats = repo.parent_path() / (repo.filename().string() + ".time");
  auto r = test::run_command("cd " + test::shell_quote(repo.string()) + " && /usr/bin/time -f '%e %M' -o " +
                             test::shell_quote(stats.string()) + " timeout 60 " + test::shell_quote(SESLINT_BINARY) +
                             " --no-code-frames " + args + " 2>&1");
  Measured m;
  m.exit_code = r.exit_code;
  m.out = r.out;
  // GNU time writes "Command exited with non-zero status N" first when the exit code is not 0.
  std::string t = test::read_text(stats);
  while (!t.empty() && t.back() == '\n') t.pop_back();
  auto nl = t.rfind('\n');
  if (nl != std::string::npos) t = t.substr(nl + 1);
  m.seconds = 1e9;
  m.max_rss_kb = 1L << 40;
  std::sscanf(t.c_str(), "%lf %ld", &m.seconds, &m.max_rss_kb);
  return m;
}

}  // namespace

TEST_CASE("hostile inputs finish within 10 s and 1 GiB with a diagnostic", "[slow][safety][bounded]") {
  using test::Hostile;
  struct Case {
    Hostile input;
    const char* diagnostic;
  };
  const Case cases[] = {
      {Hostile::BillionLaughs, "(an alias bomb)"},
      {Hostile::JoinAliases, "produce too much data"},
      {Hostile::TfLocalsString, "produce too much data"},
      {Hostile::TfLocalsList, "produce too much data"},
      {Hostile::TfLocalsShared, "error[SES006]"},
      {Hostile::JsonPolicy200M, "larger than --max-file-size 16.0 MiB"},
      {Hostile::Tf200M, "larger than --max-file-size 16.0 MiB"},
      {Hostile::Heredoc45M, "larger than --max-file-size 16.0 MiB"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(test::hostile_name(c.input)) {
      std::string tmpl = (fs::temp_directory_path() / "seslint-bounded-XXXXXX").string();
      REQUIRE(mkdtemp(tmpl.data()) != nullptr);
      const fs::path repo = fs::path(tmpl) / "repo";
      test::write_hostile(c.input, repo);
      // A well-formed file next to it keeps its finding.
      test::write_text(repo / "ok" / "policy.json",
                       "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": "
                       "[\"ses:SendEmail\", \"ses:GetSendQuota\"], \"Resource\": "
                       "\"arn:aws:ses:us-east-1:123456789012:identity/example.com\"}]}\n");
      Measured m = run_measured(repo, ".");
      INFO(m.out.substr(0, 4000));
      INFO("time " << m.seconds << " s, max RSS " << m.max_rss_kb / 1024 << " MiB");
      CHECK(m.seconds <= 10.0);
      CHECK(m.max_rss_kb <= 1024 * 1024);
      CHECK(m.out.find(c.diagnostic) != std::string::npos);
      CHECK(m.out.find("ok/policy.json:") != std::string::npos);
      CHECK((m.exit_code == 0 || m.exit_code == 1));
      fs::remove_all(tmpl);
    }
  }
}

TEST_CASE("a tree-sitter out-of-memory is one file's diagnostic, the rest of the report stays", "[safety][bounded]") {
  // Cap what one HCL parse may allocate so a big file fails the way a real OOM would.
  std::string big = "locals {\n";
  for (int i = 0; i < 20000; ++i) big += "  l" + std::to_string(i) + " = [\"a\", \"b\", {k = \"v\"}]\n";
  big += "}\n";
  parse::set_hcl_memory_limit(256 * 1024);
  cli::LintRun run = cli::lint_texts({{"big.tf", big},
                                      {"policy.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                                                      "\"Action\": \"ses:GetSendQuota\", \"Resource\": "
                                                      "\"arn:aws:ses:us-east-1:123456789012:identity/example.com\"}]}"},
                                      {"small.tf", "resource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n"}});
  parse::set_hcl_memory_limit(0);
  bool oom = false, other = false;
  for (const auto& f : run.report.findings) {
    if (f.message.find("out of memory while parsing this file") != std::string::npos &&
        run.sources->file(f.span.file).path() == "big.tf")
      oom = true;
    if (f.span.valid() && run.sources->file(f.span.file).path() == "policy.json") other = true;
  }
  CHECK(oom);
  CHECK(other);
  // The next parse gets a fresh parser and works.
  cli::LintRun again = cli::lint_texts({{"big.tf", big}});
  for (const auto& f : again.report.findings) CHECK(f.message.find("out of memory") == std::string::npos);
}
