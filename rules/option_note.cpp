#include "rules/option_note.h"

#include <cctype>
#include <optional>

#include "parser/normalize.h"

namespace issuelint {

namespace {

// The text after `prefix` when `text` starts with it (case aside), without the separator an
// author puts between ("...indexing: user_id", "**Migration duration** - about 2 min").
std::optional<std::string_view> after_prefix(std::string_view text, std::string_view prefix) {
  if (prefix.empty() || text.size() < prefix.size()) return std::nullopt;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return std::nullopt;
    }
  }
  std::string_view rest = text.substr(prefix.size());
  while (!rest.empty() &&
         std::string_view(" \t:-.,;").find(rest.front()) != std::string_view::npos) {
    rest.remove_prefix(1);
  }
  return rest;
}

}  // namespace

std::string_view option_note(const LintContext& context, const Checkbox& box) {
  const Checkbox* original = context.template_box(box);
  // Punctuation or case changed only ("...need indexing."): no note.
  if (original == nullptr || normalize_key(original->label) == normalize_key(box.label)) return {};
  if (const auto rest = after_prefix(box.label, original->label)) return *rest;
  return after_prefix(box.label, box.name).value_or(std::string_view());
}

}  // namespace issuelint
