// cli/lsp/hover: what a hover shows, from the deployment's model and send matrix
// (analysis/send_matrix.h):
// - on an SES identity: its row of the send matrix (each sender and action: allowed or denied, and
//   which authorization denies it at which stage);
// - on a policy statement: for each sender whose policies include it, which of its send requests
//   the statement grants (Allow) or denies (Deny);
// - on an SES ARN in a Resource: every statement of the deployment that writes it, and the
//   identities, configuration sets and templates it matches.
#include <algorithm>
#include <sstream>

#include "cli/lsp/features.h"
#include "policy/evaluate.h"
#include "policy/match.h"

namespace seslint::cli::lsp {

namespace {

std::string code(std::string_view s) {
  std::string t(s);
  std::replace(t.begin(), t.end(), '`', '\'');
  std::replace(t.begin(), t.end(), analysis::kUnresolvedName, '?');
  return "`" + t + "`";
}

/// "[path:line](file:///abs#Lline)" for a span of the run.
std::string where(Deployment& d, const source::Span& s) {
  if (!s.valid() || s.file >= d.run->sources->size()) return "";
  const source::SourceFile& f = d.run->sources->file(s.file);
  const auto line = f.position(s.begin).line;
  return "[" + f.path() + ":" + std::to_string(line) + "](" + path_to_uri(d.canonical(s.file)) + "#L" +
         std::to_string(line) + ")";
}

const char* tri_word(policy::Tri t, const char* yes, const char* maybe) { return t == policy::Tri::Yes ? yes : maybe; }

std::string decision_text(const std::string& decision) {
  if (decision == "Allow") return "allowed";
  if (decision == "ExplicitDeny") return "denied (explicit Deny)";
  if (decision == "ImplicitDeny") return "denied (no Allow)";
  return "unknown";
}

/// The report's matrix entry of a cell (Report::send_matrix is in cell order).
const engine::SendMatrixEntry* entry_of(Deployment& d, const analysis::Cell& c) {
  const auto& cells = d.analysis().matrix.cells;
  const auto& entries = d.run->report.send_matrix;
  if (cells.size() != entries.size()) return nullptr;
  std::size_t i = static_cast<std::size_t>(&c - cells.data());
  return i < entries.size() ? &entries[i] : nullptr;
}

std::string identity_hover(Deployment& d, const model::Identity& id) {
  std::ostringstream out;
  const char* type = id.type == model::IdentityType::Domain ? "domain" : id.type == model::IdentityType::Address ? "address" : "";
  out << "**SES " << type << (*type ? " " : "") << "identity** " << code(id.name.known ? id.name.text : "${" + id.name.text + "}")
      << " — " << code(id.resource) << "\n\n";
  const auto& m = d.analysis().matrix;
  std::vector<const analysis::Cell*> cells;
  for (const auto& c : m.cells)
    if (c.target->identity == &id) cells.push_back(&c);
  for (const auto& t : m.targets)
    if (t->identity == &id) {
      out << "ARN " << code(policy::display_symbols(t->arn)) << "\n\n";
      break;
    }
  if (cells.empty()) {
    out << "No sender of this deployment sends mail that SES would check against this identity.\n";
    return out.str();
  }
  out << "| Sender | Action | Decision | Why |\n|---|---|---|---|\n";
  for (const auto* c : cells) {
    const engine::SendMatrixEntry* e = entry_of(d, *c);
    std::string why;
    if (e && !e->failing_kind.empty())
      why = e->failing_kind + " " + code(e->failing_resource) + (e->reason.empty() ? "" : ": " + e->reason);
    if (e && !e->intended && e->decision != "Allow") why += std::string(why.empty() ? "" : "; ") + "not meant to send as it";
    out << "| " << code(c->sender->display_name()) << (c->sender->smtp ? " (SMTP)" : "") << " | " << code(c->action)
        << " | " << decision_text(e ? e->decision : policy::decision_name(c->eval.decision)) << " | " << why << " |\n";
  }
  return out.str();
}

std::string statement_hover(Deployment& d, const model::Policy& p, const model::Statement& st) {
  std::ostringstream out;
  const bool allow = st.effect == model::Effect::Allow, deny = st.effect == model::Effect::Deny;
  out << "**Statement** " << (st.sid.empty() ? "" : code(st.sid) + " ")
      << "(" << (allow ? "Allow" : deny ? "Deny" : "effect unknown") << ") of " << code(p.name) << "\n\n";
  const analysis::Analysis& a = d.analysis();
  std::vector<const analysis::Sender*> senders;
  if (p.kind == model::PolicyKind::SesIdentity) {
    out << "A sending authorization policy: it decides for other accounts' senders.\n\n";
    for (const auto& s : a.matrix.senders) senders.push_back(s.get());
  } else {
    // The statement as written may be used through several policies: a data
    // "aws_iam_policy_document" is copied into every policy whose document it is.
    std::vector<const model::PrincipalNode*> users;
    for (const auto& other : d.run->model.policies) {
      bool uses = &other == &p || (!p.name.empty() && other.document_ref == p.name && other.module == p.module);
      for (const auto& ost : other.statements) uses = uses || ost.span == st.span;
      if (!uses) continue;
      for (const auto* u : analysis::principals_using(a.graph, other))
        if (std::find(users.begin(), users.end(), u) == users.end()) users.push_back(u);
    }
    for (const auto& s : a.matrix.senders)
      if (std::find(users.begin(), users.end(), s->node) != users.end()) senders.push_back(s.get());
  }
  if (senders.empty()) {
    out << "No sender of this deployment uses this policy.\n";
    return out.str();
  }
  const bool conditional = !st.conditions.empty() || st.conditions_unknown;
  for (const auto* s : senders) {
    std::vector<std::string> lines;
    for (const auto* c : a.matrix.cells_of(*s)) {
      if (p.kind == model::PolicyKind::SesIdentity && c->target->identity->resource != p.identity.target &&
          !(p.identity.value.known && c->target->identity->name.text == p.identity.value.text))
        continue;
      policy::Tri act = policy::statement_matches_action(st, c->action);
      policy::Tri res = policy::statement_matches_resource(st, c->target->arn);
      if (act == policy::Tri::No || res == policy::Tri::No) continue;
      const bool sure = act == policy::Tri::Yes && res == policy::Tri::Yes && !conditional;
      std::string verb = allow ? (sure ? "grants" : "may grant") : deny ? (sure ? "denies" : "may deny") : "matches";
      const engine::SendMatrixEntry* e = entry_of(d, *c);
      lines.push_back("- " + verb + " " + code(c->action) + " as " + code(c->target->display_name()) +
                      (conditional ? " (if its conditions hold)" : "") + " — overall " +
                      decision_text(e ? e->decision : policy::decision_name(c->eval.decision)));
    }
    out << code(s->display_name()) << (s->smtp ? " (SMTP)" : "") << ":\n";
    if (lines.empty()) out << "- matches none of its send requests\n";
    for (const auto& l : lines) out << l << "\n";
    out << "\n";
  }
  return out.str();
}

bool is_ses_arn(const model::Str& s) {
  const std::string& t = s.known ? s.text : (s.parts.empty() ? std::string() : s.parts.front().text);
  return t.rfind("arn:", 0) == 0 && t.find(":ses:") != std::string::npos;
}

std::string arn_hover(Deployment& d, const model::Str& arn) {
  std::ostringstream out;
  const std::string pattern = arn.known ? arn.text : policy::permissive_pattern(arn);
  out << "**SES ARN** " << code(arn.known ? arn.text : pattern) << "\n\n";
  out << "Written in:\n";
  for (const auto& p : d.run->model.policies)
    for (const auto& st : p.statements)
      for (const auto& r : st.resources)
        if (r.known == arn.known && r.text == arn.text && r.span.valid())
          out << "- " << code(p.name) << (st.sid.empty() ? "" : " statement " + code(st.sid)) << " at " << where(d, r.span)
              << "\n";
  std::vector<std::string> matches;
  for (const auto& t : d.analysis().matrix.targets) {
    policy::Tri m = policy::arn_match_symbolic(pattern, t->arn);
    if (m == policy::Tri::No) continue;
    matches.push_back("- " + std::string(tri_word(m, "", "may match ")) + "identity " + code(t->display_name()) + " (" +
                      code(t->identity->resource) + ", " + where(d, t->identity->span) + ")");
    if (!t->configuration_set_arn.empty() && policy::arn_match_symbolic(pattern, t->configuration_set_arn) != policy::Tri::No)
      matches.push_back("- the default configuration set of " + code(t->display_name()));
  }
  for (const auto& r : d.run->model.ses_resources) {
    if (!r.name.known) continue;
    const std::string type = r.kind == model::SesResourceKind::ConfigurationSet ? "configuration-set/" : "template/";
    auto slash = pattern.find(type);
    if (slash == std::string::npos) continue;
    if (policy::glob_match(pattern.substr(slash + type.size()), r.name.text))
      matches.push_back("- " + std::string(r.kind == model::SesResourceKind::ConfigurationSet ? "configuration set " : "template ") +
                        code(r.name.text) + " (" + code(r.resource) + ", " + where(d, r.span) + ")");
  }
  if (matches.empty()) {
    out << "\nMatches no SES identity, configuration set or template of this deployment.\n";
  } else {
    out << "\nMatches:\n";
    for (const auto& m : matches) out << m << "\n";
  }
  return out.str();
}

}  // namespace

std::optional<std::string> hover_markdown(Deployment& d, source::FileId file, std::uint32_t offset) {
  if (!d.run) return std::nullopt;
  const model::Model& m = d.run->model;
  auto contains = [&](const source::Span& s) { return s.valid() && s.file == file && s.begin <= offset && offset <= s.end; };
  auto size = [](const source::Span& s) { return s.end - s.begin; };
  for (const auto& p : m.policies)
    for (const auto& st : p.statements)
      for (const auto& r : st.resources)
        if (contains(r.span) && is_ses_arn(r)) return arn_hover(d, r);
  const model::Policy* best_policy = nullptr;
  const model::Statement* best_statement = nullptr;
  const model::Identity* best_identity = nullptr;
  std::uint32_t best = UINT32_MAX;
  for (const auto& p : m.policies)
    for (const auto& st : p.statements)
      if (contains(st.span) && size(st.span) < best) {
        best = size(st.span);
        best_policy = &p;
        best_statement = &st;
      }
  for (const auto& id : m.identities)
    if (contains(id.span) && size(id.span) < best) {
      best = size(id.span);
      best_identity = &id;
      best_statement = nullptr;
    }
  if (best_identity) return identity_hover(d, *best_identity);
  if (best_statement) return statement_hover(d, *best_policy, *best_statement);
  return std::nullopt;
}

}  // namespace seslint::cli::lsp
