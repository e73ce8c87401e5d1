// report/junit: JUnit XML for CI test-report views (GitLab `reports: junit`, Jenkins, Azure).
//   <testsuites name="seslint" tests="3" failures="2" errors="1" skipped="0">
//     <testsuite name="seslint" tests="3" failures="2" errors="1" skipped="0">
//       <testcase name="SES001 send-scoped-to-domain-identity at terraform/iam.tf:21:7"
//                 classname="terraform/iam.tf" file="terraform/iam.tf" line="21">
//         <failure type="error" message="<message>">message, notes and help</failure>
//       </testcase>
// Rule findings are <failure type="error|warning|note">; tool diagnostics (SES9xx) are <error>
// when they are errors (the input was not linted) and <skipped> otherwise (a construct was not
// evaluated). A report without findings has one passing testcase "seslint", so the view shows
// a green run rather than nothing. The document is built with pugixml, which does the XML
// escaping; characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR;
// invalid UTF-8) are replaced with U+FFFD first.
#include <pugixml.hpp>

#include <sstream>
#include <string>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

namespace {

std::string xml_text(std::string_view s) {
  std::string out;
  for (char c : detail::sanitize_utf8(s)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "\xEF\xBF\xBD";
    else out += c;
  }
  // U+FFFE and U+FFFF are not XML characters either.
  for (std::string_view bad : {"\xEF\xBF\xBE", "\xEF\xBF\xBF"})
    for (auto at = out.find(bad); at != std::string::npos; at = out.find(bad, at)) out.replace(at, bad.size(), "\xEF\xBF\xBD");
  return out;
}

void set(pugi::xml_node n, const char* name, const std::string& value) {
  n.append_attribute(name).set_value(xml_text(value).c_str());
}

}  // namespace

std::string render_junit(const engine::Report& rep, const engine::Registry& reg,
                         const source::SourceSet& sources, const Options& opt) {
  std::size_t failures = 0, errors = 0, skipped = 0;
  for (const auto& f : rep.findings) {
    if (!detail::is_tool_diagnostic(f.rule_id)) ++failures;
    else if (f.severity == Severity::Error) ++errors;
    else ++skipped;
  }
  const std::size_t tests = rep.findings.empty() ? 1 : rep.findings.size();

  pugi::xml_document doc;
  auto counts = [&](pugi::xml_node n) {
    n.append_attribute("name").set_value("seslint");
    n.append_attribute("tests").set_value(std::to_string(tests).c_str());
    n.append_attribute("failures").set_value(std::to_string(failures).c_str());
    n.append_attribute("errors").set_value(std::to_string(errors).c_str());
    n.append_attribute("skipped").set_value(std::to_string(skipped).c_str());
  };
  auto suites = doc.append_child("testsuites");
  counts(suites);
  auto suite = suites.append_child("testsuite");
  counts(suite);
  if (rep.findings.empty()) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("name").set_value("seslint");
    tc.append_attribute("classname").set_value("seslint");
  }
  for (const auto& f : rep.findings) {
    auto tc = suite.append_child("testcase");
    std::string where, path;
    std::uint32_t line = 0;
    if (f.span.valid() && f.span.file < sources.size()) {
      const auto& file = sources.file(f.span.file);
      source::Position b = file.position(f.span.begin);
      path = detail::repo_path(file.path(), opt.repo_root, opt.cwd);
      line = b.line;
      where = " at " + path + ":" + std::to_string(b.line) + ":" + std::to_string(b.column);
    }
    set(tc, "name", detail::rule_title(f, reg) + where);
    set(tc, "classname", path.empty() ? std::string("seslint") : path);
    if (!path.empty()) {
      set(tc, "file", path);
      tc.append_attribute("line").set_value(std::to_string(line).c_str());
    }
    const char* element = !detail::is_tool_diagnostic(f.rule_id) ? "failure"
                          : f.severity == Severity::Error       ? "error"
                                                                : "skipped";
    auto e = tc.append_child(element);
    set(e, "message", f.message.empty() ? std::string("(no message)") : f.message);
    if (std::string_view(element) != "skipped") {
      set(e, "type", severity_name(f.severity));
      e.append_child(pugi::node_pcdata).set_value(xml_text(detail::full_message(f, sources, true)).c_str());
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

}  // namespace seslint::report
