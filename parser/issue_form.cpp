// Issue forms (.github/ISSUE_TEMPLATE/*.yml): rendered to the Markdown GitHub writes into the
// issue body, so that forms and Markdown templates are checked the same way.
#include <map>
#include <set>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
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

bool is_required(const YamlNode& element) {
  return element["validations"]["required"].text() == "true";
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
  if (type == "dropdown") {
    const YamlNode options = attributes["options"];
    const std::string index = attribute(attributes, "default");
    if (index.empty() || !options.is_sequence()) return std::string(kNoResponse);
    std::stoul(index);  // a default that is not an index is a broken form
    return std::string(kNoResponse);
  }
  const std::string value = trim(attribute(attributes, "value"));
  if (value.empty()) return std::string(kNoResponse);
  const std::string render = attribute(attributes, "render");
  if (render.empty()) return value;
  return "```" + render + "\n" + value + "\n```";
}

bool option_required(const YamlNode& option) { return option["required"].text() == "true"; }

// A checkboxes field is required when any of its options is; the others stay optional.
struct CheckboxRequirement {
  bool any_required = false;
  std::vector<std::string> optional_labels;
};

CheckboxRequirement checkbox_requirement(const YamlNode& attributes) {
  CheckboxRequirement requirement;
  for (const YamlNode& option : attributes["options"].items()) {
    if (option_required(option)) {
      requirement.any_required = true;
    } else if (option.is_map()) {
      requirement.optional_labels.push_back(attribute(option, "label"));
    }
  }
  return requirement;
}

struct RenderedForm {
  std::string body;
  std::set<std::string> optional_keys;
  std::map<std::string, std::vector<std::string>> optional_options;  // by section key
};

Result<RenderedForm> render_form(const YamlNode& body, const std::string& source) {
  RenderedForm form;
  for (const YamlNode& element : body.items()) {
    if (!element.is_map())
      return make_error("a form element must be a mapping", where(source, element));
    const std::string type = element["type"].text_or("");
    if (type == "markdown") continue;  // shown in the form, never submitted
    if (type != "textarea" && type != "input" && type != "dropdown" && type != "checkboxes") {
      return make_error("unknown form element type '" + type + "'", where(source, element));
    }
    const YamlNode attributes = element["attributes"];
    const std::string label = trim(attribute(attributes, "label"));
    if (label.empty())
      return make_error("a " + type + " element needs a label", where(source, element));
    form.body += "### " + label + "\n\n" + rendered_answer(type, attributes) + "\n\n";
    const CheckboxRequirement boxes =
        type == "checkboxes" ? checkbox_requirement(attributes) : CheckboxRequirement{};
    const bool required = is_required(element) || boxes.any_required;
    if (!required) form.optional_keys.insert(section_key(label));
    if (boxes.any_required && !boxes.optional_labels.empty())
      form.optional_options[section_key(label)] = boxes.optional_labels;
  }
  return form;
}

}  // namespace

Result<IssueTemplate> parse_issue_form(std::string_view text, std::string id, std::string source) {
  Result<YamlNode> parsed = parse_yaml(text, source);
  if (!parsed) return parsed.error();
  const YamlNode& root = *parsed;
  if (!root.is_map()) return make_error("an issue form must be a YAML mapping", source);
  const YamlNode body = root["body"];
  if (!body.is_sequence()) return make_error("an issue form needs a 'body' list", source);
  Result<RenderedForm> form = [&]() -> Result<RenderedForm> {
    try {
      return render_form(body, source);
    } catch (const std::exception& error) {  // std::stoul on a dropdown's `default`
      return make_error(std::string("invalid issue form: ") + error.what(), source);
    }
  }();
  if (!form) return form.error();
  IssueTemplate issue_template;
  issue_template.id = std::move(id);
  issue_template.source = std::move(source);
  issue_template.kind = TemplateKind::issue_form;
  const auto text_of = [&](const char* key) { return root[key].text_or(""); };
  issue_template.front_matter.name = text_of("name");
  issue_template.front_matter.about = text_of("description");
  issue_template.front_matter.title = text_of("title");
  issue_template.front_matter.labels = string_list_of(root["labels"]);
  issue_template.front_matter.assignees = string_list_of(root["assignees"]);
  issue_template.body = std::move(form->body);
  issue_template.document = parse_issue(issue_template.body);
  derive_specs(issue_template);
  for (SectionSpec& section : issue_template.sections) {
    if (form->optional_keys.count(section.key) > 0) section.optional = true;
    if (auto options = form->optional_options.find(section.key);
        options != form->optional_options.end()) {
      section.optional_options = options->second;
    }
  }
  return issue_template;
}

}  // namespace issuelint
