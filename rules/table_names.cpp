#include "rules/table_names.h"

#include <cctype>

namespace issuelint {
namespace {

void lowercase_in_place(std::string& text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  lowercase_in_place(out);
  return out;
}

// Makes the word that starts at `from` (the end of `text`) singular, in place: rules check a
// dozen names a draft, and a copy per step was most of the cost.
void fold_singular(std::string& text, std::size_t from) {
  const std::string_view word = std::string_view(text).substr(from);
  if (word.size() > 3 && word.ends_with("ies")) {
    text.replace(text.size() - 3, 3, "y");
  } else if (word.size() > 4 &&
             (word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") ||
              word.ends_with("shes") || word.ends_with("zes"))) {
    text.resize(text.size() - 2);
  } else if (word.size() > 1 && word.ends_with("s") && !word.ends_with("ss") &&
             !word.ends_with("us") && !word.ends_with("is")) {
    text.resize(text.size() - 1);  // not status, analysis, address: their 's' is no plural
  }
}

std::string_view trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t`'\"*_.");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t`'\"*_.");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

std::string canonical_table_name(std::string_view name, const TableNamePolicy& policy) {
  std::string canonical(trim(name));
  lowercase_in_place(canonical);
  if (canonical.starts_with("public.")) canonical.erase(0, 7);
  if (!policy.prefix.empty()) {
    const std::string prefix = lowercase(policy.prefix);
    if (canonical.starts_with(prefix) && canonical.size() > prefix.size()) {
      canonical.erase(0, prefix.size());
    }
  }
  if (!policy.fold_plural) return canonical;
  // Fold the last word only: mentor_event_types → mentor_event_type.
  fold_singular(canonical, canonical.find_last_of("_.") + 1);
  return canonical;
}

bool same_table(std::string_view declared, std::string_view sql_table,
                const TableNamePolicy& policy) {
  const std::string wanted = canonical_table_name(sql_table, policy);
  const std::string written = canonical_table_name(declared, policy);
  for (const auto& [alias, target] : policy.aliases) {
    if (canonical_table_name(alias, policy) == written &&
        canonical_table_name(target, policy) == wanted) {
      return true;
    }
  }
  return written == wanted;
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
