// engine/suppress: in-source ignores, applied to a run's findings after the rules and before
// reporting. A matched finding is kept and marked (Finding::suppressed), never dropped; an
// ignore that matches nothing becomes an SES905 warning at the directive.
//   # seslint:ignore SES001,SES004 -- the identity is verified in another account
//   // seslint:ignore SES002
// A comment on a line with code covers that line; a comment on its own line covers the next
// line with code. When the covered line opens an HCL block (or any `{`), the ignore covers the
// block up to its closing brace; in YAML it covers the lines indented below it. CloudFormation
// also takes `Metadata: {seslint: {ignore: [SES001]}}` on a resource (covers the resource) or
// at the template root (covers the file).
//   auto ig = comment_ignores(file, Syntax::Hcl);  apply_ignores(report, ig, ran);
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/finding.h"
#include "syntax/value.h"

namespace seslint::engine {

struct Ignore {
  source::Span directive;          ///< the comment or Metadata entry, for the unused warning
  std::uint32_t begin = 0;         ///< byte range covered in directive.file: [begin, end]
  std::uint32_t end = 0;
  std::vector<std::string> ids;    ///< as written, "SES001"
  std::vector<source::Span> id_spans;
  std::string justification;
  std::vector<bool> used;          ///< per id
};

enum class CommentSyntax { Hcl, Yaml };

/// Every `seslint:ignore` comment in the file, found from its text (strings, heredocs and YAML
/// block scalars are skipped, so a `#` inside them is not a comment).
std::vector<Ignore> comment_ignores(const source::SourceFile& file, CommentSyntax syntax);

/// CloudFormation `Metadata.seslint.ignore` lists of a template (root = parsed document).
std::vector<Ignore> metadata_ignores(const source::SourceFile& file, const syntax::Value& root);

/// Marks findings an ignore covers. `ran` holds the rule and diagnostic IDs this run could
/// report: an ignore naming one of them that matched nothing, or naming an unknown ID, adds an
/// SES905 warning. Returns the number of suppressed findings.
std::size_t apply_ignores(Report& rep, std::vector<Ignore>& ignores, const std::set<std::string>& ran,
                          const std::set<std::string>& known, const source::SourceSet& sources);

}  // namespace seslint::engine
