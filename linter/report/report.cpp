#include "report/report.h"

#include <utility>

namespace seslint::report {

bool parse_format(std::string_view name, Format& out) {
  static constexpr std::pair<std::string_view, Format> kNames[] = {
      {"text", Format::Text},     {"json", Format::Json},     {"sarif", Format::Sarif},
      {"github", Format::Github}, {"gitlab", Format::Gitlab}, {"junit", Format::Junit}};
  for (const auto& [n, f] : kNames) {
    if (n == name) {
      out = f;
      return true;
    }
  }
  return false;
}

std::string render(Format f, const engine::Report& rep, const engine::Registry& reg,
                   const source::SourceSet& sources, const Options& opt) {
  switch (f) {
    case Format::Text: return render_text(rep, reg, sources, opt);
    case Format::Json: return render_json(rep, reg, sources, opt);
    case Format::Sarif: return render_sarif(rep, reg, sources, opt);
    case Format::Github: return render_github(rep, reg, sources, opt);
    case Format::Gitlab: return render_gitlab(rep, reg, sources, opt);
    case Format::Junit: return render_junit(rep, reg, sources, opt);
  }
  return render_text(rep, reg, sources, opt);
}

}  // namespace seslint::report
