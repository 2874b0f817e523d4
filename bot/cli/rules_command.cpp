// issuelint rules / issuelint explain RULE: the documentation of every rule.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "bot/cli/commands.h"
#include "rules/nearest_names.h"
#include "rules/registry.h"
#include "rules/rule_catalog.h"

namespace issuelint::cli {

namespace {

// The width of a column: its longest entry's, so that no id pushes its line's columns aside.
template <typename Items, typename Field>
int column_width(const Items& items, Field field) {
  std::size_t width = 0;
  for (const auto& item : items) width = std::max(width, std::string_view(field(item)).size());
  return static_cast<int>(width);
}

int list_rules(bool kinds) {
  if (kinds) {
    const auto& all = rule_kinds();
    const int name_width =
        column_width(all, [](const RuleKind& kind) -> const std::string& { return kind.name; });
    for (const auto& kind : all) {
      std::cout << std::left << std::setw(name_width) << kind.name << " " << kind.summary << "\n";
    }
    return 0;
  }
  const std::vector<RuleInfo> infos = builtin_rule_infos();
  const int id_width =
      column_width(infos, [](const RuleInfo& info) -> const std::string& { return info.id; });
  const int pack_width =
      column_width(infos, [](const RuleInfo& info) -> const std::string& { return info.pack; });
  for (const auto& info : infos) {
    std::cout << std::left << std::setw(id_width) << info.id << " " << std::setw(7)
              << severity_name(info.severity) << " " << std::setw(pack_width) << info.pack << " "
              << info.summary << "\n";
  }
  return 0;
}

void print_example(const char* title, std::string_view example) {
  if (example.empty()) return;
  std::cout << "\n" << title << ":\n\n";
  std::string line;
  for (char c : std::string(example) + "\n") {
    if (c != '\n') {
      line += c;
      continue;
    }
    std::cout << "    " << line << "\n";
    line.clear();
  }
}

void print_explanation(const RuleInfo& info) {
  std::cout << info.id << " (" << severity_name(info.severity) << ", kind " << info.kind
            << ", pack " << info.pack << ")\n\n"
            << info.summary << "\n";
  const std::string_view explanation = info.explanation;
  if (!explanation.empty()) std::cout << "\n" << explanation;
  if (!explanation.empty() && explanation.back() != '\n') std::cout << "\n";
  print_example("Fires on", info.failing_example);
  print_example("Passes", info.passing_example);
}

// What to look at instead of a rule id explain does not know: a rule kind's name ("choose",
// what a pack writes rules with) is listed by `rules --kinds`; else the ids near a mistyped one.
std::string pointer_for(const std::string& id) {
  const auto& kinds = rule_kinds();
  const auto named = [&](const RuleKind& kind) { return kind.name == id; };
  if (std::any_of(kinds.begin(), kinds.end(), named)) {
    return ": it is a rule kind, which packs write rules with (see `issuelint rules --kinds`)";
  }
  std::vector<std::string> ids;
  for (const auto& info : builtin_rule_infos()) ids.push_back(info.id);
  return did_you_mean(id, ids) + " (see `issuelint rules`)";
}

// A rule several packs define is explained as each of them words it, the most specific first.
int explain_rule(const std::string& id) {
  std::vector<RuleInfo> found;
  for (auto& info : builtin_rule_infos()) {
    if (info.id == id) found.push_back(std::move(info));
  }
  if (found.empty()) {
    std::cerr << "issuelint: no rule named '" << id << "'" << pointer_for(id) << "\n";
    return 2;
  }
  if (found.size() > 1) {
    std::cout << id << " is defined by " << found.size() << " packs, each with its own text:";
    for (std::size_t i = 0; i < found.size(); ++i) {
      std::cout << (i == 0 ? " " : ", ") << found[i].pack;
    }
    std::cout << ".\n\n";
  }
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) std::cout << "\n---\n\n";
    print_explanation(found[i]);
  }
  return 0;
}

}  // namespace

void add_rules_commands(CLI::App& app, CommandResult& result) {
  auto kinds = std::make_shared<bool>(false);
  CLI::App* rules = app.add_subcommand("rules", "List the rules known, one line each");
  rules->add_flag("--kinds", *kinds, "list the rule kinds packs are written with instead");
  rules->callback([kinds, &result] { result.exit_code = list_rules(*kinds); });

  auto id = std::make_shared<std::string>();
  CLI::App* explain = app.add_subcommand(
      "explain", "Explain a rule, with an example that fires it and one that passes");
  explain->add_option("rule", *id, "the rule id")->required();
  explain->callback([id, &result] { result.exit_code = explain_rule(*id); });
}

}  // namespace issuelint::cli
