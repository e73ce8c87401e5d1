// model/template_json: a policy written as JSON text with interpolations — an HCL heredoc or
// quoted string `"Resource": "${aws_ses_domain_identity.x.arn}"` — that resolution left as a
// Template (String parts around values it could not, or only partly, know). The JSON is parsed
// with each such part held by a placeholder, and the part is put back where the placeholder
// lands: a whole JSON string becomes that value, a string with more around it a Template.
// Spans of the literal JSON point at its source bytes; those of an interpolated part at the part.
//   syntax::ValuePtr doc = parse_template_json(tmpl, file);   // nullptr: not JSON even so
#pragma once

#include "source/source_file.h"
#include "syntax/value.h"

namespace seslint::model {

syntax::ValuePtr parse_template_json(const syntax::Value& tmpl, const source::SourceFile& file);

}  // namespace seslint::model
