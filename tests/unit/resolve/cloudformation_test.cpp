#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/model.h"
#include "parse/parse.h"
#include "resolve/resolve.h"
#include "support/parse_util.h"

using namespace seslint;
using syntax::Kind;
using syntax::Value;

namespace {

struct Resolved {
  test::Parsed p;
  resolve::Result r;
  const Value& root() const { return *r.root; }
  /// Resources/<name>/Properties/<prop>
  const Value* prop(const std::string& res, const std::string& prop) const {
    const Value* rs = root().get("Resources");
    const Value* x = rs ? rs->get(res) : nullptr;
    const Value* pr = x ? x->get("Properties") : nullptr;
    return pr ? pr->get(prop) : nullptr;
  }
};

Resolved run(std::string text, resolve::Inputs inputs = {}) {
  Resolved out;
  out.p = test::parse_as("t.yaml", std::move(text), parse::parse_yaml);
  REQUIRE(out.p.r.root);
  REQUIRE(out.p.r.diagnostics.empty());
  out.r = resolve::resolve_cloudformation(out.p.file(), *out.p.r.root, inputs);
  REQUIRE(out.r.root);
  return out;
}

/// Template parts as "text" for strings and "<what>" for unknowns.
std::vector<std::string> parts(const Value* v) {
  std::vector<std::string> out;
  REQUIRE(v);
  REQUIRE(v->kind == Kind::Template);
  for (const auto& p : v->items) {
    if (p->kind == Kind::String) out.push_back(p->text);
    else out.push_back("<" + p->text + ">");
  }
  return out;
}

std::string str(const Value* v) {
  REQUIRE(v);
  REQUIRE(v->kind == Kind::String);
  return v->text;
}

const std::string kHeader =
    "Parameters:\n"
    "  Domain:\n"
    "    Type: String\n"
    "    Default: example.com\n"
    "  Env:\n"
    "    Type: String\n"
    "    Default: prod\n"
    "  NoDefault:\n"
    "    Type: String\n"
    "  Names:\n"
    "    Type: CommaDelimitedList\n"
    "    Default: a.example, b.example\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  IsDev: !Not [!Condition IsProd]\n"
    "  Both: !And [!Condition IsProd, !Equals [x, x]]\n"
    "  Unknowable: !Equals [!Ref 'AWS::Region', us-east-1]\n"
    "Mappings:\n"
    "  RegionMap:\n"
    "    us-east-1:\n"
    "      Sender: noreply@example.com\n";

}  // namespace

TEST_CASE("cfn resolve: parameter defaults, overrides and missing values", "[resolve][cloudformation]") {
  const std::string t = kHeader +
                        "Resources:\n"
                        "  X:\n"
                        "    Type: Custom::X\n"
                        "    Properties:\n"
                        "      A: !Ref Domain\n"
                        "      B: !Ref NoDefault\n"
                        "      C: !Ref Names\n";
  SECTION("defaults") {
    auto r = run(t);
    CHECK(str(r.prop("X", "A")) == "example.com");
    CHECK(r.p.at(r.prop("X", "A")->span) == "!Ref Domain");
    REQUIRE(r.prop("X", "B")->kind == Kind::Unknown);
    CHECK(r.prop("X", "B")->text == "!Ref NoDefault");
    const Value* c = r.prop("X", "C");
    REQUIRE(c->kind == Kind::List);
    REQUIRE(c->items.size() == 2);
    CHECK(c->items[1]->text == "b.example");
    // the input tree is untouched
    CHECK(r.p.r.root->get("Resources")->get("X")->get("Properties")->get("A")->kind == Kind::Map);
  }
  SECTION("overrides") {
    resolve::Inputs in;
    in.parameters = {{"Domain", "corp.example"}, {"NoDefault", "v"}, {"Names", "x,y,z"}};
    auto r = run(t, in);
    CHECK(str(r.prop("X", "A")) == "corp.example");
    CHECK(str(r.prop("X", "B")) == "v");
    CHECK(r.prop("X", "C")->items.size() == 3);
  }
}

TEST_CASE("cfn resolve: Sub with pseudo parameters, vars and escapes", "[resolve][cloudformation]") {
  const std::string t = kHeader +
                        "Resources:\n"
                        "  X:\n"
                        "    Type: Custom::X\n"
                        "    Properties:\n"
                        "      Arn: !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Domain}\n"
                        "      Vars: !Sub\n"
                        "        - 'identity/${Name}-${Env}'\n"
                        "        - Name: !Ref Domain\n"
                        "      Lit: !Sub 'a-${!Literal}-b'\n"
                        "      Att: !Sub '${Role.Arn}/x'\n"
                        "  Role:\n"
                        "    Type: AWS::IAM::Role\n";
  SECTION("unknown pseudo parameters") {
    auto r = run(t);
    const Value* arn = r.prop("X", "Arn");
    CHECK(parts(arn) == std::vector<std::string>{"arn:", "<AWS::Partition>", ":ses:", "<AWS::Region>", ":",
                                                 "<AWS::AccountId>", ":identity/example.com"});
    CHECK(r.p.at(arn->span).rfind("!Sub arn:", 0) == 0);
    CHECK(str(r.prop("X", "Vars")) == "identity/example.com-prod");
    CHECK(str(r.prop("X", "Lit")) == "a-${Literal}-b");
    CHECK(parts(r.prop("X", "Att")) == std::vector<std::string>{"<!GetAtt Role.Arn>", "/x"});
  }
  SECTION("pseudo parameters given as inputs") {
    resolve::Inputs in;
    in.parameters = {{"AWS::Partition", "aws"}, {"AWS::Region", "eu-west-1"}, {"AWS::AccountId", "111122223333"}};
    auto r = run(t, in);
    CHECK(str(r.prop("X", "Arn")) == "arn:aws:ses:eu-west-1:111122223333:identity/example.com");
  }
}

TEST_CASE("cfn resolve: Join, Select, Split, FindInMap, ImportValue", "[resolve][cloudformation]") {
  auto r = run(kHeader +
               "Resources:\n"
               "  X:\n"
               "    Type: Custom::X\n"
               "    Properties:\n"
               "      J: !Join ['', ['arn:', !Ref 'AWS::Partition', ':ses:::identity/', !Ref Domain]]\n"
               "      JK: !Join [',', [a, b]]\n"
               "      S: !Select [1, !Ref Names]\n"
               "      SS: !Select [0, !Split ['@', 'user@example.com']]\n"
               "      Sp: !Split [',', 'a,b,c']\n"
               "      M: !FindInMap [RegionMap, us-east-1, Sender]\n"
               "      I: !ImportValue SharedDomain\n"
               "      G: !GetAZs ''\n");
  CHECK(parts(r.prop("X", "J")) == std::vector<std::string>{"arn:", "<AWS::Partition>", ":ses:::identity/example.com"});
  CHECK(str(r.prop("X", "JK")) == "a,b");
  CHECK(str(r.prop("X", "S")) == "b.example");
  CHECK(str(r.prop("X", "SS")) == "user");
  REQUIRE(r.prop("X", "Sp")->kind == Kind::List);
  CHECK(r.prop("X", "Sp")->items.size() == 3);
  CHECK(str(r.prop("X", "M")) == "noreply@example.com");
  CHECK(r.p.at(r.prop("X", "M")->span).rfind("!FindInMap", 0) == 0);
  REQUIRE(r.prop("X", "I")->kind == Kind::Unknown);
  CHECK(r.prop("X", "I")->text == "!ImportValue SharedDomain");
  CHECK(r.prop("X", "G")->kind == Kind::Unknown);
}

TEST_CASE("cfn resolve: If with known and unknown conditions, NoValue", "[resolve][cloudformation]") {
  const std::string t = kHeader +
                        "Resources:\n"
                        "  X:\n"
                        "    Type: Custom::X\n"
                        "    Properties:\n"
                        "      P: !If [IsProd, prod-value, dev-value]\n"
                        "      D: !If [IsDev, dev-value, !Ref 'AWS::NoValue']\n"
                        "      B: !If [Both, yes, no]\n"
                        "      U: !If [Unknowable, a, b]\n"
                        "      Same: !If [Unknowable, same, same]\n"
                        "      L:\n"
                        "        - one\n"
                        "        - !Ref 'AWS::NoValue'\n"
                        "        - !If [IsDev, two, !Ref 'AWS::NoValue']\n"
                        "        - three\n";
  SECTION("default parameters") {
    auto r = run(t);
    CHECK(str(r.prop("X", "P")) == "prod-value");
    CHECK(r.prop("X", "D") == nullptr);  // removed
    CHECK(str(r.prop("X", "B")) == "yes");
    REQUIRE(r.prop("X", "U")->kind == Kind::Unknown);
    CHECK(r.prop("X", "U")->text.find("Unknowable") != std::string::npos);
    CHECK(str(r.prop("X", "Same")) == "same");
    const Value* l = r.prop("X", "L");
    REQUIRE(l->kind == Kind::List);
    REQUIRE(l->items.size() == 2);
    CHECK(l->items[1]->text == "three");
  }
  SECTION("a parameter override flips the conditions") {
    resolve::Inputs in;
    in.parameters = {{"Env", "dev"}, {"AWS::Region", "us-east-1"}};
    auto r = run(t, in);
    CHECK(str(r.prop("X", "P")) == "dev-value");
    CHECK(str(r.prop("X", "D")) == "dev-value");
    CHECK(str(r.prop("X", "B")) == "no");
    CHECK(str(r.prop("X", "U")) == "a");
    CHECK(r.prop("X", "L")->items.size() == 3);
  }
}

TEST_CASE("cfn resolve: resource Refs are kept, SES resource Refs resolve to names", "[resolve][cloudformation]") {
  auto r = run(kHeader +
               "Resources:\n"
               "  Ident:\n"
               "    Type: AWS::SES::EmailIdentity\n"
               "    Properties:\n"
               "      EmailIdentity: !Ref Domain\n"
               "  Cs:\n"
               "    Type: AWS::SES::ConfigurationSet\n"
               "    Properties:\n"
               "      Name: my-set\n"
               "  Tpl:\n"
               "    Type: AWS::SES::Template\n"
               "    Properties:\n"
               "      Template:\n"
               "        TemplateName: welcome\n"
               "  User:\n"
               "    Type: AWS::IAM::User\n"
               "  X:\n"
               "    Type: Custom::X\n"
               "    Properties:\n"
               "      U: !Ref User\n"
               "      A: !GetAtt User.Arn\n"
               "      I: !Ref Ident\n"
               "      C: !Ref Cs\n"
               "      T: !Ref Tpl\n"
               "      Arn: !Sub 'arn:aws:ses:us-east-1:111122223333:identity/${Ident}'\n"
               "      UArn: !Sub 'arn:aws:iam::111122223333:user/${User}'\n");
  const Value* orig = r.p.r.root->get("Resources")->get("X")->get("Properties");
  CHECK(r.prop("X", "U") == orig->get("U"));  // the very same node
  CHECK(r.prop("X", "A") == orig->get("A"));
  CHECK(r.prop("X", "U")->entries[0].key == "Ref");
  CHECK(str(r.prop("X", "I")) == "example.com");
  CHECK(r.p.at(r.prop("X", "I")->span) == "!Ref Ident");
  CHECK(str(r.prop("X", "C")) == "my-set");
  CHECK(str(r.prop("X", "T")) == "welcome");
  CHECK(str(r.prop("X", "Arn")) == "arn:aws:ses:us-east-1:111122223333:identity/example.com");
  CHECK(parts(r.prop("X", "UArn")) == std::vector<std::string>{"arn:aws:iam::111122223333:user/", "<!Ref User>"});
  CHECK(r.r.diagnostics.empty());
  // unchanged subtrees are shared
  CHECK(r.root().get("Resources")->get("User") == r.p.r.root->get("Resources")->get("User"));
}

namespace {

const Value* sam_policy(const Resolved& r, std::size_t i) {
  const Value* pols = r.prop("Fn", "Policies");
  REQUIRE(pols);
  REQUIRE(pols->kind == Kind::List);
  REQUIRE(i < pols->items.size());
  return pols->items[i].get();
}

std::vector<std::string> actions(const Value* stmt) {
  std::vector<std::string> out;
  for (const auto& a : stmt->get("Action")->items) out.push_back(a->text);
  return out;
}

}  // namespace

TEST_CASE("cfn resolve: SAM SES policy templates are expanded", "[resolve][cloudformation]") {
  auto r = run(kHeader +
               "Transform: AWS::Serverless-2016-10-31\n"
               "Resources:\n"
               "  Fn:\n"
               "    Type: AWS::Serverless::Function\n"
               "    Properties:\n"
               "      Policies:\n"
               "        - SESCrudPolicy:\n"
               "            IdentityName: !Ref Domain\n"
               "        - SESBulkTemplatedCrudPolicy:\n"
               "            IdentityName: example.org\n"
               "        - SESBulkTemplatedCrudPolicy_v2:\n"
               "            IdentityName: !Ref Domain\n"
               "            TemplateName: welcome\n"
               "        - SESEmailTemplateCrudPolicy: {}\n"
               "        - SESSendBouncePolicy:\n"
               "            IdentityName: !Ref NoDefault\n"
               "        - S3ReadPolicy:\n"
               "            BucketName: b\n"
               "        - AmazonSESFullAccess\n");
  const std::vector<std::string> identity_parts{"arn:", "<AWS::Partition>", ":ses:", "<AWS::Region>", ":",
                                                "<AWS::AccountId>", ":identity/example.com"};
  SECTION("SESCrudPolicy") {
    const Value* doc = sam_policy(r, 0);
    REQUIRE(doc->get("Statement"));
    const Value* st = doc->get("Statement")->items.at(0).get();
    CHECK(str(st->get("Effect")) == "Allow");
    CHECK(actions(st) == std::vector<std::string>{"ses:GetIdentityVerificationAttributes", "ses:SendEmail",
                                                  "ses:SendRawEmail", "ses:VerifyEmailIdentity"});
    CHECK(parts(st->get("Resource")) == identity_parts);
    // every produced node points at the template entry
    CHECK(r.p.at(doc->span).rfind("SESCrudPolicy", 0) == 0);
    CHECK(r.p.at(st->get("Resource")->span).rfind("SESCrudPolicy", 0) == 0);
    CHECK(r.p.at(st->get("Resource")->items[6]->span).rfind("SESCrudPolicy", 0) == 0);
  }
  SECTION("SESBulkTemplatedCrudPolicy") {
    const Value* st = sam_policy(r, 1)->get("Statement")->items.at(0).get();
    CHECK(actions(st).size() == 6);
    CHECK(parts(st->get("Resource")).back() == ":identity/example.org");
  }
  SECTION("SESBulkTemplatedCrudPolicy_v2") {
    const Value* sts = sam_policy(r, 2)->get("Statement");
    REQUIRE(sts->items.size() == 2);
    const Value* res = sts->items[0]->get("Resource");
    REQUIRE(res->kind == Kind::List);
    REQUIRE(res->items.size() == 2);
    CHECK(parts(res->items[0].get()) == identity_parts);
    CHECK(parts(res->items[1].get()).back() == ":template/welcome");
    CHECK(actions(sts->items[1].get()) ==
          std::vector<std::string>{"ses:GetIdentityVerificationAttributes", "ses:VerifyEmailIdentity"});
    CHECK(str(sts->items[1]->get("Resource")) == "*");
  }
  SECTION("SESEmailTemplateCrudPolicy") {
    const Value* st = sam_policy(r, 3)->get("Statement")->items.at(0).get();
    CHECK(actions(st).size() == 6);
    CHECK(str(st->get("Resource")) == "*");
  }
  SECTION("SESSendBouncePolicy with an unknown identity") {
    const Value* st = sam_policy(r, 4)->get("Statement")->items.at(0).get();
    CHECK(actions(st) == std::vector<std::string>{"ses:SendBounce"});
    CHECK(parts(st->get("Resource")).back() == "<!Ref NoDefault>");
  }
  SECTION("other entries are left alone") {
    CHECK(sam_policy(r, 5)->get("S3ReadPolicy"));
    CHECK(str(sam_policy(r, 6)) == "AmazonSESFullAccess");
  }
}

TEST_CASE("cfn resolve: cycles are bounded and reported", "[resolve][cloudformation]") {
  SECTION("conditions") {
    auto r = run(
        "Conditions:\n"
        "  A: !Condition B\n"
        "  B: !Not [!Condition A]\n"
        "Resources:\n"
        "  X:\n"
        "    Type: Custom::X\n"
        "    Properties:\n"
        "      V: !If [A, x, y]\n");
    CHECK(r.prop("X", "V")->kind == Kind::Unknown);
    REQUIRE(!r.r.diagnostics.empty());
    CHECK(r.r.diagnostics[0].id == "SES901");
  }
  SECTION("resource Refs") {
    auto r = run(
        "Resources:\n"
        "  A:\n"
        "    Type: AWS::SES::EmailIdentity\n"
        "    Properties:\n"
        "      EmailIdentity: !Ref B\n"
        "  B:\n"
        "    Type: AWS::SES::EmailIdentity\n"
        "    Properties:\n"
        "      EmailIdentity: !Sub '${A}'\n"
        "  X:\n"
        "    Type: Custom::X\n"
        "    Properties:\n"
        "      V: !Ref A\n");
    const Value* v = r.prop("X", "V");
    REQUIRE(v);
    CHECK(v->kind != Kind::String);
    REQUIRE(!r.r.diagnostics.empty());
    CHECK(r.r.diagnostics[0].id == "SES901");
  }
}

TEST_CASE("cfn resolve: resources whose Condition is false are removed", "[resolve][cloudformation]") {
  const std::string t = kHeader +
                        "Resources:\n"
                        "  ProdOnly:\n"
                        "    Type: AWS::IAM::User\n"
                        "    Condition: IsProd\n"
                        "  DevOnly:\n"
                        "    Type: AWS::IAM::User\n"
                        "    Condition: IsDev\n"
                        "  Maybe:\n"
                        "    Type: AWS::IAM::User\n"
                        "    Condition: Unknowable\n";
  auto r = run(t);
  const Value* rs = r.root().get("Resources");
  CHECK(rs->get("ProdOnly"));
  CHECK(rs->get("DevOnly") == nullptr);
  CHECK(rs->get("Maybe"));
  CHECK(r.p.r.root->get("Resources")->get("DevOnly"));  // input untouched
}

TEST_CASE("cfn resolve: nesting deeper than the limit is reported once", "[resolve][cloudformation]") {
  std::string expr = "x";
  for (int i = 0; i < 80; ++i) expr = "{\"Fn::Select\": [0, [" + expr + "]]}";
  auto r = run(
      "Resources:\n"
      "  X:\n"
      "    Type: Custom::X\n"
      "    Properties:\n"
      "      V: " + expr + "\n");
  const Value* v = r.prop("X", "V");
  REQUIRE(v);
  CHECK(v->kind == Kind::Unknown);
  REQUIRE(r.r.diagnostics.size() == 1);
  CHECK(r.r.diagnostics[0].id == "SES901");

  std::string shallow = "x";
  for (int i = 0; i < 5; ++i) shallow = "{\"Fn::Select\": [0, [" + shallow + "]]}";
  auto ok = run(
      "Resources:\n"
      "  X:\n"
      "    Type: Custom::X\n"
      "    Properties:\n"
      "      V: " + shallow + "\n");
  CHECK(str(ok.prop("X", "V")) == "x");
  CHECK(ok.r.diagnostics.empty());
}

TEST_CASE("cfn resolve: the model reads an expanded SAM template as an inline policy", "[resolve][cloudformation]") {
  auto r = run(
      "Parameters:\n"
      "  Domain:\n"
      "    Type: String\n"
      "    Default: example.com\n"
      "Resources:\n"
      "  Fn:\n"
      "    Type: AWS::Serverless::Function\n"
      "    Properties:\n"
      "      Policies:\n"
      "        - SESCrudPolicy:\n"
      "            IdentityName: !Ref Domain\n");
  model::FileModel fm = model::normalize_file(r.p.file(), r.root(), model::FileKind::CloudFormation);
  REQUIRE(fm.policies.size() == 1);
  const model::Policy& pol = fm.policies[0];
  CHECK(pol.kind == model::PolicyKind::Inline);
  REQUIRE(pol.statements.size() == 1);
  const model::Statement& st = pol.statements[0];
  CHECK(st.actions.size() == 4);
  REQUIRE(st.resources.size() == 1);
  CHECK_FALSE(st.resources[0].known);
  REQUIRE(!st.resources[0].parts.empty());
  CHECK(st.resources[0].parts.back().known);
  CHECK(st.resources[0].parts.back().text == ":identity/example.com");
  CHECK(r.p.at(st.resources[0].span).rfind("SESCrudPolicy", 0) == 0);
  for (const auto& d : fm.diagnostics) CHECK(d.message.find("not expanded") == std::string::npos);
}
