// cli/explain-access: decides one request for one principal of the repository and prints the
// evaluation trace (which policy, which statement, which file:line).
//   seslint explain-access --principal aws_iam_user.smtp --action ses:SendRawEmail --resource ARN [PATH...]
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "model/model.h"
#include "source/source_file.h"

namespace seslint::cli {

struct LintConfig;  // cli/pipeline.h

struct ExplainAccessOptions {
  std::string principal;  ///< resource address, logical ID, name or ARN of an IAM user or role
  std::string action;
  std::string resource;   ///< ARN or "*"
  std::string account;    ///< the principal's account, when the repository does not say
  std::string configuration_set;  ///< name or ARN; default: the identity's default set, if any
  std::string template_name;      ///< name or ARN, for templated and bulk sends
  std::map<std::string, std::vector<std::string>> context;  ///< --context key=value[,value]
  std::string session_policy;     ///< --session-policy FILE: a JSON policy document
  std::string format = "text";    ///< text | json
};

/// Prints the decision and trace (text), or one JSON object (json; shape in README,
/// "explain-access JSON output"). Returns 0 when allowed, 1 when denied or unknown, 2 when the
/// principal, the resource or the session policy cannot be used.
int explain_access(const ExplainAccessOptions& opt, const model::Model& model, const source::SourceSet& sources,
                   std::ostream& out, std::ostream& err);

/// `explain-access --requests FILE`: FILE is a JSON array of requests, each an object with
/// "paths" (array), "principal", "action", "resource" and optionally "account",
/// "configuration_set", "template", "session_policy" (a file) and "context" (key -> array of
/// strings). Prints a JSON array with one --format json result per request, or {"error": "..."}
/// for a request that cannot be decided. Consecutive requests with the same paths share one
/// scan. Returns 0 when every request was decided (whatever the decisions), 2 otherwise.
/// `base` carries the scan's inputs (--var, --var-file, --parameter, --plan): each request's paths
/// are linted with them, as a scan of those paths would resolve its values.
int explain_access_batch(const std::string& requests_file, const LintConfig& base, std::ostream& out, std::ostream& err);

}  // namespace seslint::cli
