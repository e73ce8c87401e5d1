// model: the normalized view of a repository that rules and the policy evaluator use.
// Built from located syntax trees (Terraform HCL / JSON, CloudFormation YAML / JSON, raw IAM
// JSON); shape variance (single value vs list, short vs long intrinsic form) ends here.
// Every element keeps its Span and a logical path. It knows nothing about rules or output.
//   Model m = build_model(files);  for (const Policy& p : m.policies) for (auto& st : p.statements) ...
#pragma once

#include <string>
#include <vector>

#include "source/source_file.h"
#include "syntax/diagnostic.h"
#include "syntax/value.h"

namespace seslint::model {

using source::Span;

/// One piece of a partially known string: literal text, or an unknown with its description.
struct StrPart {
  bool known = true;
  std::string text;
};

/// A string value that may be unresolvable. Unknown values never carry their raw text as
/// `text`; `text` then describes what could not be resolved ("var.region", "!Ref Domain").
struct Str {
  Str() = default;
  Str(bool is_known, std::string value, Span where = {}, std::string logical_path = {})
      : known(is_known), text(std::move(value)), span(where), path(std::move(logical_path)) {}

  bool known = false;
  std::string text;
  Span span;
  std::string path;  ///< logical path, e.g. aws_iam_policy.p.policy.Statement[0].Resource[1]
  /// For a partially known string (a template such as "arn:aws:ses:${var.region}:1:identity/x"):
  /// its literal and unknown pieces in order. Empty when fully known or entirely unknown.
  std::vector<StrPart> parts;
};

enum class Effect { Allow, Deny, Invalid, Unknown };

struct Condition {
  std::string op;    ///< as written, e.g. "StringEquals", "ForAnyValue:StringLike"
  std::string key;   ///< as written, e.g. "ses:FromAddress"
  std::vector<Str> values;
  Span span;
};

struct Principal {
  std::string type;  ///< "AWS", "Service", "Federated", "CanonicalUser", or "*" for Principal "*"
  Str id;
};

struct Statement {
  Span span;
  std::string path;
  std::string sid;
  Effect effect = Effect::Allow;
  Str effect_text;
  bool not_action = false;
  std::vector<Str> actions;
  bool has_action = false;  ///< Action or NotAction present
  bool not_resource = false;
  std::vector<Str> resources;
  bool has_resource = false;
  bool not_principal = false;
  std::vector<Principal> principals;
  bool has_principal = false;
  std::vector<Condition> conditions;
  bool conditions_unknown = false;  ///< Condition present but not statically readable
};

enum class PolicyKind {
  Managed,        ///< aws_iam_policy, AWS::IAM::ManagedPolicy
  Inline,         ///< user/role/group inline policies, AWS::IAM::Policy, Policies[] entries
  PolicyDocument, ///< data "aws_iam_policy_document" (a document, attached through references)
  SesIdentity,    ///< aws_ses_identity_policy, aws_sesv2_email_identity_policy (sending authorization)
  ServiceControl, ///< aws_organizations_policy, AWS::Organizations::Policy (SCP)
  Raw,            ///< a standalone IAM policy JSON file
};

const char* policy_kind_name(PolicyKind k);

struct Policy {
  PolicyKind kind = PolicyKind::Raw;
  std::string name;       ///< logical name: "aws_iam_policy.sender", "Resources/SenderPolicy", file path
  std::string resource_type;  ///< "aws_iam_policy", "AWS::IAM::Policy", "" for raw files
  Span span;              ///< the policy document (or the resource when the document is unknown)
  std::string path;       ///< logical path of the document
  bool resolved = true;   ///< false when the document could not be read statically
  std::string unresolved_reason;
  std::vector<Statement> statements;
  Str attached_to;        ///< for inline policies: the user/role/group expression, if any
  std::string module;     ///< Terraform module folder (the file's directory); "" otherwise
  std::string document_ref;  ///< "data.aws_iam_policy_document.X" when the document is that data source
  std::size_t referenced_by = 0;  ///< PolicyDocument: how many policies use it (linked by merge())
};

enum class IdentityType { Domain, Address, Unknown };

struct Identity {
  Str name;               ///< the domain or address
  IdentityType type = IdentityType::Unknown;
  std::string resource;   ///< "aws_ses_email_identity.sender", "Resources/SenderIdentity"
  std::string resource_type;
  Span span;              ///< the resource / block
  Str default_configuration_set;  ///< may be empty (known=false, text empty)
};

/// How a file was classified.
enum class FileKind { Terraform, TerraformJson, CloudFormation, IamPolicy, Other };

const char* file_kind_name(FileKind k);

struct FileModel {
  FileKind kind = FileKind::Other;
  std::vector<Policy> policies;
  std::vector<Identity> identities;
  std::vector<Diagnostic> diagnostics;
};

struct Model {
  std::vector<Policy> policies;
  std::vector<Identity> identities;
  std::vector<Diagnostic> diagnostics;
  std::size_t files_scanned = 0;
};

/// Classifies and normalizes one parsed file. Terraform files of one folder form a module, so
/// references like data.aws_iam_policy_document.x.json are linked within it by merge().
FileModel normalize_file(const source::SourceFile& file, const syntax::Value& root, FileKind kind);

/// Detects what a YAML/JSON document is: CloudFormation/SAM template, IAM policy, or other.
FileKind classify_document(const syntax::Value& root);

/// Merges per-file models and resolves cross-file links inside each Terraform module
/// (policy = data.aws_iam_policy_document.X.json).
Model merge(std::vector<FileModel> files, const source::SourceSet& sources);

/// Reads an IAM policy document (a Map) into statements. Used for every source format.
void read_policy_document(const syntax::Value& doc, const std::string& path, Policy& out,
                          std::vector<Diagnostic>& diags);

}  // namespace seslint::model
