// Helpers shared by the condition rules (SES017..SES021): the AWS errors of the sends a
// statement decides in the send matrix, and the operator facts they branch on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/send_matrix.h"
#include "engine/finding.h"
#include "model/model.h"

namespace seslint::rules {

/// Sends of the matrix that `st` (of `p`) decides, as "aws_iam_role.app as example.com:
/// AccessDenied: User '...' is not authorized ..." lines: for an Allow, denied cells of senders
/// (or identities) that hold `p`, whose action and resource the statement names; for a Deny,
/// cells it denies explicitly. At most `limit` lines, plus "... and N more".
std::vector<std::string> sends_decided_by(const analysis::SendMatrix& m, const model::Policy& p,
                                          const model::Statement& st, std::size_t limit = 2);

/// Adds the lines of sends_decided_by as notes of `f`, or, when the matrix has none and `st` is
/// an identity-based Allow, the error a send by the policy's principal would produce.
void add_send_errors(engine::Finding& f, const analysis::SendMatrix& m, const model::Policy& p,
                     const model::Statement& st);

struct OperatorInfo {
  bool known = false;
  bool negated = false;       ///< StringNotEquals, ArnNotLike, NotIpAddress ...
  bool if_exists = false;
  bool for_all = false;       ///< ForAllValues:
  bool for_any = false;       ///< ForAnyValue:
  bool null = false;          ///< Null
  bool string_or_arn = false; ///< String* or Arn* family
  bool arn = false;           ///< Arn* family
  bool ignore_case = false;   ///< StringEqualsIgnoreCase / StringNotEqualsIgnoreCase
};
OperatorInfo operator_info(std::string_view op);

}  // namespace seslint::rules
