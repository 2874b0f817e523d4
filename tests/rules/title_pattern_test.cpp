// title-pattern: the title starts with the template's prefix and carries a real summary.
#include "parser/normalize.h"
#include "tests/rules/rule_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

const char* const kTitlePatternTemplate =
    "---\nname: Database Migration\ntitle: '[DB] '\n---\n## A\n\nx\n";
const char* const kTitlePatternRule = "id: title-format\nkind: title-pattern\nseverity: error\n";

std::vector<Finding> check_title(std::optional<std::string> title,
                                 const char* rule = kTitlePatternRule) {
  static const IssueTemplate issue_template = make_template(kTitlePatternTemplate);
  return run_rule(*make_rule(rule), "## A\n\ny\n", &issue_template, std::move(title));
}

}  // namespace

TEST_CASE("title-pattern passes a prefixed title with a summary, in any case") {
  CHECK(check_title("[DB] Add audit_log table").empty());
  CHECK(check_title("  [db] Add audit_log table  ").empty());
}

TEST_CASE("title-pattern fires on a missing prefix, in the title, with no line") {
  const auto findings = check_title("Add audit_log table");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "title-format");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].section == "title");
  CHECK(findings[0].line == 0);
  CHECK(findings[0].message == "the title must start with '[DB]'");
  CHECK(findings[0].help == "write it as '[DB] <a short summary>'");
}

TEST_CASE("title-pattern fires on a prefix alone or a placeholder summary") {
  auto findings = check_title("[DB] ");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "the title needs a real summary after '[DB]', got nothing");
  findings = check_title("[DB] TODO");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "the title needs a real summary after '[DB]', got 'TODO'");
  CHECK(check_title("[DB] tbd.").size() == 1);
  // The prefix said twice says no more than once.
  findings = check_title("[DB] [db] ");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "the title needs a real summary after '[DB]', got nothing");
  CHECK(check_title("[DB] [DB] TODO").size() == 1);
  CHECK(check_title("[DB] [DB] Add audit_log table").empty());
}

// "Not applicable" and "none" answer nothing about the issue, as TODO does not.
TEST_CASE("title-pattern fires on N/A, NA and none as the summary") {
  for (const char* title :
       {"[DB] N/A", "[DB] n/a", "[DB] NA", "[DB] n.a.", "[DB] None", "[DB] To do", "[DB] TBA"}) {
    INFO(title);
    const auto findings = check_title(title);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.find("needs a real summary") != std::string::npos);
  }
  // A summary that only holds such a word among others is a summary.
  CHECK(check_title("[DB] Drop the N/A placeholder rows").empty());
  CHECK(check_title("[DB] Add none_reason column").empty());
}

TEST_CASE("title-pattern with no title says at info level that it did not check") {
  const auto findings = check_title(std::nullopt);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::info);
  CHECK(findings[0].section == "title");
  CHECK(findings[0].message == "title not checked: no title was given");
}

TEST_CASE("title-pattern with its own prefix and placeholders") {
  const char* const rule =
      "id: t\nkind: title-pattern\nprefix: 'feat:'\nplaceholders: [stuff]\nseverity: warning\n";
  CHECK(check_title("feat: dark mode", rule).empty());
  auto findings = check_title("[DB] dark mode", rule);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].message == "the title must start with 'feat:'");
  CHECK(check_title("feat: Stuff", rule).size() == 1);
  CHECK(check_title("feat: TODO", rule).empty());  // only the listed placeholders count
}

TEST_CASE("title-pattern takes a form's prefix without its trailing separator") {
  // GitHub forms default the title to "[Bug]: "; "[Bug] crash" still carries the prefix.
  const char* const rule = "id: t\nkind: title-pattern\nprefix: '[Bug]: '\n";
  CHECK(check_title("[Bug]: crash on save", rule).empty());
  CHECK(check_title("[bug] crash on save", rule).empty());
  CHECK(check_title("[Bug]crash on save", rule).empty());
  CHECK(check_title("[Bug] [Bug]: crash on save", rule).empty());
  auto findings = check_title("[Bug]", rule);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "the title needs a real summary after '[Bug]:', got nothing");
  CHECK(check_title("[Bugs] crash", rule).size() == 1);
  // A word prefix needs its word to end: "bugfix" does not start with "bug:".
  const char* const word = "id: t\nkind: title-pattern\nprefix: 'bug:'\n";
  CHECK(check_title("bug: fmt drops a newline", word).empty());
  CHECK(check_title("bug fmt drops a newline", word).empty());
  findings = check_title("bugfix for fmt", word);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "the title must start with 'bug:'");
}

TEST_CASE("title-pattern without a prefix anywhere still wants a real summary") {
  const char* const rule = "id: t\nkind: title-pattern\n";
  const IssueTemplate bare = make_template("## A\n\nx\n");
  CHECK(run_rule(*make_rule(rule), "## A\n", &bare, std::string("Crash on save")).empty());
  const auto findings = run_rule(*make_rule(rule), "## A\n", &bare, std::string("TODO"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "the title needs a real summary, got 'TODO'");
}

// The summary is keyed on the stack when it is ASCII and short: a placeholder is still found
// by normalize_key()'s definition, in any case, markup, spacing or script, and long summaries
// take the heap path. Every summary here is judged as the placeholder list says.
TEST_CASE("title-pattern judges a summary by its normalize_key as the definition does") {
  const char* const rule =
      "id: title-format\nkind: title-pattern\nprefix: '[DB]'\nseverity: error\n"
      "placeholders: ['TODO', 'Short description', 'café', 'x']\n";
  const std::vector<std::string> keys = {"todo", "short description", "café", "x"};
  std::vector<std::string> summaries = {"TODO",
                                        "  todo!! ",
                                        "**Todo**",
                                        "T O D O",
                                        "short   DESCRIPTION",
                                        "Short-description",
                                        "Café",
                                        "CAFÉ",
                                        "cafe",
                                        "🗄️ todo",
                                        "x",
                                        "X.",
                                        "xx",
                                        "Add audit_log",
                                        "",
                                        "...",
                                        "todo later"};
  for (const std::size_t length : {100, 126, 127, 128, 129, 130, 200}) {
    summaries.push_back(std::string(length, 'a'));
    summaries.push_back(std::string(length - 4, ' ') + "todo");
    summaries.push_back("todo" + std::string(length - 4, '!'));
  }
  for (const std::string& summary : summaries) {
    const std::string key = normalize_key(summary);
    const bool placeholder = key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end();
    INFO("summary '" << summary << "'");
    CHECK(check_title("[DB] " + summary, rule).size() == (placeholder ? 1U : 0U));
  }
}

// "[BUG]: <title>", "Tracking Issue for XXX": the template's title ends in a placeholder that
// the author replaces with the summary; the prefix is the text before it.
TEST_CASE("title-pattern takes the template title up to its placeholder as the prefix") {
  const char* const rule = "id: title-format\nkind: title-pattern\n";
  struct Case {
    const char* template_title;
    const char* good;
    const char* left_as_is;
    const char* prefix;
  };
  for (const Case& c : {Case{"[BUG]: <title>", "[BUG]: crash on start", "[BUG]: <title>", "[BUG]:"},
                        Case{"Tracking Issue for XXX", "Tracking Issue for const_trait_impl",
                             "Tracking Issue for XXX", "Tracking Issue for"},
                        Case{"Tracking Issue for ...", "Tracking issue for the new parser",
                             "Tracking Issue for ...", "Tracking Issue for"},
                        Case{"[BUG] {component}: {summary}", "[BUG] parser: drops a line",
                             "[BUG] {component}: {summary}", "[BUG]"}}) {
    INFO(c.template_title);
    const IssueTemplate issue_template = make_template(std::string("---\nname: T\ntitle: '") +
                                                       c.template_title + "'\n---\n## A\n\nx\n");
    CHECK(run_rule(*make_rule(rule), "## A\n\ny\n", &issue_template, std::string(c.good)).empty());
    auto findings =
        run_rule(*make_rule(rule), "## A\n\ny\n", &issue_template, std::string(c.left_as_is));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.starts_with(std::string("the title needs a real summary after '") +
                                          c.prefix + "'"));
    findings = run_rule(*make_rule(rule), "## A\n\ny\n", &issue_template, std::string("crash"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == std::string("the title must start with '") + c.prefix + "'");
  }
  // A word of the prefix must end where the title's does.
  const IssueTemplate tracking =
      make_template("---\nname: T\ntitle: Tracking Issue for XXX\n---\n## A\n\nx\n");
  CHECK(run_rule(*make_rule(rule), "## A\n\ny\n", &tracking, std::string("Tracking Issue forge"))
            .size() == 1);
  // Brackets around no word are no placeholder: "Sync <-> " is all prefix.
  const IssueTemplate arrows = make_template("---\nname: T\ntitle: 'Sync <-> '\n---\n## A\n\nx\n");
  CHECK(run_rule(*make_rule(rule), "## A\n\ny\n", &arrows, std::string("Sync <-> drops a row"))
            .empty());
  CHECK(
      run_rule(*make_rule(rule), "## A\n\ny\n", &arrows, std::string("Sync drops a row")).size() ==
      1);
  // A title that is only a placeholder asks for a summary and no prefix.
  const IssueTemplate bare = make_template("---\nname: T\ntitle: '<title>'\n---\n## A\n\nx\n");
  CHECK(run_rule(*make_rule(rule), "## A\n\ny\n", &bare, std::string("Crash on save")).empty());
  CHECK(run_rule(*make_rule(rule), "## A\n\ny\n", &bare, std::string("<title>")).size() == 1);
}

// "Title goes here" is what an author leaves when the summary is still to be written, as "TODO"
// is; a summary with one word of its own is a summary ("Add description" may be the issue).
TEST_CASE("title-pattern fires on a summary made only of filler words") {
  for (const char* title : {"[DB] Title goes here", "[DB] todo: fill in", "[DB] Your title here",
                            "[DB] TBD - short description", "[DB] Issue title here"}) {
    INFO(title);
    const auto findings = check_title(title);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message.starts_with("the title needs a real summary after '[DB]', got '"));
  }
  for (const char* title :
       {"[DB] Add description", "[DB] Fill in missing timezones", "[DB] WIP: add timezone to users",
        "[DB] TODO: add later", "[DB] Drop the title column"}) {
    INFO(title);
    CHECK(check_title(title).empty());
  }
}

TEST_CASE("title-pattern with placeholders configured matches them whole, no filler words") {
  const char* const rule =
      "id: title-format\nkind: title-pattern\nseverity: error\nplaceholders: [pending]\n";
  CHECK(check_title("[DB] pending", rule).size() == 1);
  CHECK(check_title("[DB] Title goes here", rule).empty());
}
