// Diagnostics: problems found in the user's input (parse errors, unsupported constructs)
// or in the run's configuration. They are data, reported like findings, never exceptions.
#pragma once

#include <string>
#include <vector>

#include "source/source_file.h"

namespace seslint {

enum class Severity : unsigned char { Note = 0, Warning = 1, Error = 2 };

const char* severity_name(Severity s);  ///< "note", "warning", "error"

/// Tool diagnostic IDs (rules use SES0xx/SES1xx).
namespace diag {
inline constexpr const char* kParseError = "SES900";
inline constexpr const char* kUnsupported = "SES901";
inline constexpr const char* kRuleCrashed = "SES902";
inline constexpr const char* kBadConfig = "SES903";
inline constexpr const char* kUnreadable = "SES904";
inline constexpr const char* kUnusedIgnore = "SES905";
}  // namespace diag

struct Diagnostic {
  std::string id;  ///< one of diag::k*
  Severity severity = Severity::Error;
  std::string message;
  source::Span span;  ///< may be invalid (no file) for run-level problems
};

}  // namespace seslint
