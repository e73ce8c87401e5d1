// Generators for hostile inputs (issue 13): each writes one small repository into `dir` at
// test time, so nothing big is committed. Used by tests/bounded_test.cpp and by hand:
//   write_hostile(Hostile::BillionLaughs, dir);   // dir/template.yaml
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace seslint::test {

enum class Hostile { BillionLaughs, JoinAliases, TfLocalsString, TfLocalsList, TfLocalsShared, JsonPolicy200M, Tf200M, Heredoc45M };

inline const char* hostile_name(Hostile h) {
  switch (h) {
    case Hostile::BillionLaughs: return "billion-laughs YAML";
    case Hostile::JoinAliases: return "!Join of doubling aliases";
    case Hostile::TfLocalsString: return "40 levels of locals doubling a string";
    case Hostile::TfLocalsList: return "40 levels of locals doubling a list";
    case Hostile::TfLocalsShared: return "40 levels of locals sharing a list twice (the normalizer's walks)";
    case Hostile::JsonPolicy200M: return "200 MB JSON policy";
    case Hostile::Tf200M: return "200 MB .tf";
    case Hostile::Heredoc45M: return "45 MB heredoc";
  }
  return "?";
}

/// Writes the input; returns the file's path.
inline std::filesystem::path write_hostile(Hostile h, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  auto open = [&dir](const char* name) { return std::ofstream(dir / name, std::ios::binary); };
  switch (h) {
    case Hostile::BillionLaughs: {
      auto o = open("template.yaml");
      o << "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n"
           "    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n"
           "            Action: ses:SendEmail\n            Resource:\n";
      o << "              - &a0 [\"arn:aws:ses:us-east-1:111122223333:identity/lol\", \"lol\", \"lol\", \"lol\", \"lol\", "
           "\"lol\", \"lol\", \"lol\", \"lol\"]\n";
      for (int i = 1; i < 10; ++i) {
        o << "              - &a" << i << " [";
        for (int k = 0; k < 9; ++k) o << (k ? ", " : "") << "*a" << i - 1;
        o << "]\n";
      }
      return dir / "template.yaml";
    }
    case Hostile::JoinAliases: {
      auto o = open("template.yaml");
      o << "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n"
           "    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n"
           "            Action: ses:SendEmail\n            Resource:\n";
      o << "              - &j0 !Join [\"\", [\"arn:aws:ses:us-east-1:111122223333:identity/\", \"lol\"]]\n";
      for (int i = 1; i <= 40; ++i) o << "              - &j" << i << " !Join [\"\", [*j" << i - 1 << ", *j" << i - 1 << "]]\n";
      return dir / "template.yaml";
    }
    case Hostile::TfLocalsString:
    case Hostile::TfLocalsList: {
      const bool list = h == Hostile::TfLocalsList;
      auto o = open("main.tf");
      o << "locals {\n  l0 = " << (list ? "[\"arn:aws:ses:us-east-1:111122223333:identity/a\"]" : "\"ab\"") << "\n";
      for (int i = 1; i <= 40; ++i) {
        if (list) o << "  l" << i << " = concat(local.l" << i - 1 << ", local.l" << i - 1 << ")\n";
        else o << "  l" << i << " = \"${local.l" << i - 1 << "}${local.l" << i - 1 << "}\"\n";
      }
      o << "}\n\nresource \"aws_iam_user\" \"u\" {\n  name = \"u\"\n}\n\n"
           "resource \"aws_iam_user_policy\" \"p\" {\n  user   = aws_iam_user.u.name\n"
           "  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n"
           "      Action   = \"ses:SendEmail\"\n      Resource = "
        << (list ? "local.l40" : "\"arn:aws:ses:us-east-1:111122223333:identity/${local.l40}\"")
        << "\n    }]\n  })\n}\n";
      return dir / "main.tf";
    }
    case Hostile::TfLocalsShared: {
      // Each level is a 2-item list of the level below: linear to evaluate (shared nodes), 2^40
      // leaves when walked as a tree. The SMTP password at the bottom must still be found.
      auto o = open("main.tf");
      o << "locals {\n  l0 = [\"arn:aws:ses:us-east-1:111122223333:identity/a\", "
           "aws_iam_access_key.k.ses_smtp_password_v4]\n";
      for (int i = 1; i <= 40; ++i) o << "  l" << i << " = [local.l" << i - 1 << ", local.l" << i - 1 << "]\n";
      o << "}\nresource \"aws_iam_access_key\" \"k\" { user = aws_iam_user.u.name }\n"
           "resource \"aws_iam_user\" \"u\" { name = \"u\" }\nresource \"aws_iam_user_policy\" \"p\" {\n"
           "  user   = aws_iam_user.u.name\n  policy = jsonencode({Version = \"2012-10-17\", Statement = [{Effect = "
           "\"Allow\", Action = \"ses:SendEmail\", Resource = local.l40}]})\n}\noutput \"o\" { value = local.l40 }\n";
      return dir / "main.tf";
    }
    case Hostile::JsonPolicy200M: {
      auto o = open("policy.json");
      o << "{\"Version\": \"2012-10-17\", \"Statement\": [";
      const std::string st = "{\"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}";
      const std::size_t n = (200u << 20) / (st.size() + 2);
      for (std::size_t i = 0; i < n; ++i) o << (i ? ", " : "") << st;
      o << "]}\n";
      return dir / "policy.json";
    }
    case Hostile::Tf200M: {
      auto o = open("main.tf");
      const std::string block = "resource \"aws_iam_user\" \"u%\" {\n  name = \"user\"\n}\n";
      const std::size_t n = (200u << 20) / block.size();
      for (std::size_t i = 0; i < n; ++i)
        o << "resource \"aws_iam_user\" \"u" << i << "\" {\n  name = \"user\"\n}\n";
      return dir / "main.tf";
    }
    case Hostile::Heredoc45M: {
      auto o = open("main.tf");
      o << "resource \"aws_iam_policy\" \"p\" {\n  policy = <<EOF\n";
      const std::string line = "    {\"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"},\n";
      const std::size_t n = (45u << 20) / line.size();
      o << "{\"Version\": \"2012-10-17\", \"Statement\": [\n";
      for (std::size_t i = 0; i < n; ++i) o << line;
      o << "    {\"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}\n]}\nEOF\n}\n";
      return dir / "main.tf";
    }
  }
  return {};
}

}  // namespace seslint::test
