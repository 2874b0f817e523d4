#include "parser/form_schema.h"

#include <algorithm>
#include <iterator>
#include <span>
#include <string_view>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
#include "parser/psych_number.h"

namespace issuelint {
namespace {

using Keys = std::span<const std::string_view>;

// "Syntax for issue forms" and "Syntax for GitHub's form schema". The attributes are those of
// every field type together: a key one type has and another lacks is not refused on a guess.
constexpr std::string_view kTopKeys[] = {"name",      "description", "title",    "labels",
                                         "assignees", "body",        "projects", "type"};
constexpr std::string_view kElementKeys[] = {"type", "id", "attributes", "validations"};
constexpr std::string_view kAttributeKeys[] = {"label",  "description", "placeholder", "value",
                                               "render", "multiple",    "options",     "default"};
constexpr std::string_view kValidationKeys[] = {"required"};
constexpr std::string_view kBoxKeys[] = {"label", "required"};
// Text-valued keys, at the top level and in attributes.
constexpr std::string_view kTopTexts[] = {"name", "description", "title", "type"};
constexpr std::string_view kAttributeTexts[] = {"label", "description", "placeholder", "value",
                                                "render"};
constexpr std::string_view kBoxTexts[] = {"label"};

std::string where(const std::string& source, const YamlNode& node) {
  return source + ":" + std::to_string(node.line() + 1);
}

// What GitHub's reader makes of a value that should be text, when it is something else.
const char* not_text(const YamlNode& node) {
  if (node.is_map()) return "a mapping";
  if (node.is_sequence()) return "a list";
  if (!node.is_plain()) return nullptr;
  if (node.as_psych_bool()) return "a boolean";
  if (psych_number_text(node.text())) return "a number";
  return nullptr;
}

Status check_text(const YamlNode& node, std::string_view key, const std::string& source) {
  const char* other = not_text(node);
  if (other == nullptr) return Ok{};
  const std::string quoted =
      node.is_scalar() ? " (quote it: \"" + std::string(node.text()) + "\")" : std::string();
  return make_error(
      "`" + std::string(key) + "` must be text, and YAML reads this as " + other + quoted,
      where(source, node));
}

// "YAML parses certain strings as Boolean values": GitHub forbids them as keys.
bool is_forbidden_key(std::string_view key) {
  static constexpr std::string_view forbidden[] = {
      "y",    "Y",    "yes",   "Yes",   "YES",   "n",  "N",  "no", "No",  "NO",  "true",
      "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
  return std::find(std::begin(forbidden), std::end(forbidden), key) != std::end(forbidden);
}

Status check_keys(const YamlNode& map, Keys permitted, std::string_view what,
                  const std::string& source) {
  for (const auto& entry : map.entries()) {
    const std::string_view key = entry.key.text();
    if (std::find(permitted.begin(), permitted.end(), key) != permitted.end()) continue;
    if (is_forbidden_key(key)) {
      return make_error("'" + std::string(key) +
                            "' is a key GitHub forbids (YAML reads it as a "
                            "boolean): remove it",
                        where(source, entry.key));
    }
    std::string list;
    for (const std::string_view name : permitted) {
      list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return make_error("'" + std::string(key) + "' is not a key GitHub permits in " +
                          std::string(what) + " (it permits " + list + ")",
                      where(source, entry.key));
  }
  return Ok{};
}

Status check_texts(const YamlNode& map, Keys keys, const std::string& source) {
  for (const std::string_view key : keys) {
    const YamlNode value = map[key];
    if (!value) continue;
    if (auto ok = check_text(value, key, source); !ok) return ok;
  }
  return Ok{};
}

// `labels`, `assignees` and `projects`: a list, or a comma-separated string; never blanks.
Status check_names(const YamlNode& root, std::string_view key, const std::string& source) {
  const YamlNode value = root[key];
  if (!value || value.is_null()) return Ok{};
  if (value.is_map()) {
    return make_error("`" + std::string(key) + "` must be a list or a comma-separated string",
                      where(source, value));
  }
  if (value.is_scalar() && trim(value.text()).empty()) {
    return make_error(
        "`" + std::string(key) + "` is blank: GitHub refuses an empty string; remove the key",
        where(source, value));
  }
  for (const YamlNode& item : value.items()) {
    if (!item.is_scalar()) {
      return make_error("`" + std::string(key) + "` holds something other than a name",
                        where(source, item));
    }
  }
  return Ok{};
}

Status check_boolean(const YamlNode& node, const std::string& what, const std::string& source) {
  if (!node || node.as_psych_bool()) return Ok{};
  return make_error(what + " must be true or false, not '" + node.text_or("?") +
                        "' (GitHub reads quoted values, y and n as text)",
                    where(source, node));
}

Status check_options(const YamlNode& element, const std::string& type, const std::string& source) {
  for (const YamlNode& option : element["attributes"]["options"].items()) {
    if (type == "dropdown") {
      if (option.as_psych_bool()) {
        return make_error("dropdown option '" + std::string(option.text()) +
                              "' is read as a boolean, which GitHub refuses: quote it",
                          where(source, option));
      }
      continue;
    }
    if (!option.is_map()) continue;  // "an option needs a `label`", said by the renderer
    if (auto ok = check_keys(option, kBoxKeys, "a box", source); !ok) return ok;
    if (auto ok = check_texts(option, kBoxTexts, source); !ok) return ok;
    if (auto ok = check_boolean(option["required"], "a box's `required`", source); !ok) return ok;
  }
  return Ok{};
}

// GitHub keeps credentials out of issues: an input or a textarea may not ask for a password.
// Only the word itself ("Password", "Your password") is refused: how GitHub matches is not
// documented, and refusing a form GitHub takes ("1Password CLI version") would fail every check
// of its repository.
Status check_label_words(const YamlNode& element, const std::string& type,
                         const std::string& source) {
  if (type != "input" && type != "textarea") return Ok{};
  const YamlNode label = element["attributes"]["label"];
  const std::string key = " " + normalize_key(label.text()) + " ";
  if (key.find(" password ") == std::string::npos) return Ok{};
  return make_error("the label '" + std::string(label.text()) +
                        "' holds a word GitHub forbids in a field's label ('password')",
                    where(source, label));
}

Status check_element(const YamlNode& element, const std::string& source) {
  if (!element.is_map()) return Ok{};  // "a form element must be a mapping", said by the renderer
  if (auto ok = check_keys(element, kElementKeys, "a form element", source); !ok) return ok;
  const std::string type = element["type"].text_or("");
  if (const YamlNode id = element["id"]; id && !id.is_scalar()) {
    return make_error("`id` must be text", where(source, id));
  }
  const YamlNode attributes = element["attributes"];
  if (attributes && !attributes.is_map()) {
    return make_error("`attributes` must be a mapping", where(source, attributes));
  }
  if (auto ok = check_keys(attributes, kAttributeKeys, "`attributes`", source); !ok) return ok;
  if (auto ok = check_texts(attributes, kAttributeTexts, source); !ok) return ok;
  if (auto ok = check_boolean(attributes["multiple"], "`multiple`", source); !ok) return ok;
  if (auto ok = check_options(element, type, source); !ok) return ok;
  if (auto ok = check_label_words(element, type, source); !ok) return ok;
  const YamlNode validations = element["validations"];
  if (!validations || validations.is_null()) return Ok{};
  if (!validations.is_map()) {
    return make_error("`validations` must be a mapping", where(source, validations));
  }
  // `required`'s value is the renderer's to check: its message names the field.
  return check_keys(validations, kValidationKeys, "`validations`", source);
}

}  // namespace

Status check_form_schema(const YamlNode& root, const std::string& source) {
  if (!root.is_map()) return Ok{};  // "an issue form must be a YAML mapping", said by the parser
  if (auto ok = check_unique_keys(root, source); !ok) return ok;
  if (auto ok = check_keys(root, kTopKeys, "an issue form", source); !ok) return ok;
  if (auto ok = check_texts(root, kTopTexts, source); !ok) return ok;
  for (const std::string_view key : {"labels", "assignees", "projects"}) {
    if (auto ok = check_names(root, key, source); !ok) return ok;
  }
  for (const YamlNode& element : root["body"].items()) {
    if (auto ok = check_element(element, source); !ok) return ok;
  }
  return Ok{};
}

}  // namespace issuelint
