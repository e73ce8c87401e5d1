// resolve/terraform/resolver.h: static evaluation of the values of one Terraform module.
//
// Scope: variables (defaults < terraform.tfvars / *.auto.tfvars < --var-file < --var), locals
// (lazy, with cycle detection), string templates and heredocs, references into maps / lists /
// objects, a few exported attributes of SES and IAM resources (as partially known ARNs), the
// AWS account / partition data sources (Unknown), data.aws_region and the Region of SES ARNs
// from the provider configuration (aliases included), the location of SES resources
// (syntax::Value::location, see resolve.h), and a set of pure built-in functions including
// file() / templatefile() confined to the scanned root.
// Expressions (see the section "HCL expressions" below): conditionals, operators, `for`
// expressions, splats, and `count` / `for_each` instances (count.index, each.key / each.value,
// aws_x.y[0].attr, aws_x.y["k"].attr, aws_x.y[*].attr) of the resources whose attributes are
// known; `dynamic` blocks expanded into the blocks they make (dynamic_blocks.cpp); can() / try()
// telling errors (values.h is_error) from values not known; terraform.workspace from
// Inputs::terraform_workspace. An expression that cannot be evaluated becomes an Unknown carrying
// its source excerpt.
// Everything else is kept: references to other resources / data sources stay Reference nodes
// (the model and the principal graph link through them), and module blocks and Terraform JSON
// files are left untouched.
// Resources with `count` / `for_each` over a known collection: the resolved block keeps its
// representative body (count.index / each.* Unknown) and, for SES identities, gets one extra
// entry "[instance]" per instance (a block whose labels[0] is the instance key and whose body is
// resolved for that instance), so the model can declare one identity per instance.
// Spans: every produced node has the span of the expression it replaces; a variable's value is
// re-spanned entirely to its use site (it may come from a --var text without source), a local's
// value keeps its inner spans and only its top node takes the use site.
#pragma once

#include "resolve/terraform/values.h"

namespace seslint::resolve::tf {

class Resolver {
 public:
  Resolver(const std::vector<TerraformFile>& files, const std::vector<TerraformFile>& tfvars, const Inputs& inputs,
           const ModuleLoader& loader)
      : files_(files), tfvars_(tfvars), inputs_(inputs), loader_(loader) {}

  
ModuleResult run();

 private:
  // -- symbol tables ----------------------------------------------------------------------

  void collect();

  void assign_vars(const Value& root, const source::SourceFile* from, bool owned);

  /// A SourceFile this resolver owns (CLI text, --var-file, jsondecode input); its spans never
  /// leave the resolver (values from it are re-spanned to their use site).
  const source::SourceFile& own_file(std::string path, std::string text);

  ValuePtr parse_owned_file(const std::string& path, bool report);

  /// --var name=TEXT: an HCL literal expression when TEXT parses as one, else the plain string.
  ValuePtr parse_cli_value(const std::string& text);

  // -- walking the module -----------------------------------------------------------------

  /// `count = 0` or an empty `for_each`: the resource or data source has no instances.
  bool no_instances(const Value& block);

  ValuePtr resolve_body(const ValuePtr& root);

  /// `dynamic "NAME" { for_each = C  iterator = I  content { ... } }` in a block body: one NAME
  /// block per element of a known C (list, set or map), its content resolved with I (default
  /// NAME) bound to {key, value}; appended to `out`. An unknown C gives one block with I unknown,
  /// and inside an aws_iam_policy_document (in_policy_document_) the argument that decides what
  /// a statement / condition / principals block does (effect, test, type) is unknown too, since
  /// the block may exist any number of times. Nested dynamic blocks expand inside their content.
  void expand_dynamic(const MapEntry& e, std::vector<MapEntry>& out, unsigned depth);

  /// Terraform JSON's `"dynamic": {"NAME": {"for_each": ..., "content": {...}}}` (an object, or a
  /// list of them, per NAME): expanded as the native dynamic block would be.
  void expand_dynamic_json(const MapEntry& e, std::vector<MapEntry>& out);

  /// A locals block: each entry takes its (cached) local value, so a local is evaluated once.
  ValuePtr resolve_locals(const ValuePtr& block);

  // -- expressions ------------------------------------------------------------------------

  ValuePtr too_deep(const Value& v);

  ValuePtr over_budget(const Value& v) { return over_budget(v.span); }
  ValuePtr over_budget(Span at);

  /// Every evaluation goes through here: a created value is charged to the shared budget.
  ValuePtr eval(const ValuePtr& v, unsigned depth);

  ValuePtr eval_node(const ValuePtr& v, unsigned depth);

  ValuePtr eval_template(const ValuePtr& v, unsigned depth);

  // -- references -------------------------------------------------------------------------

  ValuePtr eval_reference(const ValuePtr& v, unsigned depth);

  /// Applies steps[from..] to `val`.
  ValuePtr traverse(ValuePtr val, const std::vector<Step>& steps, std::size_t from, const ValuePtr& ref,
                    unsigned depth);

  /// The value of the text inside `[...]`: a number, a quoted string or a reference.
  ValuePtr index_value(const std::string& text, Span at, unsigned depth);

  ValuePtr var_value(const std::string& name, Span at, unsigned depth);

  ValuePtr local_value(const std::string& name, Span at, unsigned depth);

  ValuePtr eval_data(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth);

  // -- provider configurations and where resources live ------------------------------------

  /// The aws provider configuration a resource or data source uses.
  struct ProviderConfig {
    std::string address = "aws";   ///< "aws", "aws.<alias>", or whatever `provider` names
    const Value* block = nullptr;  ///< its provider block in this module, when there is exactly one
    Span span;                     ///< the `provider` argument, else the resource
  };

  ProviderConfig provider_of(const Value* block);

  /// Describes an unknown value of a provider configuration: the default provider's values are
  /// the deploying scope's own (policy::self_symbol knows these descriptions); an aliased
  /// provider's are other, unrelated values.
  static std::string of_provider(const char* what, const ProviderConfig& pc);

  /// The Region of a provider configuration when its `region` resolves to a literal.
  ValuePtr provider_region(const ProviderConfig& pc, Span at, unsigned depth);

  /// The Region a resource or data source works in: its own `region` argument (provider v6),
  /// else its provider's Region. `block` may be null (an undeclared data source: the default
  /// provider).
  ValuePtr block_region(const Value* block, Span at, unsigned depth);

  /// Where an SES resource is deployed (see resolve.h): Region, account, partition, provider.
  ValuePtr location_of(const Value& block);

  /// The resolved value of a resource argument, at `at`; Unknown when absent.
  ValuePtr argument(const Value& block, const char* name, Span at, unsigned depth, const char* fallback = nullptr);

  ValuePtr eval_resource(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth);

  ValuePtr eval_resource_value(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth);

  // -- HCL expressions: operators, conditionals, for, splats, count / for_each ------------

  /// Swaps the binding scope for the lifetime of the guard (an instance's or an empty one).
  class ScopeSwap {
   public:
    ScopeSwap(std::vector<Binding>& scope, std::vector<Binding> next) : scope_(scope), saved_(std::move(next)) {
      std::swap(scope_, saved_);
    }
    ~ScopeSwap() { std::swap(scope_, saved_); }
    ScopeSwap(const ScopeSwap&) = delete;
    ScopeSwap& operator=(const ScopeSwap&) = delete;

   private:
    std::vector<Binding>& scope_;
    std::vector<Binding> saved_;
  };

  const Binding* bound(const std::string& name) const;

  /// Counts one element of a for / splat / instance expansion; false once the module's budget
  /// is spent (reported once), so nested expansions over large lists stay bounded.
  bool spend(Span at);

  const source::SourceFile* source_of(source::FileId id) const;

  /// An expression that cannot be evaluated: Unknown named by its source text.
  ValuePtr unknown_expr(const Value& v);

  static ValuePtr boolean(bool b, Span at) { return syntax::make_scalar(Kind::Bool, b ? "true" : "false", at); }
  static std::optional<bool> as_bool(const Value& v);

  ValuePtr eval_operator(const ValuePtr& v, unsigned depth);

  /// c ? a : b. A known condition picks its branch; an unknown one keeps a value only when both
  /// branches resolve to the same thing, else the result is Unknown named after the whole
  /// expression (so `var.x ? "arn:a" : "arn:b"` is an unresolved value, never a wrong literal).
  ValuePtr eval_conditional(const ValuePtr& v, unsigned depth);

  /// [for k, v in coll : val if c] and {for k, v in coll : key => val(...) if c} over a known
  /// list or map. Any unknown piece (collection, filter, key) makes the whole result Unknown.
  ValuePtr eval_for(const ValuePtr& v, unsigned depth);

  /// One element of a for expression, appended to `out` (or filtered out); false when it
  /// cannot be known.
  bool for_element(const ValuePtr& v, const ValuePtr& cond, bool object, bool grouped, Value& out,
                   std::unordered_map<std::string, std::size_t>& index, unsigned depth);

  /// `list[*].rest` (and legacy `.*.rest`): rest applied to every element; a single non-list
  /// value counts as a one-element list and null as an empty one (Terraform's splat rules).
  ValuePtr splat(const ValuePtr& val, const std::vector<Step>& steps, std::size_t k, const ValuePtr& ref,
                 unsigned depth);

  /// The `count` / `each` object bound inside a resource instance.
  static ValuePtr object_of(std::vector<MapEntry> entries, Span at);

  /// The count.index / each.key / each.value bindings of the instance `index_text` names
  /// (the text inside `aws_x.y[...]`), evaluated in the caller's scope.
  std::vector<Binding> instance_bindings(const Value& block, const std::string& index_text, Span at, unsigned depth);

  /// aws_x.y[*].attr / aws_x.y.*.attr (and data.t.n[*].attr; steps[k] is the splat) of a resource
  /// or data source: one value per instance of a known `count`, and a one-element list for one
  /// without count / for_each (Terraform's splat over a single object). Else `v` unchanged.
  ValuePtr resource_splat(const ValuePtr& v, const std::vector<Step>& steps, std::size_t k, const Value& block,
                          unsigned depth);

  /// `aws_x.y` naming a whole resource whose attributes the resolver computes (SES identities and
  /// configuration sets, IAM users), where a collection is expected (a function argument, a
  /// `for` collection): its object (a Map of those attributes), a list of them for a known
  /// `count`, a map by key for a known `for_each`, so values(aws_x.y)[*].arn works. Each object
  /// has resolved_from = its address, and an attribute it lacks is read as that reference
  /// (traverse). Anything else: `v` unchanged.
  ValuePtr resource_collection(const ValuePtr& v, unsigned depth);

  /// One instance of a resource or module call: its key (count.index or each.key) and the
  /// `count` / `each` binding inside it.
  struct PlannedInstance {
    ValuePtr key;
    std::vector<Binding> bindings;
  };

  /// The instances `count` (counted) or `for_each` over the evaluated `coll` gives; nullopt when
  /// they are not known: a count that is not a number, negative or over `max`, a for_each that
  /// is not a map or a set of strings, or has more than `max` elements.
  std::optional<std::vector<PlannedInstance>> instances_of(bool counted, const Value& coll, Span at, std::size_t max);

  /// Resource types whose instances the model declares one by one (one identity per key).
  static bool expands_instances(const Value& block);

  /// `resolved` plus one "[instance]" entry per instance of a resource with count / for_each
  /// over a known collection (see the file comment); `resolved` itself when not expandable.
  ValuePtr with_instances(const Value& block, const ValuePtr& resolved);

  // -- functions --------------------------------------------------------------------------

  ValuePtr eval_call(const ValuePtr& v, unsigned depth);

  static bool all_known(const std::vector<ValuePtr>& args);

  ValuePtr list_of(std::vector<ValuePtr> items, Span at);

  ValuePtr str(std::string s, Span at) { return syntax::make_string(std::move(s), at, at); }
  ValuePtr num(long long n, Span at) { return syntax::make_scalar(Kind::Number, std::to_string(n), at); }

  /// Values the function cannot compute return nullptr (-> Unknown).
  ValuePtr call(const std::string& fn, const std::vector<ValuePtr>& args, Span at, unsigned depth);

  /// Reads a file named relative to the module folder, refusing paths outside the scan root.
  std::optional<std::string> read_module_file(const std::string& name, Span at);

  /// templatefile(): `${name}` of a known scalar variable is substituted; any other
  /// interpolation or `%{...}` directive becomes an Unknown part. `$${` / `%%{` are escapes.
  ValuePtr render_template(const std::string& t, const Value& vars, Span at);

  // -- Terraform JSON syntax ----------------------------------------------------------------
  // A .tf.json file becomes the block tree the HCL parser would give (resource / data /
  // variable / output / module / provider / locals blocks with labels), with its strings read
  // as templates, so every other part of the resolver and the model treat both syntaxes alike.

  void to_native_files();

  static ValuePtr as_block(const Value& body, const std::string& type, std::vector<syntax::Label> labels);

  /// Strings become templates everywhere below `v` (a variable's default stays literal).
  ValuePtr json_templates(const ValuePtr& v, const source::SourceFile& file, unsigned depth);

  ValuePtr native_root(const Value& root, const source::SourceFile& file);

  // -- module calls -------------------------------------------------------------------------
  // `module "m" { source = "./x" }` with a local source is resolved by a child Resolver over the
  // folder's files: its variables take the arguments resolved here, its outputs answer
  // `module.m.OUT`, and its resolved files become a ModuleInstance whose resources the model
  // scopes to the instance. Remote sources are not fetched: their outputs stay Unknown.

  static constexpr std::size_t kMaxModuleDepth = 8;    ///< nested module calls below a root module
  static constexpr std::size_t kMaxModuleInstances = 64;  ///< instances per root module

  static bool is_meta_argument(const std::string& k);

  void collect_modules();

  void apply_module_args();

  /// Every module call is instantiated once, used or not, so its resources reach the model.
  void instantiate_all();

  std::string display_dir() const { return module_dir_.generic_string(); }

  void instantiate(const std::string& name, ModuleCall& c, unsigned depth);

  /// The call is not instantiated: its outputs stay unknown for `reason`; `message` says why.
  void skip_call(ModuleCall& c, std::string reason, Severity severity, std::string message, Span at);

  void instantiate_call(const std::string& name, ModuleCall& c, unsigned depth);

  /// Where a registry or git module is on disk (as displayed): the root's modules.json entry
  /// for this call's key, else a --module-dir mapping; "" when neither has it.
  std::string remote_module_dir(const std::string& name, const std::string& source) const;

  /// Resolves the module in `dir` (loaded) as the instance `address` with `args`.
  CallInstance instantiate_child(const std::string& dir, const std::string& address, const std::string& name,
                                 std::map<std::string, ModuleArg> args, ValuePtr instance);

  /// One instance's outputs as an object (`module.m`, `module.m["k"]`).
  ValuePtr call_object(const CallInstance& ci, Span at);

  /// module.NAME.OUTPUT[...]: the child's output value at the use site.
  ValuePtr eval_module(const ValuePtr& v, const std::vector<Step>& steps, unsigned depth);

  /// A value crossing a module boundary: references and resource links of one module mean
  /// nothing in the other, so they become Unknown / plain values (literal names still link).
  /// A reference keeps its link as a scoped resolved_from (syntax::scoped_reference): `scope`
  /// is the model scope of the module the value comes from.
  ValuePtr detach(const ValuePtr& v, const std::string& scope, unsigned depth);

  // -- values from a Terraform plan (resolve/terraform_plan.h) -------------------------------

  /// What the plan knows of reference `v` in this module instance, or nullptr.
  ValuePtr from_plan(const ValuePtr& v, unsigned depth);

  // -- value origins ------------------------------------------------------------------------

  void set_origin(Variable& v, Span defined, std::string text, std::string how);

  /// Spans of files the resolver owns (--var text, --var-file, jsondecode input) are not in
  /// the run's SourceSet.
  bool in_sources(Span s) const { return s.valid() && s.file < source::kNoFile - 1 - owned_.size(); }

  void record(const syntax::ValueOrigin& o);

  void note(const syntax::ValueOrigin& o);

  static void dedupe_origins(std::vector<syntax::ValueOrigin>& list);

  static void scalar_texts(const Value& v, std::vector<std::string>& out, unsigned depth);

  /// var.NAME used at `at`: where its value was set, and where that came from in callers.
  void note_variable(const std::string& name, Span at);

  /// Every reference re-records the origins of what its value was computed from at its own
  /// span, so a finding on `local.arn` or `module.m.arn` still finds the variables behind it.
  ValuePtr traced_reference(const ValuePtr& v, unsigned depth);

  bool in_plan_ = false;  ///< Inputs::terraform_plan describes this module instance
  bool in_policy_document_ = false;  ///< resolve_body is inside a data "aws_iam_policy_document"
  std::vector<TerraformFile> files_;  ///< .tf.json files converted to native shape by run()
  const std::vector<TerraformFile>& tfvars_;
  const Inputs& inputs_;
  fs::path module_dir_;
  std::map<std::string, Variable> vars_;
  std::map<std::string, Local> locals_;
  std::map<std::string, const Value*> resources_;
  std::map<std::string, const Value*> data_;
  const Value* default_provider_ = nullptr;  ///< the un-aliased `provider "aws"` block
  int default_providers_ = 0;
  std::map<std::string, const Value*> aliased_;  ///< alias -> block (nullptr when duplicated)
  std::vector<Diagnostic> diags_;
  std::deque<std::unique_ptr<source::SourceFile>> owned_;
  bool depth_reported_ = false;
  std::vector<Binding> scope_;   ///< for iterators, count / each of the instance being evaluated
  std::size_t work_ = 0;         ///< elements expanded so far (kMaxWork)
  bool work_reported_ = false;
  // Module instantiation and value origins (see the section above).
  const ModuleLoader& loader_;
  std::map<std::string, ModuleCall> calls_;
  std::map<std::string, ModuleArg> module_args_;  ///< this module's inputs when it is a child
  std::vector<std::string> chain_;                ///< folders from the root module down to this one
  std::string address_;                           ///< "" for a root module, else "module.a.module.b"
  std::string root_dir_;                          ///< the root module's folder, for instance keys
  std::string key_path_;                          ///< modules.json key: "" for a root, else "a.b"
  std::string scope_key_;                         ///< this module's scope in the model (root folder or instance key)
  std::vector<UnfetchedModule> unfetched_;
  InstanceBudget own_budget_;
  InstanceBudget* budget_ = &own_budget_;
  std::vector<ModuleInstance> instances_;
  std::vector<std::vector<syntax::ValueOrigin>> collectors_;
  std::vector<syntax::ValueOrigin> origins_;
  std::set<std::tuple<source::FileId, std::uint32_t, std::uint32_t, std::string, source::FileId, std::uint32_t, std::string>>
      origin_seen_;
};

}  // namespace seslint::resolve::tf
