// Shared by the reporter tests: a sample report (two files with non-ASCII text, findings of each
// severity, tool diagnostics), byte-exact snapshots in fixtures/report/, and the SARIF validators.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report_test {

namespace fs = std::filesystem;


inline constexpr std::string_view kMainTf =
    "resource \"aws_ses_domain_identity\" \"example\" {\n"
    "  domain = \"ex\xC3\xA4mple.com\"\n"
    "}\n"
    "\n"
    "data \"aws_iam_policy_document\" \"send\" {\n"
    "  statement {\n"
    "    actions = [\"ses:SendEmail\"]\n"
    "\tresources = [\"\xC3\xBC\", \"arn:aws:ses:us-east-1:111122223333:identity/b\xC3\xB8""b@example.com\"]\n"
    "  }\n"
    "}\n";

inline constexpr std::string_view kPolicyJson =
    "{\n"
    "  \"Version\": \"2012-10-17\",\n"
    "  \"Statement\": [{\n"
    "    \"Effect\": \"Allow\",\n"
    "    \"Action\": \"ses:SendRawEmail\",\n"
    "    \"Resource\": \"arn:aws:ses:us-west-2:111122223333:identity/example.com\"\n"
    "  }]\n"
    "}\n";

inline source::Span span_of(const source::SourceSet& set, source::FileId f, std::string_view needle,
                     std::string_view until = {}) {
  std::string_view text = set.file(f).text();
  auto b = text.find(needle);
  REQUIRE(b != std::string_view::npos);
  auto e = b + needle.size();
  if (!until.empty()) {
    auto u = text.find(until, b);
    REQUIRE(u != std::string_view::npos);
    e = u + until.size();
  }
  return source::Span{f, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), false};
}

inline engine::RuleMeta test_rule(std::string_view id, std::string_view name, Severity sev, std::string_view summary) {
  return engine::RuleMeta{id, name, sev, summary,
                          "\n## What it does\nChecks a test pattern.\n\n## Why it matters\nSES returns 554.\n", {}};
}

struct Sample {
  source::SourceSet sources;
  engine::Registry reg;
  engine::Report rep;
  source::FileId tf = 0, json = 0;

  Sample() {
    tf = sources.add("main.tf", std::string(kMainTf));
    json = sources.add("policies/send policy.json", std::string(kPolicyJson));
    reg.add(engine::Rule{test_rule("SES002", "sending-region-mismatch", Severity::Warning,
                                   "The identity's region differs from the sending region"),
                         nullptr});
    reg.add(engine::Rule{test_rule("SES001", "email-address-identity-resource", Severity::Error,
                                   "The policy grants an email-address identity instead of the domain"),
                         nullptr});

    engine::Finding a;
    a.rule_id = "SES001";
    a.severity = Severity::Error;
    a.message = "Resource names the email-address identity \"b\xC3\xB8""b@example.com\", but only the domain is verified.";
    a.span = span_of(sources, tf, "arn:aws:ses:us-east-1:111122223333:identity/b\xC3\xB8""b@example.com");
    a.logical_path = "data.aws_iam_policy_document.send.statement[0].resources[1]";
    a.notes.push_back({span_of(sources, tf, "\"aws_ses_domain_identity\" \"example\""), "Domain identity verified here."});
    a.notes.push_back({source::Span{}, "SES authorizes the identity of the From address."});
    a.help = "Grant arn:aws:ses:us-east-1:111122223333:identity/ex\xC3\xA4mple.com instead.";

    engine::Finding b;
    b.rule_id = "SES901";
    b.severity = Severity::Note;
    b.message = "A statement block with dynamic content was skipped.";
    b.span = span_of(sources, tf, "statement {", "]\n  }");

    engine::Finding c;
    c.rule_id = "SES002";
    c.severity = Severity::Warning;
    c.message = "Identity region us-west-2 differs from the sending region us-east-1.";
    c.span = span_of(sources, json, "us-west-2");
    c.span.approximate = true;
    c.logical_path = "Statement[0].Resource";
    c.help = "Send from us-west-2 or verify the identity in us-east-1.";

    engine::Finding d;
    d.rule_id = diag::kBadConfig;
    d.severity = Severity::Error;
    d.message = "Unknown rule ID \"SES999\" in --select.";

    engine::Finding e;
    e.rule_id = diag::kRuleCrashed;
    e.severity = Severity::Error;
    e.message = "Rule SES002 crashed: std::bad_alloc; its findings are incomplete.";

    for (engine::Finding* f : {&a, &b, &c, &d, &e}) {
      f->fingerprint = engine::compute_fingerprint(*f, f->span.valid() ? sources.file(f->span.file).path() : "");
      rep.findings.push_back(*f);
    }
    engine::sort_findings(rep.findings, sources);
    rep.execution_successful = false;
    rep.tool_version = "0.1.0";
    rep.summary = {"Principals that can send:", "  role/sender    ex\xC3\xA4mple.com (us-east-1)"};
  }
};

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void check_snapshot(const std::string& name, const std::string& actual) {
  fs::path p = fs::path(SESLINT_FIXTURES_DIR) / "report" / name;
  const char* update = std::getenv("SESLINT_UPDATE_SNAPSHOTS");
  if (update && std::string(update) == "1") {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << actual;
    WARN("snapshot rewritten: " << p.string());
    return;
  }
  if (!fs::exists(p)) FAIL("snapshot " << p.string() << " missing; run with SESLINT_UPDATE_SNAPSHOTS=1");
  std::string expected = read_file(p);
  INFO("snapshot " << p.string() << " differs; actual output:\n" << actual);
  REQUIRE(actual == expected);  // byte for byte
}

inline simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element doc;
  auto err = parser.parse(json).get(doc);
  INFO(json);
  REQUIRE(err == simdjson::SUCCESS);
  return doc;
}

inline std::string str(simdjson::dom::element e) { return std::string(std::string_view(e)); }

struct Run {
  int status;
  std::string output;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string tools_dir() {
  const char* env = std::getenv("SESLINT_TOOLS_DIR");
  return env && *env ? env : SESLINT_TOOLS_DIR;
}

inline Run run_validator(const std::string& sarif_text, const std::string& stem) {
  fs::path file = fs::temp_directory_path() / (stem + "-" + std::to_string(::getpid()) + ".sarif");
  std::ofstream(file, std::ios::binary) << sarif_text;
  std::string script = std::string(SESLINT_SOURCE_DIR) + "/tests/tools/sarif-validate.sh";
  std::string cmd = "SESLINT_TOOLS_DIR=" + shell_quote(tools_dir()) + " bash " + shell_quote(script) + " " +
                    shell_quote(file.string()) + " 2>&1";
  Run r{-1, {}};
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  fs::remove(file);
  if (r.status == 2)
    FAIL("SARIF validators unavailable in " << tools_dir() << ": run tests/tools/install.sh"
         << " (or set SESLINT_TOOLS_DIR)\n" << r.output);
  return r;
}

}  // namespace seslint::report_test
