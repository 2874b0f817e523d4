// Golden tests over generic template sets (any repository's Markdown templates and issue forms,
// no pack, no configuration): each fixtures/generic/<set>/ holds a templates/ folder and drafts
// <case>.md (+ <case>.title), triaged against the whole folder as
// `check --template fixtures/generic/<set>/templates/` does; each must give
// <case>.expected.json. A draft named passes-* is a near miss: no error and no warning. One
// named fires-* has at least one. An extra or a missing finding fails; an orphaned golden fails.
//
// To rewrite the goldens after an intended change (then review the diff like code):
//   ISSUELINT_UPDATE_GOLDENS=1 ./build/tests/test_golden
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "bot/triage.h"
#include "tests/golden/golden_support.h"

namespace fs = std::filesystem;
using namespace issuelint;

namespace {

const fs::path kGenericSets = fs::path(ISSUELINT_SOURCE_DIR) / "fixtures" / "generic";

const TemplateCatalog& generic_catalog(const fs::path& set) {
  static std::map<fs::path, std::unique_ptr<TemplateCatalog>> catalogs;
  auto& catalog = catalogs[set];
  if (catalog == nullptr) {
    auto templates = load_template_dir((set / "templates").string());
    REQUIRE(templates.ok());
    auto built = TemplateCatalog::build(std::move(*templates), nullptr);
    REQUIRE(built.ok());
    catalog = std::make_unique<TemplateCatalog>(std::move(*built));
  }
  return *catalog;
}

struct GenericDraft {
  fs::path set;
  fs::path path;
  fs::path stem;  // path without ".md"
};

std::vector<GenericDraft> generic_drafts() {
  std::vector<GenericDraft> found;
  for (const auto& set : fs::directory_iterator(kGenericSets)) {
    if (!set.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(set.path())) {
      if (entry.path().extension() != ".md") continue;
      found.push_back({set.path(), entry.path(), set.path() / entry.path().stem()});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const GenericDraft& a, const GenericDraft& b) { return a.path < b.path; });
  return found;
}

Verdict triage_generic(const GenericDraft& draft) {
  TriageRequest request;
  request.body = golden::read_text(draft.path);
  request.title = golden::read_title(draft.stem);
  return triage(generic_catalog(draft.set), request).verdict;
}

}  // namespace

TEST_CASE("generic sets: every draft gives its golden verdict") {
  const bool update = std::getenv("ISSUELINT_UPDATE_GOLDENS") != nullptr;
  int cases = 0;
  for (const GenericDraft& draft : generic_drafts()) {
    ++cases;
    const auto actual = golden::golden_view(triage_generic(draft));
    const fs::path golden = draft.stem.string() + ".expected.json";
    if (update) {
      std::ofstream(golden, std::ios::binary) << actual.dump(2) << "\n";
      continue;
    }
    INFO("case " << draft.path.lexically_relative(kGenericSets).string());
    REQUIRE(fs::exists(golden));
    CHECK(actual.dump(2) == nlohmann::ordered_json::parse(golden::read_text(golden)).dump(2));
  }
  CHECK(cases >= 12);
}

TEST_CASE("generic sets: near misses pass, the others fire") {
  for (const GenericDraft& draft : generic_drafts()) {
    const std::string name = draft.path.filename().string();
    INFO("case " << draft.path.lexically_relative(kGenericSets).string());
    const bool near_miss = name.starts_with("passes-");
    REQUIRE((near_miss || name.starts_with("fires-")));
    const Verdict verdict = triage_generic(draft);
    const auto serious =
        std::count_if(verdict.findings.begin(), verdict.findings.end(),
                      [](const Finding& finding) { return finding.severity != Severity::info; });
    if (near_miss) {
      CHECK(serious == 0);
    } else {
      CHECK(serious > 0);
    }
  }
}

TEST_CASE("generic sets: no golden is orphaned") {
  for (const auto& set : fs::directory_iterator(kGenericSets)) {
    if (!set.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(set.path())) {
      const std::string name = entry.path().filename().string();
      INFO(name);
      for (const std::string suffix : {".expected.json", ".title"}) {
        if (!name.ends_with(suffix)) continue;
        CHECK(fs::exists(set.path() / (name.substr(0, name.size() - suffix.size()) + ".md")));
      }
    }
  }
}
