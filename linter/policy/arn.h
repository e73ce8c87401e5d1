// policy/arn: ARNs whose parts may be unresolved ("arn:${data.aws_partition.p.partition}:ses:
// ${var.region}:123456789012:identity/example.com"): each of the six parts is known or Unknown.
//   auto a = parse_partial_arn(statement.resources[0]);
//   if (a && a->service.known && a->service.text == "ses" && a->resource.known) ...
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"

namespace seslint::policy {

struct ArnPart {
  bool known = true;
  std::string text;  ///< the literal, or for an unknown part "${description}" pieces with any literal text around them
};

struct PartialArn {
  ArnPart partition, service, region, account, resource;
  /// The ARN with unknown parts shown as ${...}, for messages.
  std::string display() const;
  bool fully_known() const;
};

/// Parses a known or partially known string as an ARN. Unknown pieces are assumed not to
/// contain ':' (they stand for a partition, Region, account or name). nullopt when the text is
/// not an ARN or is entirely unknown.
std::optional<PartialArn> parse_partial_arn(const model::Str& s);

/// aws, aws-cn, aws-us-gov, and the isolated partitions (aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc).
bool is_known_partition(std::string_view partition);

}  // namespace seslint::policy
