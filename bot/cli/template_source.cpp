#include "bot/cli/template_source.h"

#include <filesystem>

#include "parser/template.h"

namespace issuelint::cli {

namespace fs = std::filesystem;

namespace {

// Whether something is at `path` (a dangling link counts: it is there, and unreadable).
bool is_there(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() != fs::file_type::not_found && !error;
}

// A legacy single template (ISSUE_TEMPLATE.md, in any case) in `folder`, if one is there.
std::optional<fs::path> single_template_in(const fs::path& folder) {
  std::error_code error;
  for (fs::directory_iterator entry(folder, error), end; !error && entry != end;
       entry.increment(error)) {
    if (is_single_issue_template_name(entry->path().filename().string()) &&
        !entry->is_directory(error)) {
      return entry->path();
    }
  }
  return std::nullopt;
}

// The templates of the repository whose root is `directory`: its .github/ISSUE_TEMPLATE folder,
// else its legacy single template, where GitHub looks for it (.github, the root, docs); nullopt
// when it has none. A folder that is there but cannot be read as a directory (a link to itself,
// no permission) is an error, not a reason to fall back on the built-in template without a word.
Result<std::optional<fs::path>> repository_templates(const fs::path& directory) {
  std::error_code error;
  const fs::path candidate = directory / ".github" / "ISSUE_TEMPLATE";
  if (fs::is_directory(candidate, error)) return std::optional<fs::path>(candidate);
  if (error && is_there(candidate)) {
    return make_error("cannot read the template directory: " + error.message(), candidate.string());
  }
  for (std::string_view folder : kSingleIssueTemplateFolders) {
    if (auto single = single_template_in(directory / folder)) return single;
  }
  return std::optional<fs::path>();
}

// The templates of the nearest repository upward from `directory`.
Result<std::optional<fs::path>> discover_templates_upward(fs::path directory) {
  for (int depth = 0; depth < 64; ++depth) {
    auto found = repository_templates(directory);
    if (!found || *found) return found;
    if (!directory.has_parent_path() || directory.parent_path() == directory) break;
    directory = directory.parent_path();
  }
  return std::optional<fs::path>();
}

// `--template .github` or `--template .`: a repository's .github folder, or its root, names its
// templates, found as from within it. The .github folder's other Markdown files (a pull request
// template, CONTRIBUTING.md) are no issue templates, and the root's README.md is none either.
fs::path named_templates(const fs::path& named) {
  fs::path path = named.lexically_normal();
  if (path.filename().empty()) path = path.parent_path();  // ".github/"
  std::error_code error;
  fs::path root;
  if (path.filename() == ".github") {
    root = path.parent_path();
  } else if (fs::is_directory(path / ".github", error)) {
    root = path;
  } else {
    return named;
  }
  auto found = repository_templates(root.empty() ? fs::path(".") : root);
  return found && *found ? (*found)->lexically_normal() : named;
}

// The .github folder whose issuelint.yml goes with templates found or named at `templates`: the
// parent of an ISSUE_TEMPLATE folder (or of a file in it), and the repository's for a legacy
// single template (.github/ISSUE_TEMPLATE.md, ISSUE_TEMPLATE.md, docs/ISSUE_TEMPLATE.md). Any
// other template has no configuration of its own.
std::optional<fs::path> repository_github_folder(const fs::path& templates) {
  fs::path path = templates.lexically_normal();  // "ISSUE_TEMPLATE/" has no filename
  if (path.filename().empty()) path = path.parent_path();
  std::error_code error;
  const bool single =
      !fs::is_directory(path, error) && is_single_issue_template_name(path.filename().string());
  if (!single) {
    const fs::path folder = fs::is_directory(path, error) ? path : path.parent_path();
    if (folder.filename() == "ISSUE_TEMPLATE") return folder.parent_path();
    return std::nullopt;
  }
  const fs::path parent = path.parent_path();
  if (parent.filename() == ".github") return parent;
  if (parent.filename() == "docs") return parent.parent_path() / ".github";
  return parent / ".github";
}

Result<std::optional<RepositoryConfig>> load_config(const std::string& config_option,
                                                    const std::optional<fs::path>& github_folder) {
  if (!config_option.empty()) {
    auto config = load_config_file(config_option);
    if (!config) return config.error();
    return std::optional<RepositoryConfig>(std::move(*config));
  }
  if (github_folder) {
    // A file there that cannot be read (a directory, a link loop) is an error, as with
    // --config: the repository's settings silently dropped would change the verdict.
    const fs::path beside = *github_folder / "issuelint.yml";
    if (is_there(beside)) {
      auto config = load_config_file(beside.string());
      if (!config) return config.error();
      return std::optional<RepositoryConfig>(std::move(*config));
    }
  }
  return std::optional<RepositoryConfig>();
}

// ".github/issuelint.yaml" (the spelling many tools accept) is not read: said, since the
// repository's settings would otherwise be dropped without a word.
void warn_misnamed_config(const fs::path& github, std::vector<Error>& warnings) {
  if (is_there(github / "issuelint.yml")) return;
  const fs::path misnamed = github / "issuelint.yaml";
  if (!is_there(misnamed)) return;
  warnings.push_back(make_error("this file is not read: the configuration is .github/issuelint.yml",
                                misnamed.string()));
}

// A directory's templates as its chooser offers them; a file named alone is the template, and
// offers no blank issue beside it.
Result<TemplateDirectory> load_templates(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return read_template_directory(path.string());
  if (!is_there(path)) return make_error("no such template file or directory", path.string());
  auto issue_template = load_template_file(path.string());
  if (!issue_template) return issue_template.error();
  TemplateDirectory named;
  named.templates.push_back(std::move(*issue_template));
  return named;
}

// The templates at `template_path` (none: the built-in one), with their configuration.
// `template_option`: --template as given, "" when the templates were found upward.
Result<TemplateSource> load_template_source(const std::optional<fs::path>& template_path,
                                            const std::string& template_option,
                                            const std::string& config_option) {
  std::error_code not_a_directory;
  const std::optional<fs::path> template_dir =
      template_path && fs::is_directory(*template_path, not_a_directory) ? template_path
      : template_path ? std::optional<fs::path>(template_path->parent_path())
                      : std::nullopt;
  const std::optional<fs::path> github_folder =
      template_path ? repository_github_folder(*template_path) : std::nullopt;
  auto config = load_config(config_option, github_folder);
  if (!config) return config.error();
  std::vector<Error> warnings;
  if (config_option.empty() && github_folder) warn_misnamed_config(*github_folder, warnings);
  const RepositoryConfig* config_pointer = *config ? &**config : nullptr;

  if (!template_path) {
    auto catalog = TemplateCatalog::builtin_default(config_pointer);
    if (!catalog) return catalog.error();
    return TemplateSource{std::move(*catalog),
                          "the built-in Database Migration template",
                          "",
                          std::move(warnings),
                          {}};
  }
  auto found = load_templates(*template_path);
  if (!found) return found.error();
  // A template GitHub refuses is not offered: the others still judge the drafts, and the run
  // still fails (run_check) so that the refusal is fixed. With none left, nothing can judge.
  if (found->templates.empty()) return found->refused.front();
  auto catalog = TemplateCatalog::build(std::move(found->templates), config_pointer);
  if (!catalog) return catalog.error();
  if (found->blank_issues_enabled.value_or(false)) catalog->offer_blank_issues();
  // A directory found upward is named from here (".github/ISSUE_TEMPLATE", "../.github/..."),
  // as the user would type it; a path given is named as given.
  std::error_code error;
  const fs::path shown =
      template_option.empty() ? fs::proximate(*template_path, error) : *template_path;
  const std::string named = (error ? *template_path : shown).string();
  return TemplateSource{std::move(*catalog),
                        template_dir == template_path ? "the templates in " + named : named,
                        template_dir ? template_dir->string() : std::string(), std::move(warnings),
                        std::move(found->refused)};
}

}  // namespace

Result<TemplateSource> find_templates(const std::string& template_option,
                                      const std::string& config_option) {
  if (!template_option.empty()) {
    return load_template_source(named_templates(template_option), template_option, config_option);
  }
  std::error_code error;
  const fs::path here = fs::current_path(error);
  if (error) return load_template_source(std::nullopt, template_option, config_option);
  auto found = discover_templates_upward(here);
  if (!found) return found.error();
  return load_template_source(*found, template_option, config_option);
}

// Walked as the draft is named (relative, or absolute), so that the templates found are named
// alike. A relative name's walk ends at the current directory, whose ancestors find_templates()
// has already looked in.
Result<std::optional<fs::path>> templates_near(const std::string& draft) {
  const fs::path directory = fs::path(draft).lexically_normal().parent_path();
  if (directory.empty()) return std::optional<fs::path>();
  return discover_templates_upward(directory);
}

Result<TemplateSource> find_templates_at(const fs::path& found, const std::string& config_option) {
  return load_template_source(found, found.string(), config_option);
}

}  // namespace issuelint::cli
