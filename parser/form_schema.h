// What GitHub's schema for issue forms permits (keys, and the types of their values), checked
// before a form is rendered: a form GitHub refuses is dropped from its template chooser, so its
// owner hears of it here, with the line, or not at all.
#pragma once

#include <string>

#include "parser/result.h"
#include "parser/yaml_node.h"

namespace issuelint {

// The first key GitHub does not permit (at the top level, in an element, its attributes, its
// validations or a box), a key given twice, a value of the wrong type (a `label: true`, a
// dropdown option YAML reads as a boolean, an `assignees` of blanks), an `id` on a markdown
// element or a field label with a word GitHub forbids: an Error at "source:line".
Status check_form_schema(const YamlNode& root, const std::string& source);

}  // namespace issuelint
