// What a rule sees while it checks one issue: the parsed document, the template it was written
// from, the title, and helpers to find sections and boxes by the template's own wording.
// Built once per issue; the SQL analysis is computed lazily, once, and shared by every rule.
// Some answers (the SQL analysis, which code blocks are the template's) are memoised here, per
// issue, so a context is not shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "parser/document.h"
#include "parser/template.h"
#include "rules/finding.h"
#include "rules/rule_info.h"
#include "rules/table_names.h"
#include "rules/template_section_paths.h"

namespace issuelint {

namespace sql {
struct MigrationAnalysis;
}
struct TemplateIndex;
class ReferenceTable;

// A normalized text that holds a section's place without answering it: "TBD", "N/A", "TODO"...
bool is_stand_in(std::string_view key);

// What every check against `issue_template` reads of it (its example code lines, folded),
// computed once: the catalog keeps one in each template's RuleSet. It describes that template
// object only; a context given one for another object builds its own. The object is told by its
// address, so an index is valid only while that template lives unchanged where it was built
// (the catalog never moves or edits its templates after indexing them).
std::shared_ptr<const TemplateIndex> index_template(const IssueTemplate& issue_template);
// The same, with what `references` (a rule set's table, fully numbered; the index keeps it)
// finds in the template's own document: a check with that table of a draft whose headings are
// the template's starts from those answers (see LintContext).
std::shared_ptr<const TemplateIndex> index_template(
    const IssueTemplate& issue_template, std::shared_ptr<const ReferenceTable> references);

// A section as a rule names it: a title ("Migration SQL") or a path ("Schema Changes >
// Migration SQL"). The keys of its parts are computed once, when the rule is built, so that
// finding the section in a draft compares keys and normalises nothing.
class SectionReference {
 public:
  SectionReference() = default;
  explicit SectionReference(std::string text);
  const std::string& text() const { return text_; }
  // section_key() of each part, empty parts left out; no keys: the reference names nothing.
  const std::vector<std::string>& keys() const { return keys_; }
  bool empty() const { return text_.empty(); }
  // The table that gave this reference its slot (ReferenceTable::number), else nullptr.
  const ReferenceTable* table() const { return table_; }
  std::uint32_t slot() const { return slot_; }

 private:
  friend class ReferenceTable;
  std::string text_;
  std::vector<std::string> keys_;
  const ReferenceTable* table_ = nullptr;
  std::uint32_t slot_ = 0;
};

// An option as a rule names it ("Data Migration"), with its normalize_key() computed once.
class OptionReference {
 public:
  OptionReference() = default;
  explicit OptionReference(std::string name);
  const std::string& name() const { return name_; }
  const std::string& key() const { return key_; }
  // The table that gave this reference its slot (ReferenceTable::number), else nullptr.
  const ReferenceTable* table() const { return table_; }
  std::uint32_t slot() const { return slot_; }

 private:
  friend class ReferenceTable;
  std::string name_;
  std::string key_;
  const ReferenceTable* table_ = nullptr;
  std::uint32_t slot_ = 0;
};

// Slots for the section and option references of one rule set, handed out once when the set is
// built: a check then looks each reference up in the draft once and answers the rules' later
// asks from its slot (a flagship check asks 71 times for a section and 52 times for a box, of
// 15 and 27 distinct keys). References with the same keys share a slot: a look-up reads only
// the keys. The table keeps the keys it numbered; the answers are kept per issue by the
// LintContext. It must outlive the contexts asked about its references, as the rules holding
// them do, and must not number more references while a check runs.
class ReferenceTable {
 public:
  ReferenceTable() = default;
  ReferenceTable(const ReferenceTable&) = delete;
  ReferenceTable& operator=(const ReferenceTable&) = delete;
  void number(SectionReference& reference);
  void number(OptionReference& reference);
  std::uint32_t size() const { return size_; }
  // Gives the references `other` numbered slots of this table too (those with the same keys
  // share one), so that a check meeting both (a rule set's and the SQL rules' shared wording)
  // looks each up once. One table is adopted; another is ignored (its references keep slots of
  // their own). `other` must be fully numbered and outlive this table.
  void adopt(const ReferenceTable& other);
  // This table's slot for slot `slot` of `other`, when it adopted `other`; else nullptr.
  const std::uint32_t* adopted_slot(const ReferenceTable* other, std::uint32_t slot) const {
    return other == adopted_ && slot < adopted_slots_.size() ? &adopted_slots_[slot] : nullptr;
  }
  // The keys numbered, with their slots (adopted ones included).
  const std::vector<std::pair<std::vector<std::string>, std::uint32_t>>& section_slots() const {
    return section_slots_;
  }
  const std::vector<std::pair<std::string, std::uint32_t>>& option_slots() const {
    return option_slots_;
  }

 private:
  std::uint32_t size_ = 0;
  const ReferenceTable* adopted_ = nullptr;
  std::vector<std::uint32_t> adopted_slots_;  // by the adopted table's slot
  std::vector<std::pair<std::vector<std::string>, std::uint32_t>> section_slots_;  // by keys
  std::vector<std::pair<std::string, std::uint32_t>> option_slots_;                // by key
  // The same slots by key, so that numbering a generic template's rules (a reference per
  // heading and per box: tens of thousands in a hostile template) is not quadratic.
  std::map<std::vector<std::string>, std::uint32_t> section_slot_of_;
  std::map<std::string, std::uint32_t, std::less<>> option_slot_of_;
};

// Numbers in `table` the sections LintContext::migration() and declared_tables() read
// ("Migration SQL", "Rollback Script", "New Schema", "Tables Affected"), so that a check whose
// rule set adopted `table` looks each up once or reads its template's answer. Call it once,
// before any check: the SQL rules' shared wording does as it is built (sql_rule_support.cpp).
void number_analysed_sections(ReferenceTable& table);

class LintContext {
 public:
  // `references`: the rule set's table, whose slots (and those of the table it adopted) this
  // check keeps first.
  LintContext(const IssueDocument& document, const IssueTemplate* issue_template,
              std::optional<std::string> title, const TableNamePolicy* table_names = nullptr,
              const TemplateIndex* template_index = nullptr,
              const ReferenceTable* references = nullptr);
  ~LintContext();

  // A heading spelt otherwise is looked for in drafts of at most this many headings.
  static constexpr std::size_t kMostHeadingsSpeltOtherwise = 256;

  // Rules read from the template itself: a heading the author reworded ("Expected result" for
  // "Expected behavior") is the section as well (find_below_reworded).
  void find_reworded_headings() { reworded_headings_ = true; }

  const IssueDocument& document() const { return document_; }
  const IssueTemplate* issue_template() const { return template_; }
  const std::optional<std::string>& title() const { return title_; }
  const TableNamePolicy* table_names() const { return table_names_; }

  // A section by title or by path ("Schema Changes > Migration SQL"); matching ignores emoji,
  // markup, case, punctuation and hints such as "(if applicable)". kNoIndex when absent.
  int find_section(std::string_view reference) const;
  // The first section keyed `key` (a Section::key); failing that, a heading the author added a
  // note to ("Migration SQL (generated by drizzle-kit)"). kNoIndex when neither.
  int find_section_by_key(std::string_view key) const { return find_below(kNoIndex, key); }
  // Inline: a check asks 73 times for 15 sections, so all but the first ask of each read the memo
  // (the call and the memo search cost ~70 instructions an ask).
  int find_section(const SectionReference& reference) const {
    ResolvedReference* memo = memo_of(reference.table(), reference.slot());
    if (memo == nullptr) return find_section_uncached(reference);
    if (memo->section == kUnresolved) memo->section = find_section_uncached(reference);
    return memo->section;
  }
  // A box in `section` (and its sub-sections) by the option's name as the template writes it
  // ("Data Migration", "Other"); an exact name match wins over a label prefix. nullptr if none.
  const Checkbox* find_box(int section, std::string_view option) const;
  const Checkbox* find_box(int section, const OptionReference& option) const {
    ResolvedReference* memo = memo_of(option.table(), option.slot());
    if (memo == nullptr) return find_box_by_key(section, option.key());
    // Asked again in the same section (the usual case), the box found there the first time.
    if (memo->section != section) *memo = {section, find_box_by_key(section, option.key())};
    return memo->box;
  }
  // Every box of a section and its sub-sections, in order.
  std::vector<const Checkbox*> boxes_in(int section, bool include_subsections = true) const;
  bool is_ticked(int section, std::string_view option) const;
  // Is the element's section `section` (or, with include_subsections, one of its descendants)?
  bool inside(int element_section, int section, bool include_subsections) const;
  // Calls visit(box) for every box of `section` (and, with include_subsections, of its
  // sub-sections), in document order, until visit returns false.
  template <typename Visit>
  void each_box_in(int section, bool include_subsections, Visit visit) const {
    const auto [first, last] = box_range(section, include_subsections);
    const bool exact = box_range_exact(include_subsections);
    for (std::size_t i = first; i < last; ++i) {
      const Checkbox& box = document_.checkboxes[i];
      if (!exact && !inside(box.section, section, include_subsections)) continue;
      if (!visit(box)) return;
    }
  }

  // Whether every heading the template's sections name (SectionSpec::key, level above 0) is
  // known, without a search, to be a heading of the draft: its headings are the template's
  // (keys and nesting), and the template's own document has every one. False says nothing.
  bool has_every_template_heading() const;
  // Whether the draft's boxes are known, without a search, to be its template's: as many, each
  // with the template's key in the template's section. False says nothing.
  bool has_every_template_box() const { return boxes_shaped_; }

  // Content an author wrote in the section (prose, code, blanks), template placeholders and
  // template examples not counted. Checkboxes do not count as content, unless the author
  // rewrote a ticked option's description into a note of their own.
  bool has_written_content(int section, bool include_subsections = true) const;
  // The template's box of the same name in the section of the same name, if any.
  const Checkbox* template_box(const Checkbox& box) const;
  // Whether `box` is the option keyed `option_key` (a normalize_key()): by its name, or by its
  // name before a note the author added in parentheses ("users (mentor profiles)"), as a note
  // after " - " or ": " is already left out of the name. A template option whose own wording
  // ends in parentheses is matched by its whole name only.
  bool names_option(const Checkbox& box, std::string_view option_key) const;
  // The option's name as the author meant it: the name before a note of theirs in parentheses.
  std::string_view option_name(const Checkbox& box) const;
  bool is_placeholder_prose(int section, const Prose& prose) const;
  // Whether the template's guidance for the section asks for the answer keyed `key` where the
  // section does not apply (SectionSpec::invited_answers: godot's 'write "N/A" in the field').
  bool is_invited_answer(int section, std::string_view key) const;
  // The template's spec of the draft's section, or null.
  const SectionSpec* spec_of_section(int section) const;
  bool is_placeholder_code(int section, const CodeBlock& block) const;
  // A line the template writes entirely in bold ("**How can this be rolled back?**"): it asks,
  // it is not a blank to replace, so authors rightly leave it (and it counts as placeholder).
  bool is_prompt(const Prose& prose) const;

  // The SQL/Drizzle analysis of the Migration SQL, Rollback Script and New Schema blocks.
  const sql::MigrationAnalysis& migration() const;
  // The ticked Tables Affected options plus the names written in a ticked Other's blank, folded
  // once for every rule that holds tables against them.
  const WrittenTables& declared_tables() const;
  // The template's sections by key, for the paths of missing sections: built once a check, on
  // the first call (a draft missing sections asks from several rules and the notes' merge).
  const TemplateSectionPaths& template_section_paths() const;
  // The repository's table-name policy, or the default one.
  const TableNamePolicy& table_policy() const;

  // Reporting. `section` is an index (its path is filled in) or kNoIndex. Cold: most rules pass
  // on most drafts, so a rule's message building is laid out away from its checks (a check of
  // the flagship draft touches fewer pages of code; docs/PERFORMANCE.md).
  [[gnu::cold]] void report(const RuleInfo& rule, int section, SourcePosition position,
                            std::string message, std::string help = {});
  [[gnu::cold]] void report_title(const RuleInfo& rule, std::string message, std::string help = {});
  // An info note that the title rule could not run (no title was given): Finding::did_not_run.
  [[gnu::cold]] void report_title_not_checked(const RuleInfo& rule, std::string message,
                                              std::string help);
  // "could not check: the section X is missing": info level, one note naming every section a
  // rule skipped, and one for all the rules that skipped the same sections (seventeen SQL rules
  // skip a missing Migration SQL: one note, not seventeen). The note is placed at the (first)
  // section's template path, as its missing-section finding names it, and carries the id of
  // the first of those rules in the rule set's order; its help names the others.
  [[gnu::cold]] void report_cannot_check(const RuleInfo& rule, std::string_view missing_section);

  // A finding built by hand (for example for a section the issue does not have).
  void add(Finding finding) { findings_.push_back(std::move(finding)); }
  const std::vector<Finding>& findings() const { return findings_; }
  std::vector<Finding> take_findings();

  // What look-ups read of a document's headings and boxes, each part built on first use (see
  // fingerprint_sections(), index_sections(), index_boxes()). A draft whose headings (and boxes)
  // are its template's, key for key, reads the template's, built once in its TemplateIndex.
  struct HeadingFingerprints {
    std::vector<std::uint64_t> fingerprints;  // by section, of its key
    // So that find_below() visits the few headings whose fingerprints share a bucket, not every
    // heading: the first section (from 1) of each bucket, then by section the next section of
    // its bucket, kNoIndex ending a chain; chains run in document order.
    std::vector<int> chains;
    std::size_t buckets = 0;  // a power of two
  };
  struct SectionNesting {
    std::vector<int> subtree_end;  // by section, one past its last descendant
    bool nested_in_order = false;  // every descendant lies before subtree_end
  };
  struct BoxOrder {
    std::vector<std::size_t> box_begin;  // by section, when boxes are in order: its first box
    bool in_order = false;               // every box follows its section's order
  };

 private:
  friend std::shared_ptr<const TemplateIndex> index_template(
      const IssueTemplate& issue_template, std::shared_ptr<const ReferenceTable> references);
  const IssueDocument& document_;
  const IssueTemplate* template_;
  std::optional<std::string> title_;
  const TableNamePolicy* table_names_;
  std::vector<Finding> findings_;
  // Per rule that could not check some sections: its note (an index into findings_) and the
  // sections, named in the note's message when the findings are taken (written at each call,
  // the message made a template of thousands of missing sections quadratic).
  struct CannotCheck {
    std::string rule;
    std::size_t note = 0;
    std::vector<std::string> sections;  // distinct, in the order reported
    // The same sections, for a rule that skips many (a template of thousands of sections): a
    // few are told apart by a scan, without a node allocated for each.
    std::unordered_set<std::string> named;
  };
  std::vector<CannotCheck> cannot_check_;
  // Words the notes, one for the rules that skipped the same sections (take_findings()).
  void merge_cannot_check_notes();
  // shared_ptr so that this header needs no complete MigrationAnalysis type to destroy it.
  mutable std::shared_ptr<sql::MigrationAnalysis> migration_;
  mutable std::optional<WrittenTables> declared_tables_;
  mutable std::optional<TemplateSectionPaths> template_section_paths_;

  // What a numbered reference found, kept in its slot for the rest of the check: for a section
  // reference the section (kUnresolved until looked up); for an option reference the section it
  // was looked for in and the box found there.
  static constexpr int kUnresolved = kNoIndex - 1;
  struct ResolvedReference {
    int section = kUnresolved;
    const Checkbox* box = nullptr;
  };
  struct ReferenceMemo {
    const ReferenceTable* table = nullptr;
    std::vector<ResolvedReference> slots;  // by slot, sized to the table
  };
  // The reference's slot in this issue's memo; nullptr when it has none (not numbered, or a
  // third table: one rule set's and the SQL rules' shared wording's are the two a check meets).
  ResolvedReference* resolved(const ReferenceTable* table, std::uint32_t slot) const;
  // resolved(), with the two tables of a rule set's references (its own and the one it adopted)
  // answered inline: a slot index and a bound check, where resolved() is a call and a search.
  ResolvedReference* memo_of(const ReferenceTable* table, std::uint32_t slot) const {
    ReferenceMemo& own = reference_memos_[0];
    if (table == nullptr || own.table == nullptr) return resolved(table, slot);
    if (table != own.table) {
      const std::uint32_t* adopted = own.table->adopted_slot(table, slot);
      if (adopted == nullptr) return resolved(table, slot);
      slot = *adopted;
    }
    return slot < own.slots.size() ? &own.slots[slot] : nullptr;
  }
  int find_section_uncached(const SectionReference& reference) const;
  // Compares the draft's headings and boxes with the template's (when the template's index is
  // at hand) and, where they are the same, takes the index's look-up structures and answers.
  void adopt_template_shape(const ReferenceTable* references);
  mutable std::array<ReferenceMemo, 2> reference_memos_;

  // The section whose parts' keys match, one by one, along a path of sub-sections.
  template <typename EachPart>
  int find_path(EachPart each_part) const;
  // The first section (below `scope` unless kNoIndex) whose Section::key is `key`.
  int find_below(int scope, std::string_view key) const;
  // Of the headings of one key under one parent (`first`, then `second` and any after it), the
  // one the author answered under, else `first`.
  int answered_copy(int first, int second) const;
  // A template read as a draft of itself (its index is built so): nothing of it is an answer.
  bool reads_template_itself() const {
    return template_ != nullptr && &document_ == &template_->document;
  }
  // The one heading keyed `key` anywhere in the draft, when the template too has one section of
  // that key only; else kNoIndex. A path's last resort: the section kept under another parent.
  int find_only_heading(std::string_view key) const;
  bool template_repeats_key(std::string_view key) const;
  bool is_template_key(std::string_view key) const;
  int find_below_without_note(int scope, std::string_view key) const;
  int find_below_spelt_otherwise(int scope, std::string_view key) const;
  int find_below_reworded(int scope, std::string_view key) const;
  bool reworded_from(std::string_view heading, std::string_view key) const;
  bool rewrote_label(const Checkbox& box) const;
  void fingerprint_sections() const;
  int find_section_by_text(std::string_view reference) const;
  const Checkbox* find_box_by_key(int section, std::string_view key) const;
  // Where the boxes each_box_in() visits lie in IssueDocument::checkboxes: found by binary
  // search when boxes and sub-sections are in document order (as the parser writes them), else
  // every box (inside() then sorts them out).
  std::pair<std::size_t, std::size_t> box_range(int section, bool include_subsections) const;
  // Whether box_range() holds only boxes inside the section, so that each_box_in() tests none
  // (inside() for each box was a call a box): boxes in their sections' order and, with
  // sub-sections, sections nested in order. Valid once box_range() has indexed the sections.
  bool box_range_exact(bool include_subsections) const {
    return box_order_->in_order && (!include_subsections || nesting_->nested_in_order);
  }
  const SectionNesting& nesting() const {
    if (nesting_ == nullptr) index_sections();
    return *nesting_;
  }
  const BoxOrder& box_order() const {
    if (box_order_ == nullptr) index_boxes();
    return *box_order_;
  }
  void index_sections() const;
  void index_boxes() const;
  // Whether every section's parent is the section before it or one of that one's ancestors
  // (as the parser writes them): then one pass with a stack of the open sections fills
  // subtree_end, where testing each following section for descent walked up its parents
  // (index_sections: 3,450 instructions a flagship check).
  bool index_sections_nested_in_order(std::vector<int>& subtree_end) const;
  // Memoised answers (see the class comment).
  bool is_placeholder_code_uncached(int section, const CodeBlock& block) const;
  const TemplateIndex& template_index() const;
  // The template's index if one is at hand (given, or built already), else nullptr.
  const TemplateIndex* built_index() const;
  // The look-up structures in use: this context's own (built on first use) or the template's.
  // template_repeats_key(): the keys of sections the template has more than once.
  mutable std::optional<std::unordered_set<std::string>> template_repeated_keys_;
  // find_below_without_note(): the key of each heading that ends with the author's note.
  mutable std::optional<std::vector<std::pair<std::string, int>>> noted_headings_;
  mutable const HeadingFingerprints* fingerprints_ = nullptr;
  mutable const SectionNesting* nesting_ = nullptr;
  mutable const BoxOrder* box_order_ = nullptr;
  mutable HeadingFingerprints own_fingerprints_;
  mutable SectionNesting own_nesting_;
  mutable BoxOrder own_box_order_;
  // The draft's headings are the template's (keys and parents), and so are its boxes (sections
  // and keys): set by adopt_template_shape().
  bool headings_shaped_ = false;
  bool reworded_headings_ = false;
  bool boxes_shaped_ = false;
  // References and options named by text (the SQL rules' constants): a few, asked for again and
  // again, keyed once per issue.
  mutable std::vector<std::pair<std::string, int>> sections_by_text_;
  mutable std::vector<std::pair<std::string, std::string>> option_keys_by_text_;
  mutable std::vector<std::int8_t> placeholder_code_;  // by code block: -1 unknown, 0 no, 1 yes
  const TemplateIndex* template_index_;                // given, when built for template_
  mutable std::shared_ptr<const TemplateIndex> own_index_;  // else built on first use
};

}  // namespace issuelint
