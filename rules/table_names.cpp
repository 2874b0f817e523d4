#include "rules/table_names.h"

#include <cctype>

namespace issuelint {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string singular(std::string word) {
  auto ends_with = [&](std::string_view suffix) { return word.ends_with(suffix); };
  if (word.size() > 3 && ends_with("ies")) return word.substr(0, word.size() - 3) + "y";
  if (word.size() > 4 && (ends_with("sses") || ends_with("xes") || ends_with("ches") ||
                          ends_with("shes") || ends_with("zes"))) {
    return word.substr(0, word.size() - 2);
  }
  // status, analysis, address: an 's' that is not a plural ending
  if (word.size() > 1 && ends_with("s") && !ends_with("ss") && !ends_with("us") &&
      !ends_with("is")) {
    return word.substr(0, word.size() - 1);
  }
  return word;
}

std::string_view trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t`'\"*_.");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t`'\"*_.");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

std::string canonical_table_name(std::string_view name, const TableNamePolicy& policy) {
  std::string canonical = lowercase(trim(name));
  if (canonical.starts_with("public.")) canonical.erase(0, 7);
  const std::string prefix = lowercase(policy.prefix);
  if (!prefix.empty() && canonical.starts_with(prefix) && canonical.size() > prefix.size()) {
    canonical.erase(0, prefix.size());
  }
  if (!policy.fold_plural) return canonical;
  // Fold the last word only: mentor_event_types → mentor_event_type.
  const std::size_t last_word = canonical.find_last_of("_.") + 1;
  return canonical.substr(0, last_word) + singular(canonical.substr(last_word));
}

bool same_table(std::string_view declared, std::string_view sql_table,
                const TableNamePolicy& policy) {
  const std::string wanted = canonical_table_name(sql_table, policy);
  for (const auto& [alias, target] : policy.aliases) {
    if (canonical_table_name(alias, policy) == canonical_table_name(declared, policy) &&
        canonical_table_name(target, policy) == wanted) {
      return true;
    }
  }
  return canonical_table_name(declared, policy) == wanted;
}

std::vector<std::string> split_table_list(std::string_view text) {
  std::vector<std::string> names;
  std::string current;
  auto flush = [&] {
    const std::string_view word = trim(current);
    if (!word.empty() && word != "and") names.emplace_back(word);
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';' || c == '/' || c == ' ' || c == '\t' || c == '\n') {
      flush();
    } else {
      current.push_back(c);
    }
  }
  flush();
  return names;
}

}  // namespace issuelint
