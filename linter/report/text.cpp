// report/text: human-readable output (ruff/rustc-like). Format, stable for tests and scripts:
//
//   main.tf:3:15: error[SES001] Resource names an email-address identity.
//     |
//   3 |   resources = ["arn:aws:ses:us-east-1:111122223333:identity/bob@example.com"]
//     |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//     = note: main.tf:1:1: identity verified here
//     |
//   1 | resource "aws_ses_domain_identity" "example" {
//     | --------
//     = help: Grant the domain identity ARN instead.
//   <blank line>
//
// - Header: `path:line:col: severity[ID] message`, line/col 1-based, columns in code points;
//   " (approximate location)" is appended when the span is approximate. Findings without a
//   location (run-level tool diagnostics) use `seslint: severity[ID] message`.
// - Code frame (Options::code_frames): the gutter is as wide as the largest line number
//   shown for the finding; `^` marks the primary span, `-` a note's span. A span covering
//   several lines shows its first line, carets to the end of that line, then ` | ...`.
//   Tabs are expanded to 4 spaces in both the line and the caret row; lines wider than
//   200 columns are cut to a window around the span, marked by "..." at the cut ends.
//   Control characters, bidi controls and invalid UTF-8 in source lines are shown as U+FFFD.
// - Messages, paths and summary lines: a newline or carriage return inside is written `\n` /
//   `\r`, a bidi control (U+202A..U+202E, U+2066..U+2069) or U+2028/U+2029 as `\u{202E}`, other
//   control characters as U+FFFD; so every output line starts with seslint's own text.
// - Notes: `  = note: path:line:col: message` plus a one-line frame, or `  = note: message`
//   for notes without a location; then `  = help: text` when the finding has help.
// - With code frames every finding block ends with a blank line; without them findings are
//   one block each with no blank lines, followed by one blank line.
// - Footer: Report::summary lines verbatim, then the count line
//   `E error(s), W warning(s), N note(s) in F file(s)` (singular for 1, e.g.
//   "3 errors, 1 warning, 0 notes in 2 files"; F = files with at least one located finding;
//   tool diagnostics are counted by severity like findings), or `no findings`; then
//   ` (S files scanned[, K suppressed][, B baselined][, H notes hidden])`. Suppressed findings
//   (Finding::suppressed) are not printed; they are counted there.
// - Options::color wraps the parts in ANSI SGR codes; without it the output is plain bytes.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "report/internal.h"
#include "report/report.h"

namespace seslint::report {

namespace {

constexpr std::size_t kTabWidth = 4;
constexpr std::size_t kMaxLineWidth = 200;  ///< display columns of source text in a frame
constexpr std::size_t kKeepBefore = 60;     ///< columns kept before the span when cutting
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

struct Style {
  bool on = false;
  std::string paint(std::string_view sgr, std::string_view s) const {
    if (!on || s.empty()) return std::string(s);
    std::string r = "\x1b[";
    r += sgr;
    r += 'm';
    r += s;
    r += "\x1b[0m";
    return r;
  }
};

std::string_view severity_sgr(Severity s) {
  switch (s) {
    case Severity::Error: return "1;31";
    case Severity::Warning: return "1;33";
    case Severity::Note: return "1;36";
  }
  return "1";
}

bool is_control(std::string_view seq) {
  if (seq.size() == 1) {
    unsigned char c = static_cast<unsigned char>(seq[0]);
    return c < 0x20 || c == 0x7F;
  }
  // C1 controls U+0080..U+009F are encoded C2 80..C2 9F.
  return seq.size() == 2 && static_cast<unsigned char>(seq[0]) == 0xC2 &&
         static_cast<unsigned char>(seq[1]) < 0xA0;
}

/// Bidirectional formatting controls U+202A..U+202E and U+2066..U+2069, and the Unicode line
/// and paragraph separators U+2028/U+2029: they can reorder or break what a log shows.
bool is_bidi_or_separator(std::string_view seq) {
  if (seq.size() != 3 || static_cast<unsigned char>(seq[0]) != 0xE2) return false;
  auto b1 = static_cast<unsigned char>(seq[1]), b2 = static_cast<unsigned char>(seq[2]);
  return (b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

/// Message text made safe for a terminal and a CI log: valid UTF-8, no control character but
/// tab. A newline or carriage return becomes `\n` / `\r` and a bidi control `\u{202E}`, so no
/// value in a message can start a line of its own (where a CI runner would read a command).
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t bad = 1;
    std::size_t n = detail::utf8_sequence(s, i, bad);
    if (n == 0) {
      out += kReplacement;
      i += bad;
      continue;
    }
    std::string_view seq = s.substr(i, n);
    if (seq == "\n") {
      out += "\\n";
    } else if (seq == "\r") {
      out += "\\r";
    } else if (is_bidi_or_separator(seq)) {
      char buf[16];
      unsigned cp = ((static_cast<unsigned char>(seq[0]) & 0x0Fu) << 12) | ((static_cast<unsigned char>(seq[1]) & 0x3Fu) << 6) |
                    (static_cast<unsigned char>(seq[2]) & 0x3Fu);
      std::snprintf(buf, sizeof buf, "\\u{%04X}", cp);
      out += buf;
    } else if (is_control(seq) && seq != "\t") {
      out += kReplacement;
    } else {
      out += seq;
    }
    i += n;
  }
  return out;
}

/// A source line as display cells: one cell per code point, kTabWidth cells per tab.
struct DisplayLine {
  std::vector<std::string> cells;
  std::vector<std::size_t> col_of_byte;  ///< byte index -> first cell; size = bytes + 1
};

DisplayLine layout(std::string_view line) {
  DisplayLine d;
  d.col_of_byte.assign(line.size() + 1, 0);
  for (std::size_t i = 0; i < line.size();) {
    std::size_t bad = 1;
    std::size_t n = detail::utf8_sequence(line, i, bad);
    std::size_t len = n == 0 ? bad : n;
    for (std::size_t k = 0; k < len; ++k) d.col_of_byte[i + k] = d.cells.size();
    std::string_view seq = line.substr(i, len);
    if (seq == "\t") {
      for (std::size_t k = 0; k < kTabWidth; ++k) d.cells.emplace_back(" ");
    } else if (n == 0 || is_control(seq) || is_bidi_or_separator(seq)) {
      d.cells.emplace_back(kReplacement);
    } else {
      d.cells.emplace_back(seq);
    }
    i += len;
  }
  d.col_of_byte[line.size()] = d.cells.size();
  return d;
}

std::size_t digits(std::uint32_t n) {
  std::size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

bool locatable(const source::Span& s, const source::SourceSet& sources) {
  return s.valid() && s.file < sources.size();
}

std::string location(const source::Span& s, const source::SourceSet& sources) {
  const auto& file = sources.file(s.file);
  source::Position p = file.position(s.begin);
  return clean(file.path()) + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

/// Writes the gutter-framed first line of `span` with markers under its columns.
void frame(std::string& out, const source::SourceFile& file, const source::Span& span,
           std::size_t width, char marker, std::string_view marker_sgr, bool show_more,
           const Style& st) {
  source::Position p = file.position(span.begin);
  source::Position q = file.position(std::max(span.begin, span.end));
  std::string_view line = file.line_text(p.line);
  auto line_off = static_cast<std::uint32_t>(line.data() - file.text().data());
  std::size_t b = std::min<std::size_t>(span.begin - line_off, line.size());
  // A span that ends right after this line's terminator is still a one-line span.
  bool multiline = q.line > p.line && !(q.line == p.line + 1 && q.column == 1);
  std::size_t e = q.line > p.line ? line.size() : std::min<std::size_t>(span.end - line_off, line.size());

  DisplayLine d = layout(line);
  std::size_t cs = d.col_of_byte[b];
  std::size_t ce = std::max(d.col_of_byte[std::max(b, e)], cs + 1);  // at least one marker

  std::size_t ws = 0, we = d.cells.size();
  if (d.cells.size() > kMaxLineWidth) {
    ws = cs > kKeepBefore ? cs - kKeepBefore : 0;
    we = std::min(d.cells.size(), ws + kMaxLineWidth);
    if (we == d.cells.size()) ws = we - kMaxLineWidth;
  }
  std::string text = ws > 0 ? "..." : "";
  std::size_t shift = text.size();
  for (std::size_t k = ws; k < we; ++k) text += d.cells[k];
  if (we < d.cells.size()) text += "...";
  // Marker columns relative to the shown window, clamped to it (plus one past its end for
  // an insertion point at the end of the line).
  std::size_t mb = std::clamp(cs, ws, we) - ws + shift;
  std::size_t me = std::clamp(ce, ws, we + 1) - ws + shift;
  if (me <= mb) me = mb + 1;

  std::string blank(width, ' ');
  std::string bar = st.paint("1;34", "|");
  out += blank + " " + bar + "\n";
  std::string num = std::to_string(p.line);
  out += st.paint("1;34", std::string(width - num.size(), ' ') + num) + " " + bar;
  if (!text.empty()) out += " " + text;
  out += "\n";
  out += blank + " " + bar + " " + std::string(mb, ' ') + st.paint(marker_sgr, std::string(me - mb, marker)) + "\n";
  if (multiline && show_more) out += blank + " " + bar + " ...\n";
}

}  // namespace

std::string render_text(const engine::Report& rep, const engine::Registry& /*reg*/,
                        const source::SourceSet& sources, const Options& opt) {
  Style st{opt.color};
  std::string out;
  bool any_shown = false;
  for (const auto& f : rep.findings) {
    if (f.suppressed) continue;
    any_shown = true;
    std::string sev = std::string(severity_name(f.severity)) + "[" + clean(f.rule_id) + "]";
    bool located = locatable(f.span, sources);
    if (located) {
      out += st.paint("1", location(f.span, sources)) + ": ";
    } else {
      out += st.paint("1", "seslint") + ": ";
    }
    out += st.paint(severity_sgr(f.severity), sev) + " " + clean(f.message);
    if (located && f.span.approximate) out += " (approximate location)";
    out += "\n";

    std::size_t width = 1;
    if (opt.code_frames) {
      auto widen = [&](const source::Span& s) {
        if (locatable(s, sources)) width = std::max(width, digits(sources.file(s.file).position(s.begin).line));
      };
      widen(f.span);
      for (const auto& n : f.notes) widen(n.span);
      // A file that was not read (SES904) has no text to show.
      if (located && !sources.file(f.span.file).text().empty())
        frame(out, sources.file(f.span.file), f.span, width, '^', severity_sgr(f.severity), true, st);
    }
    for (const auto& n : f.notes) {
      out += "  " + st.paint("1;36", "= note") + ": ";
      if (locatable(n.span, sources)) {
        out += location(n.span, sources) + ": " + clean(n.message);
        if (n.span.approximate) out += " (approximate location)";
        out += "\n";
        if (opt.code_frames) frame(out, sources.file(n.span.file), n.span, width, '-', "1;36", false, st);
      } else {
        out += clean(n.message) + "\n";
      }
    }
    if (!f.help.empty()) out += "  " + st.paint("1;32", "= help") + ": " + clean(f.help) + "\n";
    if (opt.code_frames) out += "\n";
  }
  if (!opt.code_frames && any_shown) out += "\n";

  for (const auto& line : rep.summary) out += clean(line) + "\n";

  detail::Counts c = detail::count(rep);
  auto n = [](std::size_t k, std::string_view word) {
    return std::to_string(k) + " " + std::string(word) + (k == 1 ? "" : "s");
  };
  std::string scanned = " (" + n(rep.files_scanned, "file") + " scanned";
  if (c.suppressed) scanned += ", " + std::to_string(c.suppressed) + " suppressed";
  if (rep.baselined) scanned += ", " + std::to_string(rep.baselined) + " baselined";
  if (rep.hidden_notes) scanned += ", " + n(rep.hidden_notes, "note") + " hidden";
  scanned += ")";
  if (!any_shown) {
    out += st.paint("1", "no findings") + scanned + "\n";
  } else {
    out += st.paint("1", n(c.errors, "error") + ", " + n(c.warnings, "warning") + ", " + n(c.notes, "note") +
                             " in " + n(c.files, "file")) +
           scanned + "\n";
  }
  return out;
}

}  // namespace seslint::report
