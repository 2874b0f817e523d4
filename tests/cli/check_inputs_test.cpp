// `issuelint check` on inputs an audit found mishandled: drafts that cannot be read among
// readable ones, a draft that follows none of several templates, a repository's own
// configuration beside a named template directory, and bug_report.md beside bug_report.yml.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_support.h"

namespace fs = std::filesystem;

using namespace issuelint::cli_test;

namespace {

// The JSON Lines of `output`, parsed, in order.
std::vector<nlohmann::json> json_objects(const std::string& output) {
  std::vector<nlohmann::json> objects;
  for (const std::string& line : json_lines(output)) objects.push_back(nlohmann::json::parse(line));
  return objects;
}

constexpr const char* kBugTemplate =
    "---\nname: Bug report\nabout: Something broke\n---\n\n## Describe the bug\n\n"
    "<!-- A clear and concise description of what the bug is. -->\n\n## To Reproduce\n\n"
    "<!-- Steps to reproduce the behaviour -->\n\n## Checklist\n\n- [ ] I searched the "
    "existing issues\n";

constexpr const char* kFeatureTemplate =
    "---\nname: Feature request\nabout: An idea\n---\n\n## Problem\n\nWhat problem does it "
    "solve?\n\n## Proposal\n\nDescribe the solution you would like.\n";

constexpr const char* kBugDraft =
    "## Describe the bug\n\nSaving a booking twice creates two bookings.\n\n## To Reproduce\n\n"
    "1. Save a booking\n2. Save it again\n\n## Checklist\n\n- [ ] I searched the existing "
    "issues\n";

// A repository: .github/ISSUE_TEMPLATE with the bug and feature templates, and a draft.
fs::path repository(const std::string& name) {
  const fs::path root = scratch_dir(name);
  fs::create_directories(root / ".github" / "ISSUE_TEMPLATE");
  std::ofstream(root / ".github" / "ISSUE_TEMPLATE" / "bug.md") << kBugTemplate;
  std::ofstream(root / ".github" / "ISSUE_TEMPLATE" / "feature.md") << kFeatureTemplate;
  std::ofstream(root / "draft.md") << kBugDraft;
  return root;
}

}  // namespace

TEST_CASE("check: a draft whose read fails is exit 2, not an empty draft") {
  const fs::path dir = scratch_dir("unreadable-stdin");
  // read() of a directory fails with EISDIR: the draft could not be read.
  const auto result = run_shell("", "check - < " + dir.string());
  CHECK(result.status == 2);
  CHECK(result.output.find("<stdin>: cannot read the file") != std::string::npos);
  CHECK(result.output.find("body is empty") == std::string::npos);
}

TEST_CASE("check: one missing draft among several still gets the others judged") {
  const fs::path root = repository("one-missing");
  const std::string drafts = (root / "draft.md").string() + " " + (root / "nope.md").string() +
                             " " + (root / "draft.md").string();
  const auto json = run_shell("cd " + root.string() + " && ", "check --format json " + drafts);
  CHECK(json.status == 2);  // the worst: a file that could not be read
  const auto lines = json_objects(json.output);
  REQUIRE(lines.size() == 3);  // one line per file, in argument order
  CHECK(lines[0]["template"] == "bug");
  CHECK(lines[0]["file"] == (root / "draft.md").string());  // each verdict names its draft
  CHECK(lines[1]["file"] == (root / "nope.md").string());
  CHECK(lines[1]["error"] == "no such file");
  CHECK(lines[2]["template"] == "bug");
  CHECK(lines[2]["file"] == (root / "draft.md").string());

  const auto text = run_shell("cd " + root.string() + " && ", "check " + drafts);
  CHECK(text.status == 2);
  CHECK(text.output.find("nope.md: no such file") != std::string::npos);
  CHECK(text.output.find("draft.md: 1 error") != std::string::npos);  // the unticked box

  const auto markdown =
      run_shell("cd " + root.string() + " && ", "check --format markdown " + drafts, "2>/dev/null");
  CHECK(markdown.output.find("<!-- issuelint: draft " + (root / "draft.md").string() + " -->") !=
        std::string::npos);
}

// ASan reserves terabytes of shadow memory, so a process under it cannot run with a small
// address space at all: the memory limit is tried on the release build only.
#if !defined(__SANITIZE_ADDRESS__)
TEST_CASE("check: a draft that takes more memory than there is is exit 2, the others judged") {
  const fs::path root = repository("out-of-memory");
  // 30 MB of NULs: each becomes a 3-byte U+FFFD, more than 100 MB of address space holds.
  std::ofstream(root / "zeros.md") << std::string(30'000'000, '\0');
  const std::string limited = "cd " + root.string() + " && ulimit -v 100000 && ";
  const auto json = run_shell(limited, "check --format json zeros.md draft.md");
  CHECK(json.status == 2);
  const auto lines = json_objects(json.output);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["file"] == "zeros.md");
  CHECK(lines[0]["error"] == "out of memory while checking the draft (30000000 bytes)");
  CHECK(lines[1]["template"] == "bug");
  const auto text = run_shell(limited, "check zeros.md");
  CHECK(text.status == 2);
  CHECK(text.output.find("issuelint: zeros.md: out of memory while checking the draft") !=
        std::string::npos);
  CHECK(text.output.find("bad_alloc") == std::string::npos);
}
#endif

// `script` runs the check on a terminal and ends its input at once (Ctrl-D).
TEST_CASE("check: waiting for a draft on a terminal says so, and only there") {
  const std::string check = std::string(ISSUELINT_BINARY) + " check --color never";
  const Run terminal =
      run_command("script -qec '" + check + "' /dev/null < /dev/null 2>&1 | tr -d '\\r'");
  CHECK(terminal.output.find("issuelint: reading the draft from standard input") !=
        std::string::npos);
  CHECK(terminal.output.find("<stdin>: error: the issue body is empty") != std::string::npos);
  const Run piped = run_command(check + " < /dev/null 2>&1");
  CHECK(piped.output.find("reading the draft") == std::string::npos);
}

TEST_CASE("check --format json: each JSON Lines verdict names its draft, stdin as <stdin>") {
  const fs::path root = repository("json-lines-file");
  const auto json =
      run_shell("cd " + root.string() + " && ", "check --format json - draft.md < draft.md");
  const auto lines = json_objects(json.output);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["file"] == "<stdin>");
  CHECK(lines[1]["file"] == "draft.md");
  CHECK(lines[0]["findings"] == lines[1]["findings"]);
}

TEST_CASE("check: a draft that follows none of several templates is said so") {
  const fs::path root = repository("unmatched");
  std::ofstream(root / "empty.md") << "\n\n";
  std::ofstream(root / "other.md") << "The app crashes when I click the button. Please fix.\n";

  const auto empty =
      run_shell("cd " + root.string() + " && ", "check --format json empty.md", "2>/dev/null");
  CHECK(empty.status == 1);
  const auto empty_verdict = nlohmann::json::parse(empty.output);
  CHECK(empty_verdict["verdict"] == "needs-info");
  REQUIRE(empty_verdict["findings"].size() == 1);
  CHECK(empty_verdict["findings"][0]["rule"] == "template-unmatched");
  CHECK(empty_verdict["findings"][0]["severity"] == "error");
  CHECK(empty_verdict["findings"][0]["message"] == "the issue body is empty");

  // A repository may take issues without a template: a warning, exit 0, naming the templates.
  const auto other = run_shell("cd " + root.string() + " && ", "check other.md");
  CHECK(other.status == 0);
  CHECK(other.output.find("warning: the draft follows none of the issue templates") !=
        std::string::npos);
  CHECK(other.output.find("Bug report, Feature request") != std::string::npos);
  CHECK(other.output.find("no template matches") != std::string::npos);

  CHECK(run("explain template-unmatched").status == 0);
  CHECK(run("explain input-repaired").status == 0);

  // The repository decides: off, or another severity, as for any rule.
  std::ofstream(root / ".github" / "issuelint.yml") << "rules:\n  template-unmatched: off\n";
  const auto off = run_shell("cd " + root.string() + " && ", "check other.md");
  CHECK(off.status == 0);
  CHECK(off.output.find("template-unmatched") == std::string::npos);
  std::ofstream(root / ".github" / "issuelint.yml") << "rules:\n  template-unmatched: error\n";
  const auto error = run_shell("cd " + root.string() + " && ", "check other.md");
  CHECK(error.status == 1);
  CHECK(error.output.find("error: the draft follows none") != std::string::npos);
  CHECK(error.output.find("does nothing") == std::string::npos);  // no unused-override warning
}

TEST_CASE("check: --template .github/ISSUE_TEMPLATE reads the issuelint.yml beside it") {
  const fs::path root = repository("named-template-dir");
  std::ofstream(root / ".github" / "issuelint.yml") << "rules:\n  checklist-unticked: warning\n";
  const std::string cd = "cd " + root.string() + " && ";
  // The unticked checklist box is an error by default; the repository makes it a warning,
  // whether its templates are found or named, with or without a trailing slash.
  for (const std::string option :
       {"", "--template .github/ISSUE_TEMPLATE ", "--template .github/ISSUE_TEMPLATE/ ",
        "--template .github/ISSUE_TEMPLATE/bug.md "}) {
    INFO(option);
    const auto result = run_shell(cd, "check " + option + "draft.md");
    CHECK(result.status == 0);
    CHECK(result.output.find("warning: checklist item not ticked") != std::string::npos);
    // Found or named, the directory is shown as one would type it from here; a file named, as
    // given.
    const bool file = option.find("bug.md") != std::string::npos;
    CHECK(result.output.find(file ? "from .github/ISSUE_TEMPLATE/bug.md"
                                  : "from the templates in .github/ISSUE_TEMPLATE") !=
          std::string::npos);
  }
  // A template directory outside a repository's .github has no configuration of its own.
  const fs::path loose = scratch_dir("loose-templates") / "templates";
  fs::create_directories(loose);
  std::ofstream(loose / "bug.md") << kBugTemplate;
  std::ofstream(loose.parent_path() / "issuelint.yml") << "rules:\n  checklist-unticked: off\n";
  const auto result = run_shell(cd, "check --template " + loose.string() + " draft.md");
  CHECK(result.status == 1);
  CHECK(result.output.find("error: checklist item not ticked") != std::string::npos);
}

TEST_CASE("check: a .github/issuelint.yaml, which is not read, is said so") {
  const fs::path root = repository("misnamed-config");
  std::ofstream(root / ".github" / "issuelint.yaml") << "rules:\n  checklist-unticked: warning\n";
  const std::string cd = "cd " + root.string() + " && ";
  auto result = run_shell(cd, "check draft.md");
  CHECK(result.status == 1);  // its setting did not apply
  CHECK(result.output.find("issuelint: warning: " + (root / ".github" / "issuelint.yaml").string() +
                           ": this file is not read: the configuration is "
                           ".github/issuelint.yml") != std::string::npos);
  // Beside the .yml, which is read, it is not worth a word.
  std::ofstream(root / ".github" / "issuelint.yml") << "rules:\n  checklist-unticked: warning\n";
  result = run_shell(cd, "check draft.md");
  CHECK(result.status == 0);
  CHECK(result.output.find("is not read") == std::string::npos);
}

TEST_CASE("check: a repository's legacy single ISSUE_TEMPLATE.md is found, with its config") {
  // Where GitHub looks for it (.github, the root, docs), in any case, .md, .txt or none.
  for (const std::string path : {".github/ISSUE_TEMPLATE.md", "issue_template.md",
                                 "docs/Issue_Template.txt", ".github/ISSUE_TEMPLATE"}) {
    INFO(path);
    const fs::path root = scratch_dir("single-template");
    fs::create_directories(root / ".github");
    fs::create_directories(root / "docs" / "sub");
    std::ofstream(root / path) << kBugTemplate;
    std::ofstream(root / "draft.md") << kBugDraft;
    const std::string cd = "cd " + (root / "docs" / "sub").string() + " && ";  // found upward
    auto result = run_shell(cd, "check ../../draft.md");
    CHECK(result.status == 1);
    CHECK(result.output.find("error: checklist item not ticked") != std::string::npos);
    const fs::path shown = (root / path).lexically_relative(root / "docs" / "sub");
    CHECK(result.output.find("from " + shown.string()) != std::string::npos);
    // The repository's .github/issuelint.yml goes with it, found or named.
    std::ofstream(root / ".github" / "issuelint.yml") << "rules:\n  checklist-unticked: off\n";
    for (const std::string& option : {std::string(), "--template ../../" + path + " "}) {
      INFO(option);
      result = run_shell(cd, "check " + option + "../../draft.md");
      CHECK(result.status == 0);
    }
  }
  // A template folder of the same repository comes first.
  const fs::path root = repository("single-template-and-folder");
  std::ofstream(root / ".github" / "ISSUE_TEMPLATE.md") << kFeatureTemplate;
  const auto result = run_shell("cd " + root.string() + " && ", "check draft.md");
  CHECK(result.output.find("from the templates in .github/ISSUE_TEMPLATE") != std::string::npos);
}

TEST_CASE("check: bug_report.md and bug_report.yml are told apart by their file names") {
  const fs::path root = scratch_dir("md-and-yml");
  const fs::path templates = root / ".github" / "ISSUE_TEMPLATE";
  fs::create_directories(templates);
  std::ofstream(templates / "bug_report.md") << kBugTemplate;
  std::ofstream(templates / "bug_report.yml")
      << "name: Bug form\ndescription: Something broke\nbody:\n  - type: textarea\n"
         "    attributes:\n      label: What happened\n    validations:\n      required: true\n";
  std::ofstream(root / "draft.md") << kBugDraft;
  const std::string cd = "cd " + root.string() + " && ";
  // The Markdown template's draft is judged by it, and the note names its file.
  const auto both = run_shell(cd, "check draft.md");
  CHECK(both.output.find("template 'bug_report' (bug_report.md, ") != std::string::npos);
  // A configuration naming bug_report.yml keeps the form alone, not both: the draft, written
  // from the Markdown template left out, follows no template that is linted.
  std::ofstream(root / ".github" / "issuelint.yml") << "templates: [bug_report.yml]\n";
  const auto form_only = run_shell(cd, "check draft.md");
  CHECK(form_only.output.find("no template matches") != std::string::npos);
  CHECK(form_only.output.find("(bug_report.md, ") == std::string::npos);
  // A draft written from the form is judged by it.
  std::ofstream(root / "form-draft.md") << "### What happened\n\n_No response_\n";
  const auto form_draft = run_shell(cd, "check form-draft.md");
  CHECK(form_draft.output.find("template 'bug_report' (1/1 sections)") != std::string::npos);
  // The id names both.
  std::ofstream(root / ".github" / "issuelint.yml") << "templates: [bug_report]\n";
  CHECK(run_shell(cd, "check draft.md").output.find("(bug_report.md, ") != std::string::npos);
}

TEST_CASE("an unknown command or option is exit 2 naming it and the commands") {
  const auto command = run("frob");
  CHECK(command.status == 2);
  CHECK(command.output.find("unknown command 'frob' (commands: check, rules, explain") !=
        std::string::npos);
  const auto option = run("--frob");
  CHECK(option.status == 2);
  CHECK(option.output.find("unknown option '--frob'") != std::string::npos);
  CHECK(run("--help").status == 0);
  CHECK(run("check --help").status == 0);
}

TEST_CASE("a mistyped command or option is exit 2 naming the one probably meant") {
  const auto command = run("chek draft.md");
  CHECK(command.status == 2);
  CHECK(command.output.find("unknown command 'chek'; did you mean 'check'? (commands: ") !=
        std::string::npos);
  CHECK(run("--versoin").output.find("unknown option '--versoin'; did you mean '--version'?") !=
        std::string::npos);
  // An option of a command: named with its command, not as an argument CLI11 did not expect.
  for (const std::string typo : {"--formt json", "--formt=json"}) {
    INFO(typo);
    const auto option = run("check " + typo + " " + kSource + "/fixtures/issues/two-impacts.md");
    CHECK(option.status == 2);
    CHECK(option.output.find("issuelint check: unknown option '--formt'; did you mean "
                             "'--format'? (see issuelint check --help)") != std::string::npos);
    CHECK(option.output.find("not expected") == std::string::npos);
    CHECK(option.output.find("error:") == std::string::npos);  // no draft was checked
  }
  CHECK(run("check --colour never -").output.find("did you mean '--color'?") != std::string::npos);
  CHECK(run("rules --kind")
            .output.find("issuelint rules: unknown option '--kind'; did you mean "
                         "'--kinds'?") != std::string::npos);
  // Nothing near: the option alone; a word the command takes none of: said as such.
  const auto far = run("check --zzzzzz -");
  CHECK(far.status == 2);
  CHECK(far.output.find("unknown option '--zzzzzz' (see issuelint check --help)") !=
        std::string::npos);
  const auto extra = run("rules extra");
  CHECK(extra.status == 2);
  CHECK(extra.output.find("issuelint rules: unexpected argument 'extra'") != std::string::npos);
  CHECK(run("--").status == 2);
  // The word after an unknown option is its value, not a second mistake; a command's own
  // command is named with it.
  const auto valued = run("serve --prot 8080");
  CHECK(valued.status == 2);
  CHECK(valued.output.find("unknown option '--prot'; did you mean '--port'?") != std::string::npos);
  CHECK(valued.output.find("unexpected argument") == std::string::npos);
  const auto nested = run("queue list --bogus");
  CHECK(nested.status == 2);
  CHECK(nested.output.find("issuelint queue list: unknown option '--bogus'") != std::string::npos);
}

TEST_CASE("check: templates or a configuration that cannot be read are exit 2, naming the file") {
  const fs::path root = repository("unreadable-templates");
  const fs::path templates = root / ".github" / "ISSUE_TEMPLATE";
  const std::string cd = "cd " + root.string() + " && ";
  // A link that leads nowhere is no template: skipped, as before.
  fs::create_symlink("gone.md", templates / "dangling.md");
  REQUIRE(run_shell(cd, "check draft.md").status == 1);
  // A link to itself cannot be followed: an error naming it, found or named, not an abort.
  fs::create_symlink("loop.md", templates / "loop.md");
  for (const std::string option :
       {"", "--template .github/ISSUE_TEMPLATE ", "--template .github/ISSUE_TEMPLATE/loop.md "}) {
    INFO(option);
    const auto result = run_shell(cd, "check " + option + "draft.md");
    CHECK(result.status == 2);
    CHECK(result.output.find("loop.md: cannot read the template file") != std::string::npos);
  }
  fs::remove(templates / "loop.md");
  // A name too long for the file system is a template that cannot be read.
  const auto long_name =
      run_shell(cd, "check --template " + std::string(300, 'a') + ".md draft.md");
  CHECK(long_name.status == 2);
  // The repository's configuration there but unreadable: the defaults are not used silently.
  fs::create_directories(root / ".github" / "issuelint.yml");
  const auto config = run_shell(cd, "check draft.md");
  CHECK(config.status == 2);
  CHECK(config.output.find("issuelint.yml") != std::string::npos);
  fs::remove(root / ".github" / "issuelint.yml");
  // .github/ISSUE_TEMPLATE a link to itself: an error, not the built-in template.
  fs::remove_all(templates);
  fs::create_symlink("ISSUE_TEMPLATE", templates);
  const auto looped = run_shell(cd, "check draft.md");
  CHECK(looped.status == 2);
  CHECK(looped.output.find("cannot read the template directory") != std::string::npos);
  CHECK(looped.output.find("built-in") == std::string::npos);
}

TEST_CASE("check: an option written with '=' and no value takes no other word for its value") {
  const fs::path root = repository("empty-option-values");
  const std::string cd = "cd " + root.string() + " && ";
  // An empty title is checked as one (the title rule fires on draft.md, not on stdin).
  for (const std::string title : {"--title= ", "--title '' "}) {
    INFO(title);
    const auto result = run_shell(cd, "check " + title + "draft.md < /dev/null");
    CHECK(result.output.find("draft.md: template 'bug'") != std::string::npos);
    CHECK(result.output.find("<stdin>") == std::string::npos);
  }
  // `--title= --format json`: the format is still an option.
  const auto json = run_shell(cd, "check --title= --format json draft.md");
  CHECK(json.output.find("\"verdict\"") != std::string::npos);
  // An empty file name is a usage error, not a file name taken from the next word.
  for (const std::string option : {"--config= ", "--template= ", "--config '' ", "--format= "}) {
    INFO(option);
    const auto result = run_shell(cd, "check " + option + "draft.md");
    CHECK(result.status == 2);
    CHECK(result.output.find("draft.md:") == std::string::npos);
  }
  // After `--`, a word ending in '=' is a file's name.
  const auto after = run_shell(cd, "check -- --title=");
  CHECK(after.status == 2);
  CHECK(after.output.find("--title=: no such file") != std::string::npos);
}

TEST_CASE("check: standard input named twice is a usage error, not an empty second draft") {
  const fs::path root = repository("stdin-twice");
  const auto result = run_shell("cd " + root.string() + " && ", "check - - < draft.md");
  CHECK(result.status == 2);
  CHECK(result.output.find("can be given once") != std::string::npos);
  CHECK(result.output.find("body is empty") == std::string::npos);
}

TEST_CASE("check: a draft saved as UTF-16 is judged on the text it holds") {
  const fs::path root = repository("utf16-draft");
  std::string bytes = "\xFF\xFE";
  for (char c : std::string(kBugDraft)) bytes += std::string{c, '\0'};
  std::ofstream(root / "utf16.md", std::ios::binary) << bytes;
  const std::string cd = "cd " + root.string() + " && ";
  const auto utf16 = run_shell(cd, "check --format json utf16.md", "2>/dev/null");
  const auto utf8 = run_shell(cd, "check --format json draft.md", "2>/dev/null");
  CHECK(utf16.status == utf8.status);
  CHECK(nlohmann::json::parse(utf16.output)["findings"] ==
        nlohmann::json::parse(utf8.output)["findings"]);
  CHECK(utf16.output.find("input-repaired") == std::string::npos);
}

// A lone surrogate was replaced by U+FFFD before the parser saw it, so nothing said so, unlike
// the same damage in a UTF-8 draft.
TEST_CASE("check: broken UTF-16 in a draft is noted where it is, as bad UTF-8 is") {
  const fs::path root = repository("utf16-broken");
  const std::string broken = std::string(kBugDraft) + "\nLast line ";
  std::string bytes = "\xFF\xFE";
  for (char c : broken) bytes += std::string{c, '\0'};
  bytes += std::string("\x00\xD8", 2);  // a high surrogate without its low one
  std::ofstream(root / "utf16.md", std::ios::binary) << bytes;
  const auto result = run_shell("cd " + root.string() + " && ", "check utf16.md", "2>/dev/null");
  CHECK(result.output.find("utf16.md:14:11: note: NUL bytes or invalid UTF-8 replaced by U+FFFD "
                           "[input-repaired]") != std::string::npos);
}

TEST_CASE("check: 'templates' keeping one of several leaves drafts of the others unmatched") {
  const fs::path root = repository("templates-keep-one");
  const std::string cd = "cd " + root.string() + " && ";
  std::ofstream(root / ".github" / "issuelint.yml") << "templates: [feature.md]\n";
  // The bug draft is not judged against the feature template (it was before: one template
  // left, "nothing to choose").
  const auto bug = run_shell(cd, "check draft.md");
  CHECK(bug.status == 0);
  CHECK(bug.output.find("no template matches") != std::string::npos);
  // Selecting nothing that is there names the setting and the templates there are.
  std::ofstream(root / ".github" / "issuelint.yml") << "templates: [feture.md]\n";
  const auto none = run_shell(cd, "check draft.md");
  CHECK(none.status == 2);
  CHECK(none.output.find("issuelint.yml:1:13: 'templates' selects none of the templates here "
                         "(bug.md, feature.md)") != std::string::npos);
}

// With one template, a draft that follows it not at all is still judged against it (there is
// nothing else to choose), unless the chooser's config.yml offers a blank issue beside it: such
// a draft is then a blank issue, unmatched, as it is among several templates.
TEST_CASE("check: a lone template leaves blank issues alone where config.yml offers them") {
  const fs::path root = repository("lone-template-blank-issues");
  const fs::path templates = root / ".github" / "ISSUE_TEMPLATE";
  fs::remove(templates / "feature.md");
  std::ofstream(root / "blank.md") << "Saving a booking twice creates two bookings.\n";
  const std::string cd = "cd " + root.string() + " && ";
  // No config.yml, or blank issues turned off: the lone template judges the blank issue.
  for (const char* config : {"", "blank_issues_enabled: false\n"}) {
    INFO(config);
    if (*config != '\0') std::ofstream(templates / "config.yml") << config;
    const auto judged = run_shell(cd, "check blank.md");
    CHECK(judged.status == 1);
    CHECK(judged.output.find("section 'Describe the bug' is missing") != std::string::npos);
  }
  std::ofstream(templates / "config.yml") << "blank_issues_enabled: true\ncontact_links: []\n";
  const auto blank = run_shell(cd, "check blank.md");
  CHECK(blank.status == 0);
  CHECK(blank.output.find("no template matches") != std::string::npos);
  CHECK(blank.output.find("[template-unmatched]") != std::string::npos);
  // A draft written from the template is still judged against it.
  const auto draft = run_shell(cd, "check draft.md");
  CHECK(draft.status == 1);
  CHECK(draft.output.find("template 'bug'") != std::string::npos);
  // A template named with --template is the template: it judges every draft.
  const auto named = run_shell(cd, "check --template .github/ISSUE_TEMPLATE/bug.md blank.md");
  CHECK(named.status == 1);
}

// GitHub offers no form it refuses: check says why, judges the drafts by the other templates,
// as the bot does, and still fails (exit 2) so that the form is fixed.
TEST_CASE("check: a refused form leaves the others to judge, and the run fails") {
  const fs::path root = repository("refused-form-among-others");
  const fs::path templates = root / ".github" / "ISSUE_TEMPLATE";
  std::ofstream(templates / "ask.yml")
      << "name: Ask\ndescription: d\nbody:\n  - type: input\n"
         "    attributes:\n      label: Foo\n      requird: true\n";
  const std::string cd = "cd " + root.string() + " && ";
  const auto result = run_shell(cd, "check --format json draft.md");
  CHECK(result.status == 2);
  CHECK(result.output.find("ask.yml:7: 'requird' is not a key GitHub permits") !=
        std::string::npos);
  CHECK(result.output.find("\"template\": \"bug\"") != std::string::npos);
  // SARIF: the results, and an invocation that failed, saying why.
  const auto sarif = run_shell(cd, "check --format sarif draft.md", "2>/dev/null");
  CHECK(sarif.status == 2);
  const auto invocation = nlohmann::json::parse(sarif.output)["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"].get<std::string>().find(
            "ask.yml:7: 'requird'") != std::string::npos);
  CHECK_FALSE(nlohmann::json::parse(sarif.output)["runs"][0]["results"].empty());
  // Named alone, or the only template there, nothing is left to judge with.
  const auto named = run_shell(cd, "check --template .github/ISSUE_TEMPLATE/ask.yml draft.md");
  CHECK(named.status == 2);
  CHECK(named.output.find("\"template\"") == std::string::npos);
  fs::remove(templates / "bug.md");
  fs::remove(templates / "feature.md");
  const auto alone = run_shell(cd, "check --format json draft.md");
  CHECK(alone.status == 2);
  CHECK(alone.output.find("ask.yml:7:") != std::string::npos);
  CHECK(alone.output.find("\"template\"") == std::string::npos);
}

TEST_CASE("check: a draft checked from outside its repository is judged by that repository's") {
  // Two repositories, and a loose draft in a directory that is in none.
  const fs::path bugs = repository("own-repository-bugs");
  std::ofstream(bugs / ".github" / "issuelint.yml") << "rules:\n  checklist-unticked: warning\n";
  fs::create_directories(bugs / "docs");
  std::ofstream(bugs / "docs" / "draft.md") << kBugDraft;
  const fs::path other = repository("own-repository-other");
  const fs::path outside = scratch_dir("own-repository-outside");
  std::ofstream(outside / "loose.md") << kBugDraft;
  const std::string cd = "cd " + outside.string() + " && ";

  // Named relative or absolute: the repository's templates, named alike, and its issuelint.yml.
  const fs::path relative = bugs.lexically_relative(outside) / "docs" / "draft.md";
  for (const fs::path& draft : {relative, bugs / "docs" / "draft.md"}) {
    INFO(draft);
    const auto result = run_shell(cd, "check " + draft.string());
    CHECK(result.status == 0);
    CHECK(result.output.find("warning: checklist item not ticked") != std::string::npos);
    const fs::path templates = draft.parent_path().parent_path() / ".github" / "ISSUE_TEMPLATE";
    CHECK(result.output.find("from the templates in " + templates.string()) != std::string::npos);
  }

  // Several drafts: each by its own repository's templates, the loose one by the built-in one.
  const auto result = run_shell(cd, "check --format json " + (bugs / "draft.md").string() + " " +
                                        (other / "draft.md").string() + " loose.md");
  CHECK(result.status == 1);
  const auto verdicts = json_objects(result.output);
  REQUIRE(verdicts.size() == 3);
  CHECK(verdicts[0]["template"] == "bug");
  CHECK(verdicts[0]["verdict"] == "ok");  // its repository's issuelint.yml applied
  CHECK(verdicts[1]["template"] == "bug");
  CHECK(verdicts[1]["verdict"] == "needs-info");  // the other one's has none
  CHECK(verdicts[2]["template"] == "db-migration");
  CHECK(result.output.find("loose.md: template 'db-migration' (1/23 sections) from the built-in") !=
        std::string::npos);
}

TEST_CASE("check: the templates found from the current directory come before the draft's own") {
  const fs::path here = repository("own-repository-here");
  std::ofstream(here / ".github" / "issuelint.yml") << "rules:\n  checklist-unticked: off\n";
  const fs::path there = repository("own-repository-there");
  const auto result =
      run_shell("cd " + here.string() + " && ", "check " + (there / "draft.md").string());
  CHECK(result.status == 0);  // here's configuration, not there's defaults
  CHECK(result.output.find("from the templates in .github/ISSUE_TEMPLATE") != std::string::npos);
  // --template names the templates of every draft.
  const auto named =
      run_shell("cd " + here.string() + " && ",
                "check --template " + (here / ".github" / "ISSUE_TEMPLATE/bug.md").string() + " " +
                    (there / "draft.md").string());
  CHECK(named.output.find("from " + (here / ".github" / "ISSUE_TEMPLATE/bug.md").string()) !=
        std::string::npos);
}

TEST_CASE("check: a draft's repository whose templates cannot be used is exit 2 for that draft") {
  const fs::path broken = scratch_dir("own-repository-broken");
  fs::create_directories(broken / ".github" / "ISSUE_TEMPLATE");  // no template in it
  std::ofstream(broken / "draft.md") << kBugDraft;
  const fs::path outside = scratch_dir("own-repository-broken-outside");
  std::ofstream(outside / "loose.md") << kBugDraft;
  const auto result =
      run_shell("cd " + outside.string() + " && ",
                "check --format json " + (broken / "draft.md").string() + " loose.md");
  CHECK(result.status == 2);
  const auto lines = json_objects(result.output);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["file"] == (broken / "draft.md").string());
  CHECK(lines[0]["error"].get<std::string>().find("cannot use the templates of its repository") !=
        std::string::npos);
  CHECK(lines[1]["template"] == "db-migration");  // the other draft is still judged
}

TEST_CASE("check: --template names a repository's .github folder or root as its templates") {
  const fs::path root = repository("named-repository-folder");
  // Markdown in .github that is no issue template, and the repository's configuration.
  std::ofstream(root / ".github" / "pull_request_template.md") << "## Summary\n\n## Tests\n";
  std::ofstream(root / ".github" / "issuelint.yml") << "rules:\n  checklist-unticked: warning\n";
  fs::create_directories(root / "docs");
  const std::string cd = "cd " + (root / "docs").string() + " && ";
  for (const std::string option : {"../.github", "../.github/", "..", "../"}) {
    INFO(option);
    const auto result = run_shell(cd, "check --template " + option + " ../draft.md");
    CHECK(result.status == 0);
    CHECK(result.output.find("template 'bug' (") != std::string::npos);
    CHECK(result.output.find("from the templates in ../.github/ISSUE_TEMPLATE") !=
          std::string::npos);
    CHECK(result.output.find("pull_request_template") == std::string::npos);
  }
  // A folder of templates that is no repository's is read as it is.
  const fs::path loose = scratch_dir("named-loose-folder");
  std::ofstream(loose / "bug.md") << kBugTemplate;
  const auto result = run_shell(cd, "check --template " + loose.string() + " ../draft.md");
  CHECK(result.output.find("from the templates in " + loose.string()) != std::string::npos);
}
