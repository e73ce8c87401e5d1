// CI reporters: GitHub workflow commands, GitLab Code Quality, JUnit XML, and the SARIF fields
// GitHub code scanning reads (category, repository-relative URIs). Each has a byte-exact snapshot
// in fixtures/report/ and a test with hostile file names and messages (newlines, "::", commas,
// '%', colons, XML metacharacters, control bytes).
#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <simdjson.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report/internal.h"
#include "report/report.h"
#include "unit/report/report_sample.h"

using namespace seslint;
using namespace seslint::report_test;

namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// Decodes %XX escapes left to right, as the Actions runner's unescaping does for the escapes
/// it defines (%25, %0D, %0A, and in properties %3A, %2C).
std::string unescape(std::string_view s, bool property) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string_view rest = s.substr(i);
    auto take = [&](std::string_view code, char c) {
      if (!rest.starts_with(code)) return false;
      out += c;
      i += 2;
      return true;
    };
    if (take("%25", '%') || take("%0D", '\r') || take("%0A", '\n')) continue;
    if (property && (take("%3A", ':') || take("%2C", ','))) continue;
    out += s[i];
  }
  return out;
}

/// A workflow command as the runner parses it: "::name k=v,k=v::data" (split at the first "::"
/// after the name, properties at ',' and the first '=').
struct Command {
  std::string name;
  std::map<std::string, std::string> props;
  std::string data;
};

Command parse_command(const std::string& line) {
  Command c;
  REQUIRE(line.starts_with("::"));
  auto end = line.find("::", 2);
  REQUIRE(end != std::string::npos);
  std::string head = line.substr(2, end - 2);
  c.data = unescape(line.substr(end + 2), false);
  auto sp = head.find(' ');
  c.name = head.substr(0, sp);
  if (sp != std::string::npos) {
    std::stringstream ss(head.substr(sp + 1));
    for (std::string kv; std::getline(ss, kv, ',');) {
      auto eq = kv.find('=');
      REQUIRE(eq != std::string::npos);
      c.props[kv.substr(0, eq)] = unescape(kv.substr(eq + 1), true);
    }
  }
  return c;
}

/// A report over files whose names and messages try to break out of every format.
struct Hostile {
  source::SourceSet sources;
  engine::Registry reg;
  engine::Report rep;
  std::string path = "evil\n::error file=x.tf,line=1::pwned,a:b%0A%25 <x y=\"1\"> & 'q'.tf";
  std::string message = "identity \"a\nb\r\n::warning::injected\" has 100% of ::set-output name=x::y, <![CDATA[]]> &amp;";

  Hostile() {
    reg.add(engine::Rule{test_rule("SES001", "email-address-identity-resource", Severity::Error, "s"), nullptr});
    auto f = sources.add(path, "line one\nline two\n");
    engine::Finding a;
    a.rule_id = "SES001";
    a.message = message + std::string("\x01\x7f", 2);
    a.span = {f, 9, 13, false};
    a.notes.push_back({source::Span{f, 0, 4, false}, "note\nwith ::newline"});
    a.help = "help, with: commas";
    engine::Finding b = a;
    b.rule_id = "SES900";
    b.severity = Severity::Warning;
    b.span = {};
    for (engine::Finding* x : {&a, &b}) rep.findings.push_back(*x);
    engine::sort_findings(rep.findings, sources);
  }
};

}  // namespace

TEST_CASE("github: workflow-command escaping", "[report][github]") {
  CHECK(report::detail::github_escape_data("a%b\r\nc::d,e:f") == "a%25b%0D%0Ac::d,e:f");
  CHECK(report::detail::github_escape_property("a%b\r\nc::d,e:f") == "a%25b%0D%0Ac%3A%3Ad%2Ce%3Af");
  CHECK(report::detail::github_escape_data("%0A") == "%250A");  // an escape-looking text stays text
}

TEST_CASE("github: snapshot of the sample", "[report][github]") {
  Sample s;
  check_snapshot("sample.github.txt", report::render(report::Format::Github, s.rep, s.reg, s.sources));
  auto lines = lines_of(report::render_github(s.rep, s.reg, s.sources));
  REQUIRE(lines.size() == s.rep.findings.size() + 1);
  Command first = parse_command(lines[0]);
  CHECK(first.name == "error");  // run-level SES902: no file
  CHECK(first.props.count("file") == 0);
  CHECK(first.props.at("title") == "SES902 rule-crashed");
  Command ses001;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    Command c = parse_command(lines[i]);
    if (c.props["title"].starts_with("SES001")) ses001 = c;
    if (c.props["title"].starts_with("SES901")) {
      CHECK(c.name == "notice");
      CHECK(c.props.count("col") == 0);  // multi-line span: no columns
      CHECK(c.props.at("line") == "6");
      CHECK(c.props.at("endLine") == "9");
    }
  }
  CHECK(ses001.props.at("file") == "main.tf");
  CHECK(ses001.props.at("line") == "8");
  CHECK(ses001.props.at("col") == "21");
  CHECK(ses001.props.at("endColumn") == "80");
  CHECK(ses001.data.find("\nnote: main.tf:1:10: Domain identity verified here.") != std::string::npos);
  CHECK(lines.back() == "seslint: 3 errors, 1 warning, 1 note");
}

TEST_CASE("github: hostile names and messages cannot start a line or add properties", "[report][github][hostile]") {
  Hostile h;
  std::string out = report::render_github(h.rep, h.reg, h.sources);
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 3);  // two annotations and the summary, nothing else
  CHECK(out.find('\r') == std::string::npos);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK((lines[i].starts_with("::error ") || lines[i].starts_with("::warning ")));
    Command c = parse_command(lines[i]);
    CHECK(c.data.starts_with(h.message));  // decodes back to the exact text
    for (const auto& [k, v] : c.props) CHECK((k == "file" || k == "line" || k == "col" || k == "endLine" ||
                                              k == "endColumn" || k == "title"));
    if (c.props.count("file")) {
      CHECK(c.props.at("file") == h.path);
      CHECK(c.props.at("line") == "2");
    }
  }
  CHECK(lines[2] == "seslint: 1 error, 1 warning, 0 notes");
}

TEST_CASE("gitlab: snapshot and Code Quality shape", "[report][gitlab]") {
  Sample s;
  std::string out = report::render(report::Format::Gitlab, s.rep, s.reg, s.sources);
  check_snapshot("sample.gitlab.json", out);
  simdjson::dom::parser parser;
  simdjson::dom::array issues = parse(parser, out);
  REQUIRE(issues.size() == s.rep.findings.size());
  std::set<std::string> fingerprints;
  for (auto i : issues) {
    CHECK(str(i["type"]) == "issue");
    CHECK(!str(i["description"]).empty());
    CHECK(str(i["check_name"]).starts_with("SES"));
    std::string sev = str(i["severity"]);
    CHECK((sev == "info" || sev == "minor" || sev == "major" || sev == "critical" || sev == "blocker"));
    CHECK(fingerprints.insert(str(i["fingerprint"])).second);
    CHECK(!str(i["location"]["path"]).empty());
    CHECK(int64_t(i["location"]["lines"]["begin"]) >= 1);
  }
  auto last = issues.at(issues.size() - 1);
  CHECK(str(last["check_name"]) == "SES002");
  CHECK(str(last["severity"]) == "major");
  CHECK(str(last["location"]["path"]) == "policies/send policy.json");
  CHECK(int64_t(last["location"]["lines"]["begin"]) == 6);
}

TEST_CASE("gitlab: hostile names survive as data, duplicate fingerprints are made unique", "[report][gitlab][hostile]") {
  Hostile h;
  h.rep.findings.push_back(h.rep.findings.back());  // the same finding twice
  simdjson::dom::parser parser;
  simdjson::dom::array issues = parse(parser, report::render_gitlab(h.rep, h.reg, h.sources));
  REQUIRE(issues.size() == 3);
  std::set<std::string> fingerprints;
  for (auto i : issues) CHECK(fingerprints.insert(str(i["fingerprint"])).second);
  bool located = false;
  for (auto i : issues) {
    if (str(i["check_name"]) != "SES001") continue;
    located = true;
    CHECK(str(i["location"]["path"]) == h.path);
    CHECK(str(i["description"]).find(h.message) != std::string::npos);
    CHECK(str(i["severity"]) == "critical");
  }
  CHECK(located);
}

TEST_CASE("junit: snapshot, counts and a passing testcase for a clean run", "[report][junit]") {
  Sample s;
  std::string out = report::render(report::Format::Junit, s.rep, s.reg, s.sources);
  check_snapshot("sample.junit.xml", out);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(out.c_str()));
  auto suite = doc.child("testsuites").child("testsuite");
  CHECK(suite.attribute("tests").as_int() == 5);
  CHECK(suite.attribute("failures").as_int() == 2);  // SES001, SES002
  CHECK(suite.attribute("errors").as_int() == 2);    // SES902, SES903
  CHECK(suite.attribute("skipped").as_int() == 1);   // SES901 (a note)
  std::size_t cases = 0;
  for (auto tc : suite.children("testcase")) {
    ++cases;
    std::string name = tc.attribute("name").as_string();
    if (name.starts_with("SES001")) {
      CHECK(name == "SES001 email-address-identity-resource at main.tf:8:21");
      CHECK(std::string(tc.attribute("file").as_string()) == "main.tf");
      CHECK(tc.attribute("line").as_int() == 8);
      CHECK(std::string(tc.child("failure").attribute("type").as_string()) == "error");
    }
  }
  CHECK(cases == 5);

  engine::Report clean;
  pugi::xml_document empty;
  REQUIRE(empty.load_string(report::render_junit(clean, s.reg, s.sources).c_str()));
  auto only = empty.child("testsuites").child("testsuite");
  CHECK(only.attribute("tests").as_int() == 1);
  CHECK(only.attribute("failures").as_int() == 0);
  CHECK(std::string(only.child("testcase").attribute("name").as_string()) == "seslint");
  CHECK(!only.child("testcase").child("failure"));
}

TEST_CASE("junit: hostile names stay well-formed XML and round-trip", "[report][junit][hostile]") {
  Hostile h;
  std::string out = report::render_junit(h.rep, h.reg, h.sources);
  pugi::xml_document doc;
  auto parsed = doc.load_string(out.c_str());
  INFO(out);
  REQUIRE(parsed);
  CHECK(out.find('\x01') == std::string::npos);  // not an XML 1.0 character: replaced
  auto suite = doc.child("testsuites").child("testsuite");
  bool seen = false;
  for (auto tc : suite.children("testcase")) {
    if (!tc.child("failure")) continue;
    seen = true;
    CHECK(std::string(tc.attribute("file").as_string()) == h.path);
    std::string msg = tc.child("failure").attribute("message").as_string();
    CHECK(msg.starts_with(h.message));
    // Element text: XML parsers turn CR LF into LF (XML 1.0, 2.11); attributes keep CR as &#13;.
    std::string lf = h.message;
    for (auto at = lf.find("\r\n"); at != std::string::npos; at = lf.find("\r\n")) lf.erase(at, 1);
    CHECK(std::string(tc.child("failure").text().as_string()).starts_with(lf));
  }
  CHECK(seen);
  // A second, independent parser agrees that the document is well-formed.
  fs::path tmp = fs::temp_directory_path() / ("seslint-hostile-" + std::to_string(::getpid()) + ".xml");
  std::ofstream(tmp, std::ios::binary) << out;
  CHECK(std::system(("xmllint --noout " + shell_quote(tmp.string()) + " 2>/dev/null").c_str()) == 0);
  fs::remove(tmp);
}

TEST_CASE("sarif: category, repository-relative URIs and hostile names", "[report][sarif]") {
  Sample s;
  report::Options opt;
  opt.repo_root = "/home/dev/repo";
  opt.cwd = "/home/dev/repo/infra/";  // seslint ran in a sub-folder: paths gain "infra/"
  opt.root_uri = "file:///home/dev/repo/";
  opt.sarif_category = "seslint-infra";
  simdjson::dom::parser parser;
  auto doc = parse(parser, report::render_sarif(s.rep, s.reg, s.sources, opt));
  auto run = doc["runs"].at(0);
  CHECK(str(run["automationDetails"]["id"]) == "seslint-infra/");
  CHECK(str(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]) == "file:///home/dev/repo/");
  std::set<std::string> uris;
  for (auto r : simdjson::dom::array(run["results"]))
    uris.insert(str(r["locations"].at(0)["physicalLocation"]["artifactLocation"]["uri"]));
  CHECK(uris == std::set<std::string>{"infra/main.tf", "infra/policies/send%20policy.json"});

  // Outside the repository root: an absolute file:// URI without a base id.
  opt.cwd = "/elsewhere";
  auto doc2 = parse(parser, report::render_sarif(s.rep, s.reg, s.sources, opt));
  auto art = doc2["runs"].at(0)["results"].at(0)["locations"].at(0)["physicalLocation"]["artifactLocation"];
  CHECK(str(art["uri"]) == "file:///elsewhere/main.tf");
  CHECK(art["uriBaseId"].error() == simdjson::NO_SUCH_FIELD);

  Hostile h;
  std::string out = report::render_sarif(h.rep, h.reg, h.sources, opt);
  auto doc3 = parse(parser, out);
  simdjson::dom::array results = doc3["runs"].at(0)["results"];
  REQUIRE(results.size() == 1);  // the SES900 is a notification
  CHECK(str(results.at(0)["message"]["text"]).starts_with(h.message));
  Run v = run_validator(out, "seslint-hostile");
  INFO(v.output);
  CHECK(v.status == 0);
}

TEST_CASE("formats: names", "[report]") {
  report::Format f = report::Format::Text;
  for (const char* n : {"text", "json", "sarif", "github", "gitlab", "junit"}) CHECK(report::parse_format(n, f));
  CHECK(report::parse_format("gitlab", f));
  CHECK(f == report::Format::Gitlab);
  CHECK_FALSE(report::parse_format("xml", f));
  CHECK_FALSE(report::parse_format("", f));
}

TEST_CASE("rules json: every rule and tool diagnostic", "[report][rules]") {
  Sample s;
  simdjson::dom::parser parser;
  auto doc = parse(parser, report::render_rules_json(s.reg));
  CHECK(int64_t(doc["version"]) == report::kJsonSchemaVersion);
  simdjson::dom::array rules = doc["rules"];
  REQUIRE(rules.size() == 2 + engine::tool_diagnostics().size());
  CHECK(str(rules.at(0)["id"]) == "SES001");
  CHECK(str(rules.at(0)["kind"]) == "rule");
  CHECK(str(rules.at(0)["severity"]) == "error");
  CHECK(str(rules.at(0)["docs"]).find("## What it does") != std::string::npos);
  CHECK(str(rules.at(2)["kind"]) == "tool-diagnostic");
  CHECK(str(rules.at(2)["id"]) == "SES900");
}
