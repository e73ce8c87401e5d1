#include "report/report.h"

namespace seslint::report {

std::string render(Format f, const engine::Report& rep, const engine::Registry& reg,
                   const source::SourceSet& sources, const Options& opt) {
  switch (f) {
    case Format::Text: return render_text(rep, reg, sources, opt);
    case Format::Json: return render_json(rep, reg, sources, opt);
    case Format::Sarif: return render_sarif(rep, reg, sources, opt);
  }
  return render_text(rep, reg, sources, opt);
}

}  // namespace seslint::report
