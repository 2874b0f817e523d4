#include "parser/template.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "parser/checkbox_text.h"
#include "parser/front_matter.h"
#include "parser/normalize.h"
#include "parser/reshape.h"
#include "parser/title_prefix.h"
#include "parser/utf8.h"
#include "parser/yaml_lists.h"
#include "parser/yaml_node.h"

namespace issuelint {
namespace {

std::string scalar(const YamlNode& node, const char* key) { return node[key].text_or(""); }

FrontMatter read_front_matter(const YamlNode& root) {
  FrontMatter front_matter;
  front_matter.name = scalar(root, "name");
  front_matter.about = scalar(root, "about");
  if (front_matter.about.empty()) front_matter.about = scalar(root, "description");
  front_matter.title = scalar(root, "title");
  front_matter.labels = string_list_of(root["labels"]);
  front_matter.assignees = string_list_of(root["assignees"]);
  key_front_matter(front_matter);
  return front_matter;
}

std::string where(const std::string& source, int line) {
  return source + ":" + std::to_string(line);
}

// The section's guidance (its first comment, else its first line) says so.
bool says_delete_the_rest(const IssueDocument& document, const Section& section) {
  if (!section.comments.empty()) {
    return has_delete_the_rest_hint(document.comments[section.comments.front()].text);
  }
  return !section.prose.empty() &&
         has_delete_the_rest_hint(document.prose[section.prose.front()].text);
}

// The keys of the section's list items when it has two or more, no boxes, and guidance that says
// to delete those that do not apply. The cheap tests first: every template section asks this.
std::vector<std::string> options_to_delete(const IssueDocument& document, const Section& section) {
  std::vector<std::string> options;
  if (!section.checkboxes.empty()) return options;
  const auto is_item = [&](int prose) {
    return document.prose[static_cast<std::size_t>(prose)].kind == Prose::Kind::list_item;
  };
  if (std::count_if(section.prose.begin(), section.prose.end(), is_item) < 2) return options;
  if (!says_delete_the_rest(document, section)) return options;
  for (int prose : section.prose) {
    if (is_item(prose)) options.emplace_back(document.prose[static_cast<std::size_t>(prose)].key);
  }
  return options;
}

SectionSpec section_spec(const IssueDocument& document, const Section& section) {
  SectionSpec spec;
  spec.title = section.display_title;
  spec.key = section.key;
  if (section.parent > 0) spec.parent_key = document.sections[section.parent].key;
  spec.level = section.level;
  spec.optional = has_optional_hint(section.title);
  for (int prose : section.prose) spec.placeholder_prose.emplace_back(document.prose[prose].key);
  for (int code : section.code_blocks) {
    spec.placeholder_code.push_back(trim(document.code_blocks[code].content));
  }
  for (int box : section.checkboxes) {
    const Checkbox& item = document.checkboxes[static_cast<std::size_t>(box)];
    if (has_optional_hint(item.label)) spec.optional_options.emplace_back(item.name);
  }
  spec.has_checkboxes = !section.checkboxes.empty();
  spec.has_code_block = !section.code_blocks.empty();
  spec.line = section.position.line;
  spec.options_to_delete = options_to_delete(document, section);
  return spec;
}

std::vector<CheckboxGroupSpec> group_specs(const IssueDocument& document) {
  std::map<int, std::size_t> by_group;  // checkbox group id → index in `groups`
  std::vector<CheckboxGroupSpec> groups;
  for (const Checkbox& box : document.checkboxes) {
    auto [it, inserted] = by_group.try_emplace(box.group, groups.size());
    if (inserted) {
      CheckboxGroupSpec group;
      group.section_key = document.sections[box.section].key;
      group.lead = box.lead;
      group.is_inline = box.is_inline;
      group.line = box.position.line;
      groups.push_back(std::move(group));
    }
    groups[it->second].option_names.emplace_back(box.name);
    groups[it->second].option_keys.emplace_back(box.key);
  }
  return groups;
}

// A heading that announces rather than asks: "⚠️ Please read before filing (you may delete this
// notice)".
bool reads_as_notice(const Section& section) {
  if (has_deletion_hint(section.title)) return true;
  const std::string padded = " " + std::string(section.key) + " ";
  for (const std::string_view words : {" notice ", " important ", " warning ", " please read ",
                                       " read this ", " read before ", " note "}) {
    if (padded.find(words) != std::string::npos) return true;
  }
  return false;
}

// Nothing to answer under the heading itself: no box, code or blank, and no text but a notice
// (a quote, or any text under a heading that reads as a notice). HTML comments guide the author
// through the sections below, as they do in a section whose sub-sections are the answers.
bool asks_nothing_itself(const IssueDocument& document, const Section& section) {
  if (!section.checkboxes.empty() || !section.code_blocks.empty() || !section.blanks.empty()) {
    return false;
  }
  if (section.prose.empty() || reads_as_notice(section)) return true;
  return std::all_of(section.prose.begin(), section.prose.end(), [&](int prose) {
    return document.prose[static_cast<std::size_t>(prose)].kind == Prose::Kind::quote;
  });
}

// Nothing but comments and blank lines above the first heading.
bool opens_with_heading(const IssueDocument& document) {
  const Section& preamble = document.sections[0];
  return preamble.prose.empty() && preamble.checkboxes.empty() && preamble.code_blocks.empty() &&
         preamble.blanks.empty();
}

// The template's title: its only top-level heading ("# Bug report", Angular's "# 🐞 bug
// report"), with every other heading under it and nothing to answer of its own; or its only
// heading, a "#" one that opens it ("# Issue Template" over the questions): the name of the
// whole body, which authors delete. Its index, else 0.
int wrapping_title(const IssueDocument& document) {
  const auto& sections = document.sections;
  if (sections.size() == 2 && sections[1].level == 1 && opens_with_heading(document)) return 1;
  if (sections.size() < 3 || sections[1].parent != 0) return 0;
  for (std::size_t at = 2; at < sections.size(); ++at) {
    if (sections[at].parent <= 0) return 0;
  }
  return asks_nothing_itself(document, sections[1]) ? 1 : 0;
}

std::string extension_of(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// GitHub's template chooser reads config.yml beside the templates: blank issues, contact links.
bool is_chooser_config(const std::filesystem::path& path) {
  const std::string extension = extension_of(path);
  return path.stem() == "config" && (extension == ".yml" || extension == ".yaml");
}

bool is_template_file(const std::filesystem::path& path) {
  if (is_chooser_config(path)) return false;
  const std::string extension = extension_of(path);
  return extension == ".md" || extension == ".yml" || extension == ".yaml";
}

}  // namespace

void key_front_matter(FrontMatter& front_matter) {
  front_matter.name_key = normalize_key(front_matter.name);
  front_matter.title_prefix_key = normalize_key(split_title(front_matter.title).prefix);
}

std::vector<std::string> string_list_of(const YamlNode& node) {
  std::vector<std::string> values;
  if (node.is_sequence()) {
    for (const YamlNode& item : node.items()) {
      if (item.is_scalar() && !trim(item.text()).empty()) values.push_back(trim(item.text()));
    }
    return values;
  }
  if (!node.is_scalar()) return values;
  std::stringstream stream{std::string(node.text())};
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!trim(item).empty()) values.push_back(trim(item));
  }
  return values;
}

void derive_specs(IssueTemplate& issue_template) {
  const IssueDocument& document = issue_template.document;
  issue_template.sections.clear();
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    issue_template.sections.push_back(section_spec(document, document.sections[i]));
  }
  issue_template.groups = group_specs(document);
  const bool markdown = issue_template.kind == TemplateKind::markdown;
  issue_template.title_section = markdown ? wrapping_title(document) : 0;
  if (issue_template.title_section == 0) return;
  const std::size_t title = static_cast<std::size_t>(issue_template.title_section);
  issue_template.sections[title - 1].is_title = true;
  for (int child : document.sections[title].children) {
    issue_template.sections[static_cast<std::size_t>(child) - 1].parent_key.clear();
  }
}

Result<IssueTemplate> parse_markdown_template(std::string_view text, std::string id,
                                              std::string source,
                                              const YamlNode* parsed_front_matter) {
  const FrontMatterSplit split = split_front_matter(text);
  IssueTemplate issue_template;
  if (!split.yaml.empty()) {
    Result<YamlNode> root = parsed_front_matter != nullptr ? Result<YamlNode>(*parsed_front_matter)
                                                           : parse_yaml(split.yaml, source, 2);
    if (!root) return root.error();
    // GitHub keeps the last of a key given twice (`title:` twice), this reader the first.
    if (auto ok = check_unique_keys(*root, source); !ok) return ok.error();
    if (!root->is_map() && !root->is_null()) {
      return make_error("the front matter is not a YAML mapping", where(source, 2));
    }
    if (root->is_map()) issue_template.front_matter = read_front_matter(*root);
  }
  issue_template.id = std::move(id);
  issue_template.source = std::move(source);
  issue_template.kind = TemplateKind::markdown;
  issue_template.body = std::string(split.body);
  issue_template.body_first_line = split.body_first_line;
  issue_template.document = parse_issue(issue_template.body);
  if (issue_template.document.sections.size() == 1) {
    if (auto headed = bold_lines_as_headings(issue_template.body)) {
      issue_template.body = std::move(*headed);
      issue_template.document = parse_issue(issue_template.body);
      issue_template.bold_headings = true;
    }
  }
  derive_specs(issue_template);
  return issue_template;
}

Result<IssueTemplate> load_template_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read the template file", path);
  std::stringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return make_error("cannot read the template file", path);
  std::string text = contents.str();
  if (auto decoded = utf8::from_utf16_with_bom(text)) text = std::move(*decoded);
  const std::filesystem::path file(path);
  const std::string extension = extension_of(file);
  const std::string id = file.stem().string();
  if (extension == ".md" || is_single_issue_template_name(file.filename().string())) {
    return parse_markdown_template(text, id, path);
  }
  if (is_chooser_config(file)) {
    return make_error(
        "this is the configuration of GitHub's template chooser (blank issues, contact links), "
        "not an issue template: name a template, or the folder that holds them",
        path);
  }
  if (extension == ".yml" || extension == ".yaml") return parse_issue_form(text, id, path);
  return make_error("not a template: expected .md, .yml or .yaml", path);
}

bool is_single_issue_template_name(std::string_view file_name) {
  std::string lower(file_name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "issue_template" || lower == "issue_template.md" || lower == "issue_template.txt";
}

std::optional<bool> blank_issues_enabled(std::string_view config_yml) {
  Result<YamlNode> root = parse_yaml(config_yml, "config.yml");
  if (!root || !root->is_map()) return std::nullopt;
  return (*root)["blank_issues_enabled"].as_psych_bool();
}

void keep_offered_templates(std::vector<IssueTemplate>& all) {
  const auto offered = [](const IssueTemplate& issue_template) {
    return issue_template.kind == TemplateKind::issue_form ||
           !trim(issue_template.front_matter.name).empty();
  };
  if (std::none_of(all.begin(), all.end(), offered)) return;
  std::erase_if(all, [&](const IssueTemplate& issue_template) { return !offered(issue_template); });
}

namespace {

// The chooser's configuration beside the templates, if there is one that can be read.
std::optional<bool> read_blank_issues_enabled(const std::filesystem::path& directory) {
  for (const char* name : {"config.yml", "config.yaml"}) {
    std::ifstream in(directory / name, std::ios::binary);
    if (!in) continue;
    std::stringstream contents;
    contents << in.rdbuf();
    return blank_issues_enabled(contents.str());
  }
  return std::nullopt;
}

}  // namespace

Result<TemplateDirectory> read_template_directory(const std::string& directory) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (!is_template_file(it->path())) continue;
    // A link that leads nowhere is no template; one that cannot be followed (a loop) is an
    // error named by its file, never an exception out of the command.
    std::error_code status_error;
    const bool regular = it->is_regular_file(status_error);
    if (status_error && status_error != std::errc::no_such_file_or_directory) {
      return make_error("cannot read the template file: " + status_error.message(),
                        it->path().string());
    }
    if (regular) files.push_back(it->path());
  }
  if (error) return make_error("cannot read the template directory: " + error.message(), directory);
  if (files.empty()) return make_error("no issue templates in " + directory, directory);
  std::sort(files.begin(), files.end());
  TemplateDirectory found;
  for (const std::filesystem::path& file : files) {
    Result<IssueTemplate> loaded = load_template_file(file.string());
    if (!loaded) {
      found.refused.push_back(loaded.error());
      continue;
    }
    found.templates.push_back(std::move(loaded).value());
  }
  keep_offered_templates(found.templates);
  found.blank_issues_enabled = read_blank_issues_enabled(directory);
  return found;
}

Result<std::vector<IssueTemplate>> load_template_dir(const std::string& directory) {
  Result<TemplateDirectory> found = read_template_directory(directory);
  if (!found) return found.error();
  if (!found->refused.empty()) return found->refused.front();
  return std::move(found->templates);
}

}  // namespace issuelint
