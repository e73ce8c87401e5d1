#include "cli/explain_access.h"

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "analysis/send_matrix.h"
#include "cli/pipeline.h"
#include "model/graph.h"
#include "parse/parse.h"
#include "policy/condition_keys.h"
#include "policy/conditions.h"
#include "policy/evaluate.h"
#include "policy/match.h"
#include "policy/send.h"
#include "policy/ses_actions.h"
#include "report/internal.h"

namespace seslint::cli {

namespace {

std::string where(const source::SourceSet& sources, const source::Span& span) {
  if (!span.valid()) return "";
  const auto& f = sources.file(span.file);
  auto pos = f.position(span.begin);
  return f.path() + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

const model::PrincipalNode* find_principal(const model::PrincipalGraph& g, const std::string& what,
                                           std::vector<std::string>& candidates) {
  if (const auto* p = g.find(what)) return p;
  if (const auto* p = g.find("Resources/" + what)) return p;
  const model::PrincipalNode* by_name = nullptr;
  for (const auto& p : g.principals) {
    candidates.push_back(p.entity->origin.resource);
    const auto& name = p.entity->name;
    if (name.known && name.text == what) by_name = &p;
    if (p.arn.arn.known && p.arn.arn.text == what) return &p;
    if (!p.arn.arn.known && !p.arn.arn.text.empty() && policy::glob_match(p.arn.arn.text, what)) by_name = &p;
  }
  return by_name;
}

bool is_known_arn_part(const std::string& s) { return !s.empty() && !policy::has_wildcard(s); }

/// The session policy given with --session-policy, read into its own source set.
struct SessionPolicy {
  source::SourceSet sources;
  std::deque<model::Policy> policy;  ///< one element once read
};

bool read_session_policy(const std::string& path, SessionPolicy& out, std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "seslint: --session-policy " << path << ": cannot read the file\n";
    return false;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto id = out.sources.add(path, buf.str());
  parse::ParseResult r = parse::parse_json(out.sources.file(id));
  if (!r.root || !r.diagnostics.empty() || !r.root->is_map()) {
    err << "seslint: --session-policy " << path << ": not a JSON policy document";
    if (!r.diagnostics.empty()) err << " (" << r.diagnostics.front().message << ")";
    err << "\n";
    return false;
  }
  model::Policy& p = out.policy.emplace_back();
  p.kind = model::PolicyKind::Raw;
  p.name = "session policy " + path;
  p.span = r.root->span;
  std::vector<Diagnostic> diags;
  model::read_policy_document(*r.root, "session policy", p, diags);
  if (!diags.empty()) {
    err << "seslint: --session-policy " << path << ": " << diags.front().message << "\n";
    return false;
  }
  return true;
}

/// The statements that decided an evaluation: the explicit Deny, the allowing statements, or
/// the Deny statements that might apply when the kind of a certain deny is not known.
std::vector<policy::Reason> deciding_statements(const policy::Evaluation& ev) {
  std::vector<policy::Reason> out;
  for (const auto& step : ev.trace)
    if (step.decision == ev.decision && ev.decision != policy::Decision::ImplicitDeny)
      for (const auto& r : step.reasons) out.push_back(r);
  if (ev.deny_kind_unknown) out.insert(out.end(), ev.possible_denies.begin(), ev.possible_denies.end());
  return out;
}

/// "ExplicitDeny", "ImplicitDeny", "Allow", "Unknown", or "Deny" when denied of an uncertain kind.
const char* json_decision(policy::Decision d, bool kind_unknown) {
  if (d == policy::Decision::ImplicitDeny && kind_unknown) return "Deny";
  return policy::decision_name(d);
}


}  // namespace

int explain_access(const ExplainAccessOptions& opt, const model::Model& model, const source::SourceSet& sources,
                   std::ostream& out, std::ostream& err) {
  const bool json = opt.format == "json";
  model::PrincipalGraph graph = model::build_graph(model);
  std::vector<std::string> candidates;
  const model::PrincipalNode* node = find_principal(graph, opt.principal, candidates);
  if (!node) {
    err << "seslint: no IAM user or role '" << opt.principal << "' in the scanned files";
    if (!candidates.empty()) {
      err << "; principals found:";
      for (const auto& c : candidates) err << " " << c;
    }
    err << "\n";
    return 2;
  }
  auto resource_arn = policy::parse_arn(opt.resource);
  const bool star = opt.resource == "*";
  if (!star && !resource_arn) {
    err << "seslint: --resource must be an ARN or \"*\": '" << opt.resource << "'\n";
    return 2;
  }

  // Identity policies, boundary and SCP levels, as the send matrix evaluates them.
  policy::PolicySet ps = analysis::principal_policies(*node);
  SessionPolicy session;
  if (!opt.session_policy.empty()) {
    if (node->kind() != model::EntityKind::Role) {
      err << "seslint: --session-policy applies to role sessions only (AssumeRole's Policy parameter); "
          << node->entity->origin.resource << " is not a role\n";
      return 2;
    }
    if (!read_session_policy(opt.session_policy, session, err)) return 2;
    ps.has_session = true;
    ps.session.push_back(&session.policy.front());
  }
  // Locations: the session policy has its own source set.
  auto located = [&](const model::Policy* p, const source::Span& span) {
    if (!session.policy.empty() && p == &session.policy.front()) return where(session.sources, span);
    return where(sources, span);
  };
  // Sending authorization policies of the identity the resource names.
  std::string identity_name;
  if (resource_arn && resource_arn->service == "ses" && resource_arn->resource.rfind("identity/", 0) == 0)
    identity_name = resource_arn->resource.substr(9);
  for (const auto& idn : graph.identities)
    if (!identity_name.empty() && idn.identity->name.known && idn.identity->name.text == identity_name)
      for (const auto* p : idn.policies) ps.resource.push_back(p);

  policy::FullRequest req;
  req.action = opt.action;
  req.resource = opt.resource;
  std::string account = opt.account;
  std::vector<std::string> assumptions, warnings;
  if (account.empty() && node->arn.account.known) account = node->arn.account.text;
  if (account.empty() && resource_arn && is_known_arn_part(resource_arn->account)) {
    account = resource_arn->account;
    assumptions.push_back("the principal is in the resource's account " + account + " (use --account to change)");
  }
  std::string partition = node->arn.partition.known ? node->arn.partition.text
                          : resource_arn && is_known_arn_part(resource_arn->partition) ? resource_arn->partition
                                                                                     : "aws";
  const auto& name = node->entity->name;
  std::string key_arn;  // aws:PrincipalArn: the user's ARN, or for a role session the role's ARN
  if (name.known && !account.empty()) {
    std::string path = node->entity->path.known && !node->entity->path.text.empty() ? node->entity->path.text : "/";
    if (path.front() != '/') path = "/" + path;
    if (path.back() != '/') path += "/";
    if (node->kind() == model::EntityKind::User) {
      req.principal_arn = "arn:" + partition + ":iam::" + account + ":user" + path + name.text;
      key_arn = req.principal_arn;
    } else {
      req.principal_arn = "arn:" + partition + ":sts::" + account + ":assumed-role/" + name.text + "/seslint";
      // IAM global condition context keys, aws:PrincipalArn: for an assumed-role session it is
      // the role's ARN, not the session's.
      key_arn = "arn:" + partition + ":iam::" + account + ":role" + path + name.text;
    }
  }
  req.principal_account = account;
  if (resource_arn && is_known_arn_part(resource_arn->account) && !account.empty())
    req.resource_account = resource_arn->account;
  // Context: what every request carries, then what the user gave; other keys are unknown.
  req.context.set_default_unknown(true);
  // The principal calls SES itself: keys set only for service-to-service calls are absent.
  for (const char* key : {"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths"})
    req.context.set_missing(key);
  if (resource_arn && is_known_arn_part(resource_arn->region)) req.context.set("aws:RequestedRegion", {resource_arn->region});
  if (!key_arn.empty()) req.context.set("aws:PrincipalArn", {key_arn});
  if (!account.empty()) req.context.set("aws:PrincipalAccount", {account});
  if (node->kind() == model::EntityKind::User && name.known) req.context.set("aws:username", {name.text});
  for (const auto& [k, v] : opt.context) {
    req.context.set(k, v);
    if (!policy::action_carries_key(req.action, k))
      warnings.push_back("--context " + k + ": " + req.action +
                         " never carries this key, so it is absent from the request and the value is not used");
  }

  // A send is authorized on every resource it involves (identity, configuration set, template).
  policy::SendRequest send;
  send.action = req.action;
  send.identity_arn = req.resource;
  std::vector<std::string> send_notes;
  std::string unresolved_cs;  // description of a default configuration set we could not resolve
  const policy::SesAction* ses_action = policy::find_ses_action(req.action);
  const bool is_send = ses_action && ses_action->is_send && !identity_name.empty();
  if (is_send) {
    auto sibling = [&](const std::string& type, const std::string& name_or_arn) {
      if (name_or_arn.rfind("arn:", 0) == 0) return name_or_arn;
      policy::Arn a = *resource_arn;
      a.resource = type + "/" + name_or_arn;
      return a.str();
    };
    std::string cs = opt.configuration_set;
    if (cs.empty()) {
      for (const auto& idn : graph.identities) {
        const auto& id = *idn.identity;
        if (!id.name.known || id.name.text != identity_name || id.default_configuration_set.text.empty()) continue;
        if (id.default_configuration_set.known) {
          cs = id.default_configuration_set.text;
          send_notes.push_back("configuration set '" + cs + "' applies: it is the default of identity " + id.resource +
                               " (" + where(sources, id.default_configuration_set.span) + ")");
        } else {
          cs = std::string(1, analysis::kUnresolvedName);
          unresolved_cs = id.default_configuration_set.text;
          send_notes.push_back("identity " + id.resource + " has a default configuration set that is not resolved (" +
                               unresolved_cs + "); its ARN must be allowed too");
        }
      }
    }
    if (!cs.empty()) send.configuration_set_arn = sibling("configuration-set", cs);
    if (!opt.template_name.empty()) send.template_arn = sibling("template", opt.template_name);
    else if (policy::send_requires_template(req.action))
      send_notes.push_back(req.action + " also needs the template ARN allowed; pass --template NAME to check it");
  }
  policy::SendEvaluation sev;
  if (is_send) {
    sev = policy::evaluate_send(ps, send, req);
    // An unresolved set name matches only wildcard resources: an Allow stands, anything else
    // depends on the name.
    for (auto& r : sev.resources) {
      if (r.kind != "configuration-set" || unresolved_cs.empty() || r.evaluation.decision == policy::Decision::Allow ||
          r.evaluation.decision == policy::Decision::ExplicitDeny)
        continue;
      r.evaluation.decision = policy::Decision::Unknown;
      r.evaluation.deny_kind_unknown = false;
      r.evaluation.unknown_because = "the default configuration set name is not resolved (" + unresolved_cs + ")";
      r.resource = r.resource.substr(0, r.resource.size() - 1) + "${" + unresolved_cs + "}";
    }
    sev.decision = policy::combine_decisions(sev.resources);
  } else {
    sev.resources.push_back(policy::ResourceEvaluation{"resource", req.resource, policy::evaluate_request(ps, req)});
    sev.decision = sev.resources[0].evaluation.decision;
  }
  const policy::ResourceEvaluation* failing = sev.failing();
  const policy::Evaluation& ev = failing ? failing->evaluation : sev.resources[0].evaluation;
  // A certain deny is of an uncertain kind when no authorization denies explicitly for certain
  // and one that denies might do so explicitly.
  const policy::Evaluation* kind_unknown = nullptr;
  if (sev.decision == policy::Decision::ImplicitDeny)
    for (const auto& r : sev.resources) {
      const auto& e = r.evaluation;
      const bool open = (e.decision == policy::Decision::ImplicitDeny && e.deny_kind_unknown) ||
                        (e.decision == policy::Decision::Unknown && !e.deny_kind_because.empty());
      if (open && !kind_unknown) kind_unknown = &e;
    }
  const std::string decision_text =
      kind_unknown ? "denied (explicit or implicit, depending on " + kind_unknown->deny_kind_because + ")"
                   : std::string(policy::decision_name(sev.decision));

  auto statement_name = [](const policy::Reason& r) {
    return r.statement->sid.empty() ? r.statement->path : "'" + r.statement->sid + "'";
  };

  if (json) {
    report::detail::JsonWriter w;
    auto write_statement = [&](const policy::Reason& r) {
      w.begin_object();
      w.key("effect").value(r.statement->effect == model::Effect::Deny    ? "Deny"
                            : r.statement->effect == model::Effect::Allow ? "Allow"
                                                                          : "Unknown");
      w.key("sid").value(r.statement->sid);
      w.key("path").value(r.statement->path);
      w.key("policy").value(r.policy->name);
      w.key("location").value(located(r.policy, r.statement->span));
      w.key("applies").value(r.applies == policy::Tri::Yes ? "yes" : "maybe");
      w.end_object();
    };
    w.begin_object();
    w.key("principal").begin_object();
    w.key("resource").value(node->entity->origin.resource);
    w.key("location").value(where(sources, node->entity->origin.span));
    w.key("arn").value(req.principal_arn);
    w.key("principal_arn_key").value(key_arn);
    w.end_object();
    w.key("request").begin_object();
    w.key("action").value(req.action);
    w.key("resource").value(req.resource);
    w.key("context").begin_object();
    for (const auto& [k, v] : req.context.present()) {
      w.key(k).begin_array();
      for (const auto& x : v) w.value(x);
      w.end_array();
    }
    w.end_object();
    w.end_object();
    w.key("decision").value(json_decision(sev.decision, kind_unknown != nullptr));
    w.key("stage");
    if (sev.decision == policy::Decision::Allow) w.null();
    else w.value(policy::stage_name(ev.decided_by));
    w.key("summary").value(decision_text);
    w.key("unknown_because");
    if (sev.decision == policy::Decision::Unknown) w.value(ev.unknown_because);
    else w.null();
    w.key("deny_kind_depends_on");
    if (kind_unknown) w.value(kind_unknown->deny_kind_because);
    else w.null();
    w.key("authorizations").begin_array();
    for (const auto& r : sev.resources) {
      const auto& e = r.evaluation;
      w.begin_object();
      w.key("kind").value(r.kind);
      w.key("resource").value(r.resource);
      w.key("decision").value(json_decision(e.decision, e.deny_kind_unknown));
      w.key("stage");
      if (e.decision == policy::Decision::Allow) w.null();
      else w.value(policy::stage_name(e.decided_by));
      w.key("unknown_because");
      if (e.decision == policy::Decision::Unknown) w.value(e.unknown_because);
      else w.null();
      w.key("deny_kind_depends_on");
      if (e.deny_kind_unknown) w.value(e.deny_kind_because);
      else w.null();
      w.key("deciding_statements").begin_array();
      for (const auto& st : deciding_statements(e)) write_statement(st);
      w.end_array();
      w.key("trace").begin_array();
      for (const auto& step : e.trace) {
        w.begin_object();
        w.key("stage").value(policy::stage_name(step.stage));
        w.key("decision").value(policy::decision_name(step.decision));
        w.key("note").value(step.note);
        w.key("statements").begin_array();
        for (const auto& st : step.reasons) write_statement(st);
        w.end_array();
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
    for (const auto& [key, list] : {std::pair{"assumptions", &assumptions}, std::pair{"notes", &send_notes},
                                    std::pair{"warnings", &warnings}}) {
      w.key(key).begin_array();
      for (const auto& x : *list) w.value(x);
      w.end_array();
    }
    w.end_object();
    out << w.take();
    return sev.decision == policy::Decision::Allow ? 0 : 1;
  }

  out << "principal: " << node->entity->origin.resource;
  if (node->entity->origin.span.valid()) out << " (" << where(sources, node->entity->origin.span) << ")";
  out << "\n";
  out << "request:   " << req.action << " on " << req.resource << " as "
      << (req.principal_arn.empty() ? std::string("<unknown principal ARN>") : req.principal_arn) << "\n";
  if (!key_arn.empty() && key_arn != req.principal_arn) out << "           aws:PrincipalArn is " << key_arn << "\n";
  for (const auto& a : assumptions) out << "assuming:  " << a << "\n";
  for (const auto& n : send_notes) out << "note:      " << n << "\n";
  for (const auto& n : warnings) out << "warning:   " << n << "\n";
  out << "decision:  " << decision_text;
  if (sev.decision != policy::Decision::Allow) {
    out << " (" << policy::stage_name(ev.decided_by);
    if (failing && sev.resources.size() > 1) out << ", on the " << failing->kind << " " << failing->resource;
    out << ")";
  }
  out << "\n";
  if (sev.decision == policy::Decision::Unknown) out << "unknown because: " << ev.unknown_because << "\n";
  if (kind_unknown)
    for (const auto& r : kind_unknown->possible_denies)
      out << "  explicit if Deny statement " << statement_name(r) << " of " << r.policy->name << " ("
          << located(r.policy, r.statement->span) << ") applies\n";
  if (sev.resources.size() > 1) {
    out << "authorizations:\n";
    for (const auto& r : sev.resources)
      out << "  " << r.kind << " " << r.resource << ": " << policy::describe_decision(r.evaluation) << "\n";
  }

  out << "\npolicies considered:\n";
  for (const auto& ap : node->policies) {
    out << "  " << model::via_name(ap.via) << ": ";
    if (ap.policy) out << ap.policy->name << " (" << where(sources, ap.policy->span) << ")";
    else out << ap.expression.text << " - not followed: " << ap.unresolved_reason;
    out << "\n";
  }
  if (node->has_boundary) {
    out << "  boundary: "
        << (node->boundary.policy ? node->boundary.policy->name + " (" + where(sources, node->boundary.policy->span) + ")"
                                  : node->boundary.expression.text + " - not followed: " + node->boundary.unresolved_reason)
        << "\n";
  }
  if (ps.has_session)
    out << "  session policy: " << opt.session_policy << " ("
        << located(&session.policy.front(), session.policy.front().span) << ")\n";
  for (const auto* p : ps.resource) out << "  identity policy: " << p->name << " (" << where(sources, p->span) << ")\n";
  std::map<std::string, std::vector<const model::Policy*>> scps_by_target;  // listed by target
  for (const auto& link : node->scps)
    if (link.policy) scps_by_target[link.target.text].push_back(link.policy);
  for (const auto& [target, pols] : scps_by_target)
    for (const auto* p : pols) out << "  SCP on " << target << ": " << p->name << " (" << where(sources, p->span) << ")\n";

  out << "\nevaluation" << (sev.resources.size() > 1 ? " of the " + (failing ? failing->kind : std::string("identity")) : std::string())
      << ":\n";
  for (const auto& step : ev.trace) {
    out << "  " << policy::stage_name(step.stage) << ": " << policy::decision_name(step.decision);
    if (!step.note.empty()) out << " - " << step.note;
    out << "\n";
    for (const auto& r : step.reasons) {
      out << "    " << (r.statement->effect == model::Effect::Deny ? "Deny" : "Allow") << " statement "
          << statement_name(r) << " of " << r.policy->name << " (" << located(r.policy, r.statement->span) << ")\n";
    }
  }
  const std::string& failed_resource = failing ? failing->resource : req.resource;
  if (ev.decision == policy::Decision::ImplicitDeny && ev.decided_by == policy::Stage::IdentityPolicy) {
    // Near misses: statements that allow the action, but on other resources.
    bool header = false;
    for (const auto* p : ps.identity) {
      for (const auto& st : p->statements) {
        if (st.effect != model::Effect::Allow || policy::statement_matches_action(st, req.action) != policy::Tri::Yes)
          continue;
        if (!header) {
          out << "\nno identity-based statement allows " << req.action << " on " << failed_resource << "; closest:\n";
          header = true;
        }
        out << "  " << (st.sid.empty() ? st.path : p->name + " statement '" + st.sid + "'") << " ("
            << where(sources, st.span) << ") allows it on " << (st.not_resource ? "everything except " : "");
        for (std::size_t i = 0; i < st.resources.size(); ++i)
          out << (i ? ", " : "") << st.resources[i].text;
        out << "\n";
        if (policy::statement_matches_resource(st, failed_resource) != policy::Tri::Yes) continue;
        // The resource matches: a condition is what fails. Say which, and why.
        policy::RequestContext ctx = req.context;
        ctx.limit_to_action(req.action);
        for (const auto& c : st.conditions) {
          if (policy::evaluate_condition(c, ctx) != policy::Tri::No) continue;
          out << "    but its condition " << c.op << " on " << c.key << " (" << where(sources, c.span) << ") is false";
          const bool set_op = c.op.rfind("ForAnyValue:", 0) == 0 || c.op.rfind("ForAllValues:", 0) == 0;
          if (!policy::action_carries_key(req.action, c.key))
            out << ": " << req.action << " never carries " << c.key;
          else if (!set_op && policy::is_multivalued_key(c.key))
            out << ": " << c.key << " is multivalued, and an operator without ForAnyValue:/ForAllValues: never "
                << "matches it (seslint explain SES016)";
          out << "\n";
        }
      }
    }
  }
  if (sev.decision == policy::Decision::Allow) return 0;
  return 1;
}

int explain_access_batch(const std::string& requests_file, const LintConfig& base, std::ostream& out, std::ostream& err) {
  std::ifstream in(requests_file, std::ios::binary);
  if (!in) {
    err << "seslint: --requests " << requests_file << ": cannot read the file\n";
    return 2;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  source::SourceSet set;
  auto id = set.add(requests_file, buf.str());
  parse::ParseResult r = parse::parse_json(set.file(id));
  if (!r.root || !r.diagnostics.empty() || !r.root->is_list()) {
    err << "seslint: --requests " << requests_file << ": not a JSON array of requests\n";
    return 2;
  }
  auto text_of = [](const syntax::Value& req, const char* key) {
    const syntax::Value* v = req.get(key);
    return v && v->is_string() ? v->text : std::string();
  };
  std::vector<std::string> last_paths;
  std::unique_ptr<LintRun> run;
  bool all_decided = true;
  out << "[";
  for (std::size_t i = 0; i < r.root->items.size(); ++i) {
    const syntax::Value& req = *r.root->items[i];
    out << (i ? ",\n" : "\n");
    std::ostringstream one, why;
    int code = 2;
    if (!req.is_map()) {
      why << "request " << i << " is not an object";
    } else {
      ExplainAccessOptions opt;
      opt.format = "json";
      opt.principal = text_of(req, "principal");
      opt.action = text_of(req, "action");
      opt.resource = text_of(req, "resource");
      opt.account = text_of(req, "account");
      opt.configuration_set = text_of(req, "configuration_set");
      opt.template_name = text_of(req, "template");
      opt.session_policy = text_of(req, "session_policy");
      if (const syntax::Value* ctx = req.get("context"); ctx && ctx->is_map()) {
        for (const auto& entry : ctx->entries) {
          std::vector<std::string> values;
          if (entry.value->is_list()) {
            for (const auto& v : entry.value->items) values.push_back(v->text);
          } else {
            values.push_back(entry.value->text);
          }
          opt.context[entry.key] = values;
        }
      }
      std::vector<std::string> paths;
      if (const syntax::Value* ps = req.get("paths"); ps && ps->is_list())
        for (const auto& v : ps->items) paths.push_back(v->text);
      if (!run || paths != last_paths) {
        LintConfig cfg = base;
        cfg.paths = paths;
        cfg.run_rules = false;
        cfg.jobs = 1;
        // file() and templatefile() read below this request's first path, as in a scan of it.
        std::error_code ec;
        std::filesystem::path root = paths.empty() ? std::filesystem::path(".") : std::filesystem::path(paths.front());
        if (!std::filesystem::is_directory(root, ec)) root = root.parent_path().empty() ? "." : root.parent_path();
        cfg.resolve.scan_root = std::filesystem::weakly_canonical(std::filesystem::absolute(root, ec), ec).string();
        run = std::make_unique<LintRun>(lint(cfg));
        last_paths = paths;
      }
      if (opt.principal.empty() || opt.action.empty() || opt.resource.empty()) {
        why << "request " << i << " needs principal, action and resource";
      } else if (run->fatal) {
        why << "request " << i << ": the paths cannot be read";
      } else {
        code = explain_access(opt, run->model, *run->sources, one, why);
      }
    }
    if (code == 2) {
      all_decided = false;
      report::detail::JsonWriter w;
      w.begin_object().key("error").value(why.str()).end_object();
      std::string t = w.take();
      out << t.substr(0, t.size() - 1);
    } else {
      std::string t = one.str();
      out << t.substr(0, t.empty() ? 0 : t.size() - 1);
    }
  }
  out << "\n]\n";
  return all_decided ? 0 : 2;
}

}  // namespace seslint::cli
