#include "rules/lint_context.h"

#include <algorithm>
#include <bitset>
#include <unordered_map>
#include <utility>

#include "parser/checkbox_text.h"
#include "parser/invited_answers.h"
#include "parser/key_fingerprint.h"
#include "parser/normalize.h"
#include "parser/same_text.h"
#include "rules/template_section_paths.h"

namespace issuelint {

namespace {

// Texts the SQL rules name per issue: a dozen sections, as many options. Reserved at once, not
// grown by doubling (each growth moves every string).
constexpr std::size_t kTextsKept = 16;

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Calls visit(part) for each part of a reference ("Schema Changes > Migration SQL"), trimmed,
// empty parts left out; stops when visit returns false.
template <typename Visit>
void each_part(std::string_view reference, Visit visit) {
  std::size_t start = 0;
  while (start <= reference.size()) {
    const auto end = reference.find('>', start);
    const auto piece = trim(reference.substr(
        start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!piece.empty() && !visit(piece)) return;
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

bool is_descendant(const IssueDocument& document, int section, int ancestor) {
  for (int current = section; current != kNoIndex; current = document.sections[current].parent) {
    if (current == ancestor) return true;
  }
  return false;
}

// ASCII letters folded by arithmetic: std::tolower was a libc call per byte, and in the "C"
// locale the tool runs in it folds nothing but A-Z.
char fold_ascii_letter(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// Lines of a code block, trimmed and with inner white space folded, lowercased: the unit of
// comparison between an author's block and the template's example. Blank lines are skipped;
// stops (and returns false) when visit(line) returns false. A folded line is never longer than
// the line, so it is written into a buffer sized once per line, not appended byte by byte
// (is_placeholder_code_uncached: 2,516 instructions a call with a tolower call and an append
// per byte).
// `may_hold(first)` says whether visit can accept a line starting with the byte `first`: when it
// says no, the walk stops and returns false as visit would, without folding the line.
// `may_hold_prefix(folded)` is asked the same of the line's folded start once it is
// kPrefixCheckBytes long: an author's line that shares its first byte with an example line
// mostly parts from every one within a few words ("export const auditLog = pgTable(…" against
// "export const newTable = pgTable(…"), and is then not folded to its end.
// A line of up to kFoldedOnStack bytes (most lines of SQL and TypeScript) is folded into a
// buffer on the stack: a std::string took a malloc and free a block (three a flagship check).
constexpr std::size_t kPrefixCheckBytes = 16;
constexpr std::size_t kFoldedOnStack = 256;
template <typename MayHold, typename MayHoldPrefix, typename Visit>
bool each_folded_line(std::string_view code, MayHold may_hold, MayHoldPrefix may_hold_prefix,
                      Visit visit) {
  char on_stack[kFoldedOnStack];
  std::string on_heap;
  std::size_t start = 0;
  while (start < code.size()) {
    auto end = code.find('\n', start);
    if (end == std::string_view::npos) end = code.size();
    const auto line = trim(code.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    // trim() leaves no blank in front, so the folded line starts with this byte, folded.
    if (!may_hold(fold_ascii_letter(line[0]))) return false;
    char* folded = on_stack;
    if (line.size() > kFoldedOnStack) {
      on_heap.resize(line.size());
      folded = on_heap.data();
    }
    std::size_t length = 0;
    bool space = false;
    bool prefix_checked = false;
    for (const char c : line) {
      if (c == ' ' || c == '\t' || c == '\r') {
        space = true;
        continue;
      }
      if (space && length > 0) folded[length++] = ' ';
      space = false;
      folded[length++] = fold_ascii_letter(c);
      if (!prefix_checked && length >= kPrefixCheckBytes) {
        prefix_checked = true;
        if (!may_hold_prefix(std::string_view(folded, length))) return false;
      }
    }
    if (!visit(std::string_view(folded, length))) return false;
  }
  return true;
}

template <typename MayHold, typename Visit>
bool each_folded_line(std::string_view code, MayHold may_hold, Visit visit) {
  return each_folded_line(
      code, may_hold, [](std::string_view) { return true; }, visit);
}

template <typename Visit>
bool each_folded_line(std::string_view code, Visit visit) {
  return each_folded_line(
      code, [](char) { return true; }, visit);
}

// A prompt is a line the template writes entirely in bold, such as
// "**How can this migration be safely rolled back if needed?**": it asks, it is not a blank
// to replace, and authors rightly leave it in place.
bool bold_prompt(const IssueDocument& document, const Prose& prose) {
  if (prose.position.line <= 0) return false;
  const std::size_t begin = document.lines.line_start(prose.position.line);
  const std::size_t end = document.lines.line_start(prose.position.line + 1);
  std::string_view line = trim(std::string_view(document.text).substr(begin, end - begin));
  if (line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ")) {
    line = trim(line.substr(2));
  }
  const bool bold = line.size() > 4 && (line.starts_with("**") || line.starts_with("__")) &&
                    (line.ends_with("**") || line.ends_with("__"));
  // A paragraph that only starts with a bold question ("**Describe it**\nMy answer") is an answer.
  return bold && normalize_key(line) == prose.key;
}

// spec.key is the template heading's key, computed as the issue's Section::key is.
const SectionSpec* find_template_section(const IssueTemplate* issue_template,
                                         std::string_view key) {
  if (issue_template == nullptr) return nullptr;
  for (const auto& spec : issue_template->sections) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

// Folded lines, sorted and unique (a binary search over one array, not a walk through tree
// nodes), and the first byte of each: most lines an author writes start with a byte that no
// example line starts with, and are told apart without being folded.
struct FoldedLines {
  std::vector<std::string> lines;
  std::bitset<256> first_bytes;
  bool may_hold_line_starting(char first) const {
    return first_bytes.test(static_cast<unsigned char>(first));
  }
};

void insert_folded_lines(std::string_view code, FoldedLines& set) {
  each_folded_line(code, [&](std::string_view line) {
    set.lines.emplace_back(line);
    return true;
  });
}

// Once every line is in.
void sort_unique(FoldedLines& set) {
  std::vector<std::string>& lines = set.lines;
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  for (const std::string& line : lines) set.first_bytes.set(static_cast<unsigned char>(line[0]));
}

bool holds_line(const FoldedLines& set, std::string_view line) {
  return std::binary_search(set.lines.begin(), set.lines.end(), line, std::less<>());
}

// Whether some line of `set` starts with `prefix`: the first line not before it in the sorted
// set does if any does (a line between `prefix` and one that starts with it starts with it too).
bool holds_line_starting_with(const FoldedLines& set, std::string_view prefix) {
  const auto first = std::lower_bound(set.lines.begin(), set.lines.end(), prefix, std::less<>());
  return first != set.lines.end() && std::string_view(*first).starts_with(prefix);
}

}  // namespace

struct TemplateIndex {
  using LineSet = FoldedLines;
  // Views of the template document's element text, which `texts` keeps alive.
  using KeysByText = std::vector<std::pair<std::string_view, std::string_view>>;
  const IssueTemplate* issue_template = nullptr;  // the object it was built from
  std::shared_ptr<const TextArena> texts;
  // What is_placeholder_code() compares against: the folded lines of every template code block
  // and, by section key, of that section's placeholder code.
  LineSet everywhere;
  std::unordered_map<std::string, LineSet> by_section_key;
  // The keys of the template document's prose by key_fingerprint(), sorted: is_placeholder_prose()
  // finds the template's text pasted into another section with a binary search over words, and
  // compares text only where a word is equal, not in a scan of them all.
  std::vector<std::pair<std::uint64_t, std::string_view>> prose_keys;
  // By section of the template's document, by_section_key's entry for its key (nullptr: none): a
  // draft in the template's shape reads its section's here, not hashed from a copy of the key.
  std::vector<const LineSet*> by_shape_section;
  // By section of the template's document, the SectionSpec find_template_section() finds for
  // its key (nullptr: none), for the same reason.
  std::vector<const SectionSpec*> spec_by_shape_section;
  // The template's headings (title and display title) and option names as written, with their
  // keys: code names sections and options by these, so looking one up normalises nothing.
  KeysByText heading_keys;
  KeysByText option_keys;
  // The template document's look-up structures. A draft whose headings are the template's (the
  // same keys, the same parents: LintContext::adopt_template_shape()) finds every section where
  // the template's document has it, so it reads these instead of building its own; one whose
  // boxes are the template's too (the same sections, the same keys) reads the box order.
  LintContext::HeadingFingerprints fingerprints;
  LintContext::SectionNesting nesting;
  LintContext::BoxOrder box_order;
  // Every SectionSpec::key of level above 0 is a heading of the template's document.
  bool every_heading_present = false;
  // For the rule set's table `references` (index_template() with one): what its references
  // find in the template's document, by slot. A section reference's section; an option's first
  // box keyed so, which find_box() finds when asked in that box's section (the usual ask).
  std::shared_ptr<const ReferenceTable> references;
  std::vector<std::pair<std::uint32_t, int>> section_answers;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> first_boxes;
};

namespace {

const std::string_view* known_key(const TemplateIndex::KeysByText& keys, std::string_view text) {
  for (const auto& [written, key] : keys) {
    if (written == text) return &key;
  }
  return nullptr;
}

}  // namespace

SectionReference::SectionReference(std::string text) : text_(std::move(text)) {
  each_part(text_, [&](std::string_view part) {
    keys_.push_back(section_key(part));
    return true;
  });
}

OptionReference::OptionReference(std::string name)
    : name_(std::move(name)), key_(normalize_key(name_)) {}

namespace {

// The slot numbered for `key` before, else a new one; `slots` keeps them in numbering order,
// `slot_of` finds them by key.
template <typename Key, typename Index>
std::uint32_t slot_for(std::vector<std::pair<Key, std::uint32_t>>& slots, Index& slot_of,
                       const Key& key, std::uint32_t& size) {
  const auto [found, inserted] = slot_of.try_emplace(key, size);
  if (!inserted) return found->second;
  slots.emplace_back(key, size);
  return size++;
}

}  // namespace

void ReferenceTable::number(SectionReference& reference) {
  reference.slot_ = slot_for(section_slots_, section_slot_of_, reference.keys(), size_);
  reference.table_ = this;
}

void ReferenceTable::number(OptionReference& reference) {
  reference.slot_ = slot_for(option_slots_, option_slot_of_, reference.key(), size_);
  reference.table_ = this;
}

void ReferenceTable::adopt(const ReferenceTable& other) {
  if (adopted_ != nullptr || &other == this) return;
  adopted_ = &other;
  adopted_slots_.resize(other.size_);
  for (const auto& [keys, slot] : other.section_slots_) {
    adopted_slots_[slot] = slot_for(section_slots_, section_slot_of_, keys, size_);
  }
  for (const auto& [key, slot] : other.option_slots_) {
    adopted_slots_[slot] = slot_for(option_slots_, option_slot_of_, key, size_);
  }
}

LintContext::LintContext(const IssueDocument& document, const IssueTemplate* issue_template,
                         std::optional<std::string> title, const TableNamePolicy* table_names,
                         const TemplateIndex* template_index, const ReferenceTable* references)
    : document_(document),
      template_(issue_template),
      title_(std::move(title)),
      table_names_(table_names),
      template_index_(template_index) {
  if (references != nullptr) {
    reference_memos_[0].table = references;
    reference_memos_[0].slots.resize(references->size());
  }
  if (template_index_ != nullptr && template_index_->issue_template == template_) {
    adopt_template_shape(references);
  }
}

namespace {

// The draft's headings are the template's: as many, each with the template's key and parent.
// Everything a section look-up reads of them (find_below(), the nesting) is then the same.
bool same_headings(const IssueDocument& draft, const IssueDocument& shape) {
  const std::size_t count = draft.sections.size();
  if (count != shape.sections.size()) return false;
  for (std::size_t i = 0; i < count; ++i) {
    const Section& section = draft.sections[i];
    const Section& other = shape.sections[i];
    if (section.parent != other.parent || !same_text(section.key, other.key)) return false;
  }
  return true;
}

// The draft's boxes are the template's: as many, each in the template's section with its key.
// Everything an option's exact look-up reads (box_range(), the keys) is then the same; the
// labels, which a look-up reads only when no box has the option's key, are the draft's.
bool same_boxes(const IssueDocument& draft, const IssueDocument& shape) {
  const std::size_t count = draft.checkboxes.size();
  if (count != shape.checkboxes.size()) return false;
  for (std::size_t i = 0; i < count; ++i) {
    const Checkbox& box = draft.checkboxes[i];
    const Checkbox& other = shape.checkboxes[i];
    if (box.section != other.section || !same_text(box.key, other.key)) return false;
  }
  return true;
}

}  // namespace

void LintContext::adopt_template_shape(const ReferenceTable* references) {
  const TemplateIndex& index = *template_index_;
  const IssueDocument& shape = template_->document;
  if (!same_headings(document_, shape)) return;
  headings_shaped_ = true;
  fingerprints_ = &index.fingerprints;
  nesting_ = &index.nesting;
  if (same_boxes(document_, shape)) {
    boxes_shaped_ = true;
    box_order_ = &index.box_order;
  }
  // Every section reference finds in the draft what it finds in the template's document, and
  // every option its first box keyed so when asked in that box's section (the usual ask).
  if (references == nullptr || index.references.get() != references) return;
  ResolvedReference* slots = reference_memos_[0].slots.data();
  for (const auto& [slot, section] : index.section_answers) slots[slot].section = section;
  if (!boxes_shaped_) return;
  const Checkbox* boxes = document_.checkboxes.data();
  for (const auto& [slot, box] : index.first_boxes) slots[slot] = {boxes[box].section, &boxes[box]};
}

LintContext::~LintContext() = default;

int LintContext::find_below(int scope, std::string_view key) const {
  if (fingerprints_ == nullptr) fingerprint_sections();
  const HeadingFingerprints& index = *fingerprints_;
  const std::uint64_t wanted = key_fingerprint(key);
  const int* next_in_bucket = index.chains.data() + index.buckets;
  int first = kNoIndex;
  for (int section = index.chains[fingerprint_bucket(wanted, index.buckets)]; section != kNoIndex;
       section = next_in_bucket[section]) {
    const auto at = static_cast<std::size_t>(section);
    if (index.fingerprints[at] != wanted) continue;
    if (scope != kNoIndex && !is_descendant(document_, section, scope)) continue;
    if (document_.sections[at].key != key) continue;
    if (first == kNoIndex) {
      first = section;
    } else if (document_.sections[at].parent == document_.sections[first].parent &&
               !reads_template_itself() && !template_repeats_key(key)) {
      return answered_copy(first, section);
    }
  }
  if (first != kNoIndex) return first;
  const int noted = find_below_without_note(scope, key);
  if (noted != kNoIndex) return noted;
  const int spelt = find_below_spelt_otherwise(scope, key);
  return spelt != kNoIndex ? spelt : find_below_reworded(scope, key);
}

// A heading given twice under one parent ("## Description" left as the template wrote it, the
// answer under a second one further down): GitHub shows both, so the section is the first copy
// the author answered under (text, code, a filled blank, a ticked box), else the first. Not when
// the template itself repeats the heading: then each copy is its own section.
// `second` is the second copy; a third is looked for from it on.
int LintContext::answered_copy(int first, int second) const {
  const auto answered = [&](int section) {
    if (has_written_content(section)) return true;
    bool ticked = false;
    each_box_in(section, true, [&](const Checkbox& box) {
      ticked = box.checked;
      return !ticked;
    });
    return ticked;
  };
  if (answered(first)) return first;
  const Section& heading = document_.sections[static_cast<std::size_t>(first)];
  for (auto at = static_cast<std::size_t>(second); at < document_.sections.size(); ++at) {
    const Section& copy = document_.sections[at];
    if (copy.key == heading.key && copy.parent == heading.parent &&
        answered(static_cast<int>(at))) {
      return static_cast<int>(at);
    }
  }
  return first;
}

namespace {

// The title without a parenthesis the author added at its end ("Migration SQL (generated by
// drizzle-kit)" -> "Migration SQL"), or empty when it ends with none.
std::string_view without_trailing_note(std::string_view title) {
  while (!title.empty() && (title.back() == ' ' || title.back() == ':')) title.remove_suffix(1);
  if (!title.ends_with(')')) return {};
  const std::size_t open = title.rfind('(');
  if (open == std::string_view::npos || open == 0) return {};
  title = title.substr(0, open);
  while (!title.empty() && (title.back() == ' ' || title.back() == '-')) title.remove_suffix(1);
  return title;
}

}  // namespace

// Only when no heading has the key itself: a heading the author annotated still is the
// section ("### Migration SQL (generated by drizzle-kit)"), and its rules still run.
// The keys of those headings are worked out once, on the first miss: a draft of many annotated
// headings and many absent sections then costs a compare per pair, not a normalization.
int LintContext::find_below_without_note(int scope, std::string_view key) const {
  if (!noted_headings_) {
    noted_headings_.emplace();
    for (std::size_t at = 1; at < document_.sections.size(); ++at) {
      const std::string_view bare = without_trailing_note(document_.sections[at].display_title);
      if (!bare.empty()) noted_headings_->emplace_back(section_key(bare), static_cast<int>(at));
    }
  }
  for (const auto& [bare_key, section] : *noted_headings_) {
    if (bare_key == key && (scope == kNoIndex || is_descendant(document_, section, scope))) {
      return section;
    }
  }
  return kNoIndex;
}

// Only when no heading has the key, even less a note: "### Expected behaviour" is the template's
// "### Expected behavior" (and "Enviroment" its "Environment"), the section the author kept, unless
// the template has a section of that spelling too, or two headings are spelt so.
int LintContext::find_below_spelt_otherwise(int scope, std::string_view key) const {
  // Each miss reads every heading: bounded, so that a draft of thousands of headings against a
  // template of thousands of others stays linear. An issue has a few dozen.
  if (document_.sections.size() > kMostHeadingsSpeltOtherwise) return kNoIndex;
  int found = kNoIndex;
  for (std::size_t at = 1; at < document_.sections.size(); ++at) {
    const int section = static_cast<int>(at);
    const std::string_view own = document_.sections[at].key;
    if (!is_spelling_variant(own, key)) continue;
    if (scope != kNoIndex && !is_descendant(document_, section, scope)) continue;
    if (found != kNoIndex || is_template_key(own)) return kNoIndex;
    found = section;
  }
  return found;
}

namespace {

// A word that tells one section from another: four letters or more, and not one that any
// heading may hold ("What happened?", "Please describe", "Your environment").
bool is_telling_word(std::string_view word) {
  if (word.size() < 4) return false;
  for (const std::string_view common :
       {"what", "when",  "where", "which",    "your",        "please",  "this",   "that",  "with",
        "have", "does",  "about", "there",    "here",        "would",   "should", "could", "from",
        "into", "other", "more",  "describe", "information", "details", "issue"}) {
    if (word == common) return false;
  }
  return true;
}

bool has_word(std::string_view key, std::string_view word) {
  for (std::size_t at = key.find(word); at != std::string_view::npos; at = key.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || key[at - 1] == ' ') && (end == key.size() || key[end] == ' ')) return true;
  }
  return false;
}

}  // namespace

// Only when no heading has the key, a note or another spelling, in rules read from the template
// itself: "### Expected result" is the template's "### Expected behavior" when it is the one
// heading of the draft that shares a telling word with it ("expected") and none with any other
// of the template's sections. ("Reproduction steps" beside "Steps to reproduce" and "Minimum
// reproduction code" is neither.) Each miss reads every heading against every section: bounded,
// an issue template has a dozen or two.
int LintContext::find_below_reworded(int scope, std::string_view key) const {
  constexpr std::size_t kMostSections = 64;
  if (!reworded_headings_ || template_ == nullptr) return kNoIndex;
  if (document_.sections.size() > kMostSections || template_->sections.size() > kMostSections) {
    return kNoIndex;
  }
  int found = kNoIndex;
  for (std::size_t at = 1; at < document_.sections.size(); ++at) {
    const int section = static_cast<int>(at);
    if (!reworded_from(document_.sections[at].key, key)) continue;
    if (scope != kNoIndex && !is_descendant(document_, section, scope)) continue;
    if (found != kNoIndex) return kNoIndex;  // two: which one the author meant is unknown
    found = section;
  }
  return found;
}

// `heading`, which no section of the template has, shares a telling word with the section `key`
// and none with any other section of the template.
bool LintContext::reworded_from(std::string_view heading, std::string_view key) const {
  if (heading.empty() || is_template_key(heading)) return false;
  bool shared = false;
  for (std::size_t at = 0; at < heading.size();) {
    const std::size_t end = std::min(heading.find(' ', at), heading.size());
    const std::string_view word = heading.substr(at, end - at);
    at = end + 1;
    if (!is_telling_word(word)) continue;
    for (const SectionSpec& spec : template_->sections) {
      if (spec.key != key && has_word(spec.key, word)) return false;
    }
    shared = shared || has_word(key, word);
  }
  return shared;
}

bool LintContext::is_template_key(std::string_view key) const {
  if (template_ == nullptr) return false;
  return std::any_of(template_->sections.begin(), template_->sections.end(),
                     [&](const SectionSpec& spec) { return spec.key == key; });
}

void LintContext::fingerprint_sections() const {
  HeadingFingerprints& index = own_fingerprints_;
  const std::size_t count = document_.sections.size();
  index.fingerprints.reserve(count);
  for (const Section& section : document_.sections) {
    index.fingerprints.push_back(key_fingerprint(section.key));
  }
  // At most half full: a chain holds one section, now and then two.
  index.buckets = 8;
  while (index.buckets < 2 * count) index.buckets *= 2;
  index.chains.assign(index.buckets + count, kNoIndex);
  int* next_in_bucket = index.chains.data() + index.buckets;
  // From the last section back to 1 (the preamble is no heading), so each chain is in order.
  for (std::size_t at = count; at-- > 1;) {
    int& first = index.chains[fingerprint_bucket(index.fingerprints[at], index.buckets)];
    next_in_bucket[at] = first;
    first = static_cast<int>(at);
  }
  fingerprints_ = &index;
}

// A path whose parents the draft does not have around it (a title heading deleted, "###"
// written "##") still finds its section when only one heading has its last key: the author kept
// the section, and its rules must run on it.
template <typename EachPart>
int LintContext::find_path(EachPart each_part) const {
  int scope = kNoIndex;
  bool named = false;
  each_part([&](std::string_view key) {
    named = true;
    scope = find_below(scope, key);
    return scope != kNoIndex;
  });
  if (scope != kNoIndex || !named) return scope;
  // The walk stopped at the first part missing: the leaf is the reference's last part.
  std::string leaf;
  int parts = 0;
  each_part([&](std::string_view key) {
    leaf.assign(key);
    ++parts;
    return true;
  });
  return parts < 2 ? kNoIndex : find_only_heading(leaf);
}

int LintContext::find_only_heading(std::string_view key) const {
  if (fingerprints_ == nullptr) fingerprint_sections();
  const HeadingFingerprints& index = *fingerprints_;
  const std::uint64_t wanted = key_fingerprint(key);
  const int* next_in_bucket = index.chains.data() + index.buckets;
  int found = kNoIndex;
  for (int section = index.chains[fingerprint_bucket(wanted, index.buckets)]; section != kNoIndex;
       section = next_in_bucket[section]) {
    const auto at = static_cast<std::size_t>(section);
    if (index.fingerprints[at] != wanted || document_.sections[at].key != key) continue;
    if (found != kNoIndex) return kNoIndex;  // two: which one the path meant is unknown
    found = section;
  }
  if (found == kNoIndex) found = find_below_without_note(kNoIndex, key);
  if (found == kNoIndex) found = find_below_spelt_otherwise(kNoIndex, key);
  if (found == kNoIndex) found = find_below_reworded(kNoIndex, key);
  return found == kNoIndex || template_repeats_key(key) ? kNoIndex : found;
}

bool LintContext::template_repeats_key(std::string_view key) const {
  if (template_ == nullptr) return false;
  if (!template_repeated_keys_) {
    template_repeated_keys_.emplace();
    std::unordered_set<std::string_view> seen;
    for (const SectionSpec& spec : template_->sections) {
      if (!seen.insert(spec.key).second) template_repeated_keys_->insert(spec.key);
    }
  }
  return template_repeated_keys_->count(std::string(key)) != 0;
}

LintContext::ResolvedReference* LintContext::resolved(const ReferenceTable* table,
                                                      std::uint32_t slot) const {
  if (table == nullptr) return nullptr;
  // A reference of the table the rule set's adopted: the rule set's slot for the same keys.
  if (const ReferenceTable* first = reference_memos_[0].table; first != nullptr && first != table) {
    if (const std::uint32_t* own = first->adopted_slot(table, slot)) {
      table = first;
      slot = *own;
    }
  }
  for (ReferenceMemo& memo : reference_memos_) {
    if (memo.table == nullptr) {
      memo.table = table;
      memo.slots.resize(table->size());
    }
    if (memo.table != table) continue;
    return slot < memo.slots.size() ? &memo.slots[slot] : nullptr;
  }
  return nullptr;
}

int LintContext::find_section_uncached(const SectionReference& reference) const {
  return find_path([&](auto visit) {
    for (const std::string& key : reference.keys()) {
      if (!visit(key)) return;
    }
  });
}

// References written in code (the SQL rules' constants) are keyed here, from the template's
// index when it holds the text. Rule after rule asks for the same few, so each is looked up once
// per issue.
int LintContext::find_section(std::string_view reference) const {
  for (const auto& [text, section] : sections_by_text_) {
    if (text == reference) return section;
  }
  const int section = find_section_by_text(reference);
  if (sections_by_text_.empty()) sections_by_text_.reserve(kTextsKept);
  sections_by_text_.emplace_back(reference, section);
  return section;
}

int LintContext::find_section_by_text(std::string_view reference) const {
  const TemplateIndex* index = built_index();
  return find_path([&](auto visit) {
    each_part(reference, [&](std::string_view part) {
      const std::string_view* known =
          index != nullptr ? known_key(index->heading_keys, part) : nullptr;
      const std::string computed = known != nullptr ? std::string() : section_key(part);
      return visit(known != nullptr ? std::string_view(*known) : std::string_view(computed));
    });
  });
}

bool LintContext::index_sections_nested_in_order(std::vector<int>& subtree_end) const {
  const auto count = static_cast<int>(document_.sections.size());
  const auto parent_of = [&](int section) {
    return document_.sections[static_cast<std::size_t>(section)].parent;
  };
  // The sections still open before `at` are the section before it and its ancestors: walked up
  // by their parents, which earlier steps checked, instead of kept on a stack (a heap vector).
  for (int at = 0; at < count; ++at) {
    const int parent = parent_of(at);
    // The sections closed here are no ancestors of `at`: their run ends before it.
    for (int open = at - 1; open != parent; open = parent_of(open)) {
      if (open == kNoIndex) return false;  // its parent's run ended before it
      subtree_end[static_cast<std::size_t>(open)] = at;
    }
  }
  for (int open = count - 1; open != kNoIndex; open = parent_of(open)) {
    subtree_end[static_cast<std::size_t>(open)] = count;
  }
  return true;
}

namespace {

// Whether every box lies in one of the `count` sections, in sections' order; if so, fills
// `box_begin` by section (and one past the last) with its first box, or for a section without
// boxes where the next one's begin. One pass, where an all_of, an is_sorted and two fills each
// walked the boxes or the sections.
bool index_box_order(const std::vector<Checkbox>& boxes, int count,
                     std::vector<std::size_t>& box_begin) {
  box_begin.resize(static_cast<std::size_t>(count) + 1);
  int begun = 0;  // sections whose first box is noted
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const int section = boxes[i].section;
    const int previous = i == 0 ? 0 : boxes[i - 1].section;
    if (section < previous || section >= count) {
      box_begin.clear();
      return false;
    }
    while (begun <= section) box_begin[static_cast<std::size_t>(begun++)] = i;
  }
  while (begun <= count) box_begin[static_cast<std::size_t>(begun++)] = boxes.size();
  return true;
}

}  // namespace

void LintContext::index_sections() const {
  // Sections are in document order, so a section's descendants are the sections that follow it
  // up to the first one that is not its descendant.
  SectionNesting& nesting = own_nesting_;
  const auto count = static_cast<int>(document_.sections.size());
  nesting.subtree_end.resize(document_.sections.size());
  nesting.nested_in_order = index_sections_nested_in_order(nesting.subtree_end);
  if (!nesting.nested_in_order) {
    for (int at = 0; at < count; ++at) {
      int end = at + 1;
      while (end < count && is_descendant(document_, end, at)) ++end;
      nesting.subtree_end[static_cast<std::size_t>(at)] = end;
    }
  }
  nesting_ = &nesting;
}

void LintContext::index_boxes() const {
  own_box_order_.in_order = index_box_order(
      document_.checkboxes, static_cast<int>(document_.sections.size()), own_box_order_.box_begin);
  box_order_ = &own_box_order_;
}

bool LintContext::inside(int element_section, int section, bool include_subsections) const {
  if (!include_subsections) return element_section == section;
  const SectionNesting& index = nesting();
  const std::vector<int>& subtree_end = index.subtree_end;
  if (section < 0 || static_cast<std::size_t>(section) >= subtree_end.size()) return false;
  if (element_section < section) return false;
  if (element_section < subtree_end[static_cast<std::size_t>(section)]) return true;
  if (index.nested_in_order) return false;
  return is_descendant(document_, element_section, section);  // a section out of order
}

std::pair<std::size_t, std::size_t> LintContext::box_range(int section,
                                                           bool include_subsections) const {
  const auto& boxes = document_.checkboxes;
  const SectionNesting& nesting_index = nesting();
  const BoxOrder& order = box_order();
  if (!order.in_order) return {0, boxes.size()};
  // The first box of a section, or of a later one.
  const std::vector<std::size_t>& box_begin = order.box_begin;
  const auto from_section = [&](int first_section) {
    const int last = static_cast<int>(box_begin.size()) - 1;
    return box_begin[static_cast<std::size_t>(std::clamp(first_section, 0, last))];
  };
  if (!include_subsections) return {from_section(section), from_section(section + 1)};
  const std::vector<int>& subtree_end = nesting_index.subtree_end;
  if (section < 0 || static_cast<std::size_t>(section) >= subtree_end.size()) return {0, 0};
  if (!nesting_index.nested_in_order) return {from_section(section), boxes.size()};
  return {from_section(section), from_section(subtree_end[static_cast<std::size_t>(section)])};
}

std::vector<const Checkbox*> LintContext::boxes_in(int section, bool include_subsections) const {
  std::vector<const Checkbox*> boxes;
  const auto [first, last] = box_range(section, include_subsections);
  boxes.reserve(last - first);  // one allocation, not one per doubling
  each_box_in(section, include_subsections, [&](const Checkbox& box) {
    boxes.push_back(&box);
    return true;
  });
  return boxes;
}

const Checkbox* LintContext::find_box(int section, std::string_view option) const {
  if (section == kNoIndex) return nullptr;
  for (const auto& [text, key] : option_keys_by_text_) {
    if (text == option) return find_box_by_key(section, key);
  }
  const TemplateIndex* index = built_index();
  const std::string_view* known =
      index != nullptr ? known_key(index->option_keys, option) : nullptr;
  std::string key = known != nullptr ? std::string(*known) : normalize_key(option);
  if (option_keys_by_text_.empty()) option_keys_by_text_.reserve(kTextsKept);
  return find_box_by_key(section, option_keys_by_text_.emplace_back(option, std::move(key)).second);
}

const Checkbox* LintContext::find_box_by_key(int section, std::string_view key) const {
  if (section == kNoIndex || key.empty()) return nullptr;
  const Checkbox* found = nullptr;
  // Checkbox::key is normalize_key(name).
  each_box_in(section, true, [&](const Checkbox& box) {
    if (box.key == key) found = &box;
    return found == nullptr;
  });
  if (found != nullptr) return found;
  // The author may have reworded the tail of a label ("Other: audit_log"): a prefix at a word
  // boundary still identifies the option.
  each_box_in(section, true, [&](const Checkbox& box) {
    if (key_starts_with_words(box.label, key)) found = &box;
    return found == nullptr;
  });
  return found;
}

bool LintContext::has_every_template_heading() const {
  return headings_shaped_ && template_index_->every_heading_present;
}

bool LintContext::is_ticked(int section, std::string_view option) const {
  const Checkbox* box = find_box(section, option);
  return box != nullptr && box->checked;
}

// A word that holds a section's place without answering it ("TBD", "N/A"): the author has not
// written the section yet. "None" is left out: it can be the answer ("Data loss: none").
bool is_stand_in(std::string_view key) {
  static constexpr std::string_view kStandIns[] = {
      "tbd",   "tba", "tbc", "todo",        "to do", "to be determined", "to be done", "n a", "na",
      "fixme", "xxx", "wip", "coming soon", "later", "pending"};
  // Most keys are told apart by their size alone: a sentence is longer than any stand-in, and
  // few keys are exactly as long as one.
  constexpr std::uint32_t kSizes = [] {
    std::uint32_t sizes = 0;
    for (const std::string_view stand_in : kStandIns) sizes |= std::uint32_t{1} << stand_in.size();
    return sizes;
  }();
  if (key.size() >= 32 || (kSizes >> key.size() & 1U) == 0) return false;
  return std::find(std::begin(kStandIns), std::end(kStandIns), key) != std::end(kStandIns);
}

namespace {

// "Estimated migration time and any performance impacts: TBD": the template's prompt kept, and
// after it only a word that holds the place ("TBD", "N/A"), is no more an answer than either.
bool prompt_then_stand_in(std::string_view key, std::string_view prompt) {
  if (key.size() <= prompt.size() + 1 || !key.starts_with(prompt) || key[prompt.size()] != ' ') {
    return false;
  }
  return is_stand_in(key.substr(prompt.size() + 1));
}

}  // namespace

// A draft in the template's shape reads its section's spec from the index, by position.
// Inline: is_placeholder_prose asks it for many lines of every draft, and a call cost ~7
// instructions each (the only callers are here).
inline const SectionSpec* LintContext::spec_of_section(int section) const {
  if (template_ == nullptr) return nullptr;
  return headings_shaped_
             ? template_index_->spec_by_shape_section[static_cast<std::size_t>(section)]
             : find_template_section(template_, document_.sections[section].key);
}

// Read only for a draft's stand-in, which few drafts have: the template is not scanned for it
// at every check.
bool LintContext::is_invited_answer(int section, std::string_view key) const {
  const SectionSpec* spec = spec_of_section(section);
  if (spec == nullptr) return false;
  std::string guidance = spec->guidance;
  const IssueDocument& shown = template_->document;
  for (const Section& heading : shown.sections) {
    if (heading.key != spec->key || heading.position.line != spec->line) continue;
    for (int comment : heading.comments) {
      guidance.append(shown.comments[static_cast<std::size_t>(comment)].text).append("\n");
    }
    for (int prose : heading.prose) guidance.append(shown.prose[prose].text).append("\n");
  }
  const std::vector<std::string> invited = invited_answers(guidance);
  return std::find(invited.begin(), invited.end(), key) != invited.end();
}

bool LintContext::is_placeholder_prose(int section, const Prose& prose) const {
  if (prose.key.empty()) return true;
  if (prose.key == "no response") return true;  // what an issue form writes for an empty answer
  // A stand-in is no answer, unless the template asks for it where the section does not apply.
  if (is_stand_in(prose.key)) return !is_invited_answer(section, prose.key);
  // A bold question or label ("**Steps to reproduce:**") is a prompt; a bold sentence is an
  // answer the author stressed ("**The name is saved.**"), unless the template holds it (below).
  // The cheap test first: most lines end in neither, and need not be read again as written.
  if ((prose.text.ends_with("?") || prose.text.ends_with(":")) && is_prompt(prose)) return true;
  if (template_ == nullptr) return false;
  if (const SectionSpec* spec = spec_of_section(section); spec != nullptr) {
    const auto& keys = spec->placeholder_prose;
    if (std::find(keys.begin(), keys.end(), prose.key) != keys.end()) return true;
    if (std::any_of(keys.begin(), keys.end(), [&](const std::string& prompt) {
          return prompt_then_stand_in(prose.key, prompt);
        })) {
      return true;
    }
  }
  // Placeholder text pasted into another section is still the template's, not the author's.
  if (const TemplateIndex* index = built_index()) {
    const std::uint64_t fingerprint = key_fingerprint(prose.key);
    auto at = std::lower_bound(index->prose_keys.begin(), index->prose_keys.end(), fingerprint,
                               [](const std::pair<std::uint64_t, std::string_view>& entry,
                                  std::uint64_t word) { return entry.first < word; });
    for (; at != index->prose_keys.end() && at->first == fingerprint; ++at) {
      if (at->second == prose.key) return true;
    }
    return false;
  }
  return std::any_of(template_->document.prose.begin(), template_->document.prose.end(),
                     [&](const Prose& other) { return other.key == prose.key; });
}

bool LintContext::is_prompt(const Prose& prose) const { return bold_prompt(document_, prose); }

std::shared_ptr<const TemplateIndex> index_template(const IssueTemplate& issue_template) {
  return index_template(issue_template, nullptr);
}

std::shared_ptr<const TemplateIndex> index_template(
    const IssueTemplate& issue_template, std::shared_ptr<const ReferenceTable> references) {
  auto index = std::make_shared<TemplateIndex>();
  index->issue_template = &issue_template;
  index->texts = issue_template.document.element_text;
  for (const CodeBlock& block : issue_template.document.code_blocks) {
    insert_folded_lines(block.content, index->everywhere);
  }
  for (const SectionSpec& spec : issue_template.sections) {
    // The first spec with a key is the one find_template_section() finds.
    auto [it, inserted] = index->by_section_key.try_emplace(spec.key);
    if (!inserted) continue;
    for (const std::string& code : spec.placeholder_code) insert_folded_lines(code, it->second);
    sort_unique(it->second);
  }
  sort_unique(index->everywhere);
  const IssueDocument& document = issue_template.document;
  // The first spec of each key, as find_template_section() finds it, without a scan of the specs
  // for every section (quadratic in a template of thousands of headings).
  std::unordered_map<std::string_view, const SectionSpec*> first_spec;
  for (const SectionSpec& spec : issue_template.sections) first_spec.try_emplace(spec.key, &spec);
  auto& prose_keys = index->prose_keys;
  for (const Prose& prose : document.prose) {
    prose_keys.emplace_back(key_fingerprint(prose.key), prose.key);
  }
  std::sort(prose_keys.begin(), prose_keys.end());
  prose_keys.erase(std::unique(prose_keys.begin(), prose_keys.end()), prose_keys.end());
  for (const Section& section : document.sections) {
    const auto own = index->by_section_key.find(section.key.str());
    index->by_shape_section.push_back(own == index->by_section_key.end() ? nullptr : &own->second);
    const auto spec = first_spec.find(section.key);
    index->spec_by_shape_section.push_back(spec == first_spec.end() ? nullptr : spec->second);
  }
  // The parser keyed them already: a heading's key is section_key() of its title and of its
  // display title alike, a box's is normalize_key() of its name (tests/parser/known_texts_test.cpp
  // holds the parser to both). Keying them again cost ~44 K instructions a catalog.
  // The first of equal texts wins, as known_key() would find it; the sets keep a hostile
  // template's tens of thousands of headings from a quadratic scan.
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 1; i < document.sections.size(); ++i) {
    const Section& section = document.sections[i];
    for (const std::string_view title : {section.title, section.display_title}) {
      if (seen.insert(title).second) index->heading_keys.emplace_back(title, section.key);
    }
  }
  seen.clear();
  for (const Checkbox& box : document.checkboxes) {
    if (seen.insert(box.name).second) index->option_keys.emplace_back(box.name, box.key);
  }
  // The template document's own look-up structures and answers, computed as a check of it
  // computes them (a context without an index builds its own).
  const LintContext context(document, &issue_template, std::nullopt);
  context.fingerprint_sections();
  context.index_sections();
  context.index_boxes();
  seen.clear();
  for (std::size_t i = 1; i < document.sections.size(); ++i) seen.insert(document.sections[i].key);
  index->every_heading_present =
      std::all_of(issue_template.sections.begin(), issue_template.sections.end(),
                  [&](const SectionSpec& spec) { return spec.level <= 0 || seen.count(spec.key); });
  if (references != nullptr) {
    // Init-captures, not [&]: clang before 16 (Debian 12 has 14) lets no lambda capture a
    // structured binding itself.
    for (const auto& [keys, slot] : references->section_slots()) {
      index->section_answers.emplace_back(slot, context.find_path([&keys = keys](auto visit) {
        for (const std::string& key : keys) {
          if (!visit(key)) return;
        }
      }));
    }
  }
  index->fingerprints = std::move(context.own_fingerprints_);
  index->nesting = std::move(context.own_nesting_);
  index->box_order = std::move(context.own_box_order_);
  if (references == nullptr) return index;
  const auto& boxes = document.checkboxes;
  for (const auto& [key, slot] : references->option_slots()) {
    if (key.empty()) continue;  // find_box() finds nothing for it
    const auto first = std::find_if(boxes.begin(), boxes.end(),
                                    [&key = key](const Checkbox& box) { return box.key == key; });
    if (first == boxes.end() || first->section < 0 ||
        static_cast<std::size_t>(first->section) >= document.sections.size()) {
      continue;
    }
    index->first_boxes.emplace_back(slot, static_cast<std::uint32_t>(first - boxes.begin()));
  }
  index->references = std::move(references);
  return index;
}

const TemplateIndex* LintContext::built_index() const {
  if (template_index_ != nullptr && template_index_->issue_template == template_) {
    return template_index_;
  }
  return own_index_.get();
}

const TemplateIndex& LintContext::template_index() const {
  if (template_index_ != nullptr && template_index_->issue_template == template_) {
    return *template_index_;
  }
  if (!own_index_) own_index_ = index_template(*template_);
  return *own_index_;
}

bool LintContext::is_placeholder_code(int section, const CodeBlock& block) const {
  const auto& blocks = document_.code_blocks;
  const bool own = !blocks.empty() && &block >= blocks.data() &&
                   &block < blocks.data() + blocks.size() && block.section == section;
  if (!own) return is_placeholder_code_uncached(section, block);
  if (placeholder_code_.empty()) placeholder_code_.assign(blocks.size(), -1);
  std::int8_t& known = placeholder_code_[static_cast<std::size_t>(&block - blocks.data())];
  if (known < 0) known = is_placeholder_code_uncached(section, block) ? 1 : 0;
  return known == 1;
}

bool LintContext::is_placeholder_code_uncached(int section, const CodeBlock& block) const {
  if (template_ == nullptr) {
    bool written = false;  // a line that is not blank
    each_folded_line(block.content, [&](std::string_view) { return !(written = true); });
    return !written;
  }
  const TemplateIndex& index = template_index();
  const TemplateIndex::LineSet& everywhere = index.everywhere;
  const TemplateIndex::LineSet* in_section = nullptr;
  if (headings_shaped_) {  // the index is template_index_, and the section is its document's
    in_section = index.by_shape_section[static_cast<std::size_t>(section)];
  } else {
    const auto own = index.by_section_key.find(document_.sections[section].key.str());
    in_section = own == index.by_section_key.end() ? nullptr : &own->second;
  }
  // Every line still the template's example (some may have been deleted): nothing written.
  return each_folded_line(
      block.content,
      [&](char first) {
        return everywhere.may_hold_line_starting(first) ||
               (in_section != nullptr && in_section->may_hold_line_starting(first));
      },
      [&](std::string_view prefix) {
        return holds_line_starting_with(everywhere, prefix) ||
               (in_section != nullptr && holds_line_starting_with(*in_section, prefix));
      },
      [&](std::string_view line) {
        return holds_line(everywhere, line) ||
               (in_section != nullptr && holds_line(*in_section, line));
      });
}

bool LintContext::has_written_content(int section, bool include_subsections) const {
  if (section == kNoIndex) return false;
  auto in_section = [&](int element_section) {
    return inside(element_section, section, include_subsections);
  };
  for (const auto& prose : document_.prose) {
    if (in_section(prose.section) && !is_placeholder_prose(prose.section, prose)) return true;
  }
  for (const auto& block : document_.code_blocks) {
    if (in_section(block.section) && !is_placeholder_code(block.section, block)) return true;
  }
  for (const auto& blank : document_.blanks) {
    if (in_section(blank.section) && blank.filled) return true;
  }
  for (const auto& box : document_.checkboxes) {
    if (box.checked && in_section(box.section) && rewrote_label(box)) return true;
  }
  return false;
}

// A ticked option whose description the author replaced with their own note ("**New sensitive
// data** - phone numbers, hashed with pgcrypto") wrote in the section as prose would.
bool LintContext::rewrote_label(const Checkbox& box) const {
  const Checkbox* original = template_box(box);
  return original != nullptr && normalize_key(original->label) != normalize_key(box.label);
}

const Checkbox* LintContext::template_box(const Checkbox& box) const {
  if (template_ == nullptr) return nullptr;
  const IssueDocument& source = template_->document;
  const std::string_view section_key = document_.sections[box.section].key;
  for (const Checkbox& original : source.checkboxes) {
    if (original.key == box.key && source.sections[original.section].key == section_key) {
      return &original;
    }
  }
  return nullptr;
}

namespace {

// A note the template's own option ends with is its wording, not the author's.
bool has_author_note(const LintContext& context, const Checkbox& box) {
  return !box.key_before_note.empty() && context.template_box(box) == nullptr;
}

}  // namespace

bool LintContext::names_option(const Checkbox& box, std::string_view option_key) const {
  if (box.key == option_key) return true;
  // No name before the notes, or an option that is not even as long: not this option.
  if (box.key_before_note.empty() || option_key.size() < box.key_before_note.size()) return false;
  if (!has_author_note(*this, box)) return false;
  // The author's notes, one at a time from the end ("Node (LTS) (v20)" is "Node (LTS)").
  std::string_view name = box.name;
  for (std::size_t length = length_before_note(name); length < name.size();
       length = length_before_note(name)) {
    name = name.substr(0, length);
    if (name.size() <= box.name_before_note.size()) return box.key_before_note == option_key;
    if (normalize_key(name) == option_key) return true;
  }
  return false;
}

std::string_view LintContext::option_name(const Checkbox& box) const {
  return has_author_note(*this, box) ? box.name_before_note : box.name;
}

void LintContext::report(const RuleInfo& rule, int section, SourcePosition position,
                         std::string message, std::string help) {
  Finding finding;
  finding.rule = rule.id;
  finding.severity = rule.severity;
  finding.section = section == kNoIndex ? std::string() : document_.section_path(section);
  finding.line = position.line;
  finding.column = position.line == 0 ? 0 : std::max(position.column, 1);
  finding.message = std::move(message);
  finding.help = std::move(help);
  findings_.push_back(std::move(finding));
}

void LintContext::report_title(const RuleInfo& rule, std::string message, std::string help) {
  Finding finding;
  finding.rule = rule.id;
  finding.severity = rule.severity;
  finding.section = "title";
  finding.message = std::move(message);
  finding.help = std::move(help);
  findings_.push_back(std::move(finding));
}

void LintContext::report_title_not_checked(const RuleInfo& rule, std::string message,
                                           std::string help) {
  report_title(rule, std::move(message), std::move(help));
  findings_.back().severity = Severity::info;
  findings_.back().did_not_run = true;
}

void LintContext::report_cannot_check(const RuleInfo& rule, std::string_view missing_section) {
  // A rule's check runs whole before the next rule's: the rule that reported last, or a new one.
  if (cannot_check_.empty() || cannot_check_.back().rule != rule.id) {
    Finding finding;
    finding.rule = rule.id;
    finding.severity = Severity::info;
    finding.did_not_run = true;
    findings_.push_back(std::move(finding));
    cannot_check_.push_back({rule.id, findings_.size() - 1, {}, {}});
  }
  CannotCheck& skipped = cannot_check_.back();
  constexpr std::size_t kScanned = 8;
  if (skipped.sections.size() < kScanned) {
    if (std::find(skipped.sections.begin(), skipped.sections.end(), missing_section) ==
        skipped.sections.end()) {
      skipped.sections.emplace_back(missing_section);
    }
    return;
  }
  if (skipped.named.empty()) skipped.named.insert(skipped.sections.begin(), skipped.sections.end());
  if (skipped.named.emplace(missing_section).second) skipped.sections.emplace_back(missing_section);
}

const TemplateSectionPaths& LintContext::template_section_paths() const {
  if (!template_section_paths_) template_section_paths_.emplace(template_);
  return *template_section_paths_;
}

namespace {

// "'A', 'B' and 'C'", naming at most `most`.
std::string named_list(const std::vector<std::string>& names, std::size_t most, bool quoted) {
  const std::size_t shown = std::min(names.size(), most);
  const std::size_t more = names.size() - shown;
  std::string named;
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) named += i + 1 == shown && more == 0 ? " and " : ", ";
    named += quoted ? "'" + names[i] + "'" : names[i];
  }
  if (more > 0) named += " and " + std::to_string(more) + " more";
  return named;
}

// "could not check: the sections 'A', 'B' and 'C' are missing", naming at most a dozen; the
// help names the rules that skipped them, a few at most. An issue form's sections are the
// `### Label` headings GitHub wrote for its fields: its author never saw a template's Markdown.
void word_cannot_check_note(Finding& note, const std::vector<std::string>& sections,
                            const std::vector<std::string>& rules, bool form) {
  const bool one = sections.size() == 1;
  note.message = std::string("could not check: the section") + (one ? " " : "s ") +
                 named_list(sections, 12, true) + (one ? " is missing" : " are missing");
  const std::string restore =
      form  ? (one ? "add its '### ' heading back, as the form writes it, so that "
                   : "add their '### ' headings back, as the form writes them, so that ")
      : one ? "restore the section from the template so that "
            : "restore the sections from the template so that ";
  note.help = rules.size() == 1 ? restore + "this check can run"
                                : restore + "these " + std::to_string(rules.size()) +
                                      " checks can run: " + named_list(rules, 3, false);
}

}  // namespace

// Rules that skipped the same sections share one note, the first's: the seventeen SQL rules
// that read a missing Migration SQL are one note, not seventeen alike.
void LintContext::merge_cannot_check_notes() {
  std::unordered_map<std::string, std::size_t> first_of;  // sections, '\n'-joined -> entry
  std::vector<std::vector<std::string>> rules(cannot_check_.size());
  std::vector<bool> dropped(findings_.size(), false);
  for (std::size_t i = 0; i < cannot_check_.size(); ++i) {
    std::string key;
    for (const std::string& section : cannot_check_[i].sections)
      key.append(section).push_back('\n');
    const auto [first, added] = first_of.try_emplace(std::move(key), i);
    rules[first->second].push_back(cannot_check_[i].rule);
    if (!added) dropped[cannot_check_[i].note] = true;
  }
  const TemplateSectionPaths& paths = template_section_paths();
  for (std::size_t i = 0; i < cannot_check_.size(); ++i) {
    if (rules[i].empty()) continue;
    Finding& note = findings_[cannot_check_[i].note];
    word_cannot_check_note(note, cannot_check_[i].sections, rules[i],
                           template_ != nullptr && template_->kind == TemplateKind::issue_form);
    // Where the missing-section finding puts it: the (first) section's path in the template.
    note.section = paths.path_of(cannot_check_[i].sections.front());
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < findings_.size(); ++i) {
    if (dropped[i]) continue;
    if (kept != i) findings_[kept] = std::move(findings_[i]);  // never moved onto itself
    ++kept;
  }
  findings_.resize(kept);
}

std::vector<Finding> LintContext::take_findings() {
  if (!cannot_check_.empty()) merge_cannot_check_notes();
  cannot_check_.clear();
  return std::exchange(findings_, {});
}

}  // namespace issuelint
