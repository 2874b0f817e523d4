// Where `check` finds its templates and configuration: --template FILE|DIR, else the nearest
// .github/ISSUE_TEMPLATE/ upward from the current directory (or that repository's legacy single
// ISSUE_TEMPLATE.md), else upward from a draft's own directory, else the embedded default.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rules/template_catalog.h"

namespace issuelint::cli {

struct TemplateSource {
  TemplateCatalog catalog;
  std::string description;      // "templates from .github/ISSUE_TEMPLATE", "the built-in default"
  std::string template_dir;     // the directory the templates came from ("" for built-in)
  std::vector<Error> warnings;  // about finding them, beside the catalog's own
  std::vector<Error> refused;   // templates of the directory that do not load, left out
};

// `template_option` and `config_option` are the flags as given ("" when absent). Without
// --config, a .github/issuelint.yml beside the discovered templates is used.
Result<TemplateSource> find_templates(const std::string& template_option,
                                      const std::string& config_option);

// The templates of the repository a draft's file is in (the nearest .github/ISSUE_TEMPLATE/ or
// legacy ISSUE_TEMPLATE.md upward from its directory), if any: for a draft checked from outside
// its repository, where find_templates() found none.
Result<std::optional<std::filesystem::path>> templates_near(const std::string& draft);

// The templates templates_near() found, named by that path, with the .github/issuelint.yml
// beside them unless `config_option` names one.
Result<TemplateSource> find_templates_at(const std::filesystem::path& found,
                                         const std::string& config_option);

}  // namespace issuelint::cli
