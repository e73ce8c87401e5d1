// Builds the model from located syntax trees: Terraform (HCL and JSON syntax), CloudFormation /
// SAM templates, and raw IAM policy files.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_set>

#include "model/model.h"
#include "model/template_json.h"
#include "model/values.h"
#include "model/workloads.h"
#include "parse/parse.h"

namespace seslint::model {

using detail::Path;
using detail::PathStyle;
using detail::ReadOptions;
using syntax::Kind;
using syntax::MapEntry;
using syntax::Value;

namespace {

std::string parent_dir(const std::string& path) {
  auto pos = path.find_last_of('/');
  return pos == std::string::npos ? std::string() : path.substr(0, pos);
}

IdentityType identity_type(const Str& name) {
  if (!name.known) return IdentityType::Unknown;
  return name.text.find('@') != std::string::npos ? IdentityType::Address : IdentityType::Domain;
}

/// Reads the value of a `policy`/`PolicyDocument`/`content` attribute: an object, a JSON string
/// (quoted, heredoc, YAML block), jsonencode(...), or a reference to an aws_iam_policy_document.
class DocumentReader {
 public:
  DocumentReader(const source::SourceFile& file, FileModel& fm, ReadOptions opt)
      : file_(file), fm_(fm), opt_(opt) {}

  void read(const Value& v, const Path& path, Policy& out) {
    out.span = v.span;
    out.path = path.text;
    switch (v.kind) {
      case Kind::Map:
        if (!detail::as_intrinsic(v)) {
          detail::read_document(v, path, opt_, out, fm_.diagnostics);
          return;
        }
        if (const MapEntry* e = detail::as_intrinsic(v); e->key == "Fn::Sub" || e->key == "Fn::Join") {
          Str folded = detail::read_str(&v, path, opt_);
          if (folded.known) {
            read_json_text(v, folded.text, path, out);
            return;
          }
        }
        break;
      case Kind::String:
        if (opt_.terraform_json && v.text.find("${") != std::string::npos) break;
        read_json_string(v, path, out);
        return;
      case Kind::Template:
        // JSON text with interpolations (a heredoc policy naming an identity's ARN).
        if (syntax::ValuePtr doc = parse_template_json(v, file_)) {
          detail::read_document(*doc, path, opt_, out, fm_.diagnostics);
          out.span = v.span;
          return;
        }
        break;
      case Kind::Call:
        if (v.text == "jsonencode" && v.items.size() == 1 && v.items[0]) {
          read(*v.items[0], path, out);
          out.span = v.span;
          return;
        }
        break;
      case Kind::Reference: {
        // data.aws_iam_policy_document.NAME.json / .minified_json, linked by merge().
        const std::string& t = v.text;
        const std::string prefix = "data.aws_iam_policy_document.";
        if (t.rfind(prefix, 0) == 0) {
          auto dot = t.find('.', prefix.size());
          if (dot != std::string::npos) {
            std::string attr = t.substr(dot + 1);
            if (attr == "json" || attr == "minified_json") {
              out.document_ref = t.substr(0, dot);
              out.resolved = false;
              out.unresolved_reason = t;
              return;
            }
          }
        }
        break;
      }
      default:
        break;
    }
    out.resolved = false;
    out.unresolved_reason = detail::describe(v);
  }

 private:
  void read_json_string(const Value& v, const Path& path, Policy& out) {
    parse::ParseResult r = parse::parse_embedded_json(v, file_);
    for (auto& d : r.diagnostics) {
      d.message = "policy at " + path.text + " is not valid JSON: " + d.message;
      fm_.diagnostics.push_back(std::move(d));
    }
    if (!r.root) {
      out.resolved = false;
      out.unresolved_reason = "invalid JSON";
      return;
    }
    detail::read_document(*r.root, path, ReadOptions{}, out, fm_.diagnostics);
    out.span = v.span;
  }

  void read_json_text(const Value& where, const std::string& text, const Path& path, Policy& out) {
    // A folded intrinsic has no single source literal: parse the text and point at the intrinsic.
    auto tmp = std::make_shared<Value>(where);
    tmp->kind = Kind::String;
    tmp->text = text;
    tmp->content = where.span;
    read_json_string(*tmp, path, out);
  }

  const source::SourceFile& file_;
  FileModel& fm_;
  ReadOptions opt_;
};

/// Reads where an SES resource is deployed from the resolver's Value::location (resolve.h).
/// Unresolved trees (Terraform JSON, unit tests on parser output) keep the resource's own
/// `region` argument or the deploying scope's unknown values.
void read_location(const Value& body, const Path& base, const ReadOptions& opt, bool cloudformation, Identity& id) {
  const Value* loc = body.location.get();
  if (!loc) {
    const Value* r = cloudformation ? nullptr : body.get("region");
    id.region = r ? detail::read_str(r, base.key("region"), opt)
                  : Str{false, cloudformation ? "AWS::Region" : "provider region", body.span, base.key("region").text};
    id.account = Str{false, cloudformation ? "AWS::AccountId" : "account", body.span, base.key("account").text};
    id.partition = Str{false, cloudformation ? "AWS::Partition" : "data.aws_partition", body.span,
                       base.key("partition").text};
    if (!cloudformation) id.provider = "aws";
    return;
  }
  id.region = detail::read_str(loc->get("region"), base.key("region"), opt);
  id.account = detail::read_str(loc->get("account"), base.key("account"), opt);
  id.partition = detail::read_str(loc->get("partition"), base.key("partition"), opt);
  if (const Value* p = loc->get("provider"); p && p->kind == Kind::String) id.provider = p->text;
}

// ---------------------------------------------------------------------------------------------
// Terraform

struct TfBlock {
  bool data = false;
  std::string type;
  std::string name;
  const Value* body = nullptr;
  source::Span span;
};

void collect_tf_hcl(const Value& root, std::vector<TfBlock>& out) {
  for (const auto& e : root.entries) {
    if (!e.value || !e.value->is_block) continue;
    const Value& b = *e.value;
    if ((b.block_type == "resource" || b.block_type == "data") && b.labels.size() == 2) {
      out.push_back(TfBlock{b.block_type == "data", b.labels[0].text, b.labels[1].text, &b, b.span});
    }
  }
}

void collect_tf_json(const Value& root, std::vector<TfBlock>& out) {
  for (const char* kind : {"resource", "data"}) {
    detail::for_each_item(root.get(kind), Path{}, [&](const Value& types, const Path&) {
      if (types.kind != Kind::Map) return;
      for (const auto& t : types.entries) {
        if (!t.value || t.value->kind != Kind::Map) continue;
        for (const auto& n : t.value->entries) {
          detail::for_each_item(n.value.get(), Path{}, [&](const Value& body, const Path&) {
            if (body.kind == Kind::Map)
              out.push_back(TfBlock{std::string_view(kind) == "data", t.key, n.key, &body, body.span});
          });
        }
      }
    });
  }
}

/// Nested blocks of a Terraform body: HCL repeated blocks, or JSON objects / lists of objects.
std::vector<std::pair<const Value*, Path>> nested_blocks(const Value& body, std::string_view type, const Path& base) {
  std::vector<std::pair<const Value*, Path>> out;
  std::size_t n = 0;
  for (const MapEntry* e : body.all(type)) {
    if (!e->value) continue;
    if (e->value->is_block || e->value->kind == Kind::Map) {
      out.emplace_back(e->value.get(), base.key(type).index(n++));
    } else if (e->value->kind == Kind::List) {
      for (const auto& item : e->value->items)
        if (item && item->kind == Kind::Map) out.emplace_back(item.get(), base.key(type).index(n++));
    }
  }
  return out;
}

// data "aws_iam_policy_document": statement blocks in HCL shape.
void read_policy_document_data(const Value& body, const Path& base, const ReadOptions& opt, Policy& out,
                               std::vector<Diagnostic>& diags) {
  for (const auto& block : nested_blocks(body, "statement", base)) {
    const Value* sb = block.first;  // named, not a structured binding: clang 14 cannot capture those
    const Path& sp = block.second;
    Statement st;
    st.span = sb->span;
    st.path = sp.text;
    if (const Value* sid = sb->get("sid")) st.sid = detail::read_str(sid, sp.key("sid"), opt).text;
    if (const Value* eff = sb->get("effect")) {
      st.effect_text = detail::read_str(eff, sp.key("effect"), opt);
      st.effect = !st.effect_text.known ? Effect::Unknown
                  : st.effect_text.text == "Allow" ? Effect::Allow
                  : st.effect_text.text == "Deny"  ? Effect::Deny
                                                   : Effect::Invalid;
    } else {
      st.effect = Effect::Allow;  // the data source's default
      st.effect_text = Str{true, "Allow", sb->span, sp.text};
    }
    auto list = [&](const char* key, std::vector<Str>& dst) -> bool {
      const Value* v = sb->get(key);
      if (!v) return false;
      if (v->kind == Kind::List) {
        detail::for_each_item(v, sp.key(key), [&](const Value& item, const Path& p) {
          dst.push_back(detail::read_str(&item, p, opt));
        });
      } else {
        dst.push_back(detail::read_str(v, sp.key(key), opt));  // an unresolvable list expression
      }
      return true;
    };
    if (list("actions", st.actions)) st.has_action = true;
    if (list("not_actions", st.actions)) st.has_action = st.not_action = true;
    if (list("resources", st.resources)) st.has_resource = true;
    if (list("not_resources", st.resources)) st.has_resource = st.not_resource = true;
    for (const char* pk : {"principals", "not_principals"}) {
      for (const auto& [pb, pp] : nested_blocks(*sb, pk, sp)) {
        st.has_principal = true;
        st.not_principal = std::string_view(pk) == "not_principals";
        Str type = detail::read_str(pb->get("type"), pp.key("type"), opt);
        std::vector<Str> ids;
        detail::for_each_item(pb->get("identifiers"), pp.key("identifiers"), [&](const Value& item, const Path& p) {
          ids.push_back(detail::read_str(&item, p, opt));
        });
        for (auto& id : ids) st.principals.push_back(Principal{type.known ? type.text : "?", std::move(id)});
      }
    }
    for (const auto& [cb, cp] : nested_blocks(*sb, "condition", sp)) {
      Condition c;
      Str test = detail::read_str(cb->get("test"), cp.key("test"), opt);
      Str var = detail::read_str(cb->get("variable"), cp.key("variable"), opt);
      if (!test.known || !var.known) {
        st.conditions_unknown = true;
        continue;
      }
      c.op = test.text;
      c.key = var.text;
      c.span = var.span.valid() ? var.span : cb->span;
      detail::for_each_item(cb->get("values"), cp.key("values"), [&](const Value& item, const Path& p) {
        c.values.push_back(detail::read_str(&item, p, opt));
      });
      st.conditions.push_back(std::move(c));
    }
    out.statements.push_back(std::move(st));
  }
  (void)diags;
}

/// source_json / source_policy_documents / override_policy_documents / override_json of a data
/// "aws_iam_policy_document": each document is read now (or linked by merge() when it is another
/// such data source); merge() combines them with the block's own statements.
void read_document_inputs(const Value& body, const Path& base, DocumentReader& reader, Policy& out) {
  auto read_one = [&](const Value& v, const Path& p, const char* arg, std::vector<DocumentInput>& dst) {
    Policy tmp;
    tmp.name = out.name;
    reader.read(v, p, tmp);
    DocumentInput in;
    in.document_ref = tmp.document_ref;
    in.statements = std::move(tmp.statements);
    in.resolved = tmp.resolved || !tmp.document_ref.empty();
    in.unresolved_reason = tmp.unresolved_reason;
    in.span = v.span;
    in.argument = arg;
    dst.push_back(std::move(in));
  };
  auto read_list = [&](const char* arg, std::vector<DocumentInput>& dst) {
    const Value* v = body.get(arg);
    if (!v) return;
    if (v->kind != Kind::List) {
      DocumentInput in;
      in.resolved = false;
      in.unresolved_reason = detail::describe(*v);
      in.span = v->span;
      in.argument = arg;
      dst.push_back(std::move(in));
      return;
    }
    detail::for_each_item(v, base.key(arg), [&](const Value& item, const Path& p) { read_one(item, p, arg, dst); });
  };
  if (const Value* v = body.get("source_json")) read_one(*v, base.key("source_json"), "source_json", out.source_documents);
  read_list("source_policy_documents", out.source_documents);
  read_list("override_policy_documents", out.override_documents);
  if (const Value* v = body.get("override_json"))
    read_one(*v, base.key("override_json"), "override_json", out.override_documents);
}

/// "data.aws_iam_policy_document.x[0]" -> "data.aws_iam_policy_document.x": count / for_each
/// instances share the block's statements.
std::string document_key(const std::string& ref) { return ref.substr(0, ref.find('[')); }

/// The provider's merge: a statement with a Sid replaces the earlier one with that Sid, every
/// other statement is appended.
void merge_statements(std::vector<Statement>& into, const std::vector<Statement>& add) {
  for (const Statement& st : add) {
    auto same = st.sid.empty() ? into.end()
                               : std::find_if(into.begin(), into.end(), [&](const Statement& o) { return o.sid == st.sid; });
    if (same != into.end()) *same = st;
    else into.push_back(st);
  }
}

/// Combines source and override documents into each aws_iam_policy_document, following
/// references to other data sources of the same module (merged first; cycles are cut).
class DocumentMerger {
 public:
  explicit DocumentMerger(Model& m) : m_(m), state_(m.policies.size(), 0) {
    for (std::size_t i = 0; i < m.policies.size(); ++i)
      if (m.policies[i].kind == PolicyKind::PolicyDocument) docs_[{m.policies[i].module, m.policies[i].name}] = i;
  }

  void run() {
    for (std::size_t i = 0; i < m_.policies.size(); ++i) merge(i);
  }

 private:
  /// The statements an input stands for; false when they are not known.
  bool statements_of(const Policy& p, const DocumentInput& in, std::vector<Statement>& out) {
    if (in.document_ref.empty()) {
      if (!in.resolved) return false;
      out = in.statements;
      return true;
    }
    auto it = docs_.find({p.module, document_key(in.document_ref)});
    if (it == docs_.end()) return false;
    merge(it->second);
    if (state_[it->second] != 2) return false;  // a cycle
    ++m_.policies[it->second].referenced_by;
    out = m_.policies[it->second].statements;
    return m_.policies[it->second].resolved;
  }

  void unknown_input(const Policy& p, const DocumentInput& in) {
    std::string what = !in.document_ref.empty() ? in.document_ref : in.unresolved_reason;
    m_.diagnostics.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                        p.name + ": the document in " + in.argument + " (" + what +
                                            ") could not be resolved, so the statements it adds or replaces were not "
                                            "checked",
                                        in.span});
  }

  void merge(std::size_t i) {
    Policy& p = m_.policies[i];
    if (state_[i] != 0 || (p.source_documents.empty() && p.override_documents.empty())) {
      if (state_[i] == 0) state_[i] = 2;
      return;
    }
    state_[i] = 1;
    std::vector<Statement> merged;
    std::set<std::string> sids;
    for (const DocumentInput& in : p.source_documents) {
      std::vector<Statement> add;
      if (!statements_of(m_.policies[i], in, add)) {
        unknown_input(m_.policies[i], in);
        continue;
      }
      // Terraform refuses source documents whose Sids collide (source_json's own are kept).
      for (const Statement& st : add) {
        if (st.sid.empty()) continue;
        if (!sids.insert(st.sid).second && in.argument != "source_json")
          m_.diagnostics.push_back(Diagnostic{diag::kUnsupported, Severity::Warning,
                                              m_.policies[i].name + ": duplicate Sid '" + st.sid +
                                                  "' in source_policy_documents; Terraform rejects this document",
                                              st.span});
      }
      merge_statements(merged, add);
    }
    merge_statements(merged, m_.policies[i].statements);
    for (const DocumentInput& in : m_.policies[i].override_documents) {
      std::vector<Statement> add;
      if (!statements_of(m_.policies[i], in, add)) {
        unknown_input(m_.policies[i], in);
        continue;
      }
      merge_statements(merged, add);
    }
    m_.policies[i].statements = std::move(merged);
    state_[i] = 2;
  }

  Model& m_;
  std::vector<int> state_;  ///< 0 = not merged, 1 = in progress, 2 = done
  std::map<std::pair<std::string, std::string>, std::size_t> docs_;
};

std::vector<Ref> read_ref_list(const Value* v, const Path& path, const ReadOptions& opt) {
  std::vector<Ref> out;
  if (!v) return out;
  if (v->kind != Kind::List) {
    out.push_back(detail::read_ref(v, path, opt));  // an unresolvable list expression (or one value)
    return out;
  }
  detail::for_each_item(v, path, [&](const Value& item, const Path& p) { out.push_back(detail::read_ref(&item, p, opt)); });
  return out;
}

/// Finds references to aws_iam_access_key.X.(encrypted_)ses_smtp_password_v4 anywhere in a file.
/// Walks a value graph once per node: shared nodes (YAML aliases, resolved locals used twice)
/// are visited once, so a graph that doubles per level is not walked as a tree.
void scan_smtp_password_uses(const Value& v, const std::string& module, std::vector<SmtpPasswordUse>& out,
                             std::unordered_set<const Value*>& seen) {
  if (!seen.insert(&v).second) return;
  auto check = [&](std::string_view text, const Span& span) {
    static constexpr std::string_view kPrefix = "aws_iam_access_key.";
    for (std::size_t pos = text.find(kPrefix); pos != std::string_view::npos; pos = text.find(kPrefix, pos + 1)) {
      if (pos > 0 && (std::isalnum(static_cast<unsigned char>(text[pos - 1])) || text[pos - 1] == '_' ||
                      text[pos - 1] == '.'))
        continue;
      std::size_t end = pos;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                   std::string_view("_.[]\"*-").find(text[end]) != std::string_view::npos))
        ++end;
      std::string address, attribute;
      if (!detail::split_tf_reference(text.substr(pos, end - pos), address, attribute)) continue;
      if (attribute == "ses_smtp_password_v4" || attribute == "encrypted_ses_smtp_password_v4")
        out.push_back(SmtpPasswordUse{module, address, span, false});
    }
  };
  switch (v.kind) {
    case Kind::Reference:
    case Kind::String:
    case Kind::Unknown:
      check(v.text, v.span);
      break;
    default:
      break;
  }
  for (const auto& item : v.items)
    if (item) scan_smtp_password_uses(*item, module, out, seen);
  for (const auto& e : v.entries)
    if (e.value) scan_smtp_password_uses(*e.value, module, out, seen);
}

void scan_smtp_password_uses(const Value& v, const std::string& module, std::vector<SmtpPasswordUse>& out) {
  std::unordered_set<const Value*> seen;
  scan_smtp_password_uses(v, module, out, seen);
}

void normalize_terraform(const source::SourceFile& file, const Value& root, bool json, FileModel& fm) {
  std::vector<TfBlock> blocks;
  if (json) collect_tf_json(root, blocks);
  else collect_tf_hcl(root, blocks);
  ReadOptions opt;
  opt.terraform_json = json;
  DocumentReader reader(file, fm, opt);
  const std::string module = parent_dir(file.path());
  scan_smtp_password_uses(root, module, fm.smtp_password_uses);
  // Uses inside `output` blocks (HCL; .tf.json is native-shaped once resolved) offer the password.
  for (const auto& e : root.entries) {
    if (!e.value || !e.value->is_block || e.value->block_type != "output") continue;
    const Span s = e.value->span;
    for (auto& u : fm.smtp_password_uses)
      if (u.span.file == s.file && u.span.begin >= s.begin && u.span.end <= s.end) u.in_output = true;
  }

  for (const TfBlock& b : blocks) {
    const std::string addr = (b.data ? "data." : "") + b.type + "." + b.name;
    const Path base{addr, PathStyle::Terraform};
    const Value& body = *b.body;
    const Origin origin{addr, b.type, module, false, b.span};
    auto ref = [&](const char* key) { return detail::read_ref(body.get(key), base.key(key), opt); };
    auto str = [&](const char* key) { return detail::read_str(body.get(key), base.key(key), opt); };
    auto refs = [&](const char* key) { return read_ref_list(body.get(key), base.key(key), opt); };

    if (!b.data) detail::read_terraform_workload(b.type, body, base, opt, origin, fm.workloads);

    auto add_policy = [&](PolicyKind kind, const Value* doc, const Path& path, const char* owner_attr) {
      Policy p;
      p.kind = kind;
      p.name = addr;
      p.resource_type = b.type;
      p.module = module;
      if (owner_attr) {
        p.attached_to = detail::read_str(body.get(owner_attr), base.key(owner_attr), opt);
        p.owner = ref(owner_attr);
      }
      if (body.get("name")) p.resource_name = str("name");
      if (body.get("path")) p.resource_path = str("path");
      if (!doc) {
        p.span = b.span;
        p.path = path.text;
        p.resolved = false;
        p.unresolved_reason = "no policy argument";
        fm.policies.push_back(std::move(p));
        return;
      }
      reader.read(*doc, path, p);
      fm.policies.push_back(std::move(p));
    };

    if (b.data) {
      if (b.type == "aws_iam_policy_document") {
        Policy p;
        p.kind = PolicyKind::PolicyDocument;
        p.name = addr;
        p.resource_type = b.type;
        p.module = module;
        p.span = b.span;
        p.path = addr;
        read_policy_document_data(body, base, opt, p, fm.diagnostics);
        read_document_inputs(body, base, reader, p);
        fm.policies.push_back(std::move(p));
      } else if (b.type == "aws_iam_policy") {
        PolicyLookup l{origin, body.get("arn") ? str("arn") : Str{}, body.get("name") ? str("name") : Str{}};
        fm.iam.policy_lookups.push_back(std::move(l));
      }
      // An identity read by name exists (verified elsewhere): it is a send target like a
      // declared one, named by its `domain` / `email` / `email_identity` argument.
      if (b.type != "aws_ses_domain_identity" && b.type != "aws_ses_email_identity" &&
          b.type != "aws_sesv2_email_identity")
        continue;
    }
    if (b.type == "aws_iam_policy") {
      add_policy(PolicyKind::Managed, body.get("policy"), base.key("policy"), nullptr);
    } else if (b.type == "aws_iam_user_policy") {
      add_policy(PolicyKind::Inline, body.get("policy"), base.key("policy"), "user");
    } else if (b.type == "aws_iam_role_policy") {
      add_policy(PolicyKind::Inline, body.get("policy"), base.key("policy"), "role");
    } else if (b.type == "aws_iam_group_policy") {
      add_policy(PolicyKind::Inline, body.get("policy"), base.key("policy"), "group");
    } else if (b.type == "aws_ses_identity_policy" || b.type == "aws_sesv2_email_identity_policy") {
      add_policy(PolicyKind::SesIdentity, body.get("policy"), base.key("policy"), nullptr);
      fm.policies.back().identity = ref(b.type == "aws_ses_identity_policy" ? "identity" : "email_identity");
    } else if (b.type == "aws_organizations_policy") {
      Str type = detail::read_str(body.get("type"), base.key("type"), opt);
      if (!body.get("type") || (type.known && type.text == "SERVICE_CONTROL_POLICY"))
        add_policy(PolicyKind::ServiceControl, body.get("content"), base.key("content"), nullptr);
    }
    if (b.type == "aws_iam_user" || b.type == "aws_iam_role" || b.type == "aws_iam_group") {
      IamEntity e;
      e.kind = b.type == "aws_iam_user" ? EntityKind::User : b.type == "aws_iam_role" ? EntityKind::Role : EntityKind::Group;
      e.origin = origin;
      e.name = str("name");
      if (!body.get("name")) {
        e.name.span = b.span;
        e.name.text = body.get("name_prefix") ? "generated from name_prefix" : "generated by Terraform";
      }
      e.path = body.get("path") ? str("path") : Str{true, "/", b.span, base.key("path").text};
      if (e.kind != EntityKind::Group && body.get("permissions_boundary")) {
        e.has_boundary = true;
        e.permissions_boundary = ref("permissions_boundary");
      }
      if (e.kind == EntityKind::Role && body.get("managed_policy_arns")) {
        e.managed_policy_arns_set = true;
        e.managed_policy_arns = refs("managed_policy_arns");
      }
      fm.iam.entities.push_back(std::move(e));
    } else if (b.type == "aws_iam_user_policy_attachment" || b.type == "aws_iam_role_policy_attachment" ||
               b.type == "aws_iam_group_policy_attachment") {
      PolicyAttachment a;
      a.origin = origin;
      const char* key = b.type == "aws_iam_user_policy_attachment"   ? "user"
                        : b.type == "aws_iam_role_policy_attachment" ? "role"
                                                                     : "group";
      a.principal_kind = key[0] == 'u' ? EntityKind::User : key[0] == 'r' ? EntityKind::Role : EntityKind::Group;
      a.principal = ref(key);
      a.policy = ref("policy_arn");
      fm.iam.attachments.push_back(std::move(a));
    } else if (b.type == "aws_iam_policy_attachment") {
      const Ref policy = ref("policy_arn");
      for (auto [key, kind] : {std::pair{"users", EntityKind::User}, std::pair{"roles", EntityKind::Role},
                               std::pair{"groups", EntityKind::Group}}) {
        for (Ref& r : refs(key)) {
          PolicyAttachment a{origin, kind, std::move(r), policy, true, false};
          fm.iam.attachments.push_back(std::move(a));
        }
      }
    } else if (b.type == "aws_iam_group_membership") {
      const Ref group = ref("group");
      for (Ref& u : refs("users")) fm.iam.memberships.push_back(GroupMembership{origin, group, std::move(u), true});
    } else if (b.type == "aws_iam_user_group_membership") {
      const Ref user = ref("user");
      for (Ref& g : refs("groups")) fm.iam.memberships.push_back(GroupMembership{origin, std::move(g), user, false});
    } else if (b.type == "aws_iam_access_key") {
      AccessKey k;
      k.origin = origin;
      k.user = ref("user");
      k.status = body.get("status") ? str("status") : Str{true, "Active", b.span, base.key("status").text};
      fm.iam.access_keys.push_back(std::move(k));
    } else if (b.type == "aws_organizations_policy_attachment") {
      fm.iam.scp_attachments.push_back(ScpAttachment{origin, ref("policy_id"), ref("target_id")});
    }
    if (b.type == "aws_iam_role") {
      for (const auto& [ib, ip] : nested_blocks(body, "inline_policy", base)) {
        if (!ib->get("policy")) continue;  // an empty inline_policy block removes inline policies
        Policy p;
        p.kind = PolicyKind::Inline;
        p.name = addr;
        p.resource_type = b.type;
        p.module = module;
        p.attached_to = Str{true, addr, b.span, base.text};
        p.owner = Ref{p.attached_to, addr, "", ""};
        if (ib->get("name")) p.resource_name = detail::read_str(ib->get("name"), ip.key("name"), opt);
        reader.read(*ib->get("policy"), ip.key("policy"), p);
        fm.policies.push_back(std::move(p));
      }
    } else if (b.type == "aws_ses_domain_identity" || b.type == "aws_ses_email_identity" ||
               b.type == "aws_sesv2_email_identity") {
      const char* attr = b.type == "aws_ses_domain_identity" ? "domain"
                         : b.type == "aws_ses_email_identity" ? "email"
                                                              : "email_identity";
      // count / for_each over a known collection: resolve/ added one "[instance]" block per
      // instance; each is one identity (same resource address, so references still link).
      std::vector<std::pair<const Value*, Path>> instances;
      for (const MapEntry* inst : body.all("[instance]")) {
        if (!inst->value || inst->value->labels.empty()) continue;
        const std::string& key = inst->value->labels[0].text;
        const bool number = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
        instances.emplace_back(inst->value.get(), Path{base.text + (number ? "[" + key + "]" : "[\"" + key + "\"]"), base.style});
      }
      if (instances.empty()) instances.emplace_back(&body, base);
      for (const auto& [ib, ipath] : instances) {
        const Value& ibody = *ib;
        Identity id;
        id.name = detail::read_str(ibody.get(attr), ipath.key(attr), opt);
        if (!ibody.get(attr)) id.name.span = b.span;
        id.type = b.type == "aws_ses_domain_identity" ? IdentityType::Domain
                  : b.type == "aws_ses_email_identity" ? IdentityType::Address
                                                       : identity_type(id.name);
        if (b.type == "aws_ses_domain_identity" && id.name.known && id.name.text.find('@') != std::string::npos)
          id.type = IdentityType::Address;
        id.resource = addr;
        id.resource_type = b.type;
        id.span = b.span;
        id.module = module;
        if (const Value* cs = ibody.get("configuration_set_name")) {
          id.default_configuration_set = detail::read_str(cs, ipath.key("configuration_set_name"), opt);
          id.default_configuration_set_from = addr;
        }
        // Instances share their block's provider; the resolver records it on the block body.
        read_location(ibody.location ? ibody : body, ipath, opt, false, id);
        fm.identities.push_back(std::move(id));
      }
    } else if (b.type == "aws_sesv2_email_identity_configuration_set_attributes") {
      if (body.get("configuration_set_name"))
        fm.identity_configuration_sets.push_back(
            IdentityConfigurationSet{addr, module, b.span, ref("email_identity"), str("configuration_set_name")});
    } else if (b.type == "aws_sesv2_configuration_set" || b.type == "aws_ses_configuration_set" ||
               b.type == "aws_ses_template" || b.type == "aws_sesv2_email_template") {
      const bool set = b.type == "aws_sesv2_configuration_set" || b.type == "aws_ses_configuration_set";
      const char* attr = b.type == "aws_sesv2_configuration_set" ? "configuration_set_name"
                         : b.type == "aws_sesv2_email_template"  ? "template_name"
                                                                 : "name";
      if (body.get(attr))
        fm.ses_resources.push_back(SesResource{set ? SesResourceKind::ConfigurationSet : SesResourceKind::Template,
                                               str(attr), addr, b.type, module, b.span});
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CloudFormation / SAM

void normalize_cloudformation(const source::SourceFile& file, const Value& root, FileModel& fm) {
  const Value* resources = root.get("Resources");
  if (!resources || resources->kind != Kind::Map) return;
  DocumentReader reader(file, fm, ReadOptions{});
  const Path rbase{"Resources", PathStyle::CloudFormation};
  for (const auto& r : resources->entries) {
    if (!r.value || r.value->kind != Kind::Map) continue;
    const Value& res = *r.value;
    Str type = detail::read_str(res.get("Type"), rbase.key(r.key).key("Type"), ReadOptions{});
    if (!type.known) continue;
    const Value* props = res.get("Properties");
    const Path base = rbase.key(r.key);
    const Path pbase = base.key("Properties");
    const std::string name = "Resources/" + r.key;
    const Origin origin{name, type.text, "", true, res.span};
    const ReadOptions cfn{};
    const Ref self{Str{false, "!Ref " + r.key, res.span, base.text}, r.key, "Ref", ""};

    auto add_doc = [&](PolicyKind kind, const Value* doc, const Path& path, const Str& owner,
                       const Ref& owner_ref = Ref{}) {
      Policy p;
      p.kind = kind;
      p.name = name;
      p.resource_type = type.text;
      p.attached_to = owner;
      p.owner = owner_ref;
      if (props && props->kind == Kind::Map) {
        for (const char* key : {"ManagedPolicyName", "PolicyName", "Name"})
          if (props->get(key)) p.resource_name = detail::read_str(props->get(key), pbase.key(key), cfn);
        if (props->get("Path")) p.resource_path = detail::read_str(props->get("Path"), pbase.key("Path"), cfn);
      }
      if (!doc) return;
      reader.read(*doc, path, p);
      fm.policies.push_back(std::move(p));
    };
    const std::string& t = type.text;
    if (!props || props->kind != Kind::Map) {
      // Users, roles and groups need no properties (names are generated).
      if (t == "AWS::IAM::User" || t == "AWS::IAM::Role" || t == "AWS::IAM::Group") {
        IamEntity e;
        e.kind = t == "AWS::IAM::User" ? EntityKind::User : t == "AWS::IAM::Role" ? EntityKind::Role : EntityKind::Group;
        e.origin = origin;
        e.name = Str{false, "generated by CloudFormation", res.span, pbase.text};
        e.path = Str{true, "/", res.span, pbase.key("Path").text};
        fm.iam.entities.push_back(std::move(e));
      }
      continue;
    }
    detail::read_cloudformation_workload(t, *props, pbase, origin, fm.workloads);
    auto ref = [&](const char* key) { return detail::read_ref(props->get(key), pbase.key(key), cfn); };
    auto refs = [&](const char* key) { return read_ref_list(props->get(key), pbase.key(key), cfn); };
    // AWS::IAM::Policy / ManagedPolicy: Users / Groups / Roles lists attach the policy itself.
    auto attach_lists = [&](bool inline_policy) {
      for (auto [key, kind] : {std::pair{"Users", EntityKind::User}, std::pair{"Roles", EntityKind::Role},
                               std::pair{"Groups", EntityKind::Group}})
        for (Ref& pr : refs(key))
          fm.iam.attachments.push_back(PolicyAttachment{origin, kind, std::move(pr), self, false, inline_policy});
    };
    if (t == "AWS::IAM::ManagedPolicy") {
      add_doc(PolicyKind::Managed, props->get("PolicyDocument"), pbase.key("PolicyDocument"), Str{});
      attach_lists(false);
    } else if (t == "AWS::IAM::Policy" || t == "AWS::IAM::UserPolicy" || t == "AWS::IAM::RolePolicy" ||
               t == "AWS::IAM::GroupPolicy") {
      const char* owner = t == "AWS::IAM::UserPolicy"    ? "UserName"
                          : t == "AWS::IAM::RolePolicy"  ? "RoleName"
                          : t == "AWS::IAM::GroupPolicy" ? "GroupName"
                                                         : nullptr;
      Str o = owner ? detail::read_str(props->get(owner), pbase.key(owner), ReadOptions{}) : Str{};
      add_doc(PolicyKind::Inline, props->get("PolicyDocument"), pbase.key("PolicyDocument"), o,
              owner ? ref(owner) : Ref{});
      if (!owner) attach_lists(true);
    } else if (t == "AWS::IAM::User" || t == "AWS::IAM::Role" || t == "AWS::IAM::Group") {
      detail::for_each_item(props->get("Policies"), pbase.key("Policies"), [&](const Value& pol, const Path& pp) {
        if (pol.kind != Kind::Map) return;
        const std::size_t n = fm.policies.size();
        add_doc(PolicyKind::Inline, pol.get("PolicyDocument"), pp.key("PolicyDocument"),
                Str{true, name, res.span, base.text}, self);
        if (fm.policies.size() > n) {
          Policy& added = fm.policies.back();
          added.resource_name = pol.get("PolicyName") ? detail::read_str(pol.get("PolicyName"), pp.key("PolicyName"), cfn)
                                                      : Str{};
          added.resource_path = Str{};
        }
      });
      IamEntity e;
      e.kind = t == "AWS::IAM::User" ? EntityKind::User : t == "AWS::IAM::Role" ? EntityKind::Role : EntityKind::Group;
      e.origin = origin;
      const char* name_key = e.kind == EntityKind::User ? "UserName" : e.kind == EntityKind::Role ? "RoleName" : "GroupName";
      e.name = detail::read_str(props->get(name_key), pbase.key(name_key), cfn);
      if (!props->get(name_key)) e.name = Str{false, "generated by CloudFormation", res.span, pbase.key(name_key).text};
      e.path = props->get("Path") ? detail::read_str(props->get("Path"), pbase.key("Path"), cfn)
                                  : Str{true, "/", res.span, pbase.key("Path").text};
      if (e.kind != EntityKind::Group && props->get("PermissionsBoundary")) {
        e.has_boundary = true;
        e.permissions_boundary = ref("PermissionsBoundary");
      }
      if (props->get("ManagedPolicyArns")) {
        e.managed_policy_arns_set = true;
        e.managed_policy_arns = refs("ManagedPolicyArns");
      }
      if (e.kind == EntityKind::User) e.groups = refs("Groups");
      fm.iam.entities.push_back(std::move(e));
    } else if (t == "AWS::IAM::UserToGroupAddition") {
      const Ref group = ref("GroupName");
      for (Ref& u : refs("Users")) fm.iam.memberships.push_back(GroupMembership{origin, group, std::move(u), false});
    } else if (t == "AWS::IAM::AccessKey") {
      AccessKey k;
      k.origin = origin;
      k.user = ref("UserName");
      k.status = props->get("Status") ? detail::read_str(props->get("Status"), pbase.key("Status"), cfn)
                                      : Str{true, "Active", res.span, pbase.key("Status").text};
      fm.iam.access_keys.push_back(std::move(k));  // CloudFormation has no SMTP password attribute
    } else if (t == "AWS::Organizations::Policy") {
      Str ptype = detail::read_str(props->get("Type"), pbase.key("Type"), ReadOptions{});
      if (ptype.known && ptype.text == "SERVICE_CONTROL_POLICY") {
        add_doc(PolicyKind::ServiceControl, props->get("Content"), pbase.key("Content"), Str{});
        for (Ref& target : refs("TargetIds")) fm.iam.scp_attachments.push_back(ScpAttachment{origin, self, std::move(target)});
      }
    } else if (t == "AWS::Serverless::Function") {
      detail::for_each_item(props->get("Policies"), pbase.key("Policies"), [&](const Value& pol, const Path& pp) {
        if (pol.kind == Kind::Map && pol.get("Statement")) {
          add_doc(PolicyKind::Inline, &pol, pp, Str{true, name, res.span, base.text});
        } else if (pol.kind == Kind::Map && pol.entries.size() == 1 && pol.entries[0].key.rfind("SES", 0) == 0) {
          fm.diagnostics.push_back(Diagnostic{diag::kUnsupported, Severity::Note,
                                              "SAM policy template " + pol.entries[0].key +
                                                  " is not expanded yet; the statements it generates were not checked",
                                              pol.entries[0].key_span});
        }
      });
    } else if (t == "AWS::SES::EmailIdentity") {
      Identity id;
      id.name = detail::read_str(props->get("EmailIdentity"), pbase.key("EmailIdentity"), ReadOptions{});
      if (!props->get("EmailIdentity")) id.name.span = res.span;
      id.type = identity_type(id.name);
      id.resource = name;
      id.resource_type = t;
      id.module = "";
      id.span = res.span;
      if (const Value* csa = props->get("ConfigurationSetAttributes"); csa && csa->kind == Kind::Map) {
        if (const Value* cs = csa->get("ConfigurationSetName")) {
          id.default_configuration_set = detail::read_str(
              cs, pbase.key("ConfigurationSetAttributes").key("ConfigurationSetName"), ReadOptions{});
          id.default_configuration_set_from = name;
        }
      }
      read_location(res, base, cfn, true, id);
      fm.identities.push_back(std::move(id));
    } else if (t == "AWS::SES::ConfigurationSet" && props->get("Name")) {
      fm.ses_resources.push_back(SesResource{SesResourceKind::ConfigurationSet,
                                             detail::read_str(props->get("Name"), pbase.key("Name"), cfn), name, t, "",
                                             res.span});
    } else if (const Value* tpl = props->get("Template"); t == "AWS::SES::Template" && tpl && tpl->kind == Kind::Map &&
                                                          tpl->get("TemplateName")) {
      fm.ses_resources.push_back(SesResource{
          SesResourceKind::Template,
          detail::read_str(tpl->get("TemplateName"), pbase.key("Template").key("TemplateName"), cfn), name, t, "",
          res.span});
    }
  }
}

}  // namespace

FileKind classify_document(const Value& root) {
  if (root.kind != Kind::Map) return FileKind::Other;
  if (root.get("AWSTemplateFormatVersion")) return FileKind::CloudFormation;
  if (const Value* res = root.get("Resources"); res && res->kind == Kind::Map) {
    for (const auto& e : res->entries) {
      if (e.value && e.value->kind == Kind::Map) {
        const Value* t = e.value->get("Type");
        if (t && t->kind == Kind::String &&
            (t->text.rfind("AWS::", 0) == 0 || t->text.rfind("Custom::", 0) == 0 || t->text.find("::") != std::string::npos))
          return FileKind::CloudFormation;
      }
    }
  }
  if (const Value* st = root.get("Statement"); st && (st->kind == Kind::Map || st->kind == Kind::List))
    return FileKind::IamPolicy;
  return FileKind::Other;
}

FileModel normalize_file(const source::SourceFile& file, const Value& root, FileKind kind) {
  FileModel fm;
  fm.kind = kind;
  switch (kind) {
    case FileKind::Terraform: normalize_terraform(file, root, false, fm); break;
    case FileKind::TerraformJson: normalize_terraform(file, root, true, fm); break;
    case FileKind::CloudFormation: normalize_cloudformation(file, root, fm); break;
    case FileKind::IamPolicy: {
      Policy p;
      p.kind = PolicyKind::Raw;
      p.name = file.path();
      detail::read_document(root, Path{"", PathStyle::CloudFormation}, ReadOptions{}, p, fm.diagnostics);
      fm.policies.push_back(std::move(p));
      break;
    }
    case FileKind::Other: break;
  }
  return fm;
}

void set_module(FileModel& fm, const std::string& module) {
  for (auto& p : fm.policies) p.module = module;
  for (auto& i : fm.identities) i.module = module;
  auto origins = [&](auto& list) {
    for (auto& x : list) x.origin.module = module;
  };
  origins(fm.iam.entities);
  origins(fm.iam.attachments);
  origins(fm.iam.memberships);
  origins(fm.iam.access_keys);
  origins(fm.iam.scp_attachments);
  origins(fm.iam.policy_lookups);
  for (auto& u : fm.smtp_password_uses) u.module = module;
  for (auto& r : fm.ses_resources) r.module = module;
  origins(fm.workloads);
}

std::string instance_address(const std::string& module) {
  auto open = module.rfind(" (module.");
  if (open == std::string::npos || module.back() != ')') return "";
  auto in = module.find(" in ", open);
  return in == std::string::npos ? "" : module.substr(open + 2, in - open - 2);
}

std::string resource_address(const Origin& origin) {
  const std::string instance = instance_address(origin.module);
  return instance.empty() ? origin.resource : instance + "." + origin.resource;
}

Model merge(std::vector<FileModel> files, const source::SourceSet& sources) {
  (void)sources;
  Model m;
  m.files_scanned = files.size();
  for (auto& f : files) {
    for (auto& p : f.policies) m.policies.push_back(std::move(p));
    for (auto& i : f.identities) m.identities.push_back(std::move(i));
    for (auto& d : f.diagnostics) m.diagnostics.push_back(std::move(d));
    auto append = [](auto& dst, auto& src) { for (auto& x : src) dst.push_back(std::move(x)); };
    append(m.iam.entities, f.iam.entities);
    append(m.iam.attachments, f.iam.attachments);
    append(m.iam.memberships, f.iam.memberships);
    append(m.iam.access_keys, f.iam.access_keys);
    append(m.iam.scp_attachments, f.iam.scp_attachments);
    append(m.iam.policy_lookups, f.iam.policy_lookups);
    append(m.ses_resources, f.ses_resources);
    append(m.workloads, f.workloads);
  }
  // Link aws_sesv2_email_identity_configuration_set_attributes to its identity in the same
  // module: by reference (aws_sesv2_email_identity.X.email_identity), else by literal name.
  for (const auto& f : files)
    for (const auto& link : f.identity_configuration_sets) {
      Identity* by_ref = nullptr;
      Identity* by_name = nullptr;
      for (auto& id : m.identities) {
        if (id.resource_type.rfind("aws_", 0) != 0 || id.module != link.module) continue;
        if (!by_ref && !link.identity.target.empty() && link.identity.target == id.resource) by_ref = &id;
        if (!by_name && link.identity.value.known && id.name.known && id.name.text == link.identity.value.text)
          by_name = &id;
      }
      Identity* target = by_ref ? by_ref : by_name;
      // An identity that names its own default set keeps it (the provider documents the two as
      // alternatives, not to be combined).
      if (!target || !target->default_configuration_set_from.empty()) continue;
      target->default_configuration_set = link.configuration_set;
      target->default_configuration_set_from = link.resource;
    }
  // Link SMTP password references to their access key within the same Terraform module.
  for (const auto& f : files)
    for (const auto& use : f.smtp_password_uses)
      for (auto& k : m.iam.access_keys)
        if (!k.origin.cloudformation && k.origin.module == use.module && k.origin.resource == use.key) {
          k.smtp_password_uses.push_back(use.span);
          if (use.in_output) ++k.smtp_password_output_uses;
        }
  DocumentMerger(m).run();
  // Link `policy = data.aws_iam_policy_document.X.json` within the same Terraform module.
  std::map<std::pair<std::string, std::string>, std::size_t> docs;
  for (std::size_t i = 0; i < m.policies.size(); ++i)
    if (m.policies[i].kind == PolicyKind::PolicyDocument) docs[{m.policies[i].module, m.policies[i].name}] = i;
  for (auto& p : m.policies) {
    if (p.document_ref.empty()) continue;
    auto it = docs.find({p.module, document_key(p.document_ref)});
    if (it == docs.end()) continue;
    Policy& doc = m.policies[it->second];
    ++doc.referenced_by;
    p.statements = doc.statements;
    p.resolved = doc.resolved;
    p.unresolved_reason = doc.unresolved_reason;
  }
  return m;
}

}  // namespace seslint::model
