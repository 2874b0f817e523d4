// How a section of the template is named where the issue lacks it: its path, "Schema Changes >
// Migration SQL", the title under its parents' titles. One definition for the missing-section
// findings and the "could not check" notes that follow from them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "parser/template.h"

namespace issuelint {

class TemplateSectionPaths {
 public:
  // Indexes the sections of `issue_template` (may be null: then nothing is found) by key.
  explicit TemplateSectionPaths(const IssueTemplate* issue_template);
  // The template's first section keyed `key`, else nullptr.
  const SectionSpec* find(const std::string& key) const;
  // "Schema Changes > Migration SQL": the spec's title under its parents' titles.
  std::string path_of(const SectionSpec& spec) const;
  // The path of the section a rule names: a path ("A > B") as written; a title by the
  // template's section of that title, else as written.
  std::string path_of(std::string_view reference) const;

 private:
  const IssueTemplate* template_;
  std::unordered_map<std::string, std::size_t> specs_by_key_;  // the first of a key wins
};

}  // namespace issuelint
