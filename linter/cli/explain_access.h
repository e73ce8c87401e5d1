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

struct ExplainAccessOptions {
  std::string principal;  ///< resource address, logical ID, name or ARN of an IAM user or role
  std::string action;
  std::string resource;   ///< ARN or "*"
  std::string account;    ///< the principal's account, when the repository does not say
  std::string configuration_set;  ///< name or ARN; default: the identity's default set, if any
  std::string template_name;      ///< name or ARN, for templated and bulk sends
  std::map<std::string, std::vector<std::string>> context;  ///< --context key=value[,value]
};

/// Prints the decision and trace. Returns 0 when allowed, 1 when denied or unknown, 2 when the
/// principal or the resource cannot be used.
int explain_access(const ExplainAccessOptions& opt, const model::Model& model, const source::SourceSet& sources,
                   std::ostream& out, std::ostream& err);

}  // namespace seslint::cli
