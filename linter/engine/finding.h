// engine/finding: what rules and the tool report. Plain data; reporters turn a Report into
// bytes and never call back into rules.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "analysis/coverage.h"
#include "source/source_file.h"
#include "syntax/diagnostic.h"

namespace seslint::engine {

/// A secondary location: "address identity verified here", "granted here".
struct Note {
  source::Span span;  ///< may be invalid: then the note is text only
  std::string message;
};

struct Finding {
  std::string rule_id;        ///< "SES001" (or a tool diagnostic "SES900")
  Severity severity = Severity::Error;
  std::string message;
  source::Span span;          ///< primary location; invalid only for run-level diagnostics
  std::string logical_path;   ///< "aws_iam_policy.sender.policy.Statement[0].Resource[0]"
  std::vector<Note> notes;
  std::string help;           ///< remediation, one or two sentences
  std::string fingerprint;    ///< stable across line moves and reformatting (see compute_fingerprint)
  bool suppressed = false;    ///< matched an in-source ignore (engine/suppress.h): kept, not counted
  std::string justification;  ///< the ignore's "-- reason" text ("" when none was given)
};

/// One cell of the send matrix (analysis/send_matrix.h) as plain data for reporters.
struct SendMatrixEntry {
  std::string principal;        ///< "aws_iam_user.smtp"
  std::string principal_arn;    ///< with ${account}/${partition} for unknown parts; "" when the name is unknown
  bool smtp = false;
  std::string identity;         ///< the domain or address ("${var.domain}" when unresolved)
  std::string identity_arn;
  std::string action;           ///< "ses:SendRawEmail"
  std::string decision;         ///< "Allow", "ImplicitDeny", "ExplicitDeny", "Unknown"
  bool intended = false;        ///< the principal is meant to send as this identity (SendMatrix::intended)
  std::string failing_kind;     ///< "identity", "configuration-set", "template"; "" when allowed
  std::string failing_resource; ///< the ARN that is not allowed
  std::string reason;           ///< why the decision is Unknown, or which stage denied
  std::string deployment;       ///< the sender's deployment: Terraform root folder or template path
};


/// Everything a reporter needs besides the registry and the sources.
struct Report {
  std::vector<Finding> findings;       ///< sorted by (file path, begin, end, rule, message)
  bool execution_successful = true;    ///< false when a rule crashed or an input was unreadable
  std::string tool_version;
  std::vector<std::string> summary;    ///< closing lines for the text format (e.g. per-principal matrix)
  std::vector<SendMatrixEntry> send_matrix;  ///< every sender x identity x action
  std::size_t files_scanned = 0;       ///< files read and parsed (Terraform, CloudFormation, IAM policy)
  std::size_t baselined = 0;           ///< findings left out because the --baseline file lists them
  bool baseline_applied = false;       ///< --baseline was given: SARIF results carry baselineState
  std::set<std::string> baseline_fingerprints;  ///< the fingerprints the --baseline file lists
  std::vector<Finding> baselined_findings;  ///< the findings it matched, kept for SARIF ("unchanged"); not in `findings`
  std::size_t hidden_notes = 0;        ///< note findings left out by --quiet
  analysis::Coverage coverage;   ///< what was evaluated with every value known
};

/// Computes Finding::fingerprint (FNV-1a 64, hex) from the rule ID, the file path, the logical
/// path and the identifying value: the primary span's text without whitespace and quotes when it
/// is one short line (a block-sized span contributes nothing, so edits inside the block do not
/// move it). Not from the message or the line. `span_text` is the source slice of f.span.
std::string compute_fingerprint(const Finding& f, const std::string& file_path, std::string_view span_text = {});

/// Sets every finding's fingerprint (compute_fingerprint), then makes equal ones unique by
/// appending ":2", ":3", ... in report order.
void assign_fingerprints(std::vector<Finding>& findings, const source::SourceSet& sources);
/// The same with each file's path mapped by `path_of` first: the CLI keys findings on the path
/// relative to the repository root, so a baseline holds from any working directory.
void assign_fingerprints(std::vector<Finding>& findings, const source::SourceSet& sources,
                         const std::function<std::string(const std::string&)>& path_of);

/// Sorts findings deterministically by (path, begin, end, rule id, message).
void sort_findings(std::vector<Finding>& findings, const source::SourceSet& sources);

}  // namespace seslint::engine
