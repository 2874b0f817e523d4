// .github/issuelint.yml: strict reading (file:line:col on every bad key, type or rule id) and
// what each setting does to the rules, severities and labels a template gets.
#include "rules/config.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/engine.h"
#include "rules/template_catalog.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSource = "repo/.github/issuelint.yml";

Error config_error(std::string_view text) {
  auto config = parse_config(text, kSource);
  REQUIRE_FALSE(config.ok());
  return config.error();
}

RepositoryConfig config_of(std::string_view text, const std::string& source = kSource) {
  auto config = parse_config(text, source);
  if (!config.ok()) FAIL(config.error().describe());
  return std::move(*config);
}

IssueTemplate flagship_template() {
  auto loaded = load_template_file((kRoot / "fixtures/templates/db-migration.md").string());
  REQUIRE(loaded.ok());
  return std::move(*loaded);
}

const char* const kBugTemplate =
    "---\nname: Bug report\ntitle: '[BUG] '\n---\n## Summary\n\nA clear description.\n\n"
    "## Area\n\n- [ ] UI\n- [ ] API\n";

Result<TemplateCatalog> catalog_with(const RepositoryConfig& config) {
  std::vector<IssueTemplate> templates;
  templates.push_back(flagship_template());
  templates.push_back(make_template(kBugTemplate, "bug"));
  return TemplateCatalog::build(std::move(templates), &config);
}

const CatalogEntry& entry_for(const TemplateCatalog& catalog, std::string_view id) {
  for (const auto& entry : catalog.entries()) {
    if (entry.issue_template.id == id) return entry;
  }
  FAIL("no catalog entry for " << id);
  throw std::logic_error("unreachable");
}

LintResult lint_complete_draft(const RepositoryConfig& config, const std::string& title) {
  auto catalog = catalog_with(config);
  if (!catalog.ok()) FAIL(catalog.error().describe());
  const CatalogEntry& entry = entry_for(*catalog, "db-migration");
  const IssueDocument document =
      parse_issue(read_text(kRoot / "fixtures/issues/complete-audit-log.md"));
  return lint_issue(entry.rules, document, &entry.issue_template, title);
}

bool has_rule(const RuleSet& set, std::string_view id) {
  return std::any_of(set.rules.begin(), set.rules.end(),
                     [&](const RulePtr& rule) { return rule->info().id == id; });
}

}  // namespace

TEST_CASE("config: an empty file gives every default") {
  const auto config = config_of("");
  CHECK(config.templates.empty());
  CHECK(config.rules.empty());
  CHECK(config.unmatched == UnmatchedPolicy::quiet);
  CHECK(config.config_directory == "repo/.github");
}

TEST_CASE("config: the example in docs/configuration.md parses and builds") {
  const std::string doc = read_text(kRoot / "docs/configuration.md");
  const auto begin = doc.find("```yaml\n");
  REQUIRE(begin != std::string::npos);
  const auto end = doc.find("```", begin + 8);
  const auto config = config_of(doc.substr(begin + 8, end - begin - 8));
  CHECK(config.templates == std::vector<std::string>{"db-migration.md", "bug_report.md"});
  CHECK(config.packs.at("database_migration.md") == "db-migration");
  CHECK(config.rules.at("production-without-staging").disabled);
  CHECK(config.rules.at("title-format").severity == Severity::warning);
  CHECK(config.extra_rules.size() == 1);
  CHECK(config.labels.at("needs-info").name == "status: needs info");
  CHECK(config.labels.at("large-table").disabled);
  REQUIRE(config.table_names.has_value());
  CHECK(config.table_names->prefix == "discuno_");
  CHECK(config.unmatched == UnmatchedPolicy::quiet);
  std::vector<IssueTemplate> templates;
  templates.push_back(flagship_template());
  auto catalog = TemplateCatalog::build(std::move(templates), &config);
  if (!catalog.ok()) FAIL(catalog.error().describe());
  const RuleSet& rules = catalog->entries().front().rules;
  CHECK_FALSE(has_rule(rules, "production-without-staging"));
  CHECK(has_rule(rules, "overview-mentions-ticket"));
}

TEST_CASE("config: unknown keys are errors naming file, line, column and the key") {
  auto error = config_error("templates: [a.md]\npaks: {}\n");
  CHECK(error.where == kSource + ":2:1");
  CHECK(error.message.find("unknown key 'paks'") == 0);
  // The location names the file, whatever it is called (`check --config team.yml`).
  // A typo gets the key it was most likely meant to be, as git and cargo do.
  CHECK(error.message.find("unknown key 'paks' in the configuration; did you mean 'packs'? "
                           "(known keys: ") == 0);
  error = config_error("rules:\n  title-format: {severity: warning, enabld: false}\n");
  CHECK(error.where == kSource + ":2:37");
  CHECK(error.message.find(
            "unknown key 'enabld' in rule 'title-format'; did you mean 'enabled'?") == 0);
  error = config_error("extra_rules:\n  - id: x\n    kind: choose\n    section: A\n    mni: 1\n");
  CHECK(error.where == kSource + ":5:5");
  CHECK(error.message.find("unknown key 'mni'") == 0);
  // The rule's kind and every key it accepts, common ones first.
  CHECK(error.message.find("in rule 'choose'; did you mean one of 'min', 'max'? (known keys: id, "
                           "kind, severity, summary, explanation, examples, message, help, ") !=
        std::string::npos);
  // A key nothing is near is listed with the others, without a guess.
  error = config_error("zzzzzz: 1\n");
  CHECK(error.message.find("unknown key 'zzzzzz' in the configuration (known keys: ") == 0);
}

TEST_CASE("config: a mistyped severity, rule id, kind, template or label gets a suggestion") {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"rules:\n  title-format: warn\n",
       "rule 'title-format': use off, error, warning or info; did you mean 'warning'?"},
      {"rules:\n  title-format: ERROR\n",
       "rule 'title-format': use off, error, warning or info; did you mean 'error'?"},
      {"rules:\n  title-format: {severity: Warning}\n",
       "severity must be error, warning or info; did you mean 'warning'?"},
      {"extra_rules:\n  - id: x\n    kind: choose\n    section: A\n    severity: warn\n",
       "severity must be error, warning or info; did you mean 'warning'?"},
      {"extra_rules:\n  - id: x\n    kind: chose\n    section: A\n",
       "unknown rule kind 'chose'; did you mean 'choose'? (see `issuelint rules --kinds`)"},
      // `on` is YAML's true, the opposite of `off`: no "did you mean 'off'".
      {"rules:\n  title-format: on\n",
       "rule 'title-format': 'on' is YAML's true: a rule runs unless switched off"},
  };
  for (const auto& test : cases) {
    INFO(test.text);
    CHECK(config_error(test.text).message.find(test.says) == 0);
  }
  auto catalog = catalog_with(config_of("rules:\n  sql-index-not-concurent: off\n"));
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().message ==
        "unknown rule id 'sql-index-not-concurent'; did you mean 'sql-index-not-concurrent'? (see "
        "`issuelint rules`)");
  // An extra rule's id is near too.
  catalog =
      catalog_with(config_of("rules:\n  area-chosn: off\nextra_rules:\n  - id: area-chosen\n"
                             "    kind: choose\n    section: Area\n"));
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().message.find("; did you mean 'area-chosen'?") != std::string::npos);
  catalog =
      catalog_with(config_of("templates: [db-migration.md, bug.md]\npacks:\n  bugs.md: "
                             "db-migration\nlabels:\n  neds-info: off\n"));
  REQUIRE(catalog.ok());
  std::vector<std::string> said;
  for (const Error& warning : catalog->warnings()) said.push_back(warning.message);
  CHECK(said ==
        std::vector<std::string>{
            "'packs' maps 'bugs.md', which is not a template here; did you mean one of 'bug.md', "
            "'bug'?",
            "label 'neds-info' is not managed by any template linted here: the setting "
            "does nothing; did you mean 'needs-info'?"});
}

TEST_CASE("config: wrong types are errors at the value") {
  struct Case {
    const char* text;
    const char* where;
    const char* says;
  };
  const Case cases[] = {
      {"templates: {a: b}\n", ":1:12", "'templates' must be a string or a list of strings"},
      {"packs: [db-migration]\n", ":1:8", "'packs' maps"},
      {"packs:\n  bug.md: [a, b]\n", ":2:11", "'packs' must be a string"},
      {"rules: [title-format]\n", ":1:8", "'rules' maps rule ids"},
      {"rules:\n  title-format: loud\n", ":2:17", "rule 'title-format': use off, error"},
      {"rules:\n  title-format:\n", ":2:16", "rule 'title-format': use off, error"},
      {"rules:\n  title-format: {}\n", ":2:17", "or {severity: ...}"},
      {"rules:\n  title-format: {severity: loud}\n", ":2:28", "severity must be"},
      {"rules:\n  title-format: {enabled: maybe}\n", ":2:27", "'enabled' must be true or false"},
      {"labels:\n  needs-info: [a]\n", ":2:15", "must be a string"},
      {"labels:\n  needs-info: ''\n", ":2:15", "a label name cannot be empty"},
      {"extra_rules: {id: x}\n", ":1:14", "'extra_rules' is a list of rules"},
      {"unmatched: sometimes\n", ":1:12", "'unmatched' is quiet or comment"},
      {"table_names: {fold_plural: often}\n", ":1:28", "'fold_plural' must be true or false"},
      {"table_names: {prefix: [discuno_]}\n", ":1:23", "'prefix' must be a string"},
      {"table_names: {prefix: ~}\n", ":1:23", "'prefix' must be a string"},
      {"table_names:\n  aliases: {payment: [p]}\n", ":2:22", "'aliases: payment' must be a string"},
      {"extra_rules:\n  - id: x\n    kind: choose\n    section: A\n    message: [a, b]\n", ":5:14",
       "'message' must be a string"},
      {"rules: {}\n---\nrules: {bogus: 1}\n", ":2:1", "a second document after '---'"},
      {"rules: {a: b\n", ":2:1", "invalid YAML"},
      {"- just\n- a list\n", ":1:1", "must be a mapping"},
  };
  for (const auto& test : cases) {
    INFO(test.text);
    const auto error = config_error(test.text);
    CHECK(error.where == kSource + test.where);
    CHECK(error.message.find(test.says) != std::string::npos);
  }
}

// A config is read from the repository the bot serves: nesting past the reader's 2000 levels
// must come back as a config error that says so, not a crash.
TEST_CASE("config: YAML nested past the reader's limit is a clear error") {
  const Error error =
      config_error("rules: " + std::string(3000, '[') + std::string(3000, ']') + "\n");
  CHECK(error.message == "invalid YAML: nested too deeply (the YAML reader stops at 2000 levels)");
  CHECK(error.where.rfind(kSource + ":1:", 0) == 0);
}

TEST_CASE("config: an extra rule in pack shape is checked like a pack entry") {
  auto error = config_error("extra_rules:\n  - id: BadId\n    kind: choose\n    section: A\n");
  CHECK(error.where == kSource + ":2:9");
  CHECK(error.message == "rule id 'BadId' must be kebab-case");
  error = config_error("extra_rules:\n  - id: a\n    kind: requires\n    if: {filled: A}\n");
  CHECK(error.message == "requires needs 'if' and 'then' conditions");
  const auto config =
      config_of("extra_rules:\n  - id: title-format\n    kind: choose\n    section: A\n");
  const auto catalog = catalog_with(config);
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().where == kSource + ":2:5");
  CHECK(catalog.error().message.find("rule id 'title-format' is already used") == 0);
  // Nor may it take a core finding's id: both would share its documentation and override.
  for (const std::string core : {"input-repaired", "template-unmatched"}) {
    error = config_error("extra_rules:\n  - id: " + core + "\n    kind: choose\n    section: A\n");
    CHECK(error.where == kSource + ":2:9");
    CHECK(error.message.find("rule id '" + core + "' is one of issuelint's own findings") == 0);
  }
}

TEST_CASE("config: two extra rules with one id: the second names the first, not the pack") {
  const auto config = config_of(
      "extra_rules:\n  - id: ctx\n    kind: choose\n    section: Area\n"
      "  - id: ctx\n    kind: choose\n    section: Summary\n");
  const auto catalog = catalog_with(config);
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().where == kSource + ":5:5");
  CHECK(catalog.error().message == "rule id 'ctx' is already used by the extra rule at " + kSource +
                                       ":2:5: give the extra rule its own id");
}

TEST_CASE("config: an extra rule runs with the pack's rules") {
  const auto config = config_of(
      "extra_rules:\n  - id: one-migration-type\n    kind: choose\n"
      "    section: Migration Type\n    exactly: 1\n    severity: warning\n");
  const auto result = lint_complete_draft(config, "[DB] Add audit_log table");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "one-migration-type");
  CHECK(result.findings[0].severity == Severity::warning);
  CHECK(result.findings[0].section == "Migration Type");
}

TEST_CASE("config: severity overrides and off") {
  auto result = lint_complete_draft(config_of(""), "Add audit_log table");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "title-format");
  CHECK(result.findings[0].severity == Severity::error);

  result = lint_complete_draft(config_of("rules:\n  title-format: warning\n"), "Add audit_log");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].severity == Severity::warning);
  result = lint_complete_draft(config_of("rules:\n  title-format: {severity: info}\n"), "Add");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].severity == Severity::info);

  // Every spelling YAML 1.1 (GitHub's YAML) reads as false switches a rule off.
  for (const char* off :
       {"rules:\n  title-format: off\n", "rules:\n  title-format: false\n",
        "rules:\n  title-format: no\n", "rules:\n  title-format: No\n",
        "rules:\n  title-format: OFF\n", "rules:\n  title-format: {enabled: false}\n"}) {
    INFO(off);
    CHECK(lint_complete_draft(config_of(off), "Add audit_log table").findings.empty());
  }
}

TEST_CASE("config: an unknown rule id is an error at its line") {
  const auto config = config_of("labels: {}\nrules:\n  title-fromat: off\n");
  const auto catalog = catalog_with(config);
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().where == kSource + ":3:3");
  CHECK(catalog.error().message.find("unknown rule id 'title-fromat'") == 0);
}

TEST_CASE("config: a known rule that no linted template uses is a warning, not an error") {
  const auto config = config_of("templates: [bug]\nrules:\n  sql-index-not-concurrent: error\n");
  std::vector<IssueTemplate> templates;
  templates.push_back(make_template(kBugTemplate, "bug"));
  const auto catalog = TemplateCatalog::build(std::move(templates), &config);
  if (!catalog.ok()) FAIL(catalog.error().describe());
  REQUIRE(catalog->warnings().size() == 1);
  CHECK(catalog->warnings()[0].where == kSource + ":3:3");
  CHECK(catalog->warnings()[0].message.find("'sql-index-not-concurrent'") != std::string::npos);
}

TEST_CASE("config: labels are renamed or switched off") {
  const auto config =
      config_of("labels:\n  needs-info: \"status: needs info\"\n  migration:relationships: off\n");
  auto result = lint_complete_draft(config, "[DB] Add audit_log table");
  CHECK(result.wanted_labels == std::vector<std::string>{"migration:new-table"});
  result = lint_complete_draft(config, "no prefix");
  CHECK(result.wanted_labels ==
        std::vector<std::string>{"status: needs info", "migration:new-table"});
  auto catalog = catalog_with(config);
  REQUIRE(catalog.ok());
  for (const auto& label : entry_for(*catalog, "db-migration").rules.labels) {
    CHECK(label.label.name != "needs-info");
    CHECK(label.label.name != "migration:relationships");
  }
}

// GitHub counts a label's 50 characters as characters: 50 'é' (100 bytes) or 25 '🗄️' fit.
TEST_CASE("config: a label name's length is counted in characters, not bytes") {
  std::string accented;
  for (int i = 0; i < 50; ++i) accented += "\u00e9";
  CHECK(config_of("labels:\n  needs-info: \"" + accented + "\"\n").labels.at("needs-info").name ==
        accented);
  std::string emoji;
  for (int i = 0; i < 25; ++i) emoji += "\U0001F5C4\uFE0F";
  CHECK(config_of("labels:\n  needs-info: \"" + emoji + "\"\n").labels.at("needs-info").name ==
        emoji);
  const Error error = config_error("labels:\n  needs-info: \"" + accented + "x\"\n");
  CHECK(error.where == kSource + ":2:15");
  CHECK(error.message ==
        "label 'needs-info': the new name is 51 characters, longer than GitHub's 50");
  // A value of megabytes is not echoed back.
  const Error huge = config_error("labels:\n  needs-info: " + std::string(200'000, 'x') + "\n");
  CHECK(huge.message.size() < 200);
}

TEST_CASE("config: a label name with a control character is an error at its line") {
  for (const char* text : {"labels:\n  breaking-change: \"line\\nbreak\"\n",
                           "labels:\n  breaking-change: \"tab\\there\"\n",
                           "labels:\n  breaking-change: \"del\\x7f\"\n"}) {
    INFO(text);
    const Error error = config_error(text);
    CHECK(error.where == kSource + ":2:20");
    CHECK(error.message ==
          "label 'breaking-change': a label name cannot hold a control character (a line "
          "break, a tab, ...)");
  }
}

// `off` switches a label off; YAML's true (`on`, `yes`, `true`) is its opposite, not a name.
TEST_CASE("config: a label set to YAML's true is an error, a quoted one a name") {
  for (const char* text : {"labels:\n  needs-info: on\n", "labels:\n  needs-info: true\n",
                           "labels:\n  needs-info: Yes\n"}) {
    INFO(text);
    const Error error = config_error(text);
    CHECK(error.where == kSource + ":2:15");
    CHECK(error.message.find("is YAML's true, not a new name") != std::string::npos);
  }
  CHECK(config_of("labels:\n  needs-info: \"on\"\n").labels.at("needs-info").name == "on");
  CHECK(config_of("labels:\n  needs-info: online\n").labels.at("needs-info").name == "online");
}

TEST_CASE("config: a label no template manages is a warning") {
  const auto config = config_of("labels:\n  neds-info: off\n");
  const auto catalog = catalog_with(config);
  REQUIRE(catalog.ok());
  REQUIRE(catalog->warnings().size() == 1);
  CHECK(catalog->warnings()[0].where == kSource + ":2:3");
  CHECK(catalog->warnings()[0].message.find("'neds-info'") != std::string::npos);
}

TEST_CASE("config: templates selects which templates are linted, by file name or id") {
  for (const char* text : {"templates: [bug]\n", "templates: bug.md\n"}) {
    INFO(text);
    const auto catalog = catalog_with(config_of(text));
    REQUIRE(catalog.ok());
    REQUIRE(catalog->entries().size() == 1);
    CHECK(catalog->entries()[0].issue_template.id == "bug");
    CHECK(catalog->warnings().empty());
  }
  const auto both = catalog_with(config_of("templates: [bug, db-migration.md]\n"));
  REQUIRE(both.ok());
  CHECK(both->entries().size() == 2);
}

// bug_report.md and bug_report.yml side by side, only the form linted: an issue written from
// the Markdown template ("[BUG] crash", its headings) is that template's, not the form's,
// whose prefix "[Bug]: " it matches folded.
TEST_CASE("config: an issue from a template left out of templates stays unmatched") {
  std::vector<IssueTemplate> templates;
  templates.push_back(make_template(
      "---\nname: Bug report\ntitle: '[BUG] '\n---\n## Bug Description\n\nDescribe it.\n\n"
      "## Steps to Reproduce\n\n1. Go to\n\n## Expected Behavior\n\nSay it.\n",
      "bug_report"));
  auto form = parse_issue_form(
      "name: Bug\ndescription: d\ntitle: '[Bug]: '\nbody:\n  - type: textarea\n"
      "    attributes:\n      label: What happened?\n    validations:\n      required: true\n"
      "  - type: textarea\n    attributes:\n      label: Steps to Reproduce\n",
      "bug_report", "bug_report.yml");
  REQUIRE(form.ok());
  templates.push_back(std::move(*form));
  const auto config = config_of("templates: [bug_report.yml]\n");
  const auto catalog = TemplateCatalog::build(std::move(templates), &config);
  REQUIRE(catalog.ok());
  REQUIRE(catalog->entries().size() == 1);
  const IssueDocument markdown = parse_issue(
      "## Bug Description\n\nIt crashes.\n\n## Steps to Reproduce\n\n1. Open it\n\n"
      "## Expected Behavior\n\nNo crash.\n");
  CHECK_FALSE(catalog->choose(markdown, std::string("[BUG] crash on start")));
  // The form's own issue is still the form's, and so is one that fits the left-out template
  // less well than the form.
  const IssueDocument from_form =
      parse_issue("### What happened?\n\nIt crashes.\n\n### Steps to Reproduce\n\n1. Open it\n");
  CHECK(catalog->choose(from_form, std::string("[Bug]: crash on start")));
  CHECK(catalog->choose(from_form, std::string("[BUG] crash on start")));
}

TEST_CASE("config: an empty templates list is an error, not every template") {
  const auto error = config_error("labels: {}\ntemplates: []\n");
  CHECK(error.where == kSource + ":2:12");
  CHECK(error.message == "'templates' is empty: leave it out to lint every template, or name some");
}

TEST_CASE("config: a templates entry that names no template is a warning") {
  const auto catalog = catalog_with(config_of("templates: [bug, feature.md]\n"));
  REQUIRE(catalog.ok());
  CHECK(catalog->entries().size() == 1);
  REQUIRE(catalog->warnings().size() == 1);
  CHECK(catalog->warnings()[0].where == kSource + ":1:18");
  CHECK(catalog->warnings()[0].message.find("'feature.md'") != std::string::npos);
}

TEST_CASE("config: packs maps a template to a built-in pack or a pack file beside the config") {
  auto catalog = catalog_with(config_of("packs:\n  bug.md: db-migration\n"));
  REQUIRE(catalog.ok());
  CHECK(entry_for(*catalog, "bug").rules.name == "db-migration");
  CHECK(entry_for(*catalog, "db-migration").rules.name == "db-migration");

  const fs::path directory = fs::temp_directory_path() / "issuelint-config-test";
  fs::create_directories(directory);
  std::ofstream(directory / "bugs.yml")
      << "pack: bugs\nrules:\n  - id: area-chosen\n    kind: choose\n    section: Area\n"
         "    summary: pick an area\n";
  std::ofstream(directory / "issuelint.yml") << "packs:\n  bug: bugs.yml\n";
  auto from_disk = load_config_file((directory / "issuelint.yml").string());
  REQUIRE(from_disk.ok());
  catalog = catalog_with(*from_disk);
  REQUIRE(catalog.ok());
  const RuleSet& rules = entry_for(*catalog, "bug").rules;
  CHECK(rules.name == "bugs");
  REQUIRE(rules.rules.size() == 1);
  CHECK(rules.rules[0]->info().id == "area-chosen");

  // Read through GitHub (parse_config), the same file beside it on this disk is never opened:
  // the pack's text must be given, as the bot reads it from the repository.
  RepositoryConfig from_github =
      config_of("packs:\n  bug: bugs.yml\n", (directory / "issuelint.yml").string());
  CHECK(pack_file_names(from_github) == std::vector<std::string>{"bugs.yml"});
  const auto not_given = catalog_with(from_github);
  REQUIRE_FALSE(not_given.ok());
  CHECK(not_given.error().message.ends_with(
      "the pack file 'bugs.yml' is not in the repository (looked for .github/bugs.yml)"));
  from_github.pack_files["bugs.yml"] =
      "pack: given\nrules:\n  - id: area-chosen\n    kind: choose\n    section: Area\n"
      "    summary: pick an area\n";
  catalog = catalog_with(from_github);
  REQUIRE(catalog.ok());
  CHECK(entry_for(*catalog, "bug").rules.name == "given");
  fs::remove_all(directory);
}

TEST_CASE("config: a packs entry naming a template by file name wins over one naming its id") {
  // The map sorts "bug" before "bug.md": the order read must not decide which pack applies.
  RepositoryConfig config = config_of("packs:\n  bug: by-id.yml\n  bug.md: by-file.yml\n");
  for (const auto& [file, name] : {std::pair{"by-id.yml", "by-id"}, {"by-file.yml", "by-file"}}) {
    config.pack_files[file] =
        std::string("pack: ") + name +
        "\nrules:\n  - id: area-chosen\n    kind: choose\n    section: Area\n";
  }
  auto catalog = catalog_with(config);
  REQUIRE(catalog.ok());
  CHECK(entry_for(*catalog, "bug").rules.name == "by-file");
  config.packs.erase("bug.md");
  catalog = catalog_with(config);
  REQUIRE(catalog.ok());
  CHECK(entry_for(*catalog, "bug").rules.name == "by-id");
}

TEST_CASE("config: a pack file outside .github/ is never read for a repository") {
  CHECK(repository_pack_path("packs/bugs.yml") == ".github/packs/bugs.yml");
  CHECK(repository_pack_path("./bugs.yaml") == ".github/bugs.yaml");
  CHECK_FALSE(repository_pack_path("/etc/issuelint/secret.yml"));
  CHECK_FALSE(repository_pack_path("../../home/bot/.config/x.yml"));
  CHECK_FALSE(repository_pack_path("packs/../../x.yml"));
  const auto absolute = catalog_with(config_of("packs:\n  bug: /tmp/secret.yml\n"));
  REQUIRE_FALSE(absolute.ok());
  CHECK(absolute.error().message.ends_with(
      "the pack file '/tmp/secret.yml' is not in the repository (a pack file is a path inside "
      ".github/)"));
}

TEST_CASE("config: a packs entry naming an unknown pack is an error at its line") {
  // Found when the file is read, whether or not a template here has the key.
  for (const std::string key : {"bug.md", "not-here.md"}) {
    const Error error = config_error("packs:\n  " + key + ": db-migratoin\n");
    CHECK(error.where == kSource + ":2:" + std::to_string(key.size() + 5));
    CHECK(error.message.find("'db-migratoin'") != std::string::npos);
  }
}

TEST_CASE("config: two managed labels renamed to one name are an error at the rename") {
  for (const std::string labels : {"labels:\n  needs-info: X\n  breaking-change: x\n",
                                   "labels:\n  needs-info: Breaking-Change\n"}) {
    INFO(labels);
    const auto catalog = catalog_with(config_of(labels));
    REQUIRE_FALSE(catalog.ok());
    CHECK(catalog.error().message.find("would both be") != std::string::npos);
    CHECK(catalog.error().message.ends_with("(GitHub's label names ignore case)"));
    CHECK(catalog.error().where.starts_with(kSource + ":"));
  }
  // The very same name twice: case has nothing to do with it.
  const auto same =
      catalog_with(config_of("labels:\n  needs-info: triage\n  breaking-change: triage\n"));
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().message == "labels 'needs-info' and 'breaking-change' would both be 'triage'");
  CHECK(catalog_with(config_of("labels:\n  needs-info: blocked\n")).ok());
}

TEST_CASE("config: the generic rules are no pack to choose") {
  const Error error = config_error("packs:\n  bug.md: generic\n");
  CHECK(error.where == kSource + ":2:11");
  CHECK(error.message ==
        "no built-in pack named 'generic' (built-in packs: db-migration; a pack file ends in .yml "
        "or .yaml)");
}

TEST_CASE("config: a packs entry for a template not linted is a warning") {
  const auto catalog = catalog_with(config_of("packs:\n  feature.md: db-migration\n"));
  REQUIRE(catalog.ok());
  REQUIRE(catalog->warnings().size() == 1);
  CHECK(catalog->warnings()[0].where == kSource + ":2:3");
}

TEST_CASE("config: load_config_file names the path when it cannot read") {
  auto config = load_config_file("/nonexistent/issuelint.yml");
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().where == "/nonexistent/issuelint.yml");
  config = load_config_file(ISSUELINT_SOURCE_DIR);
  REQUIRE_FALSE(config.ok());
}

TEST_CASE("config: a key given twice is an error at the second, at any depth") {
  auto error = config_error("rules:\n  title-format: off\n  title-format: error\n");
  CHECK(error.where == kSource + ":3:3");
  CHECK(error.message == "'title-format' is given twice in this mapping: keep one");
  error = config_error("labels: {needs-info: blocked}\nlabels: {needs-info: waiting}\n");
  CHECK(error.where == kSource + ":2:1");
  error = config_error("extra_rules:\n  - id: x\n    kind: choose\n    section: A\n    id: y\n");
  CHECK(error.where == kSource + ":5:5");
  // The same key in two mappings is no repeat.
  config_of(
      "rules:\n  title-format: {severity: warning}\n  section-missing: {severity: warning}\n"
      "labels: {needs-info: blocked}\n");
}

// Said at the value that names it (a rule's conditions may name many), not at the rule's start.
TEST_CASE("config: an extra rule naming a section no template has is a warning at its value") {
  const auto config = config_of(
      "extra_rules:\n  - id: x-rule\n    kind: requires\n"
      "    if: {ticked: \"No Such Section > Foo\"}\n    then: {filled: \"Summary\"}\n");
  std::vector<IssueTemplate> templates;
  templates.push_back(make_template(kBugTemplate, "bug"));
  const auto catalog = TemplateCatalog::build(std::move(templates), &config);
  if (!catalog.ok()) FAIL(catalog.error().describe());
  REQUIRE(catalog->warnings().size() == 1);  // Summary is the bug template's
  CHECK(catalog->warnings()[0].where == kSource + ":4:18");
  CHECK(catalog->warnings()[0].message ==
        "rule 'x-rule' names a section ('no such section') that none of the templates here has");
}

TEST_CASE("config: an extra rule naming a box no template has is a warning at its value") {
  const char* const form =
      "name: Bug\ndescription: d\nbody:\n  - type: dropdown\n    attributes:\n"
      "      label: Browser\n      options: [Firefox, Chrome]\n";
  const auto warnings_for = [&](const std::string& condition) {
    const auto config =
        config_of("extra_rules:\n  - id: x-rule\n    kind: requires\n    if: " + condition +
                  "\n    then: {filled: \"Summary\"}\n");
    std::vector<IssueTemplate> templates;
    templates.push_back(make_template(kBugTemplate, "bug"));
    auto parsed_form = parse_issue_form(form, "browser", "browser.yml");
    REQUIRE(parsed_form.ok());
    templates.push_back(std::move(*parsed_form));
    auto catalog = TemplateCatalog::build(std::move(templates), &config);
    if (!catalog.ok()) FAIL(catalog.error().describe());
    std::vector<std::string> messages;
    for (const Error& warning : catalog->warnings()) {
      CHECK(warning.where ==
            kSource + ":4:" + (condition.starts_with("{ticked_any") ? "37" : "18"));
      messages.push_back(warning.message);
    }
    return messages;
  };
  CHECK(warnings_for("{ticked: \"Area > UI\"}").empty());
  CHECK(warnings_for("{ticked_any: [\"Area > API\", \"Area > UI\"]}").empty());
  CHECK(warnings_for("{ticked: \"Area > UX\"}") ==
        std::vector<std::string>{
            "rule 'x-rule' names a box ('ux'): no box that any of the templates here has"});
  CHECK(warnings_for("{ticked: \"Browser > Firefox\"}") ==
        std::vector<std::string>{"rule 'x-rule' names a box ('firefox'): an option of the "
                                 "dropdown 'Browser', which has no boxes: a rule reads only "
                                 "ticked boxes"});
}

// `choose` names its group's lead and options, `all-ticked` its exceptions, by their text: a
// typo there is as silent at a check as one in a condition.
TEST_CASE("config: a choose rule's lead and options, an all-ticked rule's except, are checked") {
  const char* const bug =
      "---\nname: Bug\n---\n## Environment\n\n- **Affected Area**: [ ] Web App / [ ] Database\n\n"
      "## Checklist\n\n- [ ] I searched existing issues\n- [ ] I read the docs\n";
  const auto warnings_for = [&](const std::string& rule) {
    const auto config = config_of("extra_rules:\n  - id: x-rule\n" + rule);
    std::vector<IssueTemplate> templates;
    templates.push_back(make_template(bug, "bug"));
    auto catalog = TemplateCatalog::build(std::move(templates), &config);
    if (!catalog.ok()) FAIL(catalog.error().describe());
    std::vector<std::string> messages;
    for (const Error& warning : catalog->warnings()) {
      messages.push_back(warning.where + ": " + warning.message);
    }
    return messages;
  };
  const std::string choose = "    kind: choose\n    section: Environment\n";
  CHECK(
      warnings_for(choose + "    lead: Affected Area\n    options: [Web App, Database]\n").empty());
  CHECK(warnings_for(choose + "    lead: Afected Area\n") ==
        std::vector<std::string>{kSource + ":5:11: rule 'x-rule' names a group ('afected area') "
                                           "that no line of boxes in the templates here leads"});
  CHECK(warnings_for(choose + "    lead: Affected Area\n    options: [Web Ap, Database]\n") ==
        std::vector<std::string>{
            kSource + ":6:15: rule 'x-rule' names a box ('web ap'): no box that any of the "
                      "templates here has"});
  const std::string all = "    kind: all-ticked\n    section: Checklist\n";
  CHECK(warnings_for(all + "    except: [I read the docs]\n").empty());
  CHECK(warnings_for(all + "    except: [I red the docs]\n") ==
        std::vector<std::string>{
            kSource + ":5:14: rule 'x-rule' names a box ('i red the docs'): no box that any of "
                      "the templates here has"});
}

TEST_CASE("config: a box named by the start of its label is no unknown box") {
  // As a check finds it: "Other" names the box "Other: ____".
  const auto config = config_of(
      "extra_rules:\n  - id: x-rule\n    kind: requires\n"
      "    if: {ticked: \"Tables Affected > Other\"}\n    then: {filled: \"Dependencies\"}\n"
      "  - id: y-rule\n    kind: requires\n"
      "    if: {ticked: \"Migration Type > New Tabel\"}\n    then: {filled: \"Dependencies\"}\n");
  const auto catalog = catalog_with(config);
  if (!catalog.ok()) FAIL(catalog.error().describe());
  REQUIRE(catalog->warnings().size() == 1);
  CHECK(catalog->warnings()[0].where == kSource + ":8:18");
  CHECK(catalog->warnings()[0].message.find("rule 'y-rule' names a box ('new tabel')") == 0);
}

TEST_CASE("config: an extra rule's `finding:` and `errors:` read what the other rules reported") {
  // Migration Overview is filled in the complete draft; the title decides whether title-format
  // reports.
  const auto config = config_of(
      "extra_rules:\n"
      "  - id: title-checked\n    kind: requires\n    if: {filled: Migration Overview}\n"
      "    then: {finding: title-format}\n    severity: warning\n"
      "  - id: errors-noted\n    kind: requires\n    if: {errors: true}\n"
      "    then: {not: {filled: Migration Overview}}\n    severity: info\n");
  const auto fired = [](const LintResult& result, std::string_view id) {
    return std::any_of(result.findings.begin(), result.findings.end(),
                       [&](const Finding& f) { return f.rule == id && !f.did_not_run; });
  };
  const LintResult bad_title = lint_complete_draft(config, "oops");
  CHECK(fired(bad_title, "title-format"));
  CHECK_FALSE(fired(bad_title, "title-checked"));  // title-format did report
  CHECK(fired(bad_title, "errors-noted"));         // its error is there to read
  const LintResult good_title = lint_complete_draft(config, "[DB] Add audit_log table");
  CHECK_FALSE(fired(good_title, "title-format"));
  CHECK(fired(good_title, "title-checked"));
  CHECK_FALSE(fired(good_title, "errors-noted"));
}

// A rule switched off reports nothing: a label or an extra rule reading its findings would never
// fire, as silently as with a mistyped id.
TEST_CASE("config: a rule switched off that a label or an extra rule reads is a warning") {
  RepositoryConfig config = config_of(
      "packs:\n  bug: bugs.yml\nrules:\n  area-chosen: off\n  title-format: off\n"
      "extra_rules:\n  - id: x-rule\n    kind: requires\n    if: {filled: Summary}\n"
      "    then: {not: {finding: area-chosen}}\n");
  config.pack_files["bugs.yml"] =
      "pack: bugs\nlabels:\n  - name: no-area\n    when: {any: [{finding: area-chosen}]}\n"
      "  - name: needs-info\n    when: {errors: true}\nrules:\n  - id: area-chosen\n"
      "    kind: choose\n    section: Area\n";
  const auto catalog = catalog_with(config);
  REQUIRE(catalog.ok());
  std::vector<std::string> said;
  for (const Error& warning : catalog->warnings()) {
    if (warning.where == kSource + ":4:3") said.push_back(warning.message);
  }
  CHECK(said == std::vector<std::string>{
                    "rule 'area-chosen' is switched off, but label 'no-area' reads its findings "
                    "(finding: area-chosen): that never holds now",
                    "rule 'area-chosen' is switched off, but extra rule 'x-rule' reads its "
                    "findings (finding: area-chosen): that never holds now"});
  // Switched back on (or only made a warning), it is read again: nothing to say.
  config.rules.at("area-chosen").disabled = false;
  const auto on = catalog_with(config);
  REQUIRE(on.ok());
  for (const Error& warning : on->warnings()) {
    CHECK(warning.message.find("switched off") == std::string::npos);
  }
}

TEST_CASE("config: an extra rule's `finding:` naming no rule is an error at its line") {
  const auto catalog = catalog_with(
      config_of("extra_rules:\n  - id: x-rule\n    kind: requires\n    if: {filled: Overview}\n"
                "    then: {not: {finding: title-formt}}\n"));
  REQUIRE_FALSE(catalog.ok());
  CHECK(catalog.error().where == kSource + ":5:27");
  CHECK(catalog.error().message ==
        "'finding' names 'title-formt', which is no rule of the templates here");
  // A contradiction's conditions are `when` and `and`.
  const auto contradiction =
      catalog_with(config_of("extra_rules:\n  - id: x-rule\n    kind: contradiction\n"
                             "    when: {filled: Overview}\n    and: {finding: title-formt}\n"));
  REQUIRE_FALSE(contradiction.ok());
  CHECK(contradiction.error().where == kSource + ":5:20");
}
