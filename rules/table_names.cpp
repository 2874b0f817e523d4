#include "rules/table_names.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace issuelint {
namespace {

// ASCII only, as std::tolower folds in the C locale the program runs in (it sets no other),
// without a call per byte.
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

void lowercase_in_place(std::string& text) {
  for (char& c : text) c = ascii_lower(c);
}

bool starts_with_folded(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (text[i] != ascii_lower(prefix[i])) return false;
  }
  return true;
}

// Takes the plural ending off the word that starts at `from` (the end of `text`), in place:
// rules check a dozen names a draft, and a copy per step was most of the cost.
void cut_plural_ending(std::string& text, std::size_t from) {
  const std::string_view word = std::string_view(text).substr(from);
  if (!word.ends_with('s')) return;  // every ending below: one test for most names, singular
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

// The singular endings a plural ending hides (the 'e' of house/houses and cache/caches, movie's
// "ie" as in movies, quiz's doubled z), folded the same way so that both forms meet:
// statuses → statuse → status, house and houses → hous.
void fold_singular_ending(std::string& text, std::size_t from) {
  const std::string_view word = std::string_view(text).substr(from);
  if (!word.ends_with('e') && !word.ends_with('z')) return;  // how every ending below ends
  if (word.size() > 2 && word.ends_with("ie")) {
    text.replace(text.size() - 2, 2, "y");
    return;
  }
  for (const std::string_view ending : {"che", "she", "xe", "ze", "use", "zz"}) {
    if (word.size() > ending.size() && word.ends_with(ending)) {
      text.pop_back();
      return;
    }
  }
}

// The word that starts at `from` in the form its singular and plural share.
void fold_singular(std::string& text, std::size_t from) {
  cut_plural_ending(text, from);
  fold_singular_ending(text, from);
}

// Where the last word of `text` starts: after its last '_' or '.', else at 0. find_last_of("_.")
// searched its two-byte set with a memchr call per byte (half of canonical_table_name()).
std::size_t last_word_start(std::string_view text) {
  std::size_t at = text.size();
  while (at > 0 && text[at - 1] != '_' && text[at - 1] != '.') --at;
  return at;
}

// Blanks, quotes and markup around a name ("`audit_log`", "*users*", "tokens.").
bool is_around_name(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '`':
    case '\'':
    case '"':
    case '*':
    case '_':
    case '.':
      return true;
    default:
      return false;
  }
}

// A test per byte instead of find_first_not_of's search of the set (a memchr call per byte).
std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_around_name(text[begin])) ++begin;
  while (end > begin && is_around_name(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1), cut where a UTF-8
// character starts, so the SQL's name of a long table is its first 63 bytes; a name declared
// in full is cut the same way to compare with it. Each dot-separated part is an identifier.
void truncate_like_postgres(std::string& name) {
  constexpr std::size_t kMaxIdentifierBytes = 63;
  std::size_t part_begin = 0;
  while (part_begin <= name.size()) {
    std::size_t part_end = name.find('.', part_begin);
    if (part_end == std::string::npos) part_end = name.size();
    if (part_end - part_begin > kMaxIdentifierBytes) {
      std::size_t cut = part_begin + kMaxIdentifierBytes;
      while (cut > part_begin && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
      name.erase(cut, part_end - cut);
      part_end = cut;
    }
    part_begin = part_end + 1;
  }
}

bool separates_items(char c) { return c == ',' || c == ';' || c == '/' || c == '\n'; }
bool separates_words(char c) { return separates_items(c) || c == ' ' || c == '\t'; }

constexpr bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// A lowercase letter or digit, then an uppercase one: where a camelCase name's words meet.
bool is_hump(std::string_view name, std::size_t at) {
  return at > 0 && is_ascii_upper(name[at]) && is_lower_or_digit(name[at - 1]);
}

// "auditLog" → "audit_Log": Drizzle users name a table by its TypeScript export. Empty when the
// name has no hump (most names: no copy then).
std::string snake_case_of_camel(std::string_view name) {
  std::size_t at = 1;
  while (at < name.size() && !is_hump(name, at)) ++at;
  if (at >= name.size()) return {};
  std::string snake(name.substr(0, at));
  for (; at < name.size(); ++at) {
    if (is_hump(name, at)) snake.push_back('_');
    snake.push_back(name[at]);
  }
  return snake;
}

}  // namespace

namespace {

// canonical_table_name's steps after its bytes are folded.
void finish_canonical(std::string& canonical, const TableNamePolicy& policy) {
  if (canonical.size() > 63) truncate_like_postgres(canonical);
  if (canonical.starts_with("public.")) canonical.erase(0, 7);
  const std::string_view prefix = policy.prefix;
  if (!prefix.empty() && canonical.size() > prefix.size() &&
      starts_with_folded(canonical, prefix)) {
    canonical.erase(0, prefix.size());
  }
  if (!policy.fold_plural) return;
  // Fold the last word only: mentor_event_types → mentor_event_type.
  fold_singular(canonical, last_word_start(canonical));
}

constexpr bool is_word_joiner(char c) { return c == ' ' || c == '-'; }

// A name as an author writes it, folded: a blank or hyphen inside is the underscore a table name
// has there ("Audit logs", "audit-log" are audit_log). Only the written side needs this, so the
// SQL's names, folded for every table a draft touches, take no extra step per byte. `camel`
// says whether the name has a hump (snake_case_of_camel): found in the same pass, since the
// declared tables are folded for every draft.
std::string canonical_written_name(std::string_view name, const TableNamePolicy& policy,
                                   bool& camel) {
  std::string canonical(trim(name));
  // Each byte's folded form and class from one table, without a branch per byte: a hump is an
  // uppercase letter (bit 1) after a lowercase letter or digit (bit 2).
  static constexpr auto kFolded = [] {
    struct Table {
      char folded[256];
      unsigned char kind[256];
    } table{};
    for (int c = 0; c < 256; ++c) {
      const char byte = static_cast<char>(c);
      table.folded[c] = is_word_joiner(byte) ? '_' : ascii_lower(byte);
      table.kind[c] = is_ascii_upper(byte) ? 1 : is_lower_or_digit(byte) ? 2 : 0;
    }
    return table;
  }();
  unsigned hump = 0;
  unsigned before = 0;
  for (char& c : canonical) {
    const auto byte = static_cast<unsigned char>(c);
    const unsigned kind = kFolded.kind[byte];
    hump |= kind & (before >> 1);
    before = kind;
    c = kFolded.folded[byte];
  }
  camel = hump != 0;
  finish_canonical(canonical, policy);
  return canonical;
}

}  // namespace

std::string canonical_table_name(std::string_view name, const TableNamePolicy& policy) {
  std::string canonical(trim(name));
  lowercase_in_place(canonical);
  finish_canonical(canonical, policy);
  return canonical;
}

std::string fold_plural(std::string_view word) {
  std::string folded(word);
  fold_singular(folded, 0);
  return folded;
}

bool same_table(std::string_view declared, std::string_view sql_table,
                const TableNamePolicy& policy) {
  bool camel = false;
  return same_canonical_table(canonical_written_name(declared, policy, camel),
                              canonical_table_name(sql_table, policy), policy);
}

namespace {

// Whether `written` (canonical) stands for a name `is_wanted` accepts: itself, or the target of
// an alias written as it is.
template <typename IsWanted>
bool stands_for(std::string_view written, const TableNamePolicy& policy, IsWanted is_wanted) {
  if (is_wanted(written)) return true;
  for (const auto& [alias, target] : policy.aliases) {
    if (canonical_table_name(alias, policy) == written &&
        is_wanted(canonical_table_name(target, policy))) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool same_canonical_table(std::string_view written, std::string_view wanted,
                          const TableNamePolicy& policy) {
  return stands_for(written, policy, [wanted](std::string_view name) { return name == wanted; });
}

bool stands_for_any_table(std::string_view written, const std::vector<std::string>& wanted,
                          const TableNamePolicy& policy) {
  return stands_for(written, policy, [&wanted](std::string_view name) {
    return std::binary_search(wanted.begin(), wanted.end(), name, std::less<>());
  });
}

WrittenTables::WrittenTables(std::vector<std::string> written, const TableNamePolicy& policy)
    : policy_(&policy), names_(std::move(written)) {
  canonical_.reserve(names_.size());
  for (const std::string& name : names_) {
    bool camel = false;
    canonical_.push_back(canonical_written_name(name, policy, camel));
    if (camel) canonical_.push_back(canonical_table_name(snake_case_of_camel(name), policy));
  }
  std::sort(canonical_.begin(), canonical_.end());
  // An alias written as a name stands for its target too (stands_for above).
  const std::size_t folded = canonical_.size();
  for (const auto& [alias, target] : policy.aliases) {
    const std::string written_alias = canonical_table_name(alias, policy);
    if (std::binary_search(canonical_.begin(), canonical_.begin() + folded, written_alias)) {
      canonical_.push_back(canonical_table_name(target, policy));
    }
  }
  if (canonical_.size() > folded) std::sort(canonical_.begin(), canonical_.end());
}

bool WrittenTables::stands_for(std::string_view table) const {
  if (canonical_.empty()) return false;
  const std::string wanted = canonical_table_name(table, *policy_);
  if (std::binary_search(canonical_.begin(), canonical_.end(), wanted)) return true;
  // A table of another schema (app.bookings) is the one named without it: issues name tables
  // bare, as the template lists them. A name written with a schema still needs that schema.
  const std::size_t dot = table.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == table.size()) return false;
  const std::string bare = canonical_table_name(table.substr(dot + 1), *policy_);
  return std::binary_search(canonical_.begin(), canonical_.end(), bare);
}

std::vector<std::string> split_table_list(std::string_view text) {
  std::vector<std::string> names;
  append_table_list(text, names);
  return names;
}

void append_word_runs(std::string_view text, std::vector<std::string>& names) {
  // A run of words needs a blank between two ("Other: audit_log" has none): a memchr each
  // instead of the walk below, word by word.
  if (text.find(' ') == std::string_view::npos && text.find('\t') == std::string_view::npos) {
    return;
  }
  std::string_view previous;         // the word before, in the same item
  std::string_view before_previous;  // the one before that
  std::size_t start = 0;
  for (std::size_t at = 0; at <= text.size(); ++at) {
    if (at < text.size() && !separates_words(text[at])) continue;
    const std::string_view word = trim(text.substr(start, at - start));
    const bool item_ends = at == text.size() || separates_items(text[at]);
    start = at + 1;
    if (word == "and" || word == "&") {
      previous = before_previous = {};
      continue;
    }
    if (!word.empty()) {
      if (!previous.empty()) names.push_back(std::string(previous) + "_" + std::string(word));
      if (!before_previous.empty()) {
        names.push_back(std::string(before_previous) + "_" + std::string(previous) + "_" +
                        std::string(word));
      }
      before_previous = previous;
      previous = word;
    }
    if (item_ends) previous = before_previous = {};
  }
}

void append_table_list(std::string_view text, std::vector<std::string>& names) {
  const auto separates = separates_words;
  // Each run between separators, trimmed, as a view of the text: copied byte by byte into a
  // buffer, a name cost a push_back a byte.
  std::size_t start = 0;
  for (std::size_t at = 0; at <= text.size(); ++at) {
    if (at < text.size() && !separates(text[at])) continue;
    const std::string_view word = trim(text.substr(start, at - start));
    if (!word.empty() && word != "and") names.emplace_back(word);
    start = at + 1;
  }
}

}  // namespace issuelint
