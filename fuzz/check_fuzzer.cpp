// libFuzzer entry point for the whole check: an issue's title and body are untrusted text, and
// so is the bot's earlier comment (anyone who can edit the issue's comments can edit it). Each
// input is split at its first line end into a title and a body, then judged as `check` and the
// bot judge it: parse, template choice, every rule of the chosen template's pack (the SQL read
// by libpg_query and cross-checked), then every renderer (text, JSON, SARIF, annotations and the
// comment), once more with the body given as the bot's earlier comment. Must never crash, hang,
// leak or read out of bounds; a verdict must name the template it was judged against.
//
// The catalog: the built-in default (the flagship template and its pack) plus every template in
// the directories ISSUELINT_FUZZ_TEMPLATES names (':'-separated), e.g. fixtures/templates/discuno,
// so that generic templates and issue forms are judged too. Built by CMake with
// -DISSUELINT_BUILD_FUZZERS=ON and clang (fuzz/README.md).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bot/report/comment_report.h"
#include "bot/report/github_annotations.h"
#include "bot/report/json_report.h"
#include "bot/report/sarif_report.h"
#include "bot/report/text_report.h"
#include "bot/triage.h"
#include "parser/template.h"
#include "rules/template_catalog.h"

namespace {

using issuelint::TemplateCatalog;

[[noreturn]] void give_up(const std::string& why) {
  std::fprintf(stderr, "check_fuzzer: %s\n", why.c_str());
  std::abort();
}

std::vector<issuelint::IssueTemplate> templates_in(const std::filesystem::path& directory) {
  std::vector<issuelint::IssueTemplate> templates;
  for (const auto& file : std::filesystem::directory_iterator(directory)) {
    const std::string name = file.path().filename().string();
    if (name == "config.yml" || name == "config.yaml" || name == "README.md") continue;
    auto loaded = issuelint::load_template_file(file.path().string());
    if (!loaded) give_up(file.path().string() + ": " + loaded.error().describe());
    templates.push_back(std::move(*loaded));
  }
  return templates;
}

TemplateCatalog build_catalog() {
  auto builtin = TemplateCatalog::builtin_default();
  if (!builtin) give_up(builtin.error().describe());
  std::vector<issuelint::IssueTemplate> templates;
  for (const auto& entry : builtin->entries()) templates.push_back(entry.issue_template);
  if (const char* directories = std::getenv("ISSUELINT_FUZZ_TEMPLATES")) {
    std::string_view rest = directories;
    while (!rest.empty()) {
      const std::string_view directory = rest.substr(0, rest.find(':'));
      rest.remove_prefix(std::min(rest.size(), directory.size() + 1));
      if (directory.empty()) continue;
      for (auto& loaded : templates_in(std::string(directory))) templates.push_back(loaded);
    }
  }
  auto catalog = TemplateCatalog::build(std::move(templates), nullptr);
  if (!catalog) give_up(catalog.error().describe());
  catalog->learn_template_texts();
  return std::move(*catalog);
}

const TemplateCatalog& catalog() {
  static const TemplateCatalog built = build_catalog();
  return built;
}

std::size_t lines_in(std::string_view body) {
  std::size_t lines = 1;
  for (std::size_t at = 0; at < body.size(); ++at) {
    if (body[at] == '\n' || (body[at] == '\r' && (at + 1 == body.size() || body[at + 1] != '\n'))) {
      ++lines;
    }
  }
  return lines;
}

// What the contracts promise of any verdict (shared/spec/contracts.md): needs-info exactly when
// an error is found; a finding's line is in the body (0: no place); labels removed are labels
// the issue has.
void check_contract(const issuelint::TriageRequest& request, const issuelint::Verdict& verdict) {
  bool has_error = false;
  for (const issuelint::Finding& finding : verdict.findings) {
    has_error = has_error || finding.severity == issuelint::Severity::error;
    if (finding.line > static_cast<int>(lines_in(request.body))) {
      give_up("finding " + finding.rule + " at line " + std::to_string(finding.line) +
              " past the body's end");
    }
  }
  if (has_error != (verdict.outcome == issuelint::Outcome::needs_info)) {
    give_up("needs-info without an error, or an error without needs-info");
  }
  for (const std::string& removed : verdict.labels.remove) {
    if (std::find(request.current_labels.begin(), request.current_labels.end(), removed) ==
        request.current_labels.end()) {
      give_up("removes a label the issue does not have: " + removed);
    }
  }
}

void render_everything(const issuelint::TriageRequest& request,
                       const issuelint::TriageResult& result) {
  const issuelint::Verdict& verdict = result.verdict;
  check_contract(request, verdict);
  std::size_t written = issuelint::render_json_report(verdict).size();
  written += issuelint::render_text_report("draft.md", verdict, {}).size();
  written += issuelint::render_github_annotations(verdict, {.file = "draft.md"}).size();
  const std::vector<issuelint::SarifArtifact> artifacts{{"draft.md", &verdict}};
  written +=
      issuelint::render_sarif_report(artifacts, issuelint::catalog_rule_infos(catalog())).size();
  if (written == 0) give_up("the renderers wrote nothing");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t line_end = input.find('\n');
  issuelint::TriageRequest request;
  if (line_end != std::string_view::npos) {
    request.title = std::string(input.substr(0, line_end));
    request.body = std::string(input.substr(line_end + 1));
  } else {
    request.body = std::string(input);
  }
  render_everything(request, issuelint::triage(catalog(), request));
  // The same issue again, its earlier comment what the input holds: the bot reads the state it
  // keeps in its own comment back from it, and that comment is text anyone may have edited.
  request.previous_comment = request.body;
  request.current_labels = {"needs-info", "bug"};
  render_everything(request, issuelint::triage(catalog(), request));
  return 0;
}
