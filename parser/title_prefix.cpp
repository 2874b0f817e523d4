#include "parser/title_prefix.h"

#include <algorithm>
#include <cctype>

namespace issuelint {

namespace {

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

// Whether a placeholder starts at `at`.
bool placeholder_at(std::string_view title, std::size_t at) {
  const std::string_view rest = title.substr(at);
  if (rest.starts_with("...") || rest.starts_with("\u2026")) return true;
  if (rest.front() == '<' || rest.front() == '{') {
    // "<title>", "{component}": words closed on the same title, not a lone "<" nor "<->".
    const std::size_t end = rest.find(rest.front() == '<' ? '>' : '}');
    if (end == std::string_view::npos) return false;
    const std::string_view inside = rest.substr(1, end - 1);
    return std::any_of(inside.begin(), inside.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
  }
  if (at > 0 && is_word_byte(title[at - 1])) return false;
  std::size_t end = 0;
  while (end < rest.size() && (rest[end] == 'x' || rest[end] == 'X')) ++end;
  return end >= 3 && (end == rest.size() || !is_word_byte(rest[end]));
}

}  // namespace

TitleParts split_title(std::string_view title) {
  for (std::size_t at = 0; at < title.size(); ++at) {
    if (placeholder_at(title, at)) return {title.substr(0, at), title.substr(at)};
  }
  return {title, {}};
}

}  // namespace issuelint
