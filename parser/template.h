// An issue template (Markdown with YAML front matter, or an issue form in YAML) and what an
// issue written from it must look like, derived from the template itself.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/document.h"
#include "parser/result.h"
#include "parser/yaml_node.h"

namespace issuelint {

struct FrontMatter {
  std::string name;
  std::string name_key;  // normalize_key(name), read once with the template, not at each check
  std::string about;
  std::string title;  // the title prefix, e.g. "[DB] "
  // normalize_key of the title's prefix ("db" of "[DB] <title>"), read once with the template.
  std::string title_prefix_key;
  std::vector<std::string> labels;  // a YAML list or a comma-separated string
  std::vector<std::string> assignees;
};

// name_key and title_prefix_key from name and title.
void key_front_matter(FrontMatter& front_matter);

// One group of checkboxes as the template writes it: a task list, or one inline line.
struct CheckboxGroupSpec {
  std::string section_key;  // key of the section it sits in
  std::string lead;         // inline groups: the text before the first box
  bool is_inline = false;
  std::vector<std::string> option_names;  // Checkbox::name of each option, in order
  std::vector<std::string> option_keys;   // Checkbox::key of each option
  int line = 0;                           // line of the first box in the template
};

struct SectionSpec {
  std::string title;       // display title
  std::string key;         // normalized
  std::string parent_key;  // empty for top-level sections
  int level = 0;
  bool optional = false;  // "(if applicable)", "(if needed)", "(optional)" ... in the title
  // The template's title, not a section: its only top-level heading, wrapping every other one
  // and asking nothing of its own ("# Bug report"). Its sub-sections are the top level
  // (their parent_key is empty).
  bool is_title = false;
  std::vector<std::string> placeholder_prose;  // Prose::key of each paragraph/list text
  std::vector<std::string> placeholder_code;   // code block contents, trimmed
  bool has_checkboxes = false;
  // Boxes that may stay unticked. Issue forms: the labels of options without `required: true`,
  // when the field requires some of its options (a Code of Conduct box beside optional ones).
  // Markdown: the names of items that say so ("(Optional) I will send a PR", "... (if
  // applicable)").
  std::vector<std::string> optional_options;
  // Issue forms: a checkboxes field required as a whole (`validations.required`) and none of its
  // options itself: at least one box ticked. GitHub's docs show that key on checkboxes, and no
  // option's `required` says which box it would be.
  bool choice_required = false;
  // Issue forms: a dropdown's options as GitHub renders a chosen one, and whether several may
  // be chosen (GitHub joins them with ", ").
  std::vector<std::string> dropdown_options;
  bool dropdown_multiple = false;
  bool has_code_block = false;
  // Markdown: the keys of the section's list items when its guidance says to delete those that
  // do not apply (ansible's "Pick one below and delete the rest"): keeping some answers it.
  std::vector<std::string> options_to_delete;
  // Issue forms: the field's description and placeholder, which GitHub shows above and in the
  // field and never writes into the issue (read for invited_answers() where a draft answers
  // with a stand-in; a Markdown section's guidance is its comments and text).
  std::string guidance;
  int line = 0;
};

enum class TemplateKind { markdown, issue_form };

// An issue form's field whose label shares its section key with another field's ("Logs" and
// "Logs (if applicable)", "1. Describe" and "2. Describe", one label twice with ids). GitHub
// writes each under its own `### <label>`, so each is a section of its own: the first of a key
// keeps it, the n-th is titled "<label> #n" and keyed so (SectionSpec::key), and a draft's
// headings are given these keys by key_form_fields().
struct KeyedField {
  std::string shared_key;  // section_key of its label
  std::string heading;     // its heading's text as GitHub writes it (Section::title, trimmed)
  std::string key;         // its own key: shared_key for the first field of that key
};

struct IssueTemplate {
  std::string id;      // file name without extension, e.g. "db-migration"
  std::string source;  // path or "builtin:NAME", for messages
  TemplateKind kind = TemplateKind::markdown;
  // A Markdown template without headings whose parts are bold lines ("**Describe the bug**",
  // GitHub's default templates): `body` and `document` read those lines as `##` headings
  // (bold_lines_as_headings), and an issue is read the same way against it.
  bool bold_headings = false;
  FrontMatter front_matter;
  std::string body;         // the template body (front matter removed)
  int body_first_line = 1;  // line of the file where `body` starts: document lines are relative
                            // to the body, file line = document line + body_first_line - 1
  IssueDocument document;   // parse_issue(body) (issue forms: the body they render)
  std::vector<SectionSpec> sections;
  std::vector<CheckboxGroupSpec> groups;
  // The document's section that is the template's title (SectionSpec::is_title), else 0.
  int title_section = 0;
  // Issue forms: the fields whose labels share a section key, in the form's order; empty when
  // every field's key is its own (the usual form).
  std::vector<KeyedField> keyed_fields;
};

// Parses a Markdown template. Broken front matter is an Error naming `source` and its line.
// `parsed_front_matter`: the front matter's YAML already parsed, used instead of parsing it
// here (a built-in template's is pre-parsed at build time: a check then never loads libyaml's
// parser, ~56 K instructions and ~17 pages of code).
Result<IssueTemplate> parse_markdown_template(std::string_view text, std::string id,
                                              std::string source,
                                              const YamlNode* parsed_front_matter = nullptr);
// Parses an issue form (.yml/.yaml) into the Markdown shape GitHub renders it to.
Result<IssueTemplate> parse_issue_form(std::string_view text, std::string id, std::string source);
// Gives the headings of `draft` that share a key in `form` (IssueTemplate::keyed_fields) their
// field's key: a heading written as a field's label, in the form's order, is that field; one
// the author reworded is the next field of its key not found so; a heading left over is keyed
// apart from every field. Does nothing when the form's fields' keys all differ.
void key_form_fields(IssueDocument& draft, const IssueTemplate& form);
// The key a draft's heading of the section keyed `key` has before key_form_fields(): `key`
// itself, but for a form's field keyed apart (its label's section_key).
std::string_view heading_key(const IssueTemplate& issue_template, std::string_view key);
// Fills `sections` (one per heading, the preamble excluded) and `groups` from `document`.
void derive_specs(IssueTemplate& issue_template);
// By extension: .md → Markdown template, .yml/.yaml → issue form; a legacy single template
// (is_single_issue_template_name) is Markdown whatever its extension.
Result<IssueTemplate> load_template_file(const std::string& path);
// Whether `file_name` names GitHub's legacy single issue template: ISSUE_TEMPLATE, in any case,
// with no extension, .md or .txt. GitHub fills every new issue's body with it when the
// repository has no ISSUE_TEMPLATE folder ("Manually creating a single issue template").
bool is_single_issue_template_name(std::string_view file_name);
// Where GitHub looks for that file, in this order, relative to the repository's root.
inline constexpr std::array<std::string_view, 3> kSingleIssueTemplateFolders = {".github", "",
                                                                                "docs"};
// GitHub's template chooser offers a Markdown template only when its front matter names it (and
// every issue form, which must have a name). When a directory holds some such templates, the
// others (a README.md) are not templates an author starts from: they are dropped from `all`.
void keep_offered_templates(std::vector<IssueTemplate>& all);
// What the template chooser's configuration (.github/ISSUE_TEMPLATE/config.yml) says of blank
// issues: its `blank_issues_enabled`, read as GitHub's YAML reader reads a boolean; nullopt when
// it does not say, or does not parse (GitHub then ignores the file).
std::optional<bool> blank_issues_enabled(std::string_view config_yml);
// A directory's templates as GitHub's chooser offers them: those that load, sorted by file name,
// as keep_offered_templates() leaves them; the files that do not (GitHub offers no form it
// refuses), each with its error; and config.yml's word on blank issues.
struct TemplateDirectory {
  std::vector<IssueTemplate> templates;
  std::vector<Error> refused;
  std::optional<bool> blank_issues_enabled;
};
// An Error only when the directory cannot be listed, or holds no template file.
Result<TemplateDirectory> read_template_directory(const std::string& directory);
// Every template in a directory, sorted by file name (config.yml is skipped), as
// keep_offered_templates() leaves them. An empty set is an Error, and so is the first template
// that fails to load.
Result<std::vector<IssueTemplate>> load_template_dir(const std::string& directory);

}  // namespace issuelint
