// cli/lsp/diagnostics: findings as LSP diagnostics. Severities: error -> Error (1), warning ->
// Warning (2), note -> Information (3). The rule's README section is codeDescription.href (the
// helpUri of the SARIF and JSON reports), located notes are relatedInformation, text-only notes
// and the help line are appended to the message. Suppressed findings are not shown.
#include "cli/lsp/features.h"

#include "engine/rule.h"

namespace seslint::cli::lsp {

void write_range(JsonOut& w, std::string_view text, std::uint32_t begin, std::uint32_t end, Encoding enc) {
  if (end < begin) end = begin;
  LspPosition a = to_position(text, begin, enc), b = to_position(text, end, enc);
  w.begin_object();
  w.key("start").begin_object().key("line").value(a.line).key("character").value(a.character).end_object();
  w.key("end").begin_object().key("line").value(b.line).key("character").value(b.character).end_object();
  w.end_object();
}

namespace {

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    default: return 3;
  }
}

}  // namespace

void write_diagnostic(JsonOut& w, Deployment& d, const engine::Finding& f, std::string_view text, bool located,
                      Encoding enc) {
  const source::SourceSet& sources = *d.run->sources;
  std::string message = f.message;
  for (const auto& n : f.notes)
    if (!n.span.valid()) message += "\nnote: " + n.message;
  if (!f.help.empty()) message += "\nhelp: " + f.help;
  w.begin_object();
  w.key("range");
  if (located) write_range(w, text, f.span.begin, f.span.end, enc);
  else write_range(w, text, 0, 0, enc);
  w.key("severity").value(lsp_severity(f.severity));
  w.key("code").value(f.rule_id);
  w.key("codeDescription").begin_object().key("href").value(engine::help_uri(f.rule_id)).end_object();
  w.key("source").value("seslint");
  w.key("message").value(message);
  bool any = false;
  for (const auto& n : f.notes) {
    if (!n.span.valid() || n.span.file >= sources.size()) continue;
    if (!any) w.key("relatedInformation").begin_array();
    any = true;
    const source::SourceFile& nf = sources.file(n.span.file);
    w.begin_object().key("location").begin_object().key("uri").value(path_to_uri(d.canonical(n.span.file)));
    w.key("range");
    write_range(w, nf.text(), n.span.begin, n.span.end, enc);
    w.end_object().key("message").value(n.message).end_object();
  }
  if (any) w.end_array();
  w.key("data").begin_object().key("fingerprint").value(f.fingerprint).key("help").value(f.help).end_object();
  w.end_object();
}

std::string diagnostics_json(Deployment& d, const std::string& canonical_path, Encoding enc, bool run_level) {
  JsonOut w;
  w.begin_array();
  if (!d.run) return w.end_array().take();
  const source::FileId file = d.file_of(canonical_path);
  const std::string_view text = file == source::kNoFile ? std::string_view() : d.run->sources->file(file).text();
  if (run_level && !d.config_error.empty()) {
    w.begin_object().key("range");
    write_range(w, text, 0, 0, enc);
    w.key("severity").value(1).key("code").value(diag::kBadConfig).key("source").value("seslint");
    w.key("message").value("configuration not applied: " + d.config_error).end_object();
  }
  for (const auto& f : d.run->report.findings) {
    if (f.suppressed) continue;
    const bool here = f.span.valid() && f.span.file == file && file != source::kNoFile;
    const bool unlocated = !f.span.valid() || f.span.file >= d.run->sources->size();
    if (here) write_diagnostic(w, d, f, text, true, enc);
    else if (unlocated && run_level) write_diagnostic(w, d, f, text, false, enc);
  }
  return w.end_array().take();
}

}  // namespace seslint::cli::lsp
