#include "policy/ses_actions.h"

#include <string>

#include "policy/match.h"

namespace seslint::policy {

namespace {
#define SESLINT_SES_ACTION(name, api, send, rl, req, opt, keys) SesAction{name, api, send, rl, req, opt, keys},
const std::vector<SesAction> kActions = {
#include "policy/ses_actions_data.inc"
};
#undef SESLINT_SES_ACTION
}  // namespace

const std::vector<SesAction>& ses_actions() { return kActions; }

const SesAction* find_ses_action(std::string_view action) {
  if (action.size() > 4 && iequals(action.substr(0, 4), "ses:")) action.remove_prefix(4);
  for (const auto& a : kActions)
    if (iequals(a.name, action)) return &a;
  return nullptr;
}

std::string_view ses_actions_source() { return SESLINT_SES_ACTIONS_SOURCE; }

std::string qualified(const SesAction& a) { return "ses:" + std::string(a.name); }

}  // namespace seslint::policy
