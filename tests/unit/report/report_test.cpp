// Reporter tests: text snapshot, JSON and SARIF structure, SARIF validation by real tools.
// Snapshots live in fixtures/report/*.txt; rewrite them with SESLINT_UPDATE_SNAPSHOTS=1.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sstream>
#include <string>
#include <vector>

#include "report/internal.h"
#include "report/report.h"
#include "unit/report/report_sample.h"

using namespace seslint;
using namespace seslint::report_test;

TEST_CASE("text: snapshot with code frames, notes, help and summary", "[report]") {
  Sample s;
  check_snapshot("sample.txt", report::render_text(s.rep, s.reg, s.sources));
}

TEST_CASE("text: without code frames", "[report]") {
  Sample s;
  report::Options opt;
  opt.code_frames = false;
  check_snapshot("sample-concise.txt", report::render(report::Format::Text, s.rep, s.reg, s.sources, opt));
}

TEST_CASE("text: color only when asked", "[report]") {
  Sample s;
  CHECK(report::render_text(s.rep, s.reg, s.sources).find('\x1b') == std::string::npos);
  report::Options opt;
  opt.color = true;
  std::string colored = report::render_text(s.rep, s.reg, s.sources, opt);
  CHECK(colored.find("\x1b[1;31merror[SES001]\x1b[0m") != std::string::npos);
}

TEST_CASE("text: empty report and count line", "[report]") {
  source::SourceSet sources;
  engine::Registry reg;
  engine::Report rep;
  CHECK(report::render_text(rep, reg, sources) == "no findings (0 files scanned)\n");
  rep.summary = {"matrix"};
  CHECK(report::render_text(rep, reg, sources) == "matrix\nno findings (0 files scanned)\n");

  auto f = sources.add("a.tf", "x = 1\n");
  engine::Finding one;
  one.rule_id = "SES001";
  one.message = "m";
  one.span = {f, 0, 1, false};
  rep.summary.clear();
  rep.findings = {one};
  std::string out = report::render_text(rep, reg, sources);
  CHECK(out == "a.tf:1:1: error[SES001] m\n  |\n1 | x = 1\n  | ^\n\n1 error, 0 warnings, 0 notes in 1 file (0 files scanned)\n");
  // A suppressed finding is not printed and not counted by severity; the summary counts it.
  engine::Finding hidden = one;
  hidden.suppressed = true;
  rep.findings = {one, hidden};
  rep.files_scanned = 1;
  CHECK(report::render_text(rep, reg, sources) ==
        "a.tf:1:1: error[SES001] m\n  |\n1 | x = 1\n  | ^\n\n1 error, 0 warnings, 0 notes in 1 file (1 file scanned, 1 suppressed)\n");
  rep.findings = {hidden};
  CHECK(report::render_text(rep, reg, sources) == "no findings (1 file scanned, 1 suppressed)\n");
}

TEST_CASE("text: long lines are cut around the span, tabs expanded", "[report]") {
  source::SourceSet sources;
  engine::Registry reg;
  std::string line = "\t" + std::string(300, 'a') + "TARGET" + std::string(300, 'b');
  auto f = sources.add("long.tf", line + "\n");
  engine::Report rep;
  engine::Finding one;
  one.rule_id = "SES001";
  one.message = "m";
  auto b = static_cast<std::uint32_t>(line.find("TARGET"));
  one.span = {f, b, b + 6, false};
  rep.findings = {one};
  std::string out = report::render_text(rep, reg, sources);
  std::istringstream in(out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == "long.tf:1:302: error[SES001] m");
  const std::string& src = lines[2];
  const std::string& carets = lines[3];
  CHECK(src.size() <= 220);
  CHECK(src.rfind("1 | ...", 0) == 0);
  CHECK(src.ends_with("..."));
  auto col = carets.find('^');
  REQUIRE(col != std::string::npos);
  CHECK(src.substr(col, 6) == "TARGET");
  CHECK(carets.substr(col) == "^^^^^^");

  // A tab before the span: expanded to 4 spaces in both rows.
  auto g = sources.add("tab.tf", "\tkey = \"v\"\n");
  one.span = {g, 1, 4, false};
  rep.findings = {one};
  CHECK(report::render_text(rep, reg, sources) ==
        "tab.tf:1:2: error[SES001] m\n  |\n1 |     key = \"v\"\n  |     ^^^\n\n1 error, 0 warnings, 0 notes in 1 file (0 files scanned)\n");
}

TEST_CASE("json: string escaping and UTF-8 repair", "[report]") {
  auto esc = [](std::string_view s) {
    std::string out;
    report::detail::append_json_string(out, s);
    return out;
  };
  CHECK(esc("a\"b\\c") == R"("a\"b\\c")");
  CHECK(esc(std::string_view("\n\r\t\b\f\x01\x1f\x7f", 8)) == R"("\n\r\t\b\f\u0001\u001f\u007f")");
  CHECK(esc(std::string_view("nul\0x", 5)) == R"("nul\u0000x")");
  CHECK(esc("\xC3\xA4\xE2\x9C\x93\xF0\x9F\x93\xA7") == "\"\xC3\xA4\xE2\x9C\x93\xF0\x9F\x93\xA7\"");  // passes through
  CHECK(esc("\xE2\x80\xA8") == R"("\u2028")");
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(esc("a\xFF" "b") == "\"a" + fffd + "b\"");               // invalid byte
  CHECK(esc("\xC0\xAF") == "\"" + fffd + fffd + "\"");            // overlong lead: two bytes
  CHECK(esc("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\""); // UTF-16 surrogate
  CHECK(esc("\xE2\x9C") == "\"" + fffd + "\"");                   // truncated: one maximal subpart
  CHECK(esc("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
  CHECK(esc("\x80x") == "\"" + fffd + "x\"");                     // stray continuation
}

TEST_CASE("json: schema fields", "[report]") {
  Sample s;
  // Invalid UTF-8 and control characters in a message still give valid JSON.
  s.rep.findings[0].message += std::string("\xFF\x01", 2);
  std::string out = report::render_json(s.rep, s.reg, s.sources);
  simdjson::dom::parser parser;
  auto doc = parse(parser, out);

  CHECK(int64_t(doc["version"]) == report::kJsonSchemaVersion);
  CHECK(str(doc["tool"]["name"]) == "seslint");
  CHECK(str(doc["tool"]["version"]) == "0.1.0");
  CHECK(bool(doc["executionSuccessful"]) == false);
  CHECK(int64_t(doc["summary"]["errors"]) == 3);
  CHECK(int64_t(doc["summary"]["warnings"]) == 1);
  CHECK(int64_t(doc["summary"]["notes"]) == 1);

  simdjson::dom::array findings = doc["findings"];
  simdjson::dom::array diagnostics = doc["diagnostics"];
  REQUIRE(findings.size() == 2);
  REQUIRE(diagnostics.size() == 3);
  for (auto d : diagnostics) CHECK(str(d["rule"]["id"]).starts_with("SES9"));
  for (auto f : findings) CHECK(!str(f["rule"]["id"]).starts_with("SES9"));

  // Run-level diagnostics first (sorted by empty path), message with the invalid byte replaced.
  CHECK(str(diagnostics.at(0)["rule"]["id"]) == "SES902");
  CHECK(diagnostics.at(0)["location"].is_null());
  CHECK(str(diagnostics.at(1)["rule"]["name"]) == "bad-configuration");
  CHECK(str(diagnostics.at(1)["message"]) == "Unknown rule ID \"SES999\" in --select.");
  CHECK(str(diagnostics.at(0)["message"]).ends_with("incomplete.\xEF\xBF\xBD\x01"));

  // findings: main.tf SES001 (line 8), then the JSON policy; SES901 is a diagnostic.
  CHECK(str(diagnostics.at(2)["rule"]["id"]) == "SES901");
  CHECK(int64_t(diagnostics.at(2)["location"]["start"]["line"]) == 6);
  simdjson::dom::element a;
  for (auto f : findings)
    if (str(f["rule"]["id"]) == "SES001") a = f;
  CHECK(str(a["rule"]["name"]) == "email-address-identity-resource");
  CHECK(str(a["rule"]["helpUri"]) == engine::help_uri("SES001"));
  CHECK(str(a["severity"]) == "error");
  auto loc = a["location"];
  CHECK(str(loc["path"]) == "main.tf");
  CHECK(int64_t(loc["start"]["line"]) == 8);
  CHECK(int64_t(loc["start"]["column"]) == 21);  // tab and "ü" count one code point each
  auto begin = std::string_view(kMainTf).find("arn:aws:ses:us-east-1");
  CHECK(uint64_t(loc["start"]["offset"]) == begin);
  CHECK(int64_t(loc["end"]["line"]) == 8);
  CHECK(int64_t(loc["end"]["column"]) == 21 + 59);
  CHECK(bool(loc["approximate"]) == false);
  CHECK(str(a["logicalPath"]) == "data.aws_iam_policy_document.send.statement[0].resources[1]");
  simdjson::dom::array notes = a["notes"];
  REQUIRE(notes.size() == 2);
  CHECK(str(notes.at(0)["message"]) == "Domain identity verified here.");
  CHECK(int64_t(notes.at(0)["location"]["start"]["line"]) == 1);
  CHECK(notes.at(1)["location"].error() == simdjson::NO_SUCH_FIELD);
  CHECK(str(a["help"]).starts_with("Grant arn:aws:ses"));
  CHECK(str(a["fingerprint"]).size() == 16);

  auto c = findings.at(1);
  CHECK(str(c["rule"]["id"]) == "SES002");
  CHECK(str(c["location"]["path"]) == "policies/send policy.json");
  CHECK(bool(c["location"]["approximate"]) == true);
  CHECK(diagnostics.at(2)["help"].is_null());
  CHECK(diagnostics.at(2)["logicalPath"].is_null());
}

TEST_CASE("json and sarif: snapshots", "[report]") {
  Sample s;
  report::Options opt;
  opt.root_uri = "file:///home/dev/repo/";
  check_snapshot("sample.json", report::render(report::Format::Json, s.rep, s.reg, s.sources, opt));
  check_snapshot("sample.sarif", report::render(report::Format::Sarif, s.rep, s.reg, s.sources, opt));
}

TEST_CASE("sarif: structure", "[report]") {
  Sample s;
  report::Options opt;
  opt.root_uri = "file:///home/dev/my repo";  // no trailing slash: the reporter adds it
  std::string out = report::render_sarif(s.rep, s.reg, s.sources, opt);
  simdjson::dom::parser parser;
  auto doc = parse(parser, out);

  CHECK(str(doc["$schema"]) == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(str(doc["version"]) == "2.1.0");
  simdjson::dom::array runs = doc["runs"];
  REQUIRE(runs.size() == 1);
  auto run = runs.at(0);
  CHECK(str(run["columnKind"]) == "unicodeCodePoints");
  CHECK(str(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]) == "file:///home/dev/my repo/");
  auto driver = run["tool"]["driver"];
  CHECK(str(driver["name"]) == "seslint");
  CHECK(str(driver["version"]) == "0.1.0");
  CHECK(str(driver["semanticVersion"]) == "0.1.0");

  // Registered rules, sorted by ID; the tool diagnostics that occur are notification descriptors.
  std::vector<std::string> ids, tool_ids;
  simdjson::dom::array rules = driver["rules"];
  for (auto r : rules) ids.push_back(str(r["id"]));
  CHECK(ids == std::vector<std::string>{"SES001", "SES002"});
  simdjson::dom::array tool = driver["notifications"];
  for (auto r : tool) tool_ids.push_back(str(r["id"]));
  CHECK(tool_ids == std::vector<std::string>{"SES901", "SES902", "SES903"});
  CHECK(tool.at(0)["properties"].error() == simdjson::NO_SUCH_FIELD);  // no security ranking for tool notes
  auto r0 = rules.at(0);
  CHECK(str(r0["name"]) == "email-address-identity-resource");
  CHECK(str(r0["shortDescription"]["text"]) == "The policy grants an email-address identity instead of the domain");
  CHECK(str(r0["fullDescription"]["text"]).starts_with("## What it does"));
  CHECK(str(r0["help"]["markdown"]).starts_with("## What it does"));
  CHECK(str(r0["helpUri"]) == engine::help_uri("SES001"));
  CHECK(str(r0["defaultConfiguration"]["level"]) == "error");
  CHECK(str(rules.at(1)["defaultConfiguration"]["level"]) == "warning");
  CHECK(str(tool.at(0)["defaultConfiguration"]["level"]) == "note");
  // GitHub code scanning: tags with "security", security-severity as a string, precision.
  for (auto r : rules) {
    simdjson::dom::array tags = r["properties"]["tags"];
    bool security = false;
    for (auto t : tags) security = security || str(t) == "security";
    CHECK(security);
  }
  CHECK(str(r0["properties"]["security-severity"]) == "7.5");  // error: High
  CHECK(str(r0["properties"]["precision"]) == "high");
  CHECK(str(rules.at(1)["properties"]["security-severity"]) == "5.0");  // warning: Medium
  CHECK(str(rules.at(1)["properties"]["precision"]) == "medium");
  CHECK(run["automationDetails"].error() == simdjson::NO_SUCH_FIELD);  // no --sarif-category

  // Results are the rule findings only: SES9xx never become code-scanning alerts.
  simdjson::dom::array results = run["results"];
  REQUIRE(results.size() == 2);
  for (auto r : results) {
    uint64_t idx = r["ruleIndex"];
    REQUIRE(idx < rules.size());
    CHECK(str(rules.at(idx)["id"]) == str(r["ruleId"]));
    CHECK(!str(r["message"]["text"]).empty());
    CHECK(str(r["partialFingerprints"]["seslint/v1"]).size() == 16);
    if (r["locations"].error() == simdjson::SUCCESS) {
      auto art = r["locations"].at(0)["physicalLocation"]["artifactLocation"];
      CHECK(str(art["uriBaseId"]) == "%SRCROOT%");
      CHECK(str(art["uri"]).find(' ') == std::string::npos);
      CHECK(!str(art["uri"]).starts_with("/"));
    }
  }

  simdjson::dom::element a, c;
  for (auto r : results) {
    CHECK(!str(r["ruleId"]).starts_with("SES9"));
    if (str(r["ruleId"]) == "SES001") a = r;
    if (str(r["ruleId"]) == "SES002") c = r;
  }
  CHECK(str(a["level"]) == "error");
  CHECK(str(a["message"]["text"]) ==
        "Resource names the email-address identity \"b\xC3\xB8""b@example.com\", but only the domain is verified.\n"
        "note: SES authorizes the identity of the From address.\n"
        "help: Grant arn:aws:ses:us-east-1:111122223333:identity/ex\xC3\xA4mple.com instead.");
  auto loc = a["locations"].at(0);
  auto region = loc["physicalLocation"]["region"];
  CHECK(str(loc["physicalLocation"]["artifactLocation"]["uri"]) == "main.tf");
  CHECK(int64_t(region["startLine"]) == 8);
  CHECK(int64_t(region["startColumn"]) == 21);
  CHECK(int64_t(region["endLine"]) == 8);
  CHECK(int64_t(region["endColumn"]) == 80);
  // charOffset counts code points: "ä" on line 2 and "ü" on line 8 are 2 bytes each.
  auto begin = std::string_view(kMainTf).find("arn:aws:ses:us-east-1");
  CHECK(uint64_t(region["charOffset"]) == begin - 2);
  CHECK(uint64_t(region["charLength"]) == 59);
  CHECK(str(loc["logicalLocations"].at(0)["fullyQualifiedName"]) ==
        "data.aws_iam_policy_document.send.statement[0].resources[1]");
  CHECK(str(loc["logicalLocations"].at(0)["kind"]) == "member");
  simdjson::dom::array related = a["relatedLocations"];
  REQUIRE(related.size() == 1);  // the text-only note went into the message
  CHECK(int64_t(related.at(0)["id"]) == 1);
  CHECK(str(related.at(0)["message"]["text"]) == "Domain identity verified here.");
  CHECK(int64_t(related.at(0)["physicalLocation"]["region"]["startLine"]) == 1);
  CHECK(int64_t(related.at(0)["physicalLocation"]["region"]["startColumn"]) == 10);

  CHECK(str(c["level"]) == "warning");
  auto cloc = c["locations"].at(0)["physicalLocation"];
  CHECK(str(cloc["artifactLocation"]["uri"]) == "policies/send%20policy.json");
  CHECK(bool(cloc["properties"]["approximate"]) == true);

  auto inv = run["invocations"].at(0);
  CHECK(bool(inv["executionSuccessful"]) == false);
  simdjson::dom::array notes = inv["toolExecutionNotifications"];
  REQUIRE(notes.size() == 3);  // SES902 and SES903 (no span), then SES901 in main.tf
  for (auto n : notes) {
    uint64_t idx = n["descriptor"]["index"];
    REQUIRE(idx < tool.size());
    CHECK(str(tool.at(idx)["id"]) == str(n["descriptor"]["id"]));
  }
  CHECK(str(notes.at(0)["descriptor"]["id"]) == "SES902");
  CHECK(str(notes.at(0)["level"]) == "error");
  CHECK(notes.at(0)["locations"].error() == simdjson::NO_SUCH_FIELD);
  CHECK(str(notes.at(2)["descriptor"]["id"]) == "SES901");
  CHECK(str(notes.at(2)["level"]) == "note");
  CHECK(int64_t(notes.at(2)["locations"].at(0)["physicalLocation"]["region"]["startLine"]) == 6);

  // Without root_uri there is no originalUriBaseIds.
  auto doc2 = parse(parser, report::render_sarif(s.rep, s.reg, s.sources));
  CHECK(doc2["runs"].at(0)["originalUriBaseIds"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("sarif: special paths become valid URIs", "[report]") {
  source::SourceSet sources;
  engine::Registry reg;
  engine::Report rep;
  for (std::string p : {"./dir/ü b#1.tf", "/abs/x.tf"}) {
    engine::Finding f;
    f.rule_id = "SES001";
    f.message = "m.";
    f.span = {sources.add(p, "x\n"), 0, 1, false};
    rep.findings.push_back(f);
  }
  simdjson::dom::parser parser;
  auto doc = parse(parser, report::render_sarif(rep, reg, sources));
  simdjson::dom::array results = doc["runs"].at(0)["results"];
  auto a0 = results.at(0)["locations"].at(0)["physicalLocation"]["artifactLocation"];
  CHECK(str(a0["uri"]) == "dir/%C3%BC%20b%231.tf");
  CHECK(str(a0["uriBaseId"]) == "%SRCROOT%");
  auto a1 = results.at(1)["locations"].at(0)["physicalLocation"]["artifactLocation"];
  CHECK(str(a1["uri"]) == "file:///abs/x.tf");
  CHECK(a1["uriBaseId"].error() == simdjson::NO_SUCH_FIELD);
  // Unknown rule IDs still get a descriptor so ruleIndex stays valid.
  CHECK(str(doc["runs"].at(0)["tool"]["driver"]["rules"].at(0)["id"]) == "SES001");
}

TEST_CASE("sarif: the sample log passes the SARIF validators", "[report][sarif-schema]") {
  Sample s;
  report::Options opt;
  opt.root_uri = "file:///home/dev/repo/";
  Run r = run_validator(report::render_sarif(s.rep, s.reg, s.sources, opt), "seslint-sample");
  INFO(r.output);
  CHECK(r.output.find("schema: OK") != std::string::npos);
  CHECK(r.output.find("multitool: 0 error(s), 0 warning(s)") != std::string::npos);  // notes allowed
  REQUIRE(r.status == 0);
}

TEST_CASE("sarif: the validators reject broken logs", "[report][sarif-schema]") {
  Sample s;
  std::string good = report::render_sarif(s.rep, s.reg, s.sources);

  SECTION("schema violation: out-of-enum level, startLine 0") {
    std::string bad = good;
    auto replace = [&bad](std::string_view from, std::string_view to) {
      auto at = bad.find(from);
      REQUIRE(at != std::string::npos);
      bad.replace(at, from.size(), to);
    };
    replace("\"level\": \"warning\"", "\"level\": \"fatal\"");
    replace("\"startLine\": 8", "\"startLine\": 0");
    Run r = run_validator(bad, "seslint-bad-schema");
    INFO(r.output);
    CHECK(r.output.find("schema: OK") == std::string::npos);
    CHECK(r.status == 1);
  }
  SECTION("spec violation only: ruleIndex past the rules array") {
    std::string bad = good;
    auto at = bad.find("\"ruleIndex\": ");
    REQUIRE(at != std::string::npos);
    auto end = bad.find(',', at);
    bad.replace(at, end - at, "\"ruleIndex\": 42");
    Run r = run_validator(bad, "seslint-bad-spec");
    INFO(r.output);
    CHECK(r.output.find("schema: OK") != std::string::npos);  // the schema cannot see this one
    CHECK(r.output.find("SARIF1009") != std::string::npos);
    CHECK(r.status == 1);
  }
}

TEST_CASE("text: frames of odd lines (controls, invalid UTF-8, CRLF, empty, past the end)", "[report]") {
  source::SourceSet sources;
  engine::Registry reg;
  auto f = sources.add("odd.tf", std::string("a\x01" "b\xFF" "c = 1\r\n\r\nlast"));
  engine::Report rep;
  engine::Finding one;
  one.rule_id = "SES001";
  one.severity = Severity::Warning;
  one.message = std::string("bell\x07 in message");
  auto frame_of = [&](std::uint32_t b, std::uint32_t e) {
    one.span = {f, b, e, false};
    rep.findings = {one};
    std::string out = report::render_text(rep, reg, sources);
    return out.substr(0, out.find("\n\n") + 1);
  };
  const std::string r = "\xEF\xBF\xBD";
  // Control and invalid bytes are one U+FFFD column each; the caret stays under 'c'.
  CHECK(frame_of(4, 5) == "odd.tf:1:5: warning[SES001] bell" + r + " in message\n  |\n1 | a" + r + "b" + r +
                              "c = 1\n  |     ^\n");
  // Insertion point at the end of a CRLF line: one caret after the last character.
  CHECK(frame_of(9, 9) == "odd.tf:1:10: warning[SES001] bell" + r + " in message\n  |\n1 | a" + r + "b" + r +
                              "c = 1\n  |          ^\n");
  // An empty line.
  CHECK(frame_of(11, 11) == "odd.tf:2:1: warning[SES001] bell" + r + " in message\n  |\n2 |\n  | ^\n");
  // Offsets past the end clamp to the end of the file.
  CHECK(frame_of(1000, 2000) == "odd.tf:3:5: warning[SES001] bell" + r + " in message\n  |\n3 | last\n  |     ^\n");
  // A span that ends right after a line terminator is a one-line span (no "...").
  CHECK(frame_of(0, 11).find("| ...") == std::string::npos);
  CHECK(frame_of(0, 12).find("  | ...\n") != std::string::npos);
}
