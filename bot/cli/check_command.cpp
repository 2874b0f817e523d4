// issuelint check: the verdict an author gets locally, before filing.
#include "bot/cli/check_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/cli/commands.h"
#include "bot/cli/template_source.h"
#include "bot/report/github_annotations.h"
#include "bot/report/inert_text.h"
#include "bot/report/json_report.h"
#include "bot/report/sarif_report.h"
#include "bot/report/text_report.h"
#include "bot/triage.h"
#include "parser/utf8.h"

namespace issuelint::cli {

namespace {

struct Draft {
  std::string name;  // as given; "<stdin>" for -
  std::string body;
  std::optional<Error> unreadable;  // why it could not be read: it gets no verdict
};

// How much to ask of the first read: a regular file's size and one byte more (the end is then
// seen by the next read), else 64 KB.
std::size_t first_read_size(int fd) {
  struct stat info {};
  constexpr std::size_t kChunk = 1 << 16;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) return kChunk;
  return static_cast<std::size_t>(info.st_size) + 1;
}

// Every byte from `fd`, or the reason the read failed: a read error (EIO, a directory on stdin)
// is a draft that could not be read, not an empty one. Read straight into the string, whose
// heap prefault.cpp has mapped: a 64 KB buffer on the stack cost every check two page faults.
Result<std::string> read_all(int fd, const std::string& where) {
  std::string text;
  std::size_t chunk = first_read_size(fd);
  while (true) {
    const std::size_t used = text.size();
    text.resize(used + chunk);
    const ssize_t got = ::read(fd, text.data() + used, chunk);
    text.resize(used + static_cast<std::size_t>(std::max<ssize_t>(got, 0)));
    if (got == 0) return text;
    if (got < 0) {
      if (errno == EINTR) continue;
      return make_error(std::string("cannot read the file: ") + std::strerror(errno), where);
    }
    chunk = std::max<std::size_t>(chunk, 1 << 16);
  }
}

// A draft saved as UTF-16 is read as the text it holds (lines and columns then count its
// characters as they would in UTF-8).
std::string as_utf8(std::string text) {
  if (auto decoded = utf8::from_utf16_with_bom(text)) return std::move(*decoded);
  return text;
}

Result<Draft> read_draft(const std::string& path) {
  if (path == "-") {
    auto text = read_all(STDIN_FILENO, "<stdin>");
    if (!text) return text.error();
    return Draft{"<stdin>", as_utf8(std::move(*text)), std::nullopt};
  }
  // An empty name (an unset variable in a script) names no file; said with the quotes shown.
  if (path.empty()) return make_error("no such file (the name given is empty)", "''");
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return make_error("is a directory, not an issue draft", path);
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(errno == ENOENT
                          ? std::string("no such file")
                          : std::string("cannot read the file: ") + std::strerror(errno),
                      path);
  }
  auto text = read_all(fd, path);
  ::close(fd);
  if (!text) return text.error();
  return Draft{path, as_utf8(std::move(*text)), std::nullopt};
}

// A draft of many megabytes can take more memory than there is (each NUL or bad byte becomes a
// 3-byte U+FFFD, and the parse keeps more): that draft is one that could not be checked, exit
// 2 naming it, and the others are still judged, as after a failed read.
Error out_of_memory(const std::string& name, std::string_view doing) {
  return make_error("out of memory " + std::string(doing), name);
}

Result<Draft> read_draft_within_memory(const std::string& path) {
  try {
    return read_draft(path);
  } catch (const std::bad_alloc&) {
    return out_of_memory(path == "-" ? "<stdin>" : path, "while reading the draft");
  }
}

// The triage, or nothing with `draft.unreadable` saying why.
std::optional<TriageResult> triage_within_memory(const TemplateCatalog& catalog,
                                                 const TriageRequest& request, Draft& draft) {
  try {
    return triage(catalog, request);
  } catch (const std::bad_alloc&) {
    draft.unreadable = out_of_memory(
        draft.name, "while checking the draft (" + std::to_string(request.body.size()) + " bytes)");
    return std::nullopt;
  }
}

// Which template judged the draft, and why; its file too when another template shares its id
// (bug_report.md and bug_report.yml side by side are both "bug_report").
std::string choice_note(const TriageResult& result, const TemplateSource& source) {
  if (!result.verdict.template_matched) return "no template matches (" + source.description + ")";
  const std::string file = std::filesystem::path(result.template_source).filename().string();
  const auto& entries = source.catalog.entries();
  const bool id_shared =
      std::count_if(entries.begin(), entries.end(), [&](const CatalogEntry& entry) {
        return entry.issue_template.id == result.verdict.template_id;
      }) > 1;
  const bool named_by_file = id_shared && !file.empty();
  return "template '" + result.verdict.template_id + "'" +
         (named_by_file ? " (" + file + ", " : " (") + result.choice_reason + ") from " +
         source.description;
}

constexpr std::size_t kDraftsWorthLearningTemplates = 16;

int exit_code_for(const Verdict& verdict) { return verdict.outcome == Outcome::ok ? 0 : 1; }

// JSON Lines keep one line per file in argument order: a file that could not be read gets a
// line that says so, where its verdict would be, "file" first as the README shows it.
std::string unreadable_json_line(const Draft& draft) {
  nlohmann::ordered_json line;
  line["file"] = draft.name;
  line["error"] = draft.unreadable->message;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// A relative name that climbs out of the current directory ("../x.md") is no path under the
// checkout's root, which code scanning resolves %SRCROOT% to.
bool climbs_out(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(name).lexically_normal();
  return path.is_relative() && !path.empty() && *path.begin() == "..";
}

// The name SARIF gives a draft: the first spelling of its file in the arguments, so that
// `x.md`, `./x.md` and its absolute path are one artifact, as the same file is; its absolute
// path (a file:// URI) for a spelling that climbs out of the current directory.
std::vector<std::string> sarif_names(const std::vector<Draft>& drafts) {
  std::vector<std::string> names;
  std::map<std::filesystem::path, std::string> first_spelling;
  for (const Draft& draft : drafts) {
    if (draft.name == "<stdin>") {
      names.push_back(draft.name);
      continue;
    }
    std::error_code error;
    std::filesystem::path file = std::filesystem::weakly_canonical(draft.name, error);
    if (error) file = std::filesystem::absolute(draft.name, error).lexically_normal();
    const std::string spelling = climbs_out(draft.name) ? file.string() : draft.name;
    names.push_back(first_spelling.emplace(file, spelling).first->second);
  }
  return names;
}

// Every rule of the templates that judged the drafts, each id once (the first source's).
std::vector<RuleInfo> rule_infos_of(const std::vector<TemplateSource>& sources) {
  std::vector<RuleInfo> infos;
  for (const TemplateSource& source : sources) {
    for (RuleInfo& info : catalog_rule_infos(source.catalog)) {
      const bool known = std::any_of(infos.begin(), infos.end(),
                                     [&](const RuleInfo& other) { return other.id == info.id; });
      if (!known) infos.push_back(std::move(info));
    }
  }
  return infos;
}

// `verdicts[i]` is drafts[i]'s; empty for a draft that could not be read. `sources`: the
// templates that judged them; those they left out fail the run.
void write_reports(const CheckOptions& options, const std::vector<Draft>& drafts,
                   const std::vector<std::optional<Verdict>>& verdicts,
                   const std::vector<TemplateSource>& sources) {
  if (options.format == "sarif") {
    std::vector<SarifArtifact> artifacts;
    const std::vector<std::string> names = sarif_names(drafts);
    for (std::size_t i = 0; i < drafts.size(); ++i) {
      if (verdicts[i]) {
        artifacts.emplace_back(names[i], &*verdicts[i]);
      } else {
        artifacts.emplace_back(names[i], drafts[i].unreadable->describe());
      }
    }
    // Only SARIF lists the rules: copying every rule's documentation is for it alone.
    std::vector<std::string> failures;
    for (const TemplateSource& source : sources) {
      for (const Error& refused : source.refused) failures.push_back(refused.describe());
    }
    std::cout << render_sarif_report(artifacts, rule_infos_of(sources), {}, failures);
    return;
  }
  if (options.format == "github") {
    // GitHub's limit of annotations is per step: one count over every draft.
    std::vector<AnnotatedVerdict> annotated;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
      const std::string& name = drafts[i].name;
      const std::string file = name == "<stdin>" ? std::string() : name;
      if (verdicts[i]) {
        annotated.push_back({file, &*verdicts[i], {}});
      } else {
        annotated.push_back({file, nullptr, drafts[i].unreadable->describe()});
      }
    }
    std::cout << render_github_annotations(annotated);
    return;
  }
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    if (!verdicts[i]) {
      if (options.format == "json") std::cout << unreadable_json_line(drafts[i]);
      continue;  // its reason is on stderr
    }
    const Verdict& verdict = *verdicts[i];
    if (options.format == "json") {
      std::cout << (drafts.size() == 1 ? render_json_report(verdict)
                                       : render_json_line(verdict, drafts[i].name));
    } else if (options.format == "markdown") {
      // Several comments one after another: a line that names each draft, hidden when rendered.
      if (drafts.size() > 1) {
        std::cout << "<!-- issuelint: draft " << html_comment_text(drafts[i].name) << " -->\n";
      }
      std::cout << verdict.comment;
      if (drafts.size() > 1 && i + 1 < drafts.size()) std::cout << "\n";
    } else {
      TextReportOptions text;
      text.colour = colour_wanted(options.colour, isatty(fileno(stdout)) != 0,
                                  std::getenv("NO_COLOR"), std::getenv("TERM"));
      std::cout << render_text_report(drafts[i].name, verdict, text);
    }
  }
}

// The process ends right after this check: its catalogs (~1,500 heap blocks, the rules and
// templates) are left for the exit to reclaim whole, not freed block by block, ~0.14 M of a
// check's 3.2 M instructions (clang's driver does the same: -disable-free). Still reachable
// from here, so LeakSanitizer does not count them as leaks.
void leave_for_the_exit(std::vector<TemplateSource> sources) {
  static auto& kept = *new std::vector<TemplateSource>();
  for (TemplateSource& source : sources) kept.push_back(std::move(source));
}

// Says on stderr what finding the templates noticed; 2 when a template was left out (a failed
// run, whatever the drafts' verdicts), else 0.
int report_source_problems(const TemplateSource& source) {
  for (const auto& warning : source.warnings) {
    std::cerr << "issuelint: warning: " << warning.describe() << "\n";
  }
  for (const auto& refused : source.refused) {
    std::cerr << "issuelint: " << refused.describe()
              << " (this template is left out; the drafts are judged by the others)\n";
  }
  for (const auto& warning : source.catalog.warnings()) {
    std::cerr << "issuelint: warning: " << warning.describe() << "\n";
  }
  return source.refused.empty() ? 0 : 2;
}

// The templates that judge the drafts: sources[0] the run's (--template, or found upward from
// the current directory); when those are the built-in ones, a draft whose own directory has a
// repository's templates upward is judged by them (a draft checked from outside its
// repository), one source per repository. drafts[i] is judged by sources[of_draft[i]].
struct DraftTemplates {
  std::vector<TemplateSource> sources;
  std::vector<std::size_t> of_draft;
};

// The source of a draft's own repository's templates, added to `templates` once; 0 (the run's)
// when it has none. Templates there that cannot be used leave the draft unjudged, exit 2.
std::size_t source_near(Draft& draft, const std::string& config_option, DraftTemplates& templates,
                        std::map<std::filesystem::path, std::size_t>& found_at, int& status) {
  auto near = templates_near(draft.name);
  if (near && !*near) return 0;
  if (near) {
    if (const auto known = found_at.find(**near); known != found_at.end()) return known->second;
  }
  auto source =
      near ? find_templates_at(**near, config_option) : Result<TemplateSource>(near.error());
  if (!source) {
    draft.unreadable = make_error(
        "cannot use the templates of its repository: " + source.error().describe(), draft.name);
    std::cerr << "issuelint: " << draft.unreadable->describe() << "\n";
    status = 2;
    return 0;
  }
  status = std::max(status, report_source_problems(*source));
  found_at.emplace(**near, templates.sources.size());
  templates.sources.push_back(std::move(*source));
  return templates.sources.size() - 1;
}

DraftTemplates templates_of_drafts(TemplateSource run_source, const CheckOptions& options,
                                   const std::vector<std::string>& files,
                                   std::vector<Draft>& drafts, int& status) {
  DraftTemplates templates;
  const bool near_drafts = options.template_path.empty() && run_source.template_dir.empty();
  templates.sources.push_back(std::move(run_source));
  std::map<std::filesystem::path, std::size_t> found_at;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const bool own_repository = near_drafts && files[i] != "-" && !drafts[i].unreadable;
    templates.of_draft.push_back(
        own_repository ? source_near(drafts[i], options.config_path, templates, found_at, status)
                       : 0);
  }
  // Learning the templates' texts pays for itself after about a dozen drafts (see
  // TemplateCatalog::learn_template_texts); one draft, the usual check, would only pay for it.
  for (std::size_t index = 0; index < templates.sources.size(); ++index) {
    const auto judged = std::count(templates.of_draft.begin(), templates.of_draft.end(), index);
    if (static_cast<std::size_t>(judged) >= kDraftsWorthLearningTemplates) {
      templates.sources[index].catalog.learn_template_texts();
    }
  }
  return templates;
}

}  // namespace

int run_check(const CheckOptions& options, bool process_ends_after) {
  // A second `-` would read stdin again, find it empty and report an empty draft.
  if (std::count(options.files.begin(), options.files.end(), "-") > 1) {
    std::cerr << "issuelint: '-' (standard input) can be given once\n";
    return 2;
  }
  auto source = find_templates(options.template_path, options.config_path);
  if (!source) {
    std::cerr << "issuelint: " << source.error().describe() << "\n";
    return 2;
  }
  int status = report_source_problems(*source);
  std::vector<std::string> files =
      options.files.empty() ? std::vector<std::string>{"-"} : options.files;
  // `issuelint check` typed alone at a prompt would otherwise wait without a word.
  if (std::count(files.begin(), files.end(), "-") > 0 && isatty(STDIN_FILENO) != 0) {
    std::cerr << "issuelint: reading the draft from standard input; end it with Ctrl-D "
                 "(or name the draft's file: issuelint check draft.md)\n";
  }
  // A file that cannot be read is exit 2; the others are still judged, each on its own.
  std::vector<Draft> drafts;
  for (const auto& file : files) {
    auto draft = read_draft_within_memory(file);
    if (!draft) {
      std::cerr << "issuelint: " << draft.error().describe() << "\n";
      status = 2;
      drafts.push_back(Draft{file == "-" ? "<stdin>" : file, {}, draft.error()});
      continue;
    }
    drafts.push_back(std::move(*draft));
  }
  DraftTemplates templates =
      templates_of_drafts(std::move(*source), options, files, drafts, status);
  std::vector<std::optional<Verdict>> verdicts;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    Draft& draft = drafts[i];
    if (draft.unreadable) {
      verdicts.emplace_back();
      continue;
    }
    const TemplateSource& judge = templates.sources[templates.of_draft[i]];
    TriageRequest request;
    request.body = std::move(draft.body);  // not needed after: one copy of a large draft
    request.title = options.title;
    request.templates_hint = options.template_path;
    request.config_hint = options.config_path;
    request.render_comment = options.format == "json" || options.format == "markdown";
    auto result = triage_within_memory(judge.catalog, request, draft);
    if (!result) {
      std::cerr << "issuelint: " << draft.unreadable->describe() << "\n";
      status = 2;
      verdicts.emplace_back();
      continue;
    }
    std::cerr << "issuelint: " << draft.name << ": " << choice_note(*result, judge) << "\n";
    status = std::max(status, exit_code_for(result->verdict));
    verdicts.emplace_back(std::move(result->verdict));
  }
  if (std::all_of(drafts.begin(), drafts.end(), [](const Draft& d) { return d.unreadable; })) {
    // JSON Lines still give each file its line; one file alone gets no JSON Lines. SARIF is
    // still a log, of a run that failed (a code-scanning upload needs a file to say so), and
    // the annotations of a failed step say why it failed.
    if (options.format == "json" && drafts.size() > 1) {
      for (const Draft& draft : drafts) std::cout << unreadable_json_line(draft);
    }
    if (options.format == "sarif" || options.format == "github") {
      write_reports(options, drafts, std::vector<std::optional<Verdict>>(drafts.size()),
                    templates.sources);
    }
    return 2;
  }

  write_reports(options, drafts, verdicts, templates.sources);
  if (process_ends_after) leave_for_the_exit(std::move(templates.sources));
  return status;
}

void declare_check_options(CLI::App& check, CheckOptions& options) {
  // `--config ""` is a mistake (an unset variable in a script), not "no configuration".
  const CLI::Validator named(
      [](const std::string& value) {
        return value.empty() ? std::string("needs a file name, not an empty value") : std::string();
      },
      "PATH");
  check
      .add_option("--template", options.template_path,
                  "a template file, or a directory of templates to choose from "
                  "(default: .github/ISSUE_TEMPLATE/ upward from here, else upward from the draft, "
                  "else the built-in one)")
      ->check(named);
  check
      .add_option("--config", options.config_path,
                  "repository configuration (default: .github/issuelint.yml beside the templates)")
      ->check(named);
  check.add_option_function<std::string>(
      "--title", [&options](const std::string& title) { options.title = title; },
      "the issue title (without it, title rules report that they did not run)");
  check.add_option("--format", options.format, "output format")
      ->check(CLI::IsMember(std::vector<std::string>(kCheckFormats.begin(), kCheckFormats.end())));
  check.add_option("--color", options.colour, "colour the text output")
      ->check(CLI::IsMember(std::vector<std::string>(kCheckColours.begin(), kCheckColours.end())));
  check.add_option("files", options.files, "issue drafts (Markdown); - or none reads stdin");
}

void add_check_command(CLI::App& app, CommandResult& result) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand("check", "Check issue drafts against their template");
  declare_check_options(*check, *options);
  check->callback(
      [options, &result] { result.exit_code = run_check(*options, result.process_ends_after); });
}

}  // namespace issuelint::cli
