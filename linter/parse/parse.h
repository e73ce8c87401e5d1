// parse: turns source files into the located value tree (syntax::Value). Third-party
// parsers (tree-sitter, yaml-cpp, simdjson) are private to this module; their errors and
// exceptions are converted to SES900 diagnostics here and never escape.
//   ParseResult r = parse::parse_hcl(file);
//   if (r.root) walk(*r.root);  for (auto& d : r.diagnostics) report(d);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "source/source_file.h"
#include "syntax/diagnostic.h"
#include "syntax/value.h"

namespace seslint::parse {

struct ParseResult {
  syntax::ValuePtr root;                  ///< null only when nothing could be parsed
  std::vector<Diagnostic> diagnostics;    ///< SES900 parse errors with spans
  bool partial = false;                   ///< true when parts of the file were skipped
};

/// What one HCL parse may allocate in tree-sitter before the file is reported as too large to
/// parse (the rest of the run goes on); and how long it may take.
inline constexpr std::size_t kDefaultHclMemoryLimit = std::size_t{512} << 20;
inline constexpr std::uint64_t kHclParseTimeoutMicros = 5'000'000;  ///< 5 s
/// Test seam and tuning: sets the limit for every later parse (0 = the default).
void set_hcl_memory_limit(std::size_t bytes);

/// Terraform / HCL native syntax via tree-sitter. Blocks become Maps with is_block set,
/// expressions become String/Template/Reference/Call/Unknown nodes (see syntax/value.h).
ParseResult parse_hcl(const source::SourceFile& file);

/// YAML via yaml-cpp. CloudFormation short-form tags (!Ref, !Sub, !GetAtt, ...) become the
/// long form: a one-entry Map {"Ref"|"Fn::Sub"|...: argument}, whose key span is the tag.
ParseResult parse_yaml(const source::SourceFile& file);

/// JSON via simdjson, with exact byte spans for every value and key.
ParseResult parse_json(const source::SourceFile& file);

/// Parses the JSON text held by a String value (an HCL heredoc, a YAML or JSON string),
/// mapping every span back into `file` through the string's content span. Spans are
/// flagged approximate when escapes or re-indentation make the mapping inexact.
ParseResult parse_embedded_json(const syntax::Value& str, const source::SourceFile& file);

/// A string of a Terraform JSON (.tf.json) file read as the template it is there: `${...}`
/// interpolations and `%{...}` directives like an HCL heredoc, `$${` / `%%{` escapes. Returns a
/// Template (or a String once escapes are decoded) with spans mapped into `file` through the
/// string's content; strings without template syntax are returned as they are, unparseable ones
/// become Unknown.
syntax::ValuePtr parse_json_template(const syntax::ValuePtr& str, const source::SourceFile& file);

}  // namespace seslint::parse
