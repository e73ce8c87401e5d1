// Parsing a string as a file in tests: owns the SourceSet and gives source slices.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "parse/parse.h"

namespace seslint::test {

struct Parsed {
  std::unique_ptr<source::SourceSet> set = std::make_unique<source::SourceSet>();
  source::FileId id = 0;
  parse::ParseResult r;
  const source::SourceFile& file() const { return set->file(id); }
  std::string_view at(const source::Span& s) const { return file().slice(s); }
};

/// Adds `text` as file `name` and runs `parser` on it.
template <typename Parser>
Parsed parse_as(const std::string& name, std::string text, Parser parser) {
  Parsed p;
  p.id = p.set->add(name, std::move(text));
  p.r = parser(p.set->file(p.id));
  return p;
}

}  // namespace seslint::test
