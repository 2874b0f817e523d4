// A repository's templates, each with the rule set that applies to it, and the choice of
// template for a given issue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parser/known_texts.h"
#include "parser/template.h"
#include "rules/config.h"
#include "rules/rule_set.h"

namespace issuelint {

class BuiltinPackCache;

struct CatalogEntry {
  IssueTemplate issue_template;
  RuleSet rules;
};

struct TemplateChoice {
  const CatalogEntry* entry = nullptr;
  double score = 0;
  std::string reason;  // "title prefix [DB] and 18/20 sections"
};

class TemplateCatalog {
 public:
  // Builds the rule set of every template: a pack named by the configuration, else a
  // built-in pack that recognises the template, else the rules the template itself implies.
  // Configuration overrides are applied; one naming no known rule is an Error, one naming a
  // known rule that no selected template uses is a warning.
  static Result<TemplateCatalog> build(std::vector<IssueTemplate> templates,
                                       const RepositoryConfig* config);
  // The embedded default: the flagship Database Migration template with its pack.
  static Result<TemplateCatalog> builtin_default(const RepositoryConfig* config = nullptr);

  // The template the issue was most likely written from; nullopt when none fits. Of templates
  // that fit it equally, the one whose title prefix the title has exactly (not only folded),
  // then the one of whose `labels:` the issue has most (`labels`: the issue's, none for a draft).
  std::optional<TemplateChoice> choose(const IssueDocument& document,
                                       const std::optional<std::string>& title,
                                       const std::vector<std::string>& labels = {}) const;

  // The repository's template chooser offers a blank issue as well (config.yml's
  // `blank_issues_enabled: true`): a lone template then takes only the drafts that fit it, as
  // one of several does, and a body that follows it not at all is a blank issue, unmatched.
  void offer_blank_issues() { lone_template_ = false; }

  const std::vector<CatalogEntry>& entries() const { return entries_; }
  // Reads every template's box labels, box names and headings into known_texts(), which
  // parse_issue then asks before working a draft's out again (a draft repeats most of its
  // template's word for word). For a catalog that checks many drafts: learning the flagship
  // template costs about 190 K instructions and saves about 16 K a flagship draft.
  void learn_template_texts();
  // Empty until learn_template_texts().
  const KnownTexts& known_texts() const { return known_texts_; }
  UnmatchedPolicy unmatched() const { return unmatched_; }
  // The configuration's word on the template-unmatched finding (off, or its severity).
  const CoreRuleSetting& unmatched_setting() const { return unmatched_setting_; }
  // Settings of the configuration that did nothing here (a known rule or a label that no linted
  // template uses, a template or pack entry that names no template), each at its file:line:col.
  const std::vector<Error>& warnings() const { return warnings_; }

 private:
  static Result<TemplateCatalog> build(std::vector<IssueTemplate> templates,
                                       const RepositoryConfig* config,
                                       BuiltinPackCache& builtin_packs);

  // What choose() reads of a template, computed once when the catalog is built.
  struct ChoiceKeys {
    std::vector<std::string> section_keys;  // distinct, sorted
    // key_fingerprint() of each key, by index into section_keys, and those indices (plus one; 0
    // is a free entry) hashed by fingerprint into a table at most half full: a heading is found
    // by comparing words at one or two entries, and its text only where the words are equal
    // (a binary search of sorted fingerprints was ~5 steps a heading).
    std::vector<std::uint64_t> key_fingerprints;
    std::vector<std::uint32_t> key_table;
    std::string title_prefix;      // the front matter's title up to a placeholder, trimmed
    std::string title_prefix_key;  // normalize_key() of it
    // The index into section_keys of the template's title heading (SectionSpec::is_title), else
    // section_keys.size(): a draft that dropped it misses no section.
    std::size_t title_slot = 0;
  };
  static ChoiceKeys choice_keys(const IssueTemplate& issue_template);
  // How many of a template's distinct section keys a draft has, of how many, and the draft's
  // distinct keys: what choose() scores.
  struct Overlap {
    int found = 0;
    int template_total = 0;
    int issue_total = 0;
  };
  // The index of the entry whose template's headings have the draft's keys, in order (a draft
  // kept in its template's shape), else entries_.size().
  std::size_t shaped_entry(const IssueDocument& document) const;
  // A template without sections for a non-empty draft that fits no other, else nullopt.
  std::optional<TemplateChoice> free_form_choice(const IssueDocument& document) const;
  // Whether a template left out of `templates:` fits the draft better than the best linted one
  // (`score`, its prefix `exact`ly in the title).
  bool claimed_by_excluded(const IssueDocument& document, const std::optional<std::string>& title,
                           double score, bool exact) const;

  std::vector<CatalogEntry> entries_;
  std::vector<ChoiceKeys> choice_keys_;           // by entry
  std::vector<ChoiceKeys> excluded_choice_keys_;  // of the templates `templates:` leaves out
  // By entry i, then entry j (i * entries + j): the overlap of i's template's document with j's
  // template, which is every draft's with the headings of i's (choose() reads only their keys).
  std::vector<Overlap> shaped_overlaps_;
  KnownTexts known_texts_;
  std::vector<Error> warnings_;
  UnmatchedPolicy unmatched_ = UnmatchedPolicy::quiet;
  CoreRuleSetting unmatched_setting_;
  bool lone_template_ = false;  // the one template there was to choose from (see choose())
};

}  // namespace issuelint
