// `check --template DIR` over a real repository's nine templates: the program picks the
// template each draft was written from, says so on stderr, and exits 0 or 1 by its findings.
#include <catch2/catch.hpp>
#include <string>

#include "tests/cli/cli_support.h"

using namespace issuelint::cli_test;

namespace {

const std::string kDirectory = kSource + "/fixtures/templates/discuno";
const std::string kDrafts = kSource + "/fixtures/discuno/";

Run check(const std::string& draft, const std::string& title) {
  const std::string title_option = title.empty() ? "" : "--title '" + title + "' ";
  return run("check --template " + kDirectory + " " + title_option + kDrafts + draft);
}

}  // namespace

TEST_CASE("discuno cli: a well-filled draft picks its template and exits 0") {
  struct Case {
    const char* draft;
    const char* title;
    const char* template_id;
  };
  for (const Case& c :
       {Case{"task-complete.md", "[TASK] Typed server actions", "task"},
        Case{"security_vulnerability-complete.md", "[SECURITY] Session notes readable by any user",
             "security_vulnerability"},
        Case{"bug_report-form-complete.md", "[Bug]: Timezone not refreshed", "bug_report"},
        Case{"database_migration-complete.md", "[DB] Add waitlist_entries",
             "database_migration"}}) {
    INFO(c.draft);
    const auto result = check(c.draft, c.title);
    CHECK(result.status == 0);
    CHECK(result.output.find("template '" + std::string(c.template_id) + "'") != std::string::npos);
    CHECK(result.output.find(": error:") == std::string::npos);
  }
}

TEST_CASE("discuno cli: a draft without its title prefix is matched by structure and exits 1") {
  const auto result = check("performance_optimization-omissions.md", "Mentor directory is slow");
  CHECK(result.status == 1);
  CHECK(result.output.find("template 'performance_optimization'") != std::string::npos);
  CHECK(result.output.find("[title-format]") != std::string::npos);
  CHECK(result.output.find("[choice-missing]") != std::string::npos);
  CHECK(result.output.find("'Testing Strategy' is missing") != std::string::npos);
}

TEST_CASE("discuno cli: without --title the title is not judged, the body still is") {
  const auto complete = check("documentation-complete.md", "");
  CHECK(complete.status == 0);
  CHECK(complete.output.find("template 'documentation'") != std::string::npos);
  const auto gaps = check("feature_request-omissions.md", "");
  CHECK(gaps.status == 1);
  CHECK(gaps.output.find("template 'feature_request'") != std::string::npos);
}
