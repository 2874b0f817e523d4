#include "rules/condition.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/sql_rule_support.h"
#include "rules/lint_context.h"
#include "rules/nested_prose.h"
#include "rules/option_note.h"
#include "rules/sql/migration_analysis.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

Result<std::vector<BoxReference>> read_boxes(const YamlNode& node, const std::string& source,
                                             std::string_view key) {
  auto texts = yaml::read_string_list(node, source, key);
  if (!texts) return texts.error();
  // No box at all: the condition could never hold, and its rule never fire.
  if (texts->empty()) {
    return make_error("'" + std::string(key) + "' names no box", yaml::where(node, source));
  }
  std::vector<BoxReference> boxes;
  for (std::size_t i = 0; i < texts->size(); ++i) {
    auto box = parse_box_reference((*texts)[i]);
    const YamlNode& at = node.is_sequence() ? node.item(i) : node;
    if (!box) return make_error(box.error().message, yaml::where(at, source));
    boxes.push_back(std::move(*box));
  }
  return boxes;
}

Result<Condition> parse_list(Condition::Kind kind, const YamlNode& node,
                             const std::string& source) {
  if (!node.is_sequence() || node.size() == 0) {
    return make_error("'any' and 'all' take a non-empty list of conditions",
                      yaml::where(node, source));
  }
  Condition condition;
  condition.kind = kind;
  for (const YamlNode& item : node.items()) {
    auto child = parse_condition(item, source);
    if (!child) return child.error();
    condition.children.push_back(std::move(*child));
  }
  return condition;
}

Result<Condition> parse_section_condition(Condition::Kind kind, const YamlNode& node,
                                          const std::string& source, std::string_view key) {
  auto section = yaml::read_string(node, source, key);
  if (!section) return section.error();
  // An empty name is a section no issue has: the condition could only say it could not check.
  if (trimmed(*section).empty()) {
    return make_error("'" + std::string(key) + "' names no section", yaml::where(node, source));
  }
  Condition condition;
  condition.kind = kind;
  condition.section = SectionReference(std::move(*section));
  return condition;
}

const Checkbox* find_box(const BoxReference& box, const LintContext& context,
                         std::string_view* missing) {
  const int section = context.find_section(box.section);
  if (section == kNoIndex) {
    if (missing != nullptr && missing->empty()) *missing = box.section.text();
    return nullptr;
  }
  return context.find_box(section, box.option);
}

// A ticked box the author answered on its own line ("**Migration duration** - Expected time for
// migration to complete: about 2 minutes") or in lines nested under it; a stand-in ("TBD") is no
// answer.
bool carries_note(const LintContext& context, const Checkbox& box) {
  if (!box.checked) return false;
  const std::string_view note = option_note(context, box);
  if (!note.empty() && !is_stand_in(normalize_key(note))) return true;
  const IssueDocument& document = context.document();
  const auto index = static_cast<std::size_t>(&box - document.checkboxes.data());
  const ProseRange nested = nested_under_box(document, index);
  for (std::size_t i = nested.begin; i < nested.end; ++i) {
    const Prose& prose = document.prose[i];
    if (!is_stand_in(prose.key) && !context.is_placeholder_prose(prose.section, prose)) return true;
  }
  return false;
}

bool any_box_ticked(const LintContext& context, int section) {
  bool ticked = false;
  context.each_box_in(section, true, [&](const Checkbox& box) { return !(ticked = box.checked); });
  return ticked;
}

std::string quoted_names(const std::vector<BoxReference>& boxes, std::string_view joiner) {
  std::string out;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    if (i > 0) out += (i + 1 == boxes.size()) ? std::string(joiner) : ", ";
    out += "'" + boxes[i].option.name() + "'";
  }
  return out;
}

}  // namespace

Result<BoxReference> parse_box_reference(std::string_view text) {
  const auto split = text.rfind('>');
  if (split == std::string_view::npos) {
    return make_error("a box is written 'Section > Option', got '" + std::string(text) + "'");
  }
  BoxReference box;
  box.section = SectionReference(trimmed(text.substr(0, split)));
  box.option = OptionReference(trimmed(text.substr(split + 1)));
  box.text = std::string(text);
  if (box.section.empty() || box.option.name().empty()) {
    return make_error("a box is written 'Section > Option', got '" + std::string(text) + "'");
  }
  return box;
}

Result<Condition> parse_condition(const YamlNode& node, const std::string& source) {
  if (!node.is_map() || node.size() != 1) {
    return make_error(
        "a condition is a mapping with one key: ticked, ticked_any, noted, any_ticked_in, "
        "none_ticked_in, filled, code, finding, errors, sql, any, all or not",
        yaml::where(node, source));
  }
  const auto entry = *node.entries().begin();
  const std::string key = entry.key.text_or("");
  const YamlNode& value = entry.value;
  Condition condition;
  if (key == "ticked" || key == "ticked_any") {
    auto boxes = read_boxes(value, source, key);
    if (!boxes) return boxes.error();
    condition.kind = key == "ticked" ? Condition::Kind::ticked : Condition::Kind::ticked_any;
    if (condition.kind == Condition::Kind::ticked && boxes->size() != 1) {
      return make_error("'ticked' names one box; use 'ticked_any' or 'all' for several",
                        yaml::where(value, source));
    }
    condition.boxes = std::move(*boxes);
    return condition;
  }
  if (key == "noted") {
    auto boxes = read_boxes(value, source, key);
    if (!boxes) return boxes.error();
    condition.kind = Condition::Kind::noted;
    condition.boxes = std::move(*boxes);
    return condition;
  }
  if (key == "any_ticked_in")
    return parse_section_condition(Condition::Kind::any_ticked_in, value, source, key);
  if (key == "none_ticked_in")
    return parse_section_condition(Condition::Kind::none_ticked_in, value, source, key);
  if (key == "filled") return parse_section_condition(Condition::Kind::filled, value, source, key);
  if (key == "code") return parse_section_condition(Condition::Kind::code, value, source, key);
  if (key == "finding") {
    auto rule = yaml::read_string(value, source, key);
    if (!rule) return rule.error();
    condition.kind = Condition::Kind::finding;
    condition.rule = *rule;
    return condition;
  }
  if (key == "sql") {
    auto fact = yaml::read_string(value, source, key);
    if (!fact) return fact.error();
    condition.kind = Condition::Kind::sql;
    if (*fact == "breaking") {
      condition.sql_fact = Condition::SqlFact::breaking;
    } else if (*fact == "drops") {
      condition.sql_fact = Condition::SqlFact::drops;
    } else {
      return make_error("'sql' is 'breaking' or 'drops', got '" + *fact + "'",
                        yaml::where(value, source));
    }
    return condition;
  }
  if (key == "errors") {
    auto flag = yaml::read_bool(value, source, key);
    if (!flag) return flag.error();
    condition.kind = Condition::Kind::errors;
    if (!*flag) {
      Condition negation;
      negation.kind = Condition::Kind::negation;
      negation.children.push_back(std::move(condition));
      return negation;
    }
    return condition;
  }
  if (key == "any") return parse_list(Condition::Kind::any, value, source);
  if (key == "all") return parse_list(Condition::Kind::all, value, source);
  if (key == "not") {
    auto child = parse_condition(value, source);
    if (!child) return child.error();
    condition.kind = Condition::Kind::negation;
    condition.children.push_back(std::move(*child));
    return condition;
  }
  return make_error("unknown condition '" + key +
                        "' (known: ticked, ticked_any, any_ticked_in, none_ticked_in, filled, "
                        "code, finding, errors, sql, any, all, not)",
                    yaml::where(entry.key, source));
}

void findings_named(const YamlNode& node, std::vector<YamlNode>& named) {
  if (node.is_sequence()) {
    for (const YamlNode& item : node.items()) findings_named(item, named);
    return;
  }
  if (!node.is_map()) return;
  for (const auto& entry : node.entries()) {
    if (entry.key.text() == "finding" && entry.value.is_scalar()) {
      named.push_back(entry.value);
    } else {
      findings_named(entry.value, named);
    }
  }
}

void number_references(Condition& condition, ReferenceTable& table) {
  for (BoxReference& box : condition.boxes) {
    table.number(box.section);
    table.number(box.option);
  }
  if (!condition.section.empty()) table.number(condition.section);
  for (Condition& child : condition.children) number_references(child, table);
}

namespace {

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The line-comment markers of a fence's language, by family; an unlabelled block may be any of
// them. Nothing for a language not listed: its comments are not told from its code.
std::vector<std::string_view> line_comment_markers(std::string_view language) {
  if (language.empty()) return {"--", "//", "#"};
  if (one_of(language, {"sql", "postgres", "postgresql", "pgsql", "plpgsql", "psql", "mysql",
                        "sqlite", "lua", "haskell"})) {
    return {"--"};
  }
  if (one_of(language, {"ts", "typescript", "js", "javascript", "tsx", "jsx", "c", "cpp", "c++",
                        "java", "go", "rust", "kotlin", "swift", "csharp", "cs", "php"})) {
    return {"//"};
  }
  if (one_of(language, {"bash", "sh", "shell", "zsh", "console", "python", "py", "yaml", "yml",
                        "ruby", "rb", "toml", "dockerfile", "r", "perl", "make", "makefile"})) {
    return {"#"};
  }
  return {};
}

// A block of nothing but comments ("-- no way back") holds no code: the author wrote a note
// where the code should be. Block comments count for the languages that have them.
bool holds_only_comments(const CodeBlock& block) {
  const std::vector<std::string_view> markers = line_comment_markers(block.language);
  if (markers.empty()) return false;
  const bool block_comments = markers.size() > 1 || markers.front() != "#";
  bool in_block_comment = false;
  std::string_view rest = block.content;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (in_block_comment) {
      if (!line.ends_with("*/")) {
        if (line.find("*/") != std::string_view::npos) return false;  // code after the comment
        continue;
      }
      in_block_comment = false;
      continue;
    }
    if (line.empty()) continue;
    if (block_comments && line.starts_with("/*")) {
      const std::size_t close = line.find("*/", 2);
      if (close == std::string_view::npos) {
        in_block_comment = true;
      } else if (close + 2 != line.size()) {
        return false;  // code after the comment
      }
      continue;
    }
    const bool comment = std::any_of(markers.begin(), markers.end(), [&](std::string_view marker) {
      return line.starts_with(marker);
    });
    if (!comment) return false;
  }
  return true;
}

// What the migration SQL itself proves, whatever the author ticked, as the SQL rules read it: a
// statement on anything but a table the migration created before it.
bool migration_shows(Condition::SqlFact fact, const LintContext& context) {
  const sql::MigrationAnalysis& analysis = context.migration();
  bool shown = false;
  analysis.each_migration_operation([&](const sql::Operation& op) {
    if (shown) return;
    shown = fact == Condition::SqlFact::drops ? sql_rules::loses_existing_data(analysis, op)
                                              : sql_rules::breaks_existing_schema(analysis, op);
  });
  return shown;
}

}  // namespace

bool reads_findings(const Condition& condition) {
  if (condition.kind == Condition::Kind::finding || condition.kind == Condition::Kind::errors) {
    return true;
  }
  return std::any_of(condition.children.begin(), condition.children.end(),
                     [](const Condition& child) { return reads_findings(child); });
}

bool names_finding(const Condition& condition, std::string_view rule) {
  if (condition.kind == Condition::Kind::finding && condition.rule == rule) return true;
  return std::any_of(condition.children.begin(), condition.children.end(),
                     [&](const Condition& child) { return names_finding(child, rule); });
}

ConditionValue evaluate(const Condition& condition, const LintContext& context,
                        const std::vector<Finding>* findings) {
  ConditionValue result;
  switch (condition.kind) {
    case Condition::Kind::ticked:
    case Condition::Kind::ticked_any:
      for (const auto& box : condition.boxes) {
        const Checkbox* found = find_box(box, context, &result.missing_section);
        if (found != nullptr && found->checked) result.value = true;
      }
      return result;
    case Condition::Kind::noted:
      for (const auto& box : condition.boxes) {
        const Checkbox* found = find_box(box, context, &result.missing_section);
        if (found != nullptr && carries_note(context, *found)) result.value = true;
      }
      return result;
    case Condition::Kind::any_ticked_in:
    case Condition::Kind::none_ticked_in:
    case Condition::Kind::filled:
    case Condition::Kind::code: {
      const int section = context.find_section(condition.section);
      if (section == kNoIndex) {
        result.missing_section = condition.section.text();
        return result;
      }
      if (condition.kind == Condition::Kind::any_ticked_in) {
        result.value = any_box_ticked(context, section);
      } else if (condition.kind == Condition::Kind::none_ticked_in) {
        result.value = !any_box_ticked(context, section);
      } else if (condition.kind == Condition::Kind::filled) {
        result.value = context.has_written_content(section);
      } else {
        const auto& blocks = context.document().code_blocks;
        result.value = std::any_of(blocks.begin(), blocks.end(), [&](const CodeBlock& block) {
          return block.section == section && !context.is_placeholder_code(section, block) &&
                 !holds_only_comments(block);
        });
      }
      return result;
    }
    case Condition::Kind::finding:
      result.value = findings != nullptr &&
                     std::any_of(findings->begin(), findings->end(), [&](const Finding& f) {
                       return f.rule == condition.rule && !f.did_not_run;
                     });
      return result;
    case Condition::Kind::sql:
      result.value = migration_shows(condition.sql_fact, context);
      return result;
    case Condition::Kind::errors:
      result.value = findings != nullptr &&
                     std::any_of(findings->begin(), findings->end(),
                                 [](const Finding& f) { return f.severity == Severity::error; });
      return result;
    case Condition::Kind::any:
    case Condition::Kind::all: {
      const bool want_all = condition.kind == Condition::Kind::all;
      result.value = want_all;
      for (const auto& child : condition.children) {
        const auto value = evaluate(child, context, findings);
        if (result.missing_section.empty()) result.missing_section = value.missing_section;
        result.value = want_all ? (result.value && value.value) : (result.value || value.value);
      }
      return result;
    }
    case Condition::Kind::negation: {
      const auto value = evaluate(condition.children.front(), context, findings);
      result.value = !value.value;
      result.missing_section = value.missing_section;
      return result;
    }
  }
  return result;
}

std::string describe(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::ticked:
      return "'" + condition.boxes.front().option.name() + "' is ticked";
    case Condition::Kind::ticked_any:
      return quoted_names(condition.boxes, " or ") + " is ticked";
    case Condition::Kind::noted:
      return quoted_names(condition.boxes, " or ") + " is ticked with a note";
    case Condition::Kind::any_ticked_in:
      return "a box under '" + condition.section.text() + "' is ticked";
    case Condition::Kind::none_ticked_in:
      return "no box under '" + condition.section.text() + "' is ticked";
    case Condition::Kind::filled:
      return "'" + condition.section.text() + "' is filled in";
    case Condition::Kind::code:
      return "'" + condition.section.text() + "' holds a real code block";
    case Condition::Kind::finding:
      return "rule " + condition.rule + " reported a finding";
    case Condition::Kind::errors:
      return "an error stands";
    case Condition::Kind::sql:
      return condition.sql_fact == Condition::SqlFact::drops
                 ? "the migration SQL drops or truncates a table, or drops a column"
                 : "the migration SQL drops, renames, changes a type or sets NOT NULL";
    case Condition::Kind::any:
    case Condition::Kind::all: {
      std::string out;
      for (const auto& child : condition.children) {
        if (!out.empty()) out += condition.kind == Condition::Kind::any ? " or " : " and ";
        out += describe(child);
      }
      return out;
    }
    case Condition::Kind::negation:
      return "not (" + describe(condition.children.front()) + ")";
  }
  return {};
}

SourcePosition anchor_of(const Condition& condition, const LintContext& context, int* section_out) {
  const auto& document = context.document();
  for (const auto& box : condition.boxes) {
    const Checkbox* found = find_box(box, context, nullptr);
    if (found != nullptr && found->checked) {
      if (section_out != nullptr) *section_out = found->section;
      return found->position;
    }
  }
  if (!condition.section.empty()) {
    const int section = context.find_section(condition.section);
    if (section != kNoIndex) {
      if (section_out != nullptr) *section_out = section;
      return document.sections[section].position;
    }
  }
  for (const auto& child : condition.children) {
    const auto position = anchor_of(child, context, section_out);
    if (position.line > 0) return position;
  }
  return {};
}

std::vector<std::string> sections_named(const Condition& condition) {
  std::vector<std::string> names;
  for (const auto& box : condition.boxes) names.push_back(box.section.text());
  if (!condition.section.empty()) names.push_back(condition.section.text());
  for (const auto& child : condition.children) {
    for (auto& name : sections_named(child)) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace issuelint

namespace issuelint {

std::string describe_requirement(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::ticked:
      return "'" + condition.boxes.front().option.name() + "' must be ticked";
    case Condition::Kind::ticked_any:
      return condition.boxes.size() == 1
                 ? "'" + condition.boxes.front().option.name() + "' must be ticked"
                 : "one of " + quoted_names(condition.boxes, " or ") + " must be ticked";
    case Condition::Kind::noted:
      return quoted_names(condition.boxes, " or ") + " must be ticked with a note";
    case Condition::Kind::any_ticked_in:
      return "at least one box under '" + condition.section.text() + "' must be ticked";
    case Condition::Kind::none_ticked_in:
      return "no box under '" + condition.section.text() + "' should be ticked";
    case Condition::Kind::filled:
      return "'" + condition.section.text() + "' must be filled in";
    case Condition::Kind::code:
      return "'" + condition.section.text() +
             "' must hold a real code block, not the template's example";
    case Condition::Kind::any: {
      std::string out;
      for (const auto& child : condition.children) {
        out += (out.empty() ? "" : ", or ") + describe_requirement(child);
      }
      return out;
    }
    default:
      return describe(condition) + " must hold";
  }
}

}  // namespace issuelint
