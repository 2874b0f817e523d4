#include "rules/template_section_paths.h"

#include "parser/normalize.h"

namespace issuelint {

TemplateSectionPaths::TemplateSectionPaths(const IssueTemplate* issue_template)
    : template_(issue_template) {
  if (issue_template == nullptr) return;
  for (std::size_t i = 0; i < issue_template->sections.size(); ++i) {
    specs_by_key_.emplace(issue_template->sections[i].key, i);
  }
}

const SectionSpec* TemplateSectionPaths::find(const std::string& key) const {
  const auto found = specs_by_key_.find(key);
  return found == specs_by_key_.end() ? nullptr : &template_->sections[found->second];
}

std::string TemplateSectionPaths::path_of(const SectionSpec& spec) const {
  std::string path = spec.title;
  std::string parent = spec.parent_key;
  for (int guard = 0; !parent.empty() && guard < 8; ++guard) {
    const SectionSpec* above = find(parent);
    if (above == nullptr) break;
    path = above->title + " > " + path;
    parent = above->parent_key;
  }
  return path;
}

std::string TemplateSectionPaths::path_of(std::string_view reference) const {
  if (reference.find('>') == std::string_view::npos) {
    if (const SectionSpec* spec = find(section_key(reference))) return path_of(*spec);
  }
  return std::string(reference);
}

}  // namespace issuelint
