#include "parser/template.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "parser/normalize.h"

using namespace issuelint;

namespace {

const std::string kTemplates = std::string(ISSUELINT_SOURCE_DIR) + "/fixtures/templates/";

IssueTemplate load(const std::string& relative) {
  Result<IssueTemplate> loaded = load_template_file(kTemplates + relative);
  INFO((loaded ? std::string() : loaded.error().describe()));
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}

const SectionSpec* find_spec(const IssueTemplate& issue_template, const std::string& key) {
  for (const SectionSpec& spec : issue_template.sections) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the flagship db-migration template parses fully", "[template]") {
  const IssueTemplate db = load("db-migration.md");
  CHECK(db.id == "db-migration");
  CHECK(db.kind == TemplateKind::markdown);
  CHECK(db.front_matter.name == "🗄️ Database Migration");
  CHECK(db.front_matter.title == "[DB] ");
  CHECK(db.front_matter.labels ==
        std::vector<std::string>{"database", "migration", "drizzle", "needs-triage"});
  CHECK(db.front_matter.assignees.empty());
  CHECK(db.body_first_line == 8);
  CHECK(db.body.starts_with("\n## Migration Overview"));

  REQUIRE(db.sections.size() == 23);
  CHECK(db.sections[0].title == "Migration Overview");
  CHECK(db.sections[0].line == 2);  // relative to the body: file line 9

  const SectionSpec* schema = find_spec(db, "new schema");
  REQUIRE(schema != nullptr);
  CHECK(schema->optional);
  CHECK(schema->parent_key == "schema changes");
  CHECK(schema->level == 3);
  CHECK(schema->has_code_block);
  REQUIRE(schema->placeholder_code.size() == 1);
  CHECK(schema->placeholder_code[0].starts_with("-- Drizzle schema definition"));
  const SectionSpec* overview = find_spec(db, "migration overview");
  REQUIRE(overview != nullptr);
  CHECK_FALSE(overview->optional);
  CHECK(overview->placeholder_prose ==
        std::vector<std::string>{"a clear description of the database changes needed"});
  CHECK(find_spec(db, "migration sql")->optional);
  CHECK(find_spec(db, "rollback script")->optional);
  CHECK(find_spec(db, "if breaking list affected areas")->has_checkboxes);

  REQUIRE(db.groups.size() == 15);
  const CheckboxGroupSpec& type = db.groups[0];
  CHECK(type.section_key == "migration type");
  CHECK_FALSE(type.is_inline);
  CHECK(type.option_names.size() == 7);
  CHECK(type.option_names[0] == "New Table");
  CHECK(type.option_keys[6] == "maintenance");
  const CheckboxGroupSpec& related = db.groups[1];
  CHECK(related.is_inline);
  CHECK(related.lead == "Related to");
  CHECK(related.section_key == "feature context");
  CHECK(related.option_names == std::vector<std::string>{"Scheduling", "Mentorship",
                                                         "Authentication", "User Management",
                                                         "Other"});
  CHECK(related.line == 20);
  CHECK(db.document.blanks.size() == 3);
}

TEST_CASE("the mojibake copy of the template has the same keys", "[template][normalize]") {
  const IssueTemplate clean = load("db-migration.md");
  const IssueTemplate garbled = load("db-migration.as-received.md");
  REQUIRE(clean.document.sections.size() == garbled.document.sections.size());
  for (std::size_t i = 0; i < clean.document.sections.size(); ++i) {
    CHECK(clean.document.sections[i].key == garbled.document.sections[i].key);
  }
  REQUIRE(clean.document.checkboxes.size() == garbled.document.checkboxes.size());
  for (std::size_t i = 0; i < clean.document.checkboxes.size(); ++i) {
    CHECK(clean.document.checkboxes[i].key == garbled.document.checkboxes[i].key);
    CHECK(normalize_key(clean.document.checkboxes[i].label) ==
          normalize_key(garbled.document.checkboxes[i].label));
  }
  CHECK(display_title(garbled.front_matter.name) == "Database Migration");
}

TEST_CASE("broken front matter is an Error naming the file line", "[template]") {
  const Result<IssueTemplate> broken =
      parse_markdown_template("---\nname: ok\nlabels: [a, b\nabout: x\n---\n# Body\n", "t", "t.md");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().where.starts_with("t.md:"));
  const int line = std::stoi(broken.error().where.substr(5));
  CHECK(line >= 3);
  CHECK(line <= 5);

  const Result<IssueTemplate> not_a_map =
      parse_markdown_template("---\n- a\n- b\n---\n# Body\n", "t", "t.md");
  REQUIRE_FALSE(not_a_map.ok());
  CHECK(not_a_map.error().where == "t.md:2");
}

TEST_CASE("front matter labels may be a comma string, none at all is fine", "[template]") {
  const Result<IssueTemplate> commas = parse_markdown_template(
      "---\nname: n\nlabels: bug, needs triage\nassignees: ''\n---\n## A\n", "t", "t.md");
  REQUIRE(commas.ok());
  CHECK(commas->front_matter.labels == std::vector<std::string>{"bug", "needs triage"});
  CHECK(commas->body_first_line == 6);
  CHECK(commas->sections[0].line == 1);

  const Result<IssueTemplate> plain = parse_markdown_template("## Only body\n", "p", "p.md");
  REQUIRE(plain.ok());
  CHECK(plain->front_matter.name.empty());
  CHECK(plain->body_first_line == 1);
  REQUIRE(plain->sections.size() == 1);
  CHECK(plain->sections[0].key == "only body");
}

TEST_CASE("the bug report issue form renders like GitHub's body", "[template][form]") {
  const IssueTemplate form = load("discuno/bug_report.yml");
  CHECK(form.kind == TemplateKind::issue_form);
  CHECK(form.front_matter.name == "🐛 Bug Report");
  CHECK(form.front_matter.labels == std::vector<std::string>{"bug", "triage"});
  CHECK(form.body.starts_with("### What happened?\n\n_No response_\n\n### Expected behavior\n"));
  CHECK(form.body.find("Thanks for taking the time") == std::string::npos);  // markdown element
  CHECK(form.body.find("```markdown\n- OS:") != std::string::npos);
  REQUIRE(form.sections.size() == 7);
  CHECK(form.sections[0].placeholder_prose == std::vector<std::string>{"no response"});
  CHECK_FALSE(form.sections[0].optional);
  CHECK(find_spec(form, "additional context")->optional);
  CHECK_FALSE(find_spec(form, "code of conduct")->optional);  // an option is required
  CHECK(find_spec(form, "environment")->has_code_block);
  REQUIRE(form.groups.size() == 1);
  CHECK(form.groups[0].section_key == "code of conduct");
  CHECK(form.groups[0].option_names ==
        std::vector<std::string>{"I agree to follow this project's Code of Conduct"});
}

TEST_CASE("the feature request issue form marks optional fields", "[template][form]") {
  const IssueTemplate form = load("discuno/feature_request.yml");
  REQUIRE(form.sections.size() == 8);
  CHECK(find_spec(form, "is your feature request related to a problem")->optional);
  CHECK_FALSE(find_spec(form, "describe the solution you d like")->optional);
  CHECK(find_spec(form, "implementation")->optional);
  REQUIRE(form.groups.size() == 2);
  CHECK(form.groups[0].section_key == "implementation");
  CHECK(form.groups[0].option_names.size() == 3);
}

TEST_CASE("broken issue forms are Errors with a place", "[template][form]") {
  const Result<IssueTemplate> no_body = parse_issue_form("name: x\n", "f", "f.yml");
  REQUIRE_FALSE(no_body.ok());
  CHECK(no_body.error().where == "f.yml");
  const Result<IssueTemplate> no_label = parse_issue_form(
      "name: x\ndescription: d\nbody:\n  - type: input\n    attributes:\n      description: d\n",
      "f", "f.yml");
  REQUIRE_FALSE(no_label.ok());
  CHECK(no_label.error().where == "f.yml:4");
  const Result<IssueTemplate> bad_yaml = parse_issue_form("name: [x\n", "f", "f.yml");
  REQUIRE_FALSE(bad_yaml.ok());
  CHECK(bad_yaml.error().where.starts_with("f.yml:"));
}

TEST_CASE("an issue form GitHub would refuse says why, with its line", "[template][form]") {
  const auto form_error = [](const std::string& body) {
    const Result<IssueTemplate> form =
        parse_issue_form("name: x\ndescription: d\nbody:\n" + body, "f", "f.yml");
    REQUIRE_FALSE(form.ok());
    return form.error().where + ": " + form.error().message;
  };
  const std::string dropdown =
      "  - type: dropdown\n    attributes:\n      label: A\n      options: [one, two]\n";
  CHECK(form_error(dropdown + "      default: first\n") ==
        "f.yml:8: dropdown 'A': `default` must be the index of one of its options (0 to 1), "
        "not 'first'");
  CHECK(form_error(dropdown + "      default: 2\n").ends_with("(0 to 1), not '2'"));
  CHECK(form_error(dropdown + "      default: -1\n").ends_with("(0 to 1), not '-1'"));
  CHECK(form_error("  - type: markdown\n    attributes:\n      value: Thanks\n") ==
        "f.yml:4: an issue form needs at least one field that is not markdown (GitHub refuses "
        "a form without one)");
  CHECK(form_error("  - type: input\n    attributes:\n      description: d\n") ==
        "f.yml:4: an input element needs a label");
  CHECK(parse_issue_form("name: x\ndescription: d\nbody:\n" + dropdown + "      default: 1\n", "f",
                         "f.yml")
            .ok());
}

TEST_CASE("issue forms GitHub refuses for their fields' ids, labels and options",
          "[template][form]") {
  const auto form_error = [](const std::string& head, const std::string& body) {
    const Result<IssueTemplate> form = parse_issue_form(head + "body:\n" + body, "f", "f.yml");
    REQUIRE_FALSE(form.ok());
    return form.error().where + ": " + form.error().message;
  };
  const std::string head = "name: x\ndescription: d\n";
  const auto input = [](const std::string& label, const std::string& id) {
    return "  - type: input\n" + (id.empty() ? std::string() : "    id: " + id + "\n") +
           "    attributes:\n      label: " + label + "\n";
  };
  CHECK(form_error("name: x\n", input("A", "")) ==
        "f.yml: an issue form needs a `description` (GitHub requires it; text, not empty)");
  CHECK(form_error("description: d\nname: ' '\n", input("A", "")) ==
        "f.yml:2: an issue form needs a `name` (GitHub requires it; text, not empty)");
  CHECK(form_error(head, input("A", "same") + input("B", "same")) ==
        "f.yml:9: two fields have the id 'same' (ids must be unique)");
  CHECK(form_error(head, input("A", "has space!")) ==
        "f.yml:5: id 'has space!' may hold only letters, digits, '-' and '_'");
  CHECK(form_error(head, input("Version", "") + input("version?", "")) ==
        "f.yml:7: 'version?' has the name 'version', as the field 'Version' at line 4 has "
        "(GitHub names a field by its id, else by its label lowercased with each run of "
        "characters other than letters, digits, '-' and '_' made one '-'): give one of them an "
        "id or another label");
  CHECK(form_error(head, input("Name", "") + input("Name", "")) ==
        "f.yml:7: two fields are labelled 'Name' (give one an id, or another label)");
  // GitHub's own example: the id of one is the name the other's label makes.
  CHECK(form_error(head, input("Name?", "") + input("Name???????", "name"))
            .starts_with("f.yml:8: 'Name???????"  // split: "??'" would be a trigraph
                         "' has the name 'name', as the field 'Name?' at line 4 has"));
  CHECK(form_error(head, input("Name", "") +
                             "  - type: checkboxes\n    attributes:\n      label: Agree\n"
                             "      options:\n        - label: name\n") ==
        "f.yml:11: the box 'name' has the name of the field 'Name' at line 4 (GitHub wants a "
        "box's label unlike every field's): give the field an id, or change a label");
  // One id is enough to tell two fields of one label apart.
  CHECK(parse_issue_form(head + "body:\n" + input("Version", "from") + input("Version", ""), "f",
                         "f.yml")
            .ok());
  CHECK(form_error(head, "  - type: dropdown\n    attributes:\n      label: OS\n") ==
        "f.yml:4: dropdown 'OS' needs a non-empty list of `options`");
  CHECK(form_error(head,
                   "  - type: checkboxes\n    attributes:\n      label: C\n      options: a\n") ==
        "f.yml:7: checkboxes 'C' needs a non-empty list of `options`");
  CHECK(
      form_error(head,
                 "  - type: dropdown\n    attributes:\n      label: OS\n      options: [a, a]\n") ==
      "f.yml:7: dropdown 'OS': option 'a' is given twice");
  CHECK(
      form_error(head,
                 "  - type: dropdown\n    attributes:\n      label: OS\n      options: [None]\n") ==
      "f.yml:7: dropdown 'OS': 'None' is a reserved word, not an option");
  CHECK(form_error(head,
                   "  - type: checkboxes\n    attributes:\n      label: C\n      options:\n"
                   "        - label: x\n        - label: x\n") ==
        "f.yml:9: checkboxes 'C': option 'x' is given twice");
  CHECK(form_error(head, "  - type: markdown\n    attributes: {}\n" + input("A", "")) ==
        "f.yml:4: a markdown element needs a `value`");
}

// GitHub: "options must not include the reserved word, none" (said in lower case), and "When a
// default option is specified, you cannot include "None" or "n/a" as options".
TEST_CASE("issue forms GitHub refuses: a dropdown's reserved words in any case",
          "[template][form]") {
  const auto dropdown = [](const std::string& options, const std::string& extra) {
    auto parsed = parse_issue_form(
        "name: x\ndescription: d\nbody:\n  - type: dropdown\n    attributes:\n"
        "      label: OS\n      options: " +
            options + "\n" + extra,
        "f", "f.yml");
    return parsed ? std::string("accepted") : parsed.error().describe();
  };
  CHECK(dropdown("[Linux, none]", "") ==
        "f.yml:7: dropdown 'OS': 'none' is a reserved word, not an option");
  CHECK(dropdown("[Linux, NONE]", "") ==
        "f.yml:7: dropdown 'OS': 'NONE' is a reserved word, not an option");
  CHECK(dropdown("[Linux, N/A]", "      default: 0\n") ==
        "f.yml:7: dropdown 'OS': 'N/A' may not be an option of a dropdown with a `default` "
        "(GitHub reserves None and n/a there)");
  CHECK(dropdown("[Linux, n/a]", "      default: 1\n")
            .starts_with("f.yml:7: dropdown 'OS': 'n/a' may not"));
  // n/a is reserved only beside a default; a word holding none is an option.
  CHECK(dropdown("[Linux, N/A]", "") == "accepted");
  CHECK(dropdown("[Linux, None of these, \"None.\"]", "      default: 0\n") == "accepted");
}

TEST_CASE("issue forms GitHub accepts: labels that read alike but make other names",
          "[template][form]") {
  const auto form = [](const std::string& first, const std::string& second) {
    return parse_issue_form(
        "name: x\ndescription: d\nbody:\n"
        "  - type: textarea\n    attributes:\n      label: " +
            first +
            "\n"
            "  - type: textarea\n    attributes:\n      label: " +
            second + "\n",
        "f", "f.yml");
  };
  for (const auto& [first, second] :
       {std::pair{"Logs", "Logs (if applicable)"},
        std::pair{"Screenshots", "Screenshots (optional)"},
        std::pair{"1. Describe the problem", "2. Describe the problem"},
        std::pair{"OS", "🖥️ OS version"}}) {
    INFO(first << " / " << second);
    const Result<IssueTemplate> loaded = form(first, second);
    INFO((loaded ? std::string() : loaded.error().describe()));
    CHECK(loaded.ok());
  }
  // Names that clash once parameterized stay refused.
  for (const auto& [first, second] : {std::pair{"OS", "Os"}, std::pair{"C++ version", "C# version"},
                                      std::pair{"Environment", "'**Environment**'"}}) {
    INFO(first << " / " << second);
    CHECK_FALSE(form(first, second).ok());
  }
}

TEST_CASE("issue form: fields whose labels share a key are sections of their own",
          "[template][form]") {
  const Result<IssueTemplate> form = parse_issue_form(
      "name: x\ndescription: d\nbody:\n"
      "  - type: textarea\n    id: a\n    attributes: {label: Details}\n"
      "    validations: {required: true}\n"
      "  - type: textarea\n    id: b\n    attributes: {label: Details}\n"
      "  - type: textarea\n    attributes: {label: Logs}\n    validations: {required: true}\n"
      "  - type: textarea\n    attributes: {label: Logs (if applicable)}\n"
      "  - type: input\n    attributes: {label: Version}\n",
      "f", "f.yml");
  INFO((form ? std::string() : form.error().describe()));
  REQUIRE(form.ok());
  REQUIRE(form->sections.size() == 5);
  CHECK(form->sections[0].key == "details");
  CHECK_FALSE(form->sections[0].optional);
  CHECK(form->sections[1].title == "Details #2");
  CHECK(form->sections[1].key == section_key("Details #2"));
  CHECK(form->sections[1].optional);
  CHECK(form->sections[2].key == "logs");
  CHECK_FALSE(form->sections[2].optional);
  CHECK(form->sections[3].key == section_key("Logs #2"));
  CHECK(form->sections[3].optional);
  CHECK(form->sections[4].key == "version");  // a field of its own key is as before
  REQUIRE(form->keyed_fields.size() == 4);
  CHECK(heading_key(*form, form->sections[3].key) == "logs");
  CHECK(heading_key(*form, "version") == "version");

  const auto keys_of = [&](const std::string& body) {
    IssueDocument draft = parse_issue(body);
    key_form_fields(draft, *form);
    std::vector<std::string> keys;
    for (std::size_t at = 1; at < draft.sections.size(); ++at)
      keys.push_back(draft.sections[at].key.str());
    return keys;
  };
  const std::string second_details = section_key("Details #2");
  const std::string second_logs = section_key("Logs #2");
  // As GitHub writes it: each heading is its field.
  CHECK(keys_of("### Details\n\nx\n\n### Details\n\ny\n\n### Logs\n\nz\n\n"
                "### Logs (if applicable)\n\nw\n") ==
        std::vector<std::string>{"details", second_details, "logs", second_logs});
  // One heading left of two alike: the first field; the hint's heading is its own field however
  // many are deleted before it.
  CHECK(keys_of("### Details\n\nx\n\n### Logs (if applicable)\n\nw\n") ==
        std::vector<std::string>{"details", second_logs});
  // A reworded heading is the field between its neighbours not found by its words.
  CHECK(keys_of("### Logs\n\nz\n\n### logs (IF APPLICABLE)\n\nw\n") ==
        std::vector<std::string>{"logs", second_logs});
  // A third heading of a key two fields share is neither.
  const std::vector<std::string> three =
      keys_of("### Details\n\nx\n\n### Details\n\ny\n\n### Details\n\nz\n");
  REQUIRE(three.size() == 3);
  CHECK(three[2] != "details");
  CHECK(three[2] != second_details);
}

TEST_CASE("front matter with a key given twice is an Error at the second", "[template]") {
  // GitHub keeps the last `title:`, this reader the first: the prefix checked would not be the
  // one GitHub fills in.
  const Result<IssueTemplate> twice = parse_markdown_template(
      "---\nname: Bug\ntitle: '[A] '\ntitle: '[B] '\n---\n## What\n\nx\n", "bug", "bug.md");
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().where == "bug.md:4:1");
  CHECK(parse_markdown_template("---\nname: Bug\ntitle: '[A] '\n---\n## What\n", "bug", "bug.md")
            .ok());
}

TEST_CASE("issue forms GitHub's schema refuses are Errors with a place", "[template][form]") {
  const auto form_error = [](const std::string& text) {
    const Result<IssueTemplate> form = parse_issue_form(text, "f", "f.yml");
    REQUIRE_FALSE(form.ok());
    return form.error().where + ": " + form.error().message;
  };
  const std::string head = "name: x\ndescription: d\n";
  const std::string field = "  - type: input\n    attributes:\n      label: Version\n";
  const std::string body = "body:\n" + field;
  CHECK(form_error(head + "hello: world\n" + body) ==
        "f.yml:3: 'hello' is not a key GitHub permits in an issue form (it permits name, "
        "description, title, labels, assignees, body, projects, type)");
  CHECK(form_error(head + "yes: 1\n" + body) ==
        "f.yml:3: 'yes' is a key GitHub forbids (YAML reads it as a boolean): remove it");
  CHECK(form_error(head + "body:\n  - type: input\n    x: woof\n    attributes: {label: A}\n")
            .starts_with("f.yml:5: 'x' is not a key GitHub permits in a form element"));
  CHECK(form_error(head + body + "      x: 1\n")
            .starts_with("f.yml:7: 'x' is not a key GitHub permits in `attributes`"));
  CHECK(form_error(head + body + "    validations:\n      required: true\n      minlength: 2\n")
            .starts_with("f.yml:9: 'minlength' is not a key GitHub permits in `validations`"));
  CHECK(form_error("name: x\ndescription: true\n" + body) ==
        "f.yml:2: `description` must be text, and YAML reads this as a boolean (quote it: "
        "\"true\")");
  CHECK(form_error(head + "body:\n  - type: input\n    attributes:\n      label: 1.3\n") ==
        "f.yml:6: `label` must be text, and YAML reads this as a number (quote it: \"1.3\")");
  CHECK(form_error(head + "assignees: '   '\n" + body) ==
        "f.yml:3: `assignees` is blank: GitHub refuses an empty string; remove the key");
  CHECK(form_error(head + "body:\n  - type: dropdown\n    attributes:\n      label: OK?\n"
                          "      options:\n        - Yes\n        - No\n") ==
        "f.yml:8: dropdown option 'Yes' is read as a boolean, which GitHub refuses: quote it");
  CHECK(form_error(head + "body:\n  - type: input\n    attributes: {label: Your Password}\n") ==
        "f.yml:5: the label 'Your Password' holds a word GitHub forbids in a field's label "
        "('password')");
  CHECK(
      form_error(head + body + "    validations:\n      required: false\n      required: true\n") ==
      "f.yml:9:7: 'required' is given twice in this mapping: keep one");
  CHECK(form_error(head + body + "    validations:\n      required: \"true\"\n") ==
        "f.yml:8: `validations.required` of 'Version' must be true or false");
  CHECK(form_error(head + body + "    validations:\n      required: y\n") ==
        "f.yml:8: `validations.required` of 'Version' must be true or false");
  CHECK(form_error(head + "body:\n  - type: checkboxes\n    attributes:\n      label: C\n"
                          "      options:\n        - label: a\n          required: 'yes'\n")
            .starts_with("f.yml:9: a box's `required` must be true or false, not 'yes'"));
  // A stray `---` before `body:` starts a second document, which GitHub never reads.
  CHECK(
      form_error(head + "---\n" + body).starts_with("f.yml:3:1: invalid YAML: a second document"));

  // What GitHub accepts stays accepted: `type` and `projects` at the top level, labels and
  // assignees as a string or a list, and every attribute a field type has; also what real
  // repositories ship that GitHub's docs do not refuse: an `id` on a markdown element, and
  // "password" inside a word of a label.
  const Result<IssueTemplate> accepted = parse_issue_form(
      head +
          "title: '[Bug]: '\ntype: Bug\nprojects: [octo-org/1]\nlabels: bug, triage\n"
          "assignees: [octocat]\nbody:\n"
          "  - type: markdown\n    id: intro\n    attributes: {value: Thanks}\n"
          "  - type: input\n    attributes: {label: 1Password CLI version}\n"
          "  - type: textarea\n    id: logs\n    attributes:\n      label: Logs\n"
          "      description: d\n      placeholder: p\n      value: v\n      render: shell\n"
          "    validations: {required: tRUE}\n"
          "  - type: dropdown\n    attributes:\n      label: OS\n      multiple: true\n"
          "      options: ['Yes', 'No', '1.0']\n      default: 0\n"
          "  - type: checkboxes\n    attributes:\n      label: Terms\n"
          "      options:\n        - label: I agree\n          required: true\n",
      "f", "f.yml");
  INFO((accepted ? std::string() : accepted.error().describe()));
  CHECK(accepted.ok());
}

// GitHub writes each field under its own `### Label`; a default value is text the author may
// rewrite or clear, headings and all.
TEST_CASE("issue form: a heading in a field's default value is no field", "[template][form]") {
  const Result<IssueTemplate> form = parse_issue_form(
      "name: x\ndescription: d\nbody:\n"
      "  - type: textarea\n    attributes:\n      label: Summary\n"
      "    validations:\n      required: true\n"
      "  - type: textarea\n    attributes:\n      label: Details\n      value: |\n"
      "        ### Expected\n\n        <h3>Actual</h3>\n\n        Notes\n        -----\n\n"
      "        ### Version\n"
      "  - type: input\n    attributes:\n      label: Version\n"
      "    validations:\n      required: true\n",
      "f", "f.yml");
  INFO((form ? std::string() : form.error().describe()));
  REQUIRE(form.ok());
  REQUIRE(form->sections.size() == 3);
  CHECK(form->sections[0].key == "summary");
  CHECK(form->sections[1].key == "details");
  CHECK(form->sections[1].optional);
  // The real field, not the heading of that name inside Details' value.
  CHECK(form->sections[2].key == "version");
  CHECK_FALSE(form->sections[2].optional);
  REQUIRE(form->document.sections.size() == 4);
  CHECK(form->document.sections[3].position.line == 16);
}

// Psych reads a plain `3.10` as the number 3.1: GitHub's dropdown offers, and writes, "3.1".
TEST_CASE("issue form: dropdown options YAML reads as numbers, as GitHub shows them",
          "[template][form]") {
  const std::string head =
      "name: x\ndescription: d\nbody:\n  - type: dropdown\n    attributes:\n"
      "      label: Python\n      options:\n";
  const Result<IssueTemplate> form =
      parse_issue_form(head +
                           "        - 3.9\n        - 3.10\n        - \"3.20\"\n"
                           "        - 3.10.1\n        - 010\n",
                       "f", "f.yml");
  INFO((form ? std::string() : form.error().describe()));
  REQUIRE(form.ok());
  REQUIRE(form->sections.size() == 1);
  CHECK(form->sections[0].dropdown_options ==
        std::vector<std::string>{"3.9", "3.1", "3.20", "3.10.1", "8"});
  // Two options that are one number to GitHub are one option given twice.
  const Result<IssueTemplate> twice =
      parse_issue_form(head + "        - 3.1\n        - 3.10\n", "f", "f.yml");
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().where + ": " + twice.error().message ==
        "f.yml:9: dropdown 'Python': option '3.1' is given twice");
}

TEST_CASE("issue form: an element without a type, or of a type GitHub does not have",
          "[template][form]") {
  const auto form_error = [](const std::string& element) {
    const Result<IssueTemplate> form =
        parse_issue_form("name: x\ndescription: d\nbody:\n" + element, "f", "f.yml");
    REQUIRE_FALSE(form.ok());
    return form.error().where + ": " + form.error().message;
  };
  CHECK(form_error("  - attributes:\n      label: A\n") ==
        "f.yml:4: a form element needs a `type` (GitHub's are markdown, textarea, input, "
        "dropdown and checkboxes)");
  CHECK(form_error("  - type: Textarea\n    attributes:\n      label: A\n") ==
        "f.yml:4: unknown form element type 'Textarea' (GitHub's are markdown, textarea, input, "
        "dropdown and checkboxes)");
}

TEST_CASE("issue form: `required: true` holds though the label says '(optional)'",
          "[template][form]") {
  const Result<IssueTemplate> form = parse_issue_form(
      "name: x\ndescription: d\nbody:\n"
      "  - type: textarea\n    attributes:\n      label: Additional context (optional)\n"
      "    validations:\n      required: true\n"
      "  - type: textarea\n    attributes:\n      label: Environment (if applicable)\n",
      "f", "f.yml");
  REQUIRE(form.ok());
  REQUIRE(form->sections.size() == 2);
  CHECK_FALSE(form->sections[0].optional);
  CHECK(form->sections[1].optional);
}

TEST_CASE("issue form: YAML 1.1 spellings of true make a field required", "[template][form]") {
  for (const char* spelling : {"true", "True", "TRUE", "yes", "on"}) {
    INFO(spelling);
    const Result<IssueTemplate> form =
        parse_issue_form(std::string("name: x\ndescription: d\nbody:\n  - type: input\n    "
                                     "attributes:\n      label: Version\n"
                                     "    validations:\n      required: ") +
                             spelling + "\n",
                         "f", "f.yml");
    REQUIRE(form.ok());
    REQUIRE(form->sections.size() == 1);
    CHECK_FALSE(form->sections[0].optional);
  }
  const Result<IssueTemplate> optional = parse_issue_form(
      "name: x\ndescription: d\nbody:\n  - type: input\n    attributes:\n      label: Version\n"
      "    validations:\n      required: no\n",
      "f", "f.yml");
  REQUIRE(optional.ok());
  CHECK(optional->sections[0].optional);
}

TEST_CASE("issue form: validations shared through a YAML merge key", "[template][form]") {
  // The first field's validations are anchored; the others merge them in, and one overrides
  // them. GitHub's reader (Psych) honours `<<`.
  const Result<IssueTemplate> form = parse_issue_form(
      "name: x\ndescription: d\n"
      "body:\n"
      "  - type: input\n    attributes: {label: Version}\n"
      "    validations: &required\n      required: true\n"
      "  - type: input\n    attributes: {label: Platform}\n"
      "    validations:\n      <<: *required\n"
      "  - type: textarea\n    attributes: {label: Logs}\n"
      "    validations:\n      <<: *required\n      required: false\n",
      "f", "f.yml");
  INFO((form ? std::string() : form.error().describe()));
  REQUIRE(form.ok());
  REQUIRE(form->sections.size() == 3);
  CHECK_FALSE(form->sections[0].optional);
  CHECK_FALSE(form->sections[1].optional);
  CHECK(form->sections[2].optional);
}

TEST_CASE("load_template_dir loads every template and skips config.yml", "[template]") {
  const Result<std::vector<IssueTemplate>> all = load_template_dir(kTemplates + "discuno");
  INFO((all ? std::string() : all.error().describe()));
  REQUIRE(all.ok());
  CHECK(all->size() == 9);
  CHECK(std::is_sorted(all->begin(), all->end(),
                       [](const auto& a, const auto& b) { return a.source < b.source; }));
}

TEST_CASE("a directory's files GitHub's chooser does not offer are not templates", "[template]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "issuelint-parser-offered-templates";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "README.md") << "# Our templates\n\n## How to add one\n\nCopy a file.\n";
  std::ofstream(dir / "bug.md") << "---\nname: Bug\nabout: Something broke\n---\n## What\n\nx\n";
  std::ofstream(dir / "ask.yml") << "name: Ask\ndescription: d\nbody:\n  - type: textarea\n    "
                                    "attributes:\n      label: Question\n";
  const Result<std::vector<IssueTemplate>> offered = load_template_dir(dir.string());
  REQUIRE(offered.ok());
  REQUIRE(offered->size() == 2);
  CHECK((*offered)[0].id == "ask");
  CHECK((*offered)[1].id == "bug");
  // With no template named in front matter, each file is a template (a bare local setup).
  std::filesystem::remove(dir / "bug.md");
  std::filesystem::remove(dir / "ask.yml");
  std::ofstream(dir / "plain.md") << "## What\n\nx\n";
  const Result<std::vector<IssueTemplate>> bare = load_template_dir(dir.string());
  REQUIRE(bare.ok());
  CHECK(bare->size() == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("load_template_dir and load_template_file report failures", "[template]") {
  const std::filesystem::path empty =
      std::filesystem::temp_directory_path() / "issuelint-parser-empty-templates";
  std::filesystem::create_directories(empty);
  std::ofstream(empty / "config.yml") << "blank_issues_enabled: false\n";
  const Result<std::vector<IssueTemplate>> none = load_template_dir(empty.string());
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message == "no issue templates in " + empty.string());
  std::filesystem::remove_all(empty);

  // The chooser's configuration named as a template is said to be that, not a broken form.
  const std::filesystem::path chooser =
      std::filesystem::temp_directory_path() / "issuelint-parser-chooser-config";
  std::filesystem::create_directories(chooser);
  std::ofstream(chooser / "config.yml") << "blank_issues_enabled: false\n";
  const Result<IssueTemplate> config = load_template_file((chooser / "config.yml").string());
  REQUIRE_FALSE(config.ok());
  CHECK(
      config.error().message.starts_with("this is the configuration of GitHub's template chooser"));
  std::filesystem::remove_all(chooser);

  const Result<IssueTemplate> missing = load_template_file(kTemplates + "does-not-exist.md");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().where == kTemplates + "does-not-exist.md");
  CHECK_FALSE(load_template_dir(kTemplates + "no-such-dir").ok());
}

// GitHub's chooser reads config.yml's `blank_issues_enabled` as Psych reads a boolean, and ignores
// a file that does not parse.
TEST_CASE("blank_issues_enabled reads the chooser's config.yml as GitHub does", "[template]") {
  CHECK(blank_issues_enabled("blank_issues_enabled: true\n") == std::optional<bool>(true));
  CHECK(blank_issues_enabled("blank_issues_enabled: Yes\ncontact_links: []\n") ==
        std::optional<bool>(true));
  CHECK(blank_issues_enabled("blank_issues_enabled: false\n") == std::optional<bool>(false));
  CHECK(blank_issues_enabled("contact_links:\n  - name: Chat\n    url: https://x.io\n") ==
        std::nullopt);
  CHECK(blank_issues_enabled("blank_issues_enabled: \"true\"\n") == std::nullopt);
  CHECK(blank_issues_enabled("blank_issues_enabled: [true\n") == std::nullopt);
  CHECK(blank_issues_enabled("") == std::nullopt);
}

// A template that does not load is left out with its error, as GitHub offers no form it refuses;
// the others are still the directory's templates.
TEST_CASE("read_template_directory keeps the templates that load and says which do not",
          "[template]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "issuelint-parser-refused-template";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bug.md") << "---\nname: Bug\nabout: Something broke\n---\n## What\n\nx\n";
  std::ofstream(dir / "broken.yml") << "name: Broken\ndescription: d\nbody:\n  - type: input\n"
                                       "    attributes:\n      label: Foo\n      requird: true\n";
  std::ofstream(dir / "config.yml") << "blank_issues_enabled: true\n";
  const Result<TemplateDirectory> found = read_template_directory(dir.string());
  REQUIRE(found.ok());
  REQUIRE(found->templates.size() == 1);
  CHECK(found->templates[0].id == "bug");
  REQUIRE(found->refused.size() == 1);
  CHECK(found->refused[0].where == (dir / "broken.yml").string() + ":7");
  CHECK(found->blank_issues_enabled == std::optional<bool>(true));
  // load_template_dir, for callers that want every template or none, fails at the refused one.
  const Result<std::vector<IssueTemplate>> all = load_template_dir(dir.string());
  REQUIRE_FALSE(all.ok());
  CHECK(all.error().where == found->refused[0].where);
  std::filesystem::remove(dir / "config.yml");
  CHECK(read_template_directory(dir.string())->blank_issues_enabled == std::nullopt);
  std::filesystem::remove_all(dir);
}

// The YAML reader stops nesting at 2000 levels (the tree's readers recurse): a template nested
// that deep (front matter or issue form) must say what is wrong, and where.
TEST_CASE("template: YAML nested past the reader's limit is reported as such") {
  const std::string deep = std::string(3000, '[') + std::string(3000, ']');
  const auto says_too_deep = [](const Result<IssueTemplate>& parsed, const std::string& source) {
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message ==
          "invalid YAML: nested too deeply (the YAML reader stops at 2000 levels)");
    CHECK(parsed.error().where.rfind(source + ":", 0) == 0);
  };
  says_too_deep(parse_markdown_template("---\nname: Deep\nlabels: " + deep + "\n---\n## A\n",
                                        "deep", "deep.md"),
                "deep.md");
  says_too_deep(
      parse_issue_form("name: Deep\ndescription: d\nbody: " + deep + "\n", "deep", "deep.yml"),
      "deep.yml");
}

TEST_CASE("template: YAML that is merely broken keeps the reader's own message") {
  const auto parsed = parse_issue_form("name: [Broken\n", "broken", "broken.yml");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().message.rfind("invalid YAML: ", 0) == 0);
  CHECK(parsed.error().message.find("nested too deeply") == std::string::npos);
}
