#include "rules/label_plan.h"

#include <algorithm>
#include <cctype>

#include "parser/utf8.h"

namespace issuelint {

bool same_label(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t offset = 0; offset < text.size(); ++count) utf8::decode(text, offset);
  return count;
}

bool has_control_character(std::string_view text) {
  for (std::size_t offset = 0; offset < text.size();) {
    const char32_t code_point = utf8::decode(text, offset);
    if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) return true;
  }
  return false;
}

bool contains_label(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& other) { return same_label(other, name); });
}

void add_label_once(std::vector<std::string>& names, const std::string& name) {
  if (!contains_label(names, name)) names.push_back(name);
}

LabelDecision plan_labels(const std::vector<std::string>& wanted,
                          const std::vector<std::string>& managed,
                          const std::vector<std::string>& current, const LabelMemory& previous) {
  LabelDecision decision;
  LabelMemory& memory = decision.memory;
  // Suppressed labels stay suppressed until a person puts them back on the issue.
  for (const auto& name : previous.suppressed) {
    if (!contains_label(current, name)) add_label_once(memory.suppressed, name);
  }
  // Applied before and gone now: a person removed it.
  for (const auto& name : previous.applied) {
    if (!contains_label(current, name)) add_label_once(memory.suppressed, name);
  }
  for (const auto& name : wanted) {
    if (!contains_label(managed, name) || contains_label(memory.suppressed, name)) continue;
    add_label_once(decision.plan.want, name);
    if (!contains_label(current, name)) {
      add_label_once(decision.plan.add, name);
    } else if (!previous.recorded) {
      // No report yet, so the labels the bot put on can be known only this way: it adds labels
      // before it writes the comment that records them, and that write can fail. The cost: a
      // person's label that the verdict also wanted before the bot first reported is taken off
      // once the issue no longer calls for it, as the bot's own would be.
      add_label_once(memory.applied, name);
    }
  }
  // Only labels this bot applied are removed: a managed label a person added stays.
  for (const auto& name : previous.applied) {
    if (contains_label(current, name) && !contains_label(decision.plan.want, name)) {
      add_label_once(decision.plan.remove, name);
    }
  }
  for (const auto& name : previous.applied) {
    if (contains_label(current, name) && !contains_label(decision.plan.remove, name)) {
      add_label_once(memory.applied, name);
    }
  }
  for (const auto& name : decision.plan.add) add_label_once(memory.applied, name);
  std::sort(memory.applied.begin(), memory.applied.end());
  std::sort(memory.suppressed.begin(), memory.suppressed.end());
  return decision;
}

}  // namespace issuelint
