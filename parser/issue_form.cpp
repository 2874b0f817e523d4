// Issue forms (.github/ISSUE_TEMPLATE/*.yml): rendered to the Markdown GitHub writes into the
// issue body, so that forms and Markdown templates are checked the same way.
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "parser/checkbox_text.h"
#include "parser/normalize.h"
#include "parser/template.h"
#include "parser/yaml_error.h"
#include "parser/yaml_lists.h"

namespace issuelint {
namespace {

constexpr std::string_view kNoResponse = "_No response_";

std::string where(const std::string& source, const YAML::Node& node) {
  return source + ":" + std::to_string(node.Mark().line + 1);
}

std::string attribute(const YAML::Node& attributes, const char* key) {
  if (!attributes || !attributes.IsMap()) return {};
  const YAML::Node value = attributes[key];
  return value && value.IsScalar() ? value.Scalar() : std::string();
}

bool is_required(const YAML::Node& element) {
  const YAML::Node validations = element["validations"];
  if (!validations || !validations.IsMap() || !validations["required"]) return false;
  return validations["required"].IsScalar() && validations["required"].Scalar() == "true";
}

// What GitHub writes for a field nobody changed: its default value, else "_No response_".
std::string rendered_answer(const std::string& type, const YAML::Node& attributes) {
  if (type == "checkboxes") {
    std::string list;
    const YAML::Node options = attributes["options"];
    if (!options || !options.IsSequence()) return std::string(kNoResponse);
    for (const YAML::Node& option : options) {
      const std::string label = option.IsMap() ? attribute(option, "label") : std::string();
      list += "- [ ] " + label + "\n";
    }
    return list;
  }
  if (type == "dropdown") {
    const YAML::Node options = attributes["options"];
    const std::string index = attribute(attributes, "default");
    if (index.empty() || !options || !options.IsSequence()) return std::string(kNoResponse);
    const std::size_t at = std::stoul(index);
    return at < options.size() ? options[at].as<std::string>() : std::string(kNoResponse);
  }
  const std::string value = trim(attribute(attributes, "value"));
  if (value.empty()) return std::string(kNoResponse);
  const std::string render = attribute(attributes, "render");
  if (render.empty()) return value;
  return "```" + render + "\n" + value + "\n```";
}

bool option_required(const YAML::Node& option) {
  return option.IsMap() && option["required"] && option["required"].IsScalar() &&
         option["required"].Scalar() == "true";
}

// A checkboxes field is required when any of its options is; the others stay optional.
struct CheckboxRequirement {
  bool any_required = false;
  std::vector<std::string> optional_labels;
};

CheckboxRequirement checkbox_requirement(const YAML::Node& attributes) {
  CheckboxRequirement requirement;
  const YAML::Node options = attributes["options"];
  if (!options || !options.IsSequence()) return requirement;
  for (const YAML::Node& option : options) {
    if (option_required(option)) {
      requirement.any_required = true;
    } else if (option.IsMap()) {
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

Result<RenderedForm> render_form(const YAML::Node& body, const std::string& source) {
  RenderedForm form;
  for (const YAML::Node& element : body) {
    if (!element.IsMap())
      return make_error("a form element must be a mapping", where(source, element));
    const std::string type =
        element["type"] && element["type"].IsScalar() ? element["type"].Scalar() : "";
    if (type == "markdown") continue;  // shown in the form, never submitted
    if (type != "textarea" && type != "input" && type != "dropdown" && type != "checkboxes") {
      return make_error("unknown form element type '" + type + "'", where(source, element));
    }
    const YAML::Node attributes = element["attributes"];
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
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    return make_error("invalid YAML: " + yaml_error_message(error),
                      source + ":" + std::to_string(error.mark.line + 1));
  }
  if (!root.IsMap()) return make_error("an issue form must be a YAML mapping", source);
  const YAML::Node body = root["body"];
  if (!body || !body.IsSequence()) return make_error("an issue form needs a 'body' list", source);
  Result<RenderedForm> form = [&]() -> Result<RenderedForm> {
    try {
      return render_form(body, source);
    } catch (const YAML::Exception& error) {
      return make_error("invalid issue form: " + error.msg,
                        source + ":" + std::to_string(error.mark.line + 1));
    } catch (const std::exception& error) {
      return make_error(std::string("invalid issue form: ") + error.what(), source);
    }
  }();
  if (!form) return form.error();
  IssueTemplate issue_template;
  issue_template.id = std::move(id);
  issue_template.source = std::move(source);
  issue_template.kind = TemplateKind::issue_form;
  const auto text_of = [&](const char* key) {
    return root[key] && root[key].IsScalar() ? root[key].Scalar() : std::string();
  };
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
