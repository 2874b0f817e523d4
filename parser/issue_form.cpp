// Issue forms (.github/ISSUE_TEMPLATE/*.yml): rendered to the Markdown GitHub writes into the
// issue body, so that forms and Markdown templates are checked the same way.
#include <algorithm>
#include <cctype>
#include <optional>

#include "parser/checkbox_text.h"
#include "parser/form_schema.h"
#include "parser/normalize.h"
#include "parser/psych_number.h"
#include "parser/reshape.h"
#include "parser/template.h"
#include "parser/yaml_lists.h"
#include "parser/yaml_node.h"

namespace issuelint {
namespace {

constexpr std::string_view kNoResponse = "_No response_";

std::string where(const std::string& source, const YamlNode& node) {
  return source + ":" + std::to_string(node.line() + 1);
}

std::string attribute(const YamlNode& attributes, const char* key) {
  return attributes[key].text_or("");
}

// GitHub reads forms with Psych (YAML 1.1): an unquoted `True`, `yes` or `on` is true as well.
bool is_true(const YamlNode& node) { return node.as_psych_bool().value_or(false); }

bool is_required(const YamlNode& element) { return is_true(element["validations"]["required"]); }

// GitHub refuses a form whose dropdown `default` is not the index of one of its options.
Status check_dropdown_default(const YamlNode& attributes, const std::string& label,
                              const std::string& source) {
  const YamlNode default_index = attributes["default"];
  if (!default_index) return Ok{};
  const std::size_t count = attributes["options"].size();
  const std::optional<int> index = default_index.as_int();
  if (index && *index >= 0 && static_cast<std::size_t>(*index) < count) return Ok{};
  std::string message = "dropdown '" + label + "': `default` must be the index of one of its ";
  message += count == 0 ? std::string("options, and it has none")
                        : "options (0 to " + std::to_string(count - 1) + ")";
  return make_error(message + ", not '" + default_index.text_or("?") + "'",
                    where(source, default_index));
}

// What GitHub writes for a field nobody changed: its default value, else "_No response_". A
// dropdown is the exception: its default option is an answer the author chose to keep, not text
// of the template's to replace, so the template shows no answer there.
std::string rendered_answer(const std::string& type, const YamlNode& attributes) {
  if (type == "checkboxes") {
    std::string list;
    const YamlNode options = attributes["options"];
    if (!options.is_sequence()) return std::string(kNoResponse);
    for (const YamlNode& option : options.items()) {
      const std::string label = attribute(option, "label");
      list += "- [ ] " + label + "\n";
    }
    return list;
  }
  if (type == "dropdown") return std::string(kNoResponse);
  const std::string value = trim(attribute(attributes, "value"));
  if (value.empty()) return std::string(kNoResponse);
  const std::string render = attribute(attributes, "render");
  if (render.empty()) return value;
  return "```" + render + "\n" + value + "\n```";
}

// A dropdown option as GitHub offers it, and writes it into the issue: Psych reads a plain `3.10`
// as the number 3.1, which the dropdown shows as "3.1".
std::string shown_option(const YamlNode& option) {
  std::string text = option.text_or("");
  if (!option.is_plain()) return text;
  return psych_number_text(text).value_or(std::move(text));
}

bool option_required(const YamlNode& option) { return is_true(option["required"]); }

// A checkboxes field is required when any of its options is; the others stay optional.
struct CheckboxRequirement {
  bool any_required = false;
  std::vector<std::string> optional_labels;
};

// An option's label as the issue's box shows it: its Markdown read as the box's text is
// ("I agree to the [Code of Conduct](https://...)" is "I agree to the Code of Conduct"), so
// that the rules find the box by it.
std::string box_text_of(const std::string& label) {
  const IssueDocument rendered = parse_issue("- [ ] " + label + "\n");
  return rendered.checkboxes.empty() ? label : rendered.checkboxes.front().label.str();
}

CheckboxRequirement checkbox_requirement(const YamlNode& attributes) {
  CheckboxRequirement requirement;
  for (const YamlNode& option : attributes["options"].items()) {
    if (option_required(option)) {
      requirement.any_required = true;
    } else if (option.is_map()) {
      requirement.optional_labels.push_back(box_text_of(attribute(option, "label")));
    }
  }
  return requirement;
}

// An element's `id`: GitHub allows letters, digits, '-' and '_' only.
bool is_valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

// GitHub's "options must not include the reserved word, none" (it offers None itself for a
// dropdown left unchosen, and says the word in lower case: any case is refused), and "When a
// default option is specified, you cannot include "None" or "n/a" as options".
Status check_reserved_option(const std::string& text, const YamlNode& attributes,
                             const std::string& label, const std::string& source,
                             const YamlNode& option) {
  std::string lowered = text;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "none") {
    return make_error("dropdown '" + label + "': '" + text + "' is a reserved word, not an option",
                      where(source, option));
  }
  if (attributes["default"] && lowered == "n/a") {
    return make_error("dropdown '" + label + "': '" + text +
                          "' may not be an option of a dropdown with a `default` (GitHub "
                          "reserves None and n/a there)",
                      where(source, option));
  }
  return Ok{};
}

// What GitHub checks of a field's options: a dropdown's and a checkboxes field's are a
// non-empty list, a dropdown's unique and none of its reserved words, a checkboxes field's
// labels unique.
Status check_options(const std::string& type, const YamlNode& attributes, const std::string& label,
                     const YamlNode& element, const std::string& source) {
  const YamlNode options = attributes["options"];
  if (!options.is_sequence() || options.size() == 0) {
    return make_error(type + " '" + label + "' needs a non-empty list of `options`",
                      where(source, options ? options : element));
  }
  std::vector<std::string> seen;
  for (const YamlNode& option : options.items()) {
    const std::string text =
        trim(type == "dropdown" ? shown_option(option) : attribute(option, "label"));
    if (text.empty()) {
      return make_error(
          type + " '" + label + "': an option needs " + (type == "dropdown" ? "text" : "a `label`"),
          where(source, option));
    }
    if (type == "dropdown") {
      if (auto reserved = check_reserved_option(text, attributes, label, source, option);
          !reserved) {
        return reserved;
      }
    }
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) {
      return make_error(type + " '" + label + "': option '" + text + "' is given twice",
                        where(source, option));
    }
    seen.push_back(text);
  }
  return Ok{};
}

// The reference GitHub makes of a label (for a field without an id, and for a box): Rails'
// `parameterize`, which keeps ASCII letters, digits, '-' and '_', lowercased, and makes every
// run of other characters one '-', none at either end ("Logs (if applicable)" is
// "logs-if-applicable", "Name???" is "name"). Rails first transliterates other scripts; their
// bytes are kept here as they are, so two labels that differ there are never refused on a guess.
std::string parameterize(std::string_view label) {
  std::string reference;
  bool separator = false;
  for (const char c : label) {
    const auto byte = static_cast<unsigned char>(c);
    const bool kept = std::isalnum(byte) != 0 || c == '-' || c == '_' || byte >= 0x80;
    if (!kept) {
      separator = !reference.empty();
      continue;
    }
    if (separator && reference.back() != '-' && c != '-') reference += '-';
    separator = false;
    if (c == '-' && !reference.empty() && reference.back() == '-') continue;
    reference += static_cast<char>(std::tolower(byte));
  }
  while (!reference.empty() && reference.back() == '-') reference.pop_back();
  while (!reference.empty() && reference.front() == '-') reference.erase(0, 1);
  return reference;
}

// GitHub names each field by its `id`, else by its label's parameterize() reference, and refuses
// a form where two fields have one name (two ids alike, "Name?" beside "Name???", a label beside
// a field whose id is that label's reference), or where a box's label has a field's name. Labels
// that only read alike to a person ("Logs" and "Logs (if applicable)") are two fields.
class FieldReferences {
 public:
  Status add_field(const YamlNode& element, const std::string& label, const std::string& source) {
    const YamlNode id_node = element["id"];
    const std::string id = id_node.text_or("");
    if (id_node) {
      if (!is_valid_id(id)) {
        return make_error("id '" + id + "' may hold only letters, digits, '-' and '_'",
                          where(source, id_node));
      }
      for (const Named& other : fields_) {
        if (other.has_id && other.reference == id) {
          return make_error("two fields have the id '" + id + "' (ids must be unique)",
                            where(source, id_node));
        }
      }
    }
    Named field{id_node ? id : parameterize(label), label, element.line() + 1, !!id_node};
    if (const Named* other = clash(field.reference)) {
      if (!field.has_id && !other->has_id && other->label == label) {
        return make_error(
            "two fields are labelled '" + label + "' (give one an id, or another label)",
            where(source, element));
      }
      return make_error("'" + label + "' has the name '" + field.reference + "', as the field '" +
                            other->label + "' at line " + std::to_string(other->line) +
                            " has (GitHub names a field by its id, else by its label lowercased "
                            "with each run of characters other than letters, digits, '-' and "
                            "'_' made one '-'): give one of them an id or another label",
                        where(source, id_node && field.has_id ? id_node : element));
    }
    fields_.push_back(std::move(field));
    return Ok{};
  }

  // After every field: a box may share a name with a field written after it.
  Status check_options(const std::vector<std::pair<std::string, YamlNode>>& options,
                       const std::string& source) const {
    for (const auto& [label, node] : options) {
      if (const Named* field = clash(parameterize(label))) {
        return make_error("the box '" + label + "' has the name of the field '" + field->label +
                              "' at line " + std::to_string(field->line) +
                              " (GitHub wants a box's label unlike every field's): give the "
                              "field an id, or change a label",
                          where(source, node));
      }
    }
    return Ok{};
  }

 private:
  struct Named {
    std::string reference;
    std::string label;
    int line = 0;
    bool has_id = false;
  };
  const Named* clash(const std::string& reference) const {
    if (reference.empty())
      return nullptr;  // a label of no letter: what GitHub makes of it is unknown
    for (const Named& other : fields_) {
      if (other.reference == reference) return &other;
    }
    return nullptr;
  }
  std::vector<Named> fields_;
};

struct Dropdown {
  std::vector<std::string> options;
  bool multiple = false;
};

// What a field's answer must be, as its form says.
struct RenderedField {
  std::string label;     // trimmed, as GitHub writes it after `### `
  int heading_line = 0;  // 1-based line of its `### ` heading in RenderedForm::body
  bool optional = false;
  std::vector<std::string> optional_options;  // boxes that may stay unticked
  bool choice_required = false;               // SectionSpec::choice_required
  std::optional<Dropdown> dropdown;
  // Its description and placeholder: what the form tells the author, above and in the field.
  std::string guidance;
};

struct RenderedForm {
  std::string body;
  std::vector<RenderedField> fields;  // in the form's order, as the body renders them
};

Result<RenderedForm> render_form(const YamlNode& body, const std::string& source) {
  RenderedForm form;
  int line = 1;  // the line form.body's next text starts on
  FieldReferences fields;
  std::vector<std::pair<std::string, YamlNode>> box_labels;  // every box's label, with its node
  for (const YamlNode& element : body.items()) {
    if (!element.is_map())
      return make_error("a form element must be a mapping", where(source, element));
    const std::string type = element["type"].text_or("");
    if (type == "markdown") {  // shown in the form, never submitted
      if (trim(attribute(element["attributes"], "value")).empty()) {
        return make_error("a markdown element needs a `value`", where(source, element));
      }
      continue;
    }
    if (type != "textarea" && type != "input" && type != "dropdown" && type != "checkboxes") {
      return make_error((type.empty() ? std::string("a form element needs a `type`")
                                      : "unknown form element type '" + type + "'") +
                            " (GitHub's are markdown, textarea, input, dropdown and checkboxes)",
                        where(source, element));
    }
    const YamlNode attributes = element["attributes"];
    const std::string label = trim(attribute(attributes, "label"));
    if (label.empty()) {
      const char* article = type == "input" ? "an " : "a ";
      return make_error(article + type + " element needs a label", where(source, element));
    }
    if (auto unique = fields.add_field(element, label, source); !unique) return unique.error();
    // GitHub refuses a form whose `required` is not a boolean (`required: [true]`): read as
    // false, the field would silently become optional.
    if (const YamlNode required = element["validations"]["required"];
        required && !required.as_psych_bool()) {
      return make_error("`validations.required` of '" + label + "' must be true or false",
                        where(source, required));
    }
    if (type == "dropdown" || type == "checkboxes") {
      if (auto valid = check_options(type, attributes, label, element, source); !valid)
        return valid.error();
    }
    if (type == "checkboxes") {
      for (const YamlNode& option : attributes["options"].items()) {
        box_labels.emplace_back(trim(attribute(option, "label")), option);
      }
    }
    RenderedField field;
    field.label = label;
    field.guidance =
        attribute(attributes, "description") + "\n" + attribute(attributes, "placeholder");
    if (type == "dropdown") {
      if (auto valid = check_dropdown_default(attributes, label, source); !valid)
        return valid.error();
      Dropdown& dropdown = field.dropdown.emplace();
      for (const YamlNode& option : attributes["options"].items()) {
        dropdown.options.push_back(trim(shown_option(option)));
      }
      dropdown.multiple = is_true(attributes["multiple"]);
    }
    field.heading_line = line;
    const std::string rendered =
        "### " + label + "\n\n" + rendered_answer(type, attributes) + "\n\n";
    line += static_cast<int>(std::count(rendered.begin(), rendered.end(), '\n'));
    form.body += rendered;
    const CheckboxRequirement boxes =
        type == "checkboxes" ? checkbox_requirement(attributes) : CheckboxRequirement{};
    field.optional = !(is_required(element) || boxes.any_required);
    field.choice_required = type == "checkboxes" && is_required(element) && !boxes.any_required;
    if (boxes.any_required) field.optional_options = boxes.optional_labels;
    form.fields.push_back(std::move(field));
  }
  if (auto unique = fields.check_options(box_labels, source); !unique) return unique.error();
  if (form.body.empty()) {
    return make_error(
        "an issue form needs at least one field that is not markdown (GitHub "
        "refuses a form without one)",
        where(source, body));
  }
  return form;
}

// The document's section of each field, in order: the heading GitHub writes for it (0: none, as
// for a heading an unclosed fence in an earlier default value turns into code).
std::vector<int> sections_of_fields(const IssueDocument& document,
                                    const std::vector<RenderedField>& fields) {
  std::vector<int> sections(fields.size(), 0);
  std::size_t next = 1;
  for (std::size_t field = 0; field < fields.size(); ++field) {
    for (std::size_t at = next; at < document.sections.size(); ++at) {
      if (document.sections[at].position.line != fields[field].heading_line) continue;
      sections[field] = static_cast<int>(at);
      next = at + 1;
      break;
    }
  }
  return sections;
}

const RenderedField* field_keyed(const std::vector<RenderedField>& fields, std::string_view key) {
  for (const RenderedField& field : fields) {
    if (section_key(field.label) == key) return &field;
  }
  return nullptr;
}

// Fields whose labels share a section key ("Logs" and "Logs (if applicable)", or one label twice
// with ids) are each a section of their own, as GitHub renders each under its own heading: the
// first keeps the key, the n-th is titled "<label> #n" and keyed so, which the rules name it by.
// Nothing to do, and nothing computed past the keys, for a form whose keys all differ.
void key_fields_apart(IssueTemplate& form, const std::vector<RenderedField>& fields,
                      const std::vector<int>& sections) {
  std::vector<std::string> keys;
  keys.reserve(fields.size());
  for (const RenderedField& field : fields) keys.push_back(section_key(field.label));
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) return;
  IssueDocument& document = form.document;
  for (std::size_t field = 0; field < fields.size(); ++field) {
    const auto shared = std::count(keys.begin(), keys.end(), keys[field]);
    if (shared < 2 || sections[field] <= 0) continue;
    Section& section = document.sections[static_cast<std::size_t>(sections[field])];
    const auto ordinal =
        std::count(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(field), keys[field]) +
        1;
    KeyedField keyed{keys[field], std::string(trim(section.title)), keys[field]};
    if (ordinal > 1) {
      std::string title = section.display_title.str();
      do {  // a suffix no other field's key has
        title += " #" + std::to_string(ordinal);
        keyed.key = section_key(title);
      } while (std::find(keys.begin(), keys.end(), keyed.key) != keys.end() ||
               std::any_of(form.keyed_fields.begin(), form.keyed_fields.end(),
                           [&](const KeyedField& other) { return other.key == keyed.key; }));
      section.display_title = document.element_text->store(title);
      section.key = document.element_text->store(keyed.key);
    }
    form.keyed_fields.push_back(std::move(keyed));
  }
}

}  // namespace

Result<IssueTemplate> parse_issue_form(std::string_view text, std::string id, std::string source) {
  // A stray `---` (before `body:`, say) starts a second document, which GitHub does not read.
  Result<YamlNode> parsed = parse_single_yaml_document(text, source);
  if (!parsed) return parsed.error();
  const YamlNode& root = *parsed;
  if (!root.is_map()) return make_error("an issue form must be a YAML mapping", source);
  if (auto valid = check_form_schema(root, source); !valid) return valid.error();
  for (const char* key : {"name", "description"}) {
    if (trim(root[key].text_or("")).empty()) {
      return make_error(
          std::string("an issue form needs a `") + key + "` (GitHub requires it; text, not empty)",
          root[key] ? where(source, root[key]) : source);
    }
  }
  const YamlNode body = root["body"];
  if (!body.is_sequence()) return make_error("an issue form needs a 'body' list", source);
  Result<RenderedForm> form = render_form(body, source);
  if (!form) return form.error();
  IssueTemplate issue_template;
  issue_template.id = std::move(id);
  issue_template.source = std::move(source);
  issue_template.kind = TemplateKind::issue_form;
  const auto text_of = [&](const char* key) { return root[key].text_or(""); };
  issue_template.front_matter.name = text_of("name");
  issue_template.front_matter.about = text_of("description");
  issue_template.front_matter.title = text_of("title");
  key_front_matter(issue_template.front_matter);
  issue_template.front_matter.labels = string_list_of(root["labels"]);
  issue_template.front_matter.assignees = string_list_of(root["assignees"]);
  issue_template.body = std::move(form->body);
  issue_template.document = parse_issue(issue_template.body);
  // A heading in a field's default value is text of that answer, which the author may rewrite
  // or clear: only the `### Label` GitHub writes for each field cuts the body (as in a draft).
  const auto is_field_heading = [&form](const Section& section) {
    return std::any_of(form->fields.begin(), form->fields.end(), [&](const RenderedField& field) {
      return field.heading_line == section.position.line;
    });
  };
  if (auto answers = headings_as_text(issue_template.document, is_field_heading)) {
    issue_template.body = std::move(*answers);
    issue_template.document = parse_issue(issue_template.body);
  }
  const std::vector<int> field_sections = sections_of_fields(issue_template.document, form->fields);
  key_fields_apart(issue_template, form->fields, field_sections);
  derive_specs(issue_template);
  std::vector<const RenderedField*> field_of(issue_template.sections.size(), nullptr);
  for (std::size_t field = 0; field < form->fields.size(); ++field) {
    if (field_sections[field] > 0) field_of[field_sections[field] - 1] = &form->fields[field];
  }
  for (std::size_t at = 0; at < issue_template.sections.size(); ++at) {
    SectionSpec& section = issue_template.sections[at];
    // A heading that is no field's own (one headings_as_text() could not make text) is read as
    // the field of its label, if any.
    const RenderedField* field =
        field_of[at] != nullptr ? field_of[at] : field_keyed(form->fields, section.key);
    // `validations.required` alone decides, whatever hint the label carries ("(optional)").
    section.optional = field != nullptr && field->optional;
    // Its `required` keys alone say which options may stay unticked, whatever their labels say.
    section.optional_options.clear();
    if (field == nullptr) continue;
    section.optional_options = field->optional_options;
    section.choice_required = field->choice_required;
    section.guidance = field->guidance;
    if (field->dropdown) {
      section.dropdown_options = field->dropdown->options;
      section.dropdown_multiple = field->dropdown->multiple;
    }
  }
  return issue_template;
}

namespace {

// The fields sharing `shared_key`, in order, and the draft's headings of that key, in order: the
// field each heading is (-1: none).
std::vector<int> assign_headings(const IssueDocument& draft, const std::vector<int>& headings,
                                 const std::vector<const KeyedField*>& fields) {
  std::vector<int> field_of(headings.size(), -1);
  std::vector<bool> taken(fields.size(), false);
  // Written as GitHub writes the label: the first such field after the last one found.
  std::size_t next = 0;
  for (std::size_t at = 0; at < headings.size(); ++at) {
    const std::string title = trim(draft.sections[static_cast<std::size_t>(headings[at])].title);
    for (std::size_t field = next; field < fields.size(); ++field) {
      if (fields[field]->heading != title) continue;
      field_of[at] = static_cast<int>(field);
      taken[field] = true;
      next = field + 1;
      break;
    }
  }
  // Reworded: the first field not found, between the fields of the headings around it.
  int before = -1;
  for (std::size_t at = 0; at < headings.size(); ++at) {
    if (field_of[at] >= 0) {
      before = field_of[at];
      continue;
    }
    int after = static_cast<int>(fields.size());
    for (std::size_t later = at + 1; later < headings.size(); ++later) {
      if (field_of[later] >= 0) {
        after = field_of[later];
        break;
      }
    }
    for (int field = before + 1; field < after; ++field) {
      if (taken[static_cast<std::size_t>(field)]) continue;
      field_of[at] = field;
      taken[static_cast<std::size_t>(field)] = true;
      before = field;
      break;
    }
  }
  return field_of;
}

}  // namespace

void key_form_fields(IssueDocument& draft, const IssueTemplate& form) {
  if (form.keyed_fields.empty()) return;
  std::vector<std::string_view> done;
  for (const KeyedField& first : form.keyed_fields) {
    const std::string_view shared = first.shared_key;
    if (std::find(done.begin(), done.end(), shared) != done.end()) continue;
    done.push_back(shared);
    std::vector<const KeyedField*> fields;
    for (const KeyedField& field : form.keyed_fields) {
      if (field.shared_key == shared) fields.push_back(&field);
    }
    std::vector<int> headings;
    for (std::size_t at = 1; at < draft.sections.size(); ++at) {
      if (draft.sections[at].key == shared) headings.push_back(static_cast<int>(at));
    }
    const std::vector<int> field_of = assign_headings(draft, headings, fields);
    for (std::size_t at = 0; at < headings.size(); ++at) {
      Section& section = draft.sections[static_cast<std::size_t>(headings[at])];
      // A heading that is none of the fields: a key no section of the form has ('\x01' is in
      // no section_key).
      const std::string key = field_of[at] >= 0
                                  ? fields[static_cast<std::size_t>(field_of[at])]->key
                                  : std::string(shared) + '\x01';
      if (key != section.key) section.key = draft.element_text->store(key);
    }
  }
}

std::string_view heading_key(const IssueTemplate& issue_template, std::string_view key) {
  for (const KeyedField& field : issue_template.keyed_fields) {
    if (field.key == key) return field.shared_key;
  }
  return key;
}

}  // namespace issuelint
