// Where `check` finds its templates and configuration: --template FILE|DIR, else the nearest
// .github/ISSUE_TEMPLATE/ upward from the current directory (or that repository's legacy single
// ISSUE_TEMPLATE.md), else the embedded default.
#pragma once

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

}  // namespace issuelint::cli
