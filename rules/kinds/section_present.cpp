// section-present: every section of the template (at the configured heading levels) is in the
// issue. A missing sub-section of a missing section is not reported again.
#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parser/normalize.h"
#include "parser/yaml_node.h"
#include "rules/kinds/configured_rule.h"
#include "rules/kinds/generic_kinds.h"
#include "rules/lint_context.h"
#include "rules/template_section_paths.h"
#include "rules/yaml_reading.h"

namespace issuelint {

namespace {

bool is_blank(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// "##Checklist": GitHub shows #s that no blank follows as text, not as a heading (md4c too),
// so the section is there, written so. The paragraph that is that heading, or nullptr.
const Prose* unspaced_heading(const IssueDocument& document, std::string_view key) {
  for (const Prose& prose : document.prose) {
    if (prose.kind != Prose::Kind::paragraph) continue;
    const std::string_view text = prose.text;
    std::size_t marks = 0;
    while (marks < text.size() && text[marks] == '#') ++marks;
    if (marks == 0 || marks > 6 || marks == text.size() || is_blank(text[marks])) continue;
    if (section_key(text.substr(marks)) == key) return &prose;
  }
  return nullptr;
}

// A heading of `key` written inside a fenced code block, as a fence left open (or closed too
// late) swallows the sections after it: GitHub shows them as code. Its line, and the block's.
struct SwallowedHeading {
  int line = 0;
  const CodeBlock* block = nullptr;
};

// Every heading written inside a fenced code block, by key (the first of a key kept).
std::unordered_map<std::string, SwallowedHeading> headings_in_code(const IssueDocument& document) {
  std::unordered_map<std::string, SwallowedHeading> found;
  for (const CodeBlock& block : document.code_blocks) {
    if (!block.fenced) continue;
    std::string_view content = block.content;
    for (int line = block.content_line; !content.empty(); ++line) {
      const std::size_t end = std::min(content.find('\n'), content.size());
      std::string_view text = content.substr(0, end);
      content.remove_prefix(std::min(end + 1, content.size()));
      const std::size_t indent = text.find_first_not_of(' ');
      if (indent == std::string_view::npos || indent > 3 || text[indent] != '#') continue;
      text.remove_prefix(indent);
      std::size_t marks = 0;
      while (marks < text.size() && text[marks] == '#') ++marks;
      if (marks > 6 || marks == text.size() || !is_blank(text[marks])) continue;
      found.try_emplace(section_key(text.substr(marks)), SwallowedHeading{line, &block});
    }
  }
  return found;
}

// The fence that opened `block` ("```", "~~~~"), as written on its line, to close it with.
std::string fence_of(const IssueDocument& document, const CodeBlock& block) {
  const std::size_t start = document.lines.line_start(block.position.line);
  const std::string_view line = std::string_view(document.text).substr(start);
  const std::size_t at = line.find_first_of("`~");
  if (at == std::string_view::npos) return "```";
  const std::size_t end = line.find_first_not_of(line[at], at);
  return std::string(line.substr(at, (end == std::string_view::npos ? line.size() : end) - at));
}

// The distinct words of a key, sorted: views into the key. (An istringstream and a set of
// strings cost ~2,000 instructions a key, and a draft missing every section asks for dozens.)
std::vector<std::string_view> words_of(std::string_view key) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < key.size()) {
    while (at < key.size() && is_blank(key[at])) ++at;
    const std::size_t begin = at;
    while (at < key.size() && !is_blank(key[at])) ++at;
    if (at > begin) words.push_back(key.substr(begin, at - begin));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// Share of words in common: "migration kind" vs "migration type" → 1/3.
double similarity(const std::vector<std::string_view>& left,
                  const std::vector<std::string_view>& right) {
  if (left.empty() || right.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t l = 0, r = 0; l < left.size() && r < right.size();) {
    if (left[l] < right[r]) {
      ++l;
    } else if (right[r] < left[l]) {
      ++r;
    } else {
      ++common, ++l, ++r;
    }
  }
  return static_cast<double>(common) / static_cast<double>(std::max(left.size(), right.size()));
}

// A section the rule lists by name; a path's parent is looked up too, so that a missing
// sub-section of a missing section is not reported again.
struct ListedSection {
  explicit ListedSection(const std::string& written)
      : name(written),
        reference(written),
        is_path(written.rfind('>') != std::string::npos),
        parent(is_path ? written.substr(0, written.rfind('>')) : std::string()) {}
  std::string name;
  SectionReference reference;
  bool is_path;
  SectionReference parent;
};

// What reporting missing sections needs, built once a check when the first is missing: the
// template's sections by key (for a missing one's path) and the issue's headings the template
// does not have, with their words (the candidates for "was it renamed?"). Built per missing
// section, a template and a draft of thousands of headings took cubic time (30 s at 4,000).
class MissingSections {
 public:
  explicit MissingSections(const LintContext& context)
      : context_(context), paths_(context.template_section_paths()) {
    const IssueTemplate* issue_template = context.issue_template();
    const auto& sections = context.document().sections;
    for (std::size_t i = 1; i < sections.size(); ++i) {
      const std::string_view key = sections[i].key;
      if (issue_template != nullptr && paths_.find(std::string(key)) != nullptr) continue;
      candidates_.push_back({static_cast<int>(i), words_of(key)});
    }
  }

  std::string path_of(const SectionSpec& spec) const { return paths_.path_of(spec); }

  // "## Migration Overview: add an audit_log table": a heading the template does not have that
  // starts with the missing section's whole name and goes on is that section, its answer
  // written into the heading. Said so, the author keeps the answer and fixes the heading.
  const Section* answered_in_heading(std::string_view key) const {
    for (const Candidate& candidate : candidates_) {
      const Section& section = context_.document().sections[candidate.section];
      const std::string_view heading = section.key;
      if (heading.size() > key.size() && key_starts_with_words(heading, key)) return &section;
    }
    return nullptr;
  }

  // The heading of `key` inside a code block, if one is there; the blocks are read once a check.
  const SwallowedHeading* swallowed(const std::string& key) {
    if (!in_code_) in_code_ = headings_in_code(context_.document());
    const auto found = in_code_->find(key);
    return found == in_code_->end() ? nullptr : &found->second;
  }

  // An issue heading that the template does not have and that resembles the missing one is
  // probably the same section renamed: say so, it is the fix the author needs. Compared with
  // at most kMaxComparisons headings in a check: past that (only a draft of thousands of
  // headings gets there) the hint is left out.
  std::string renamed_candidate(const std::string& key) {
    const std::vector<std::string_view> wanted = words_of(key);
    std::string best;
    double best_score = 0.49;
    for (const Candidate& candidate : candidates_) {
      if (comparisons_++ >= kMaxComparisons) return {};
      const double score = similarity(candidate.words, wanted);
      if (score > best_score) {
        best_score = score;
        best = context_.document().sections[candidate.section].display_title;
      }
    }
    return best;
  }

 private:
  static constexpr std::size_t kMaxComparisons = 100'000;
  struct Candidate {
    int section;
    std::vector<std::string_view> words;  // views into the section's key, in the document
  };
  const LintContext& context_;
  const TemplateSectionPaths& paths_;  // the context's, built once a check
  std::vector<Candidate> candidates_;
  std::size_t comparisons_ = 0;
  std::optional<std::unordered_map<std::string, SwallowedHeading>> in_code_;
};

class SectionPresentRule : public ConfiguredRule {
 public:
  SectionPresentRule(RuleInfo info, std::string message, std::string help,
                     const std::vector<std::string>& sections, std::vector<int> levels)
      : ConfiguredRule(std::move(info), std::move(message), std::move(help)),
        sections_(sections.begin(), sections.end()),
        levels_(std::move(levels)) {}

  void check(LintContext& context) const override {
    if (!sections_.empty()) {
      std::optional<MissingSections> missing;
      int order = 0;
      for (const auto& listed : sections_) {
        ++order;
        if (context.find_section(listed.reference) != kNoIndex) continue;
        const bool parent_missing =
            listed.is_path && context.find_section(listed.parent) == kNoIndex;
        if (parent_missing) continue;
        if (!missing) missing.emplace(context);
        report_missing(context, listed.name, {}, &*missing, order);
      }
      return;
    }
    const IssueTemplate* issue_template = context.issue_template();
    if (issue_template == nullptr) return;
    // The draft's headings are the template's, which has every one of its sections' headings:
    // none is missing (a draft kept in the template's shape, the usual case, asks no search).
    if (context.has_every_template_heading()) return;
    std::set<std::string> missing_keys;
    std::optional<MissingSections> missing;  // built at the first one: most drafts have none
    std::size_t search_from = 1;
    int order = 0;
    for (const auto& spec : issue_template->sections) {
      ++order;
      if (spec.level <= 0 || spec.is_title) continue;
      const bool parent_missing = !missing_keys.empty() && !spec.parent_key.empty() &&
                                  missing_keys.count(spec.parent_key) != 0;
      if (has_heading(context, spec.key, search_from)) continue;
      missing_keys.insert(spec.key);
      if (parent_missing || !level_checked(spec.level)) continue;
      if (!missing) missing.emplace(context);
      report_missing(context, missing->path_of(spec), spec.key, &*missing, order);
    }
  }

  void number_references(ReferenceTable& table) override {
    for (ListedSection& listed : sections_) {
      table.number(listed.reference);
      table.number(listed.parent);
    }
  }

 private:
  bool level_checked(int level) const {
    return levels_.empty() || std::find(levels_.begin(), levels_.end(), level) != levels_.end();
  }

  // Does the issue have a heading keyed `key`? A draft keeps the template's order, so the search
  // starts after the heading found last: a compare or two a section instead of a scan from the
  // top (3,354 -> 1,754 instructions a check of the flagship).
  static bool has_heading(const LintContext& context, const std::string& key,
                          std::size_t& search_from) {
    const auto& sections = context.document().sections;
    const std::size_t count = sections.size();
    if (count <= 1) return false;
    std::size_t at = search_from < count ? search_from : 1;
    // A few headings ahead, then the hashed look-up (which also finds a heading with the
    // author's note): scanning them all at every miss made a draft missing thousands of
    // sections quadratic.
    constexpr std::size_t kSteps = 8;
    for (std::size_t step = 1; step < count && step <= kSteps; ++step) {
      if (sections[at].key == key) {
        search_from = at + 1;
        return true;
      }
      at = at + 1 < count ? at + 1 : 1;
    }
    const int found = context.find_section_by_key(key);
    if (found == kNoIndex) return false;
    search_from = static_cast<std::size_t>(found) + 1;
    return true;
  }

  void report_missing(LintContext& context, const std::string& path, const std::string& key,
                      MissingSections* missing, int order) const {
    const auto arrow = path.rfind('>');
    const std::string leaf = arrow == std::string::npos ? path : path.substr(arrow + 2);
    const std::string wanted = key.empty() ? normalize_key(leaf) : key;
    const std::string renamed = missing->renamed_candidate(wanted);
    std::string message = "section '" + leaf + "' is missing";
    std::string help = "add the '" + leaf + "' section back from the template";
    // An issue form's author filled in fields and never saw a template's Markdown: GitHub wrote
    // each field as a `### Label` heading over its answer.
    const IssueTemplate* shown = context.issue_template();
    if (shown != nullptr && shown->kind == TemplateKind::issue_form) {
      help = "add the heading '### " + leaf +
             "' back, as the form writes it, with the answer under it";
    }
    const Prose* unspaced = unspaced_heading(context.document(), wanted);
    const SwallowedHeading* swallowed = unspaced == nullptr ? missing->swallowed(wanted) : nullptr;
    const Section* answered = unspaced == nullptr && swallowed == nullptr
                                  ? missing->answered_in_heading(wanted)
                                  : nullptr;
    if (swallowed != nullptr) {
      const std::string opened = std::to_string(swallowed->block->position.line);
      message = "section '" + leaf + "' is inside the code block opened at line " + opened +
                ", so GitHub shows it as code, not as a heading";
      help = "close the code block (a line of " + fence_of(context.document(), *swallowed->block) +
             ") before the '" + leaf + "' heading";
    } else if (unspaced != nullptr) {
      const std::string_view text = unspaced->text;
      const std::size_t marks = text.find_first_not_of('#');
      message = "section '" + leaf + "' is written '" + std::string(text) +
                "', which GitHub shows as text, not as a heading";
      help = "put a space after the #s: '" + std::string(text.substr(0, marks)) + " " +
             std::string(text.substr(marks)) + "'";
    } else if (answered != nullptr) {
      message += " (the heading '" + answered->display_title.str() +
                 "' goes on past its name: is the answer written into it?)";
      help = "keep the heading as the template has it, '" + leaf +
             "', and write the answer on the lines below it";
    } else if (!renamed.empty()) {
      message += " (the issue has '" + renamed + "' instead: was it renamed?)";
      help = "rename '" + renamed + "' back to '" + leaf + "' so that it can be checked";
    }
    // A missing section has no place in the issue (line 0), unless written as text; it is named
    // by its template path.
    Finding finding;
    finding.rule = info().id;
    finding.severity = info().severity;
    finding.section = path;
    if (swallowed != nullptr) {
      finding.line = swallowed->line;
      finding.column = 1;
    } else if (unspaced != nullptr) {
      finding.line = unspaced->position.line;
      finding.column = unspaced->position.column;
    } else if (answered != nullptr) {
      finding.line = answered->position.line;
      finding.column = answered->position.column;
    }
    finding.message = message_or(message);
    finding.help = help_or(help);
    finding.order = order;
    context.add(std::move(finding));
  }

  std::vector<ListedSection> sections_;
  std::vector<int> levels_;
};

Result<RulePtr> make_section_present(RuleInfo info, const YamlNode& entry,
                                     const std::string& source) {
  std::vector<std::string> sections;
  if (entry["sections"]) {
    auto names = read_name_list(entry, "sections", info, source);
    if (!names) return names.error();
    sections = *names;
  }
  std::vector<int> levels;
  if (entry["levels"]) {
    const auto node = entry["levels"];
    if (!node.is_sequence())
      return make_error("'levels' must be a list of heading levels", yaml::where(node, source));
    for (const YamlNode& item : node.items()) {
      auto level = yaml::read_int(item, source, "levels");
      if (!level) return level.error();
      levels.push_back(*level);
    }
  }
  return RulePtr(std::make_unique<SectionPresentRule>(std::move(info), entry_text(entry, "message"),
                                                      entry_text(entry, "help"), sections,
                                                      std::move(levels)));
}

}  // namespace

RuleKind section_present_kind() {
  return RuleKind{"section-present",
                  "every section of the template (or the ones listed) is in the issue",
                  {"sections", "levels"},
                  make_section_present,
                  {}};
}

}  // namespace issuelint
