// title-pattern: the title starts with the template's prefix ("[DB] ") and carries a real
// summary after it, not "TODO" or nothing.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>

#include "parser/normalize.h"
#include "parser/title_prefix.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

// A view, not a copy: the title and the prefixes outlive the check, and the trimmed texts are
// only copied into a message (three copies a check, two of them on the heap, cost ~700
// instructions).
std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Words that stand where a summary belongs: "[DB] TODO", "[DB] N/A" say nothing of the issue.
const std::vector<std::string>& default_placeholders() {
  static const std::vector<std::string> words = {"todo",
                                                 "to do",
                                                 "tbd",
                                                 "tba",
                                                 "tbc",
                                                 "wip",
                                                 "n/a",
                                                 "na",
                                                 "none",
                                                 "title",
                                                 "summary",
                                                 "placeholder",
                                                 "fixme",
                                                 "xxx",
                                                 "short description",
                                                 "brief description",
                                                 "description",
                                                 "your title here",
                                                 "issue title"};
  return words;
}

// Words that only ever stand in a title's place: a summary of nothing else ("Title goes here",
// "TODO: fill in", "Your title here") says nothing of the issue either. Sorted; keyed as
// normalize_key() keys ("n/a" is "na"). No verb a real title starts with is here ("Add
// description" may be the issue's summary).
constexpr std::array<std::string_view, 29> kFillerWords = {
    "a",     "brief",   "description", "do",    "enter", "fill", "fixme", "goes",
    "here",  "in",      "issue",       "later", "me",    "na",   "none",  "placeholder",
    "short", "summary", "tba",         "tbc",   "tbd",   "the",  "this",  "title",
    "to",    "todo",    "wip",         "xxx",   "your"};

// Whether `word` is one of the space-separated words of `key`.
bool is_word_of(std::string_view key, std::string_view word) {
  for (std::size_t at = 0; at < key.size();) {
    const std::size_t end = std::min(key.find(' ', at), key.size());
    if (key.substr(at, end - at) == word) return true;
    at = end + 1;
  }
  return false;
}

// Every word of `key` is a filler word ("TODO: fill in"), or a word of the form's name or prefix
// ("migration", "db migration" under "[DB]" of "Database Migration"; none without a name). One
// pass: a real summary's first word ends it.
bool only_filler_or_form_words(std::string_view key, std::string_view name_key,
                               std::string_view prefix_key) {
  bool any = false;
  for (std::size_t at = 0; at < key.size();) {
    const std::size_t end = std::min(key.find(' ', at), key.size());
    const std::string_view word = key.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (!std::binary_search(kFillerWords.begin(), kFillerWords.end(), word) &&
        !is_word_of(name_key, word) && !is_word_of(prefix_key, word)) {
      return false;
    }
    any = true;
  }
  return any;
}

// The key of `text` written in `buffer` when it is ASCII and fits, else built in `computed`.
template <std::size_t size>
std::string_view key_of(std::string_view text, char (&buffer)[size], std::string& computed) {
  const std::size_t length =
      text.size() <= size ? ascii_key_into(text, buffer) : std::string_view::npos;
  if (length != std::string_view::npos) return std::string_view(buffer, length);
  computed = normalize_key(text);
  return computed;
}

// How much of `title` the prefix takes, or npos when it does not start with it. The separator a
// form's default title ends with ("[Bug]: ") may be left out: "[Bug] crash" still carries the
// prefix that routes the issue, and a title is not worth an error for a colon.
std::size_t prefix_length(std::string_view title, std::string_view prefix) {
  if (starts_with_ignoring_case(title, prefix)) {
    // "Tracking Issue for" (of "Tracking Issue for XXX") is not the start of "... forge".
    const bool word_ends = title.size() == prefix.size() ||
                           !std::isalnum(static_cast<unsigned char>(prefix.back())) ||
                           !std::isalnum(static_cast<unsigned char>(title[prefix.size()]));
    return word_ends ? prefix.size() : std::string_view::npos;
  }
  std::string_view core = prefix;
  while (!core.empty() &&
         (core.back() == ':' || core.back() == '-' || core.back() == '|' || core.back() == ' ')) {
    core.remove_suffix(1);
  }
  if (core.empty() || core.size() == prefix.size() || !starts_with_ignoring_case(title, core)) {
    return std::string_view::npos;
  }
  const bool word_ends = title.size() == core.size() || title[core.size()] == ' ' ||
                         title[core.size()] == '\t' ||
                         !std::isalnum(static_cast<unsigned char>(core.back()));
  return word_ends ? core.size() : std::string_view::npos;
}

class TitlePatternRule : public ConfiguredRule {
 public:
  TitlePatternRule(RuleInfo info, std::string message, std::string help, std::string prefix,
                   std::optional<std::vector<std::string>> configured_placeholders)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        prefix_(std::move(prefix)),
        prefix_key_(normalize_key(split_title(prefix_).prefix)),
        placeholder_keys_(configured_placeholders ? std::move(*configured_placeholders)
                                                  : default_placeholders()),
        default_placeholders_(!configured_placeholders) {
    for (std::string& word : placeholder_keys_) word = normalize_key(word);
    set_stage(Stage::runs_when_unfilled);  // the title is not the body's template
  }

  void check(LintContext& context) const override {
    const TitleParts template_title = effective_title(context);
    const std::string prefix(trim(template_title.prefix));
    if (!context.title()) {
      context.report_title_not_checked(info(), "title not checked: no title was given",
                                       "pass the title with --title \"...\"");
      return;
    }
    const std::string_view title = trim(*context.title());
    const std::size_t taken = prefix.empty() ? 0 : prefix_length(title, prefix);
    if (taken == std::string_view::npos) {
      context.report_title(info(), message_or("the title must start with '" + prefix + "'"),
                           help_or("write it as '" + prefix + " <a short summary>'"));
      return;
    }
    std::string_view summary = trim(title.substr(taken));
    // "BUG: BUG: " repeats the prefix and says no more than it.
    for (std::size_t again = 0;
         !prefix.empty() && !summary.empty() &&
         (again = prefix_length(summary, prefix)) != std::string_view::npos;) {
      summary = trim(summary.substr(again));
    }
    // An ASCII summary (the usual one) is keyed on the stack, once for both tests: normalize_key()
    // allocated its string, and freed it, at every check (~460 instructions).
    char buffer[128];
    std::string computed;
    const std::string_view key = key_of(summary, buffer, computed);
    if (!is_real_summary(context, summary, key, template_title.to_replace)) {
      const std::string got = summary.empty() ? "nothing" : "'" + std::string(summary) + "'";
      context.report_title(
          info(),
          message_or("the title needs a real summary" +
                     (prefix.empty() ? std::string() : " after '" + prefix + "'") + ", got " + got),
          help_or("say in a few words what the issue is about, as '" +
                  (prefix.empty() ? std::string() : prefix + " ") + "<a short summary>'"));
    }
  }

 private:
  // The prefix the title must start with, and the placeholder after it that the summary
  // replaces ("[BUG]: <title>": "[BUG]: " and "<title>").
  TitleParts effective_title(const LintContext& context) const {
    if (!prefix_.empty()) return split_title(prefix_);
    const auto* issue_template = context.issue_template();
    return issue_template == nullptr ? TitleParts{}
                                     : split_title(issue_template->front_matter.title);
  }

  // Not a placeholder word, nor the template's own placeholder left in place ("<title>"). Nor,
  // without `placeholders:` configured, filler words alone or words of the template's name and
  // prefix alone: "[DB] Database Migration", "[DB] Migration", "[BUG] Bug Report" say which form
  // the issue came from, as the prefix does, and nothing of the issue. A configured list says
  // exactly which summaries are stand-ins. `key` is normalize_key(summary).
  bool is_real_summary(const LintContext& context, std::string_view summary, std::string_view key,
                       std::string_view to_replace) const {
    if (!to_replace.empty() && key_equals(summary, normalize_key(to_replace))) return false;
    if (key.empty()) return false;
    if (default_placeholders_) {
      const auto* issue_template = context.issue_template();
      const std::string_view name_key =
          issue_template == nullptr ? std::string_view() : issue_template->front_matter.name_key;
      // Both keys were made once (the template's with it, a configured prefix's with the rule).
      const std::string_view prefix_key =
          name_key.empty()  ? std::string_view()
          : prefix_.empty() ? std::string_view(issue_template->front_matter.title_prefix_key)
                            : std::string_view(prefix_key_);
      if (only_filler_or_form_words(key, name_key, prefix_key)) return false;
    }
    return std::none_of(placeholder_keys_.begin(), placeholder_keys_.end(),
                        [&](const std::string& word) { return word == key; });
  }

  std::string prefix_;
  std::string prefix_key_;                     // normalize_key of prefix_'s prefix part
  std::vector<std::string> placeholder_keys_;  // normalize_key() of each, computed once
  // No `placeholders:` configured: filler-only summaries are stand-ins too. A configured list
  // says exactly which summaries are.
  bool default_placeholders_ = true;
};

Result<RulePtr> make_title_pattern(RuleInfo info, const YamlNode& entry,
                                   const std::string& source) {
  std::string prefix;
  if (entry["prefix"]) {
    auto value = yaml::read_string(entry["prefix"], source, "prefix");
    if (!value) return value.error();
    prefix = *value;
  }
  std::optional<std::vector<std::string>> placeholders;
  if (entry["placeholders"]) {
    auto words = yaml::read_string_list(entry["placeholders"], source, "placeholders");
    if (!words) return words.error();
    placeholders = std::move(*words);
  }
  return RulePtr(std::make_unique<TitlePatternRule>(std::move(info), entry_text(entry, "message"),
                                                    entry_text(entry, "help"), std::move(prefix),
                                                    std::move(placeholders)));
}

}  // namespace

RuleKind title_pattern_kind() {
  return RuleKind{"title-pattern",
                  "the title starts with the template's prefix and has a real summary after it",
                  {"prefix", "placeholders"},
                  make_title_pattern,
                  {}};
}

}  // namespace issuelint
