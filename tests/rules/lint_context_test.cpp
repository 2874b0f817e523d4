// LintContext memoises per issue (which code blocks are the template's) and reads a template's
// folded code lines from a TemplateIndex computed once per template object. These tests hold
// the memoised and precomputed answers to the ones computed afresh.
#include "rules/lint_context.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <limits>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "rules/sql/migration_analysis.h"
#include "rules/table_names.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using issuelint::testing::fixture_drafts;
using issuelint::testing::fixture_templates;
using issuelint::testing::make_template;

namespace {

constexpr const char* kSchemaTemplate =
    "## Schema Changes\n\n### Migration SQL\n\n```sql\n-- SQL commands\nALTER TABLE table_name "
    "ADD COLUMN new_column VARCHAR(255);\n```\n\n### Tables Affected\n\n- [ ] users\n- [ ] "
    "bookings\n- [ ] Other: ___\n\n## Notes\n\n```sql\nSELECT 1;\n```\n";

constexpr const char* kSchemaDraft =
    "## Schema Changes\n\n### Migration SQL\n\n```sql\n-- SQL   commands\nalter table table_name "
    "add column new_column varchar(255);\n```\n\n```sql\nDROP TABLE users;\n```\n\n### Tables "
    "Affected\n\n- [x] users\n- [ ] bookings\n- [x] Other: audit_log\n\n## Notes\n\n```sql\n"
    "select 1;\n```\n";

std::vector<bool> placeholder_answers(const IssueDocument& document, const IssueTemplate& tmpl,
                                      const TemplateIndex* index = nullptr) {
  const LintContext context(document, &tmpl, std::nullopt, nullptr, index);
  std::vector<bool> answers;
  for (int round = 0; round < 2; ++round) {  // the second round reads the memo
    for (const CodeBlock& block : document.code_blocks) {
      answers.push_back(context.is_placeholder_code(block.section, block));
    }
  }
  return answers;
}

// The definition is_placeholder_code() replaced: each line trimmed, inner blanks folded to one
// space, lowercased by std::tolower, looked up in std::sets of the template's lines.
std::set<std::string> folded_lines_by_definition(std::string_view code) {
  std::set<std::string> lines;
  std::size_t start = 0;
  while (start < code.size()) {
    auto end = code.find('\n', start);
    if (end == std::string_view::npos) end = code.size();
    std::string_view line = code.substr(start, end - start);
    start = end + 1;
    const auto first = line.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) continue;
    line = line.substr(first, line.find_last_not_of(" \t\r\n") - first + 1);
    std::string folded;
    bool space = false;
    for (const char c : line) {
      if (c == ' ' || c == '\t' || c == '\r') {
        space = true;
        continue;
      }
      if (space && !folded.empty()) folded += ' ';
      space = false;
      folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    lines.insert(folded);
  }
  return lines;
}

bool placeholder_by_definition(const IssueTemplate& issue_template, const IssueDocument& document,
                               const CodeBlock& block) {
  std::set<std::string> known;
  for (const CodeBlock& example : issue_template.document.code_blocks) {
    known.merge(folded_lines_by_definition(example.content));
  }
  const std::string_view key = document.sections[static_cast<std::size_t>(block.section)].key;
  const auto spec = std::find_if(issue_template.sections.begin(), issue_template.sections.end(),
                                 [&](const SectionSpec& s) { return s.key == key; });
  if (spec != issue_template.sections.end()) {
    for (const std::string& code : spec->placeholder_code) {
      known.merge(folded_lines_by_definition(code));
    }
  }
  const auto lines = folded_lines_by_definition(block.content);
  return std::includes(known.begin(), known.end(), lines.begin(), lines.end());
}

// The text as authors' editors and copy-paste change it: CRLF, tabs, case, runs of blanks,
// emoji, a very long line, an emptied block.
std::vector<std::string> mutated(const std::string& text) {
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
      if (text.compare(at, from.size(), from) == 0) {
        out += to;
        at += from.size();
      } else {
        out += text[at++];
      }
    }
    return out;
  };
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {text,
          replaced("\n", "\r\n"),
          replaced(" ", "\t"),
          replaced(" ", "  \t "),
          upper,
          replaced("TABLE",
                   "T\xc3\x84"
                   "BLE \xf0\x9f\x98\x80"),
          replaced("\n```\n", "\n" + std::string(5000, 'x') + " Y\n```\n"),
          replaced("```sql\n", "```sql\n\n \t\n```\n```sql\n")};
}

}  // namespace

TEST_CASE("A block is the template's exactly when the std::tolower and std::set definition says") {
  const std::vector<IssueTemplate> templates = fixture_templates();
  const std::vector<IssueDocument> drafts = fixture_drafts();
  REQUIRE(templates.size() >= 10);
  REQUIRE(drafts.size() >= 50);
  std::size_t placeholders = 0;
  std::size_t written = 0;
  for (const IssueTemplate& issue_template : templates) {
    std::vector<IssueDocument> documents;
    for (const std::string& text : mutated(issue_template.document.text)) {
      documents.push_back(parse_issue(text));
    }
    const auto index = index_template(issue_template);
    auto check = [&](const IssueDocument& document) {
      const LintContext plain(document, &issue_template, std::nullopt);
      const LintContext indexed(document, &issue_template, std::nullopt, nullptr, index.get());
      for (const CodeBlock& block : document.code_blocks) {
        INFO(issue_template.source << "\n" << block.content);
        const bool expected = placeholder_by_definition(issue_template, document, block);
        CHECK(plain.is_placeholder_code(block.section, block) == expected);
        CHECK(indexed.is_placeholder_code(block.section, block) == expected);
        ++(expected ? placeholders : written);
      }
    };
    for (const IssueDocument& document : documents) check(document);
    for (const IssueDocument& document : drafts) check(document);
  }
  CHECK(placeholders > 100);
  CHECK(written > 100);
}

TEST_CASE("LintContext answers the same when asked again, in any order") {
  const IssueTemplate issue_template = make_template(kSchemaTemplate);
  const IssueDocument document = parse_issue(kSchemaDraft);
  const std::vector<std::string> references = {"Migration SQL",
                                               "Schema Changes > Migration SQL",
                                               "Tables Affected",
                                               "Notes",
                                               "Schema Changes > Notes",
                                               "Missing",
                                               "",
                                               " > "};
  const LintContext forward(document, &issue_template, std::nullopt);
  const LintContext backward(document, &issue_template, std::nullopt);
  std::vector<int> first;
  for (const auto& reference : references) first.push_back(forward.find_section(reference));
  for (auto it = references.rbegin(); it != references.rend(); ++it) backward.find_section(*it);
  for (std::size_t i = 0; i < references.size(); ++i) {
    INFO(references[i]);
    CHECK(forward.find_section(references[i]) == first[i]);
    CHECK(backward.find_section(references[i]) == first[i]);
  }
  CHECK(first[0] != kNoIndex);
  CHECK(first[1] == first[0]);
  // Notes is not under Schema Changes, but it is the one Notes of the draft and of the template:
  // the section, kept under another parent.
  CHECK(first[4] == first[3]);
  CHECK(first[5] == kNoIndex);

  const int tables = forward.find_section("Tables Affected");
  for (const char* option : {"users", "Users", "bookings", "Other", "**Other**", "audit"}) {
    INFO(option);
    const Checkbox* box = forward.find_box(tables, option);
    CHECK(forward.find_box(tables, option) == box);
    CHECK(backward.find_box(tables, option) == box);
  }
  CHECK(forward.is_ticked(tables, "users"));
  CHECK_FALSE(forward.is_ticked(tables, "bookings"));
  CHECK(forward.is_ticked(tables, "Other"));  // "Other: audit_log" by its label's prefix
  CHECK(forward.find_box(tables, "audit") == nullptr);
  CHECK(forward.find_box(forward.find_section("Schema Changes"), "users") != nullptr);
  CHECK(forward.find_box(forward.find_section("Migration SQL"), "users") == nullptr);
  CHECK(forward.find_box(kNoIndex, "users") == nullptr);
}

TEST_CASE("A block is the template's when every line is one of its example lines") {
  const IssueTemplate issue_template = make_template(kSchemaTemplate);
  const IssueDocument document = parse_issue(kSchemaDraft);
  const auto answers = placeholder_answers(document, issue_template);
  REQUIRE(answers.size() == 6);
  CHECK(answers == std::vector<bool>{true, false, true, true, false, true});
  // Without a template only blank blocks are placeholders.
  const LintContext bare(document, nullptr, std::nullopt);
  CHECK_FALSE(bare.is_placeholder_code(document.code_blocks[0].section, document.code_blocks[0]));
}

TEST_CASE("A template index answers for the template object it was built from") {
  const IssueDocument document = parse_issue(kSchemaDraft);
  const IssueTemplate original = make_template(kSchemaTemplate);
  const auto before = placeholder_answers(document, original);
  const auto index = index_template(original);
  CHECK(placeholder_answers(document, original, index.get()) == before);

  // The same content in another object: the same answers, with the other's index or its own.
  const IssueTemplate copy = make_template(kSchemaTemplate, "copy");
  CHECK(placeholder_answers(document, copy) == before);
  CHECK(placeholder_answers(document, copy, index.get()) == before);

  // A template edited in place (same address) is read anew: its example is now DROP TABLE.
  IssueTemplate edited = make_template(kSchemaTemplate, "edited");
  CHECK(placeholder_answers(document, edited) == before);
  for (CodeBlock& block : edited.document.code_blocks) {
    if (block.content.find("ALTER TABLE") != std::string::npos)
      block.content = "DROP TABLE users;\n";
  }
  for (SectionSpec& spec : edited.sections) {
    for (std::string& code : spec.placeholder_code) {
      if (code.find("ALTER TABLE") != std::string::npos) code = "DROP TABLE users;";
    }
  }
  const std::vector<bool> after = {false, true, true, false, true, true};
  CHECK(placeholder_answers(document, edited) == after);
  // An index of another template is not used for this one: the edit still counts.
  CHECK(placeholder_answers(document, edited, index.get()) == after);
  CHECK(placeholder_answers(document, edited, index_template(edited).get()) == after);
}

TEST_CASE("Threads sharing one template index get the answers of one thread") {
  const IssueTemplate issue_template = make_template(kSchemaTemplate);
  const IssueDocument document = parse_issue(kSchemaDraft);
  const auto index = index_template(issue_template);
  std::vector<std::string> references;
  for (int i = 0; i < 64; ++i) {
    references.push_back(i % 2 == 0 ? "Schema Changes > Migration SQL" + std::string(i, ' ')
                                    : "Tables Affected (thread " + std::to_string(i) + ")");
  }
  auto answers = [&] {
    std::vector<int> out;
    const LintContext context(document, &issue_template, std::nullopt, nullptr, index.get());
    for (const auto& reference : references) out.push_back(context.find_section(reference));
    const int tables = context.find_section("Tables Affected");
    for (int i = 0; i < 64; ++i) {
      const Checkbox* box = context.find_box(tables, "users" + std::string(i % 4, ' '));
      out.push_back(box == nullptr ? -1 : box->position.line);
    }
    for (const auto& value : placeholder_answers(document, issue_template, index.get())) {
      out.push_back(value);
    }
    return out;
  };
  std::vector<std::vector<int>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) threads.emplace_back([&] { result = answers(); });
  for (auto& thread : threads) thread.join();
  const auto expected = answers();
  CHECK(expected[0] != kNoIndex);
  CHECK(expected[1] == kNoIndex);  // "(thread 1)" is no optional hint: no such section
  for (const auto& result : results) CHECK(result == expected);
}

TEST_CASE("A section is found by its whole key, not only by the parts a scan compares first") {
  // find_section compares a word made of a key's length and first and last eight bytes before
  // the text: these headings share that word pairwise and differ only in between.
  const IssueDocument document = parse_issue(
      "## Rollout plan A for users\n\n## Rollout plan B for users\n\n## ab\n\n## ba\n\n"
      "## One\n\n### Deploy steps\n\n## Two\n\n### Deploy steps\n");
  const LintContext context(document, nullptr, std::nullopt);
  const auto heading = [&](std::string_view title) {
    for (std::size_t i = 1; i < document.sections.size(); ++i) {
      if (document.sections[i].title == title) return static_cast<int>(i);
    }
    return kNoIndex;
  };
  REQUIRE(heading("Rollout plan B for users") != kNoIndex);
  CHECK(context.find_section(SectionReference("Rollout plan A for users")) ==
        heading("Rollout plan A for users"));
  CHECK(context.find_section(SectionReference("Rollout plan B for users")) ==
        heading("Rollout plan B for users"));
  CHECK(context.find_section(SectionReference("Rollout plan C for users")) == kNoIndex);
  CHECK(context.find_section(SectionReference("ba")) == heading("ba"));
  CHECK(context.find_section(SectionReference("ab")) == heading("ab"));
  CHECK(context.find_section(SectionReference("Two > Deploy steps")) == heading("Two") + 1);
  CHECK(context.find_section("One > Deploy steps") == heading("One") + 1);
}

namespace {

// The lines of a list nested under a box ("- [x] Other:" over "  - payments"), one a line: the
// prose below the box's line right of its '[', until text at or left of it, or a heading.
std::string nested_text(const IssueDocument& document, const Checkbox& box) {
  int stop = std::numeric_limits<int>::max();  // the next box not nested under it
  for (const Checkbox& later : document.checkboxes) {
    if (later.position.line > box.position.line && later.section == box.section &&
        later.position.column <= box.position.column) {
      stop = std::min(stop, later.position.line);
    }
  }
  std::string text;
  for (const Prose& prose : document.prose) {
    if (prose.position.line <= box.position.line) continue;
    if (prose.section != box.section || prose.position.column <= box.position.column ||
        prose.position.line >= stop) {
      break;
    }
    text += prose.text.str() + "\n";
  }
  return text;
}

// sql_rules::declared_tables() as it was, before the context kept the names folded (and with
// the author's notes in parentheses after a name left out, as since), with the names of a list
// nested under a ticked Other (also one whose blank is kept as the template wrote it).
std::vector<std::string> declared_by_definition(const LintContext& context) {
  std::vector<std::string> names;
  const int section = context.find_section("Tables Affected");
  if (section == kNoIndex) return names;
  const IssueDocument& document = context.document();
  for (const Checkbox* box : context.boxes_in(section)) {
    if (!box->checked) continue;
    if (box->key == "other" || box->key.starts_with("other ")) {
      std::string value;  // a blank left unfilled names nothing: the list under it may
      if (box->blank != kNoIndex) {
        if (document.blanks[box->blank].filled) value = document.blanks[box->blank].value.str();
      } else if (const auto colon = box->label.find(':'); colon != std::string::npos) {
        value = std::string(box->label.substr(colon + 1));
      }
      if (value.find_first_not_of(' ') == std::string::npos) value = nested_text(document, *box);
      for (auto& name : split_table_list(value)) names.push_back(std::move(name));
      append_word_runs(value, names);  // "Audit logs" names audit_log too
      continue;
    }
    names.emplace_back(context.option_name(*box));  // "users (note)" declares users
  }
  return names;
}

}  // namespace

TEST_CASE("The declared tables are the ticked Tables Affected and Other names, as scanned") {
  const std::vector<IssueDocument> drafts = fixture_drafts();
  std::vector<TableNamePolicy> policies(2);
  policies[1].prefix = "discuno_";
  policies[1].aliases["mentorships"] = "discuno_mentor_event_types";
  std::size_t declared = 0;
  std::size_t asked = 0;
  const std::regex camel_hump("([a-z0-9])([A-Z])");
  for (const IssueTemplate& issue_template : fixture_templates()) {
    for (const IssueDocument& document : drafts) {
      for (const TableNamePolicy& policy : policies) {
        const LintContext context(document, &issue_template, std::nullopt, &policy);
        const std::vector<std::string> expected = declared_by_definition(context);
        INFO(issue_template.source << "\n" << document.text);
        CHECK(context.declared_tables().names() == expected);
        CHECK(&context.declared_tables() == &context.declared_tables());  // folded once
        declared += expected.size();
        // Every table the draft's SQL and schema name, and every declared name.
        std::vector<std::string> tables = expected;
        const sql::MigrationAnalysis& analysis = context.migration();
        analysis.each_migration_operation([&](const sql::Operation& operation) {
          for (const sql::TableReference& table : operation.tables) tables.push_back(table.name);
        });
        for (const drizzle::Table& table : analysis.schema.tables) {
          tables.push_back(table.sql_name);
          tables.push_back(table.name);
        }
        for (const std::string& table : tables) {
          // A bare name stands for its table in any schema, and a camelCase
          // name (a Drizzle export) for its snake_case table too.
          const std::string bare = table.substr(table.rfind('.') + 1);
          const bool by_scan =
              std::any_of(expected.begin(), expected.end(), [&](const std::string& name) {
                const std::string snake = std::regex_replace(name, camel_hump, "$1_$2");
                return same_table(name, table, policy) || same_table(name, bare, policy) ||
                       same_table(snake, table, policy) || same_table(snake, bare, policy);
              });
          CHECK(context.declared_tables().stands_for(table) == by_scan);
          ++asked;
        }
      }
    }
  }
  CHECK(declared > 100);
  CHECK(asked > 1000);
}

// A section's own placeholder code need not be among the template's code blocks (an issue form's
// value, a spec edited by hand): its lines' first bytes are looked at too, not only the blocks'.
TEST_CASE("A line only a section's placeholder code holds is the template's, in any case") {
  IssueTemplate issue_template = make_template(kSchemaTemplate);
  const auto spec =
      std::find_if(issue_template.sections.begin(), issue_template.sections.end(),
                   [](const SectionSpec& section) { return section.key == "migration sql"; });
  REQUIRE(spec != issue_template.sections.end());
  spec->placeholder_code.push_back("Zeta   only HERE;\nquux");
  for (const char* content : {"zeta only here;", "ZETA\tONLY here;\n\nQuux", "zeta only", "quux",
                              "Quux\nzeta only here;\nx"}) {
    const std::string draft =
        std::string("## Schema Changes\n\n### Migration SQL\n\n```sql\n") + content + "\n```\n";
    const IssueDocument document = parse_issue(draft);
    REQUIRE(document.code_blocks.size() == 1);
    const CodeBlock& block = document.code_blocks.front();
    const bool expected = placeholder_by_definition(issue_template, document, block);
    const auto index = index_template(issue_template);
    const LintContext context(document, &issue_template, std::nullopt, nullptr, index.get());
    INFO(content);
    CHECK(context.is_placeholder_code(block.section, block) == expected);
  }
  const IssueDocument own =
      parse_issue("## Schema Changes\n\n### Migration SQL\n\n```sql\nzeta ONLY here;\nQUUX\n```\n");
  CHECK(placeholder_by_definition(issue_template, own, own.code_blocks.front()));
}

TEST_CASE("Lines longer than the fold's stack buffer are the template's as the definition says") {
  // each_folded_line() folds a line of up to 256 bytes on the stack and a longer one on the heap.
  for (const std::size_t length : {255u, 256u, 257u, 300u, 5000u}) {
    IssueTemplate issue_template = make_template(kSchemaTemplate);
    const auto spec =
        std::find_if(issue_template.sections.begin(), issue_template.sections.end(),
                     [](const SectionSpec& section) { return section.key == "migration sql"; });
    REQUIRE(spec != issue_template.sections.end());
    // "select 'aaa…';" of `length` bytes once folded.
    const std::string line = "select '" + std::string(length - 10, 'a') + "';";
    REQUIRE(line.size() == length);
    spec->placeholder_code.push_back(line + "\nshort line;");
    std::string upper = line;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string spaced = line;
    spaced.replace(6, 1, " \t  ");
    std::string changed = line;
    changed[changed.size() - 3] = 'b';
    const std::string longer = line.substr(0, line.size() - 2) + "a';";
    const std::string shorter = line.substr(0, line.size() - 3) + "';";
    int placeholders = 0;
    for (const std::string& content :
         {line, upper, spaced, "  " + line + "  \n\nshort line;", changed, longer, shorter,
          line + "\n" + changed, "short line;\n" + shorter}) {
      const std::string draft =
          "## Schema Changes\n\n### Migration SQL\n\n```sql\n" + content + "\n```\n";
      const IssueDocument document = parse_issue(draft);
      REQUIRE(document.code_blocks.size() == 1);
      const CodeBlock& block = document.code_blocks.front();
      const bool expected = placeholder_by_definition(issue_template, document, block);
      const auto index = index_template(issue_template);
      const LintContext plain(document, &issue_template, std::nullopt);
      const LintContext indexed(document, &issue_template, std::nullopt, nullptr, index.get());
      INFO(length << ": " << content);
      CHECK(plain.is_placeholder_code(block.section, block) == expected);
      CHECK(indexed.is_placeholder_code(block.section, block) == expected);
      placeholders += expected ? 1 : 0;
    }
    CHECK(placeholders == 4);
  }
}

namespace {

// split_table_list() as it was written: bytes copied into a buffer, flushed at each separator,
// the buffer trimmed of blanks, quotes and markup.
std::vector<std::string> split_table_list_by_definition(std::string_view text) {
  const auto trim = [](std::string_view word) {
    const char* const around = " \t`'\"*_.";
    const auto first = word.find_first_not_of(around);
    if (first == std::string_view::npos) return std::string_view();
    return word.substr(first, word.find_last_not_of(around) - first + 1);
  };
  std::vector<std::string> names;
  std::string current;
  const auto flush = [&] {
    const std::string_view word = trim(current);
    if (!word.empty() && word != "and") names.emplace_back(word);
    current.clear();
  };
  for (const char c : text) {
    if (c == ',' || c == ';' || c == '/' || c == ' ' || c == '\t' || c == '\n') {
      flush();
    } else {
      current.push_back(c);
    }
  }
  flush();
  return names;
}

}  // namespace

// declared_tables() reads a ticked Other's names through split_table_list(), which now cuts the
// text into views: every text of up to five bytes over separators, markup and letters, and some
// longer ones, against the definition.
TEST_CASE("split_table_list gives the names the byte-by-byte definition gives") {
  const std::string alphabet = "a,; /\t\n_`.*";
  std::vector<std::string> texts = {"audit_log, sessions and tokens",
                                    "`users` / *bookings*",
                                    "and",
                                    " and and ",
                                    "x;y;;z",
                                    "public.users."};
  std::vector<std::string> level = {""};
  for (int length = 1; length <= 5; ++length) {
    std::vector<std::string> longer;
    for (const std::string& text : level) {
      for (const char c : alphabet) longer.push_back(text + c);
    }
    texts.insert(texts.end(), longer.begin(), longer.end());
    level = std::move(longer);
  }
  std::size_t differing = 0;
  std::size_t appended_differing = 0;
  for (const std::string& text : texts) {
    const std::vector<std::string> expected = split_table_list_by_definition(text);
    if (split_table_list(text) != expected) ++differing;
    // append_table_list() keeps what the list held and adds the same names after it.
    std::vector<std::string> appended = {"kept", "and"};
    append_table_list(text, appended);
    std::vector<std::string> wanted = {"kept", "and"};
    wanted.insert(wanted.end(), expected.begin(), expected.end());
    if (appended != wanted) ++appended_differing;
  }
  CHECK(differing == 0);
  CHECK(appended_differing == 0);
  CHECK(split_table_list("audit_log, sessions and tokens") ==
        std::vector<std::string>{"audit_log", "sessions", "tokens"});
}

TEST_CASE("A heading the author annotated is still its section, after any exact one") {
  const IssueDocument document = parse_issue(
      "## Schema Changes\n\n### Migration SQL (generated by drizzle-kit)\n\nx\n\n"
      "### Rollback Script - (if needed)\n\ny\n\n## Notes (mine)\n\n## Notes\n\nz\n");
  const LintContext context(document, nullptr, std::nullopt);
  CHECK(context.find_section("Schema Changes > Migration SQL") == 2);
  CHECK(context.find_section("Migration SQL") == 2);
  CHECK(context.find_section_by_key("migration sql") == 2);
  CHECK(context.find_section("Rollback Script") == 3);
  CHECK(context.find_section("Notes") == 5);  // the exact heading wins over the annotated one
  CHECK(context.find_section("Migration") == kNoIndex);
  // No Performance heading: the path's last part, where the draft has it once.
  CHECK(context.find_section("Performance > Migration SQL") == 2);
}

TEST_CASE("lint context: one note a rule names the sections it could not check, a dozen at most") {
  const IssueDocument document = parse_issue("## A\n\nx\n");
  LintContext context(document, nullptr, std::nullopt);
  RuleInfo rule;
  rule.id = "some-rule";
  context.report_cannot_check(rule, "One");
  context.report_cannot_check(rule, "Two");
  context.report_cannot_check(rule, "One");  // said once
  auto findings = context.take_findings();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].did_not_run);
  CHECK(findings[0].message == "could not check: the sections 'One' and 'Two' are missing");
  for (int i = 1; i <= 15; ++i) context.report_cannot_check(rule, "S" + std::to_string(i));
  findings = context.take_findings();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message ==
        "could not check: the sections 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', "
        "'S10', 'S11', 'S12' and 3 more are missing");
}

// Seventeen SQL rules read Migration SQL: a draft without it got seventeen notes alike, each
// with an empty section.
TEST_CASE("lint context: rules that skipped the same sections share one note, at their path") {
  const IssueTemplate issue_template = make_template(
      "## Schema Changes\n\n### Migration SQL\n\n```sql\n```\n\n## Checklist\n\n- [ ] Done\n");
  const IssueDocument document = parse_issue("## Schema Changes\n\nx\n");
  LintContext context(document, &issue_template, std::nullopt);
  RuleInfo first;
  first.id = "sql-undeclared-table";
  RuleInfo second;
  second.id = "sql-syntax-error";
  RuleInfo third;
  third.id = "checklist-unticked";
  context.report_cannot_check(first, "Migration SQL");
  context.report_cannot_check(second, "Migration SQL");
  context.report_cannot_check(second, "Migration SQL");  // said once
  context.report_cannot_check(third, "Checklist");
  const auto findings = context.take_findings();
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule == "sql-undeclared-table");  // the first rule that skipped it
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].did_not_run);
  CHECK(findings[0].section == "Schema Changes > Migration SQL");
  CHECK(findings[0].message == "could not check: the section 'Migration SQL' is missing");
  CHECK(findings[0].help ==
        "restore the section from the template so that these 2 checks can run: "
        "sql-undeclared-table and sql-syntax-error");
  CHECK(findings[1].rule == "checklist-unticked");
  CHECK(findings[1].section == "Checklist");
  CHECK(findings[1].help == "restore the section from the template so that this check can run");
  // Other sections skipped, another note; a section the template lacks is named as written.
  RuleInfo fourth;
  fourth.id = "sql-rollback-incomplete";
  for (int i = 0; i < 20; ++i) {
    RuleInfo rule;
    rule.id = "rule-" + std::to_string(i);
    context.report_cannot_check(rule, "Migration SQL");
  }
  context.report_cannot_check(fourth, "Migration SQL");
  context.report_cannot_check(fourth, "Nowhere");
  const auto later = context.take_findings();
  REQUIRE(later.size() == 2);
  CHECK(later[0].help ==
        "restore the section from the template so that these 20 checks can run: rule-0, rule-1, "
        "rule-2 and 17 more");
  CHECK(later[1].rule == "sql-rollback-incomplete");
  CHECK(later[1].section == "Schema Changes > Migration SQL");
  CHECK(later[1].message ==
        "could not check: the sections 'Migration SQL' and 'Nowhere' are missing");
}

TEST_CASE("The tables named in a list nested under a ticked Other are declared") {
  const auto declared = [](const std::string& boxes) {
    const IssueDocument document = parse_issue("### Tables Affected\n\n" + boxes);
    const LintContext context(document, nullptr, std::nullopt);
    return context.declared_tables().names();
  };
  CHECK(declared("- [x] users\n- [x] Other:\n  - payments\n  - `invoices`\n") ==
        std::vector<std::string>{"users", "payments", "invoices"});
  // Not nested (a sibling item, text after the list), not under Other, or Other not ticked.
  CHECK(declared("- [x] Other:\n- payments\n\ninvoices\n").empty());
  CHECK(declared("- [x] Other:\n- [ ] bookings\n  - payments\n").empty());
  CHECK(declared("- [ ] Other:\n  - payments\n").empty());
  // Written after the colon, the names there are the list.
  CHECK(declared("- [x] Other: audit_log\n  - payments\n") ==
        std::vector<std::string>{"audit_log"});
}
