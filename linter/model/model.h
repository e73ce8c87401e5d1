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

/// A value that may name another resource: the value as read, plus the resource it refers to when
/// it is a reference expression (`aws_iam_user.smtp.name`, `!Ref MailUser`, `!GetAtt Role.Arn`).
struct Ref {
  Str value;              ///< the literal, or known=false with a description of the expression
  std::string target;     ///< Terraform address ("aws_iam_user.smtp", "data.aws_iam_policy.x") or
                          ///< CloudFormation logical id ("MailUser"); "" for literals and other expressions
  std::string attribute;  ///< "name", "arn", "id" (Terraform); "Ref" or the GetAtt attribute ("Arn")
  /// The module scope `target` lives in when the value came across a module boundary (a
  /// module output, or an argument passed into a module): a root folder or an instance key;
  /// "" = the scope of whatever holds the Ref.
  std::string module;
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

/// A document given to a data "aws_iam_policy_document" as source or override: another such data
/// source (linked by merge()) or a document read in place (JSON string, jsonencode, file()).
struct DocumentInput {
  std::string document_ref;        ///< "data.aws_iam_policy_document.X", or "" when read in place
  std::vector<Statement> statements;
  bool resolved = true;
  std::string unresolved_reason;
  Span span;                       ///< the expression
  std::string argument;            ///< "source_policy_documents", "override_json", ...
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
  /// data "aws_iam_policy_document": source_json / source_policy_documents (in that order) and
  /// override_policy_documents / override_json, merged by merge() the way the provider does.
  std::vector<DocumentInput> source_documents;
  std::vector<DocumentInput> override_documents;
  std::size_t referenced_by = 0;  ///< PolicyDocument: how many policies use it (linked by merge())
  Ref owner;              ///< inline policies: the user/role/group as a link (attached_to as a Ref)
  Ref identity;           ///< SesIdentity: the identity it is attached to (identity / email_identity)
  Str resource_name;      ///< name / ManagedPolicyName / PolicyName argument, if given
  Str resource_path;      ///< path / Path argument of a managed policy, if given
  bool builtin = false;   ///< an AWS managed policy document known to seslint (not from the repository)
};

enum class IdentityType { Domain, Address, Unknown };

struct Identity {
  Str name;               ///< the domain or address
  IdentityType type = IdentityType::Unknown;
  std::string resource;   ///< "aws_ses_email_identity.sender", "Resources/SenderIdentity"
  std::string resource_type;
  Span span;              ///< the resource / block
  Str default_configuration_set;  ///< may be empty (known=false, text empty)
  /// The resource that sets the default set: this identity, or an
  /// aws_sesv2_email_identity_configuration_set_attributes resource linked to it.
  std::string default_configuration_set_from;
  std::string module;     ///< Terraform module folder; "" otherwise
  /// Where the identity is verified, from the resolver (resolve/resolve.h): the Region (the
  /// resource's `region` argument, else its provider configuration's Region; CloudFormation
  /// `--parameter AWS::Region`), the account (the provider's single `allowed_account_ids`
  /// entry; `AWS::AccountId`) and the partition (`AWS::Partition`, else from a known Region).
  /// Each is known only when certain; an unknown one describes what decides it: "provider
  /// region" / "account" / "data.aws_partition" (the deploying scope's own values,
  /// policy::self_symbol), "provider region (aws.eu)" for an aliased provider, "AWS::Region", ...
  Str region;
  Str account;
  Str partition;
  std::string provider;   ///< Terraform: the provider configuration, "aws" or "aws.<alias>"
};

/// aws_sesv2_email_identity_configuration_set_attributes: sets the default configuration set of
/// an identity declared elsewhere in the module (linked to Identity by merge()).
struct IdentityConfigurationSet {
  std::string resource;   ///< "aws_sesv2_email_identity_configuration_set_attributes.x"
  std::string module;
  Span span;
  Ref identity;           ///< email_identity: a literal name or aws_sesv2_email_identity.X.email_identity
  Str configuration_set;  ///< configuration_set_name
};

enum class SesResourceKind { ConfigurationSet, Template };

/// A configuration set or email template declared in the repository (for notes pointing at it).
struct SesResource {
  SesResourceKind kind = SesResourceKind::ConfigurationSet;
  Str name;               ///< configuration set name / template name
  std::string resource;   ///< "aws_sesv2_configuration_set.x", "Resources/Tracking"
  std::string resource_type;
  std::string module;     ///< Terraform module folder; "" otherwise
  Span span;              ///< the resource / block
};

// ---------------------------------------------------------------------------------------------
// IAM entities and the links between them (resolved into a graph by build_graph, model/graph.h).
// Every record names its declaring resource and scope: Terraform records link within their module
// (`module`), CloudFormation records within their template (`cloudformation` and span.file).

enum class EntityKind { User, Role, Group };

const char* entity_kind_name(EntityKind k);

/// Where a record was declared; links by reference stay inside one scope.
struct Origin {
  std::string resource;       ///< "aws_iam_user.smtp", "Resources/MailUser"
  std::string resource_type;  ///< "aws_iam_user", "AWS::IAM::User"
  std::string module;         ///< Terraform module folder
  bool cloudformation = false;
  Span span;                  ///< the resource / block
};

/// aws_iam_user / aws_iam_role / aws_iam_group, AWS::IAM::User / Role / Group.
struct IamEntity {
  EntityKind kind = EntityKind::User;
  Origin origin;
  Str name;                   ///< name / UserName / RoleName / GroupName; unknown when generated
  Str path;                   ///< "/" when not given
  bool has_boundary = false;
  Ref permissions_boundary;   ///< users and roles
  bool managed_policy_arns_set = false;  ///< the argument is present (exclusive in Terraform)
  std::vector<Ref> managed_policy_arns;  ///< aws_iam_role.managed_policy_arns, ManagedPolicyArns
  std::vector<Ref> groups;    ///< AWS::IAM::User Groups
};

/// A managed (or, for AWS::IAM::Policy, inline) policy attached to a user, role or group.
struct PolicyAttachment {
  Origin origin;
  EntityKind principal_kind = EntityKind::User;
  Ref principal;
  Ref policy;                 ///< policy ARN expression; CloudFormation policies listing their
                              ///< Users/Groups/Roles name themselves (target = own logical id)
  bool exclusive = false;     ///< aws_iam_policy_attachment: the only attachments of that policy
  bool inline_policy = false; ///< AWS::IAM::Policy Users/Groups/Roles
};

/// One user in one group (aws_iam_group_membership, aws_iam_user_group_membership,
/// AWS::IAM::UserToGroupAddition; AWS::IAM::User Groups are IamEntity::groups).
struct GroupMembership {
  Origin origin;
  Ref group;
  Ref user;
  bool exclusive = false;     ///< aws_iam_group_membership owns the group's whole member list
};

/// aws_iam_access_key, AWS::IAM::AccessKey.
struct AccessKey {
  Origin origin;
  Ref user;
  Str status;
  /// Where ses_smtp_password_v4 / encrypted_ses_smtp_password_v4 of this key is referenced in
  /// its module (outputs, other resources, locals). Empty: the key is not used as SMTP credentials.
  std::vector<Span> smtp_password_uses;
  /// How many of those uses are `output` values: a module offering the password to its caller.
  std::size_t smtp_password_output_uses = 0;
};

/// aws_organizations_policy_attachment, or one entry of AWS::Organizations::Policy TargetIds.
struct ScpAttachment {
  Origin origin;
  Ref policy;                 ///< policy_id; CloudFormation: the policy's own logical id
  Ref target;                 ///< root (r-...), OU (ou-...), account (12 digits), or unknown
};

/// data "aws_iam_policy": an existing managed policy looked up by ARN or name.
struct PolicyLookup {
  Origin origin;
  Str arn;
  Str name;
};

/// An SMTP password attribute reference found in a Terraform module (linked by merge()).
struct SmtpPasswordUse {
  std::string module;
  std::string key;            ///< "aws_iam_access_key.smtp"
  Span span;
  bool in_output = false;     ///< inside an `output` block
};

struct IamModel {
  std::vector<IamEntity> entities;
  std::vector<PolicyAttachment> attachments;
  std::vector<GroupMembership> memberships;
  std::vector<AccessKey> access_keys;
  std::vector<ScpAttachment> scp_attachments;
  std::vector<PolicyLookup> policy_lookups;
};

/// One environment variable of a workload, as written (its value may reference a resource).
struct EnvironmentVariable {
  std::string name;       ///< "SES_CONFIGURATION_SET"
  Span name_span;
  Ref value;              ///< the value; `target` set when it references a resource
};

/// Code that runs with an IAM role's credentials and gets settings through its environment:
/// aws_lambda_function (`environment { variables }`, `role`), aws_ecs_task_definition
/// (`container_definitions` environment lists, `task_role_arn`), AWS::Lambda::Function /
/// AWS::Serverless::Function (`Environment.Variables`, `Role`), AWS::ECS::TaskDefinition
/// (`ContainerDefinitions[].Environment`, `TaskRoleArn`).
struct Workload {
  Origin origin;
  bool has_role = false;  ///< the role argument is present (a SAM function without Role gets
                          ///< an execution role from its Policies)
  Ref role;
  std::vector<EnvironmentVariable> environment;
};

/// How a file was classified.
enum class FileKind { Terraform, TerraformJson, CloudFormation, IamPolicy, Other };

const char* file_kind_name(FileKind k);

struct FileModel {
  FileKind kind = FileKind::Other;
  std::vector<Policy> policies;
  std::vector<Identity> identities;
  std::vector<Diagnostic> diagnostics;
  IamModel iam;
  std::vector<SmtpPasswordUse> smtp_password_uses;
  std::vector<IdentityConfigurationSet> identity_configuration_sets;
  std::vector<SesResource> ses_resources;
  std::vector<Workload> workloads;
};

struct Model {
  std::vector<Policy> policies;
  std::vector<Identity> identities;
  std::vector<Diagnostic> diagnostics;
  IamModel iam;
  std::vector<SesResource> ses_resources;
  std::vector<Workload> workloads;
  std::size_t files_scanned = 0;
  /// Where resolved variable values were set (from resolve/); the engine turns the ones behind
  /// a finding's value into notes.
  std::vector<syntax::ValueOrigin> value_origins;
};

/// Classifies and normalizes one parsed file. Terraform files of one folder form a module, so
/// references like data.aws_iam_policy_document.x.json are linked within it by merge().
FileModel normalize_file(const source::SourceFile& file, const syntax::Value& root, FileKind kind);

/// Detects what a YAML/JSON document is: CloudFormation/SAM template, IAM policy, or other.
FileKind classify_document(const syntax::Value& root);

/// Moves every record of a normalized Terraform file into another module scope (an instance of
/// a child module: "modules/mail (module.mail in .)"), so links stay inside that instance.
void set_module(FileModel& fm, const std::string& module);

/// The Terraform address of a module instance scope ("module.mail" for "modules/mail (module.mail
/// in .)"), or "" for a folder evaluated on its own.
std::string instance_address(const std::string& module);

/// A Terraform resource named by its full address, with the module instance it belongs to
/// ("module.service[\"orders\"].aws_iam_role.task"); CloudFormation resources by logical id.
std::string resource_address(const Origin& origin);

/// Merges per-file models and resolves cross-file links inside each Terraform module
/// (policy = data.aws_iam_policy_document.X.json).
Model merge(std::vector<FileModel> files, const source::SourceSet& sources);

/// Reads an IAM policy document (a Map) into statements. Used for every source format.
void read_policy_document(const syntax::Value& doc, const std::string& path, Policy& out,
                          std::vector<Diagnostic>& diags);

}  // namespace seslint::model
