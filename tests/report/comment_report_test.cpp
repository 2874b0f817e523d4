// The triage comment: hostile issue text stays inert, the size stays under GitHub's limit,
// the same verdict gives the same bytes, and the hidden state reads back.
#include "bot/report/comment_report.h"

#include <catch2/catch.hpp>
#include <regex>

#include "bot/report/inert_text.h"
#include "tests/report/report_samples.h"

namespace issuelint::report_test {
namespace {

const std::string kZwj = "\xE2\x80\x8D";

Verdict verdict_with_message(std::string message, std::string section = "Summary") {
  Verdict verdict = needs_info_verdict();
  verdict.findings = {make_finding("placeholder-left", Severity::error, std::move(section), 3, 1,
                                   std::move(message), "help with @someone and <b>bold</b>")};
  return verdict;
}

std::string comment_for(const Verdict& verdict) { return render_comment(verdict, {}); }

// The parts of a rendered line outside code spans, as CommonMark finds them.
std::string outside_code_spans(const std::string& markdown) {
  std::string out;
  std::size_t pos = 0;
  while (pos < markdown.size()) {
    if (markdown[pos] == '\\' && pos + 1 < markdown.size()) {
      out += markdown.substr(pos, 2);
      pos += 2;
      continue;
    }
    if (markdown[pos] != '`') {
      out += markdown[pos++];
      continue;
    }
    std::size_t run = 0;
    while (pos + run < markdown.size() && markdown[pos + run] == '`') ++run;
    std::size_t search = pos + run;
    std::size_t closing = std::string::npos;
    while (search < markdown.size()) {
      if (markdown[search] != '`') {
        ++search;
        continue;
      }
      std::size_t other = 0;
      while (search + other < markdown.size() && markdown[search + other] == '`') ++other;
      if (other == run) {
        closing = search;
        break;
      }
      search += other;
    }
    if (closing == std::string::npos) {
      out += markdown.substr(pos, run);
      pos += run;
    } else {
      pos = closing + run;
    }
  }
  return out;
}

// What a single code span displays, per CommonMark, or nullopt if the text is not exactly one.
std::optional<std::string> code_span_content(const std::string& span) {
  std::size_t run = 0;
  while (run < span.size() && span[run] == '`') ++run;
  if (run == 0 || span.size() < 2 * run) return std::nullopt;
  if (span.substr(span.size() - run) != std::string(run, '`')) return std::nullopt;
  if (span.size() > 2 * run && span[span.size() - run - 1] == '`') return std::nullopt;
  std::string content = span.substr(run, span.size() - 2 * run);
  // No run of exactly `run` backticks inside, or the span would close early.
  if (outside_code_spans(std::string(run, '`') + content).find('`') == std::string::npos) {
    return std::nullopt;
  }
  const bool all_spaces = content.find_first_not_of(' ') == std::string::npos;
  if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' && !all_spaces) {
    content = content.substr(1, content.size() - 2);
  }
  return content;
}

TEST_CASE("comment: @mentions and team mentions from the issue ping nobody") {
  const std::string comment =
      comment_for(verdict_with_message("cc @octocat and @github/security-team, thanks"));
  CHECK(comment.find("@octocat") == std::string::npos);
  CHECK(comment.find("@github/") == std::string::npos);
  CHECK(comment.find("@someone") == std::string::npos);
  CHECK(comment.find("@" + kZwj + "octocat") != std::string::npos);
  CHECK(comment.find("@" + kZwj + "github/security-team") != std::string::npos);
  const std::regex mention("(^|[^A-Za-z0-9`])@[A-Za-z0-9]");
  CHECK_FALSE(std::regex_search(outside_code_spans(comment), mention));
}

TEST_CASE("comment: HTML and images from the issue are shown as text") {
  const std::string comment = comment_for(verdict_with_message(
      "see <img src=x onerror=alert(1)> and <script>alert(1)</script> and "
      "<details><summary>x</summary> and ![tracker](https://evil.example/p.png)",
      "<details open>"));
  for (const char* raw : {"<img", "<script", "</script", "<b>", "<details open", "![tracker]"}) {
    INFO(raw);
    CHECK(comment.find(raw) == std::string::npos);
  }
  CHECK(comment.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(comment.find("&lt;script&gt;") != std::string::npos);
  CHECK(comment.find("\\!\\[tracker\\]") != std::string::npos);
  // Our own folding is still there, once per block we opened.
  CHECK(comment.find("<details>") == std::string::npos);  // no advice in this verdict
}

TEST_CASE("comment: issue references and math from the issue stay text") {
  const std::string comment = comment_for(verdict_with_message("fixes #1 and costs $5 or $x$"));
  CHECK(comment.find("#1") == std::string::npos);
  CHECK(comment.find("#" + kZwj + "1") != std::string::npos);
  CHECK(comment.find("\\$5") != std::string::npos);
}

// GitHub links GH-123 like #123, and a bare URL (an issue's URL becomes a cross-reference);
// cmark-gfm renders none of these as a link once a joiner sits inside them.
TEST_CASE("comment: GH-123 and bare URLs from the issue stay text") {
  const std::string inline_text = markdown_inline(
      "GH-123, gh-7, https://github.com/o/r/issues/1, HTTP://evil.com, ftp://x.org, "
      "www.evil.com, (WWW.x.org) and xgh-1, 10:30, a.b",
      1000);
  for (const char* linked : {"GH-123", "gh-7", "https://", "HTTP://", "ftp://", "www.", "WWW."}) {
    INFO(linked);
    CHECK(inline_text.find(linked) == std::string::npos);
  }
  for (const std::string& inert :
       {"GH-" + kZwj + "123", "gh-" + kZwj + "7", "https" + kZwj + "://github.com/o/r/issues/1",
        "HTTP" + kZwj + "://evil.com", "ftp" + kZwj + "://x.org", "www" + kZwj + ".evil.com",
        "WWW" + kZwj + ".x.org"}) {
    INFO(inert);
    CHECK(inline_text.find(inert) != std::string::npos);
  }
  // Only what GitHub would link is touched.
  CHECK(inline_text.find("xgh-1, 10:30, a.b") != std::string::npos);
  const std::string comment =
      comment_for(verdict_with_message("see GH-123 and https://github.com/o/r/pull/2"));
  CHECK(comment.find("GH-123") == std::string::npos);
  CHECK(comment.find("https://github.com") == std::string::npos);
}

// A section path is md4c's text of the headings: "`a`" there was written "\`a`", and a
// backtick in it is shown, not read as a code span's fence; '_' and '*' are kept as written.
TEST_CASE("comment: backticks, underscores and asterisks of a section path are literal") {
  const std::string comment =
      comment_for(verdict_with_message("m", "Impact (`a` and user_id and 2*3)"));
  CHECK(comment.find("**Impact (\\`a\\` and user\\_id and 2\\*3)**") != std::string::npos);
  CHECK(markdown_literal("`a`", 100) == "\\`a\\`");
  CHECK(markdown_inline("`a`", 100) == "`a`");
}

TEST_CASE("code spans hold any run of backticks literally") {
  for (std::size_t length = 1; length <= 5; ++length) {
    const std::string run(length, '`');
    for (const std::string& content :
         std::vector<std::string>{"a" + run + "b", run + "x", "x" + run, run, " " + run + " ",
                                  "  two spaces  ", "@octocat <b>" + run}) {
      INFO("content: [" << content << "]");
      const std::string span = markdown_code_span(content);
      INFO("span: [" << span << "]");
      const auto shown = code_span_content(span);
      REQUIRE(shown.has_value());
      CHECK(*shown == content);
    }
  }
}

TEST_CASE("code spans written in a message survive and cannot swallow the rest of the line") {
  const std::string rendered = markdown_inline("use `` a`b `` then `unclosed and <b>", 1000);
  CHECK(rendered.find("``a`b``") != std::string::npos);  // same display, CommonMark
  CHECK(rendered.find("\\`unclosed") != std::string::npos);
  CHECK(rendered.find("&lt;b&gt;") != std::string::npos);
}

TEST_CASE("comment: newlines and control characters from the issue stay on one line") {
  const std::string comment =
      comment_for(verdict_with_message("line one\r\n\r\n## Heading\n- [x] fake\x1b[31m\u202Eevil"));
  CHECK(comment.find("\n## Heading") == std::string::npos);
  CHECK(comment.find("\n- [x] fake") == std::string::npos);
  CHECK(comment.find('\x1b') == std::string::npos);
  CHECK(comment.find("\u202E") == std::string::npos);
  CHECK(comment.find("line one \\#\\# Heading") != std::string::npos);
}

TEST_CASE("comment: a 100 KB line is cut with an ellipsis") {
  const std::string comment = comment_for(verdict_with_message(std::string(100'000, 'x')));
  CHECK(comment.find("x\xE2\x80\xA6") != std::string::npos);
  CHECK(comment.size() < 5'000);
}

TEST_CASE("comment: invalid UTF-8 is replaced, never split") {
  const std::string comment = comment_for(verdict_with_message("bad \xFF\xC0\xAF bytes \xE2\x82"));
  CHECK(valid_utf8(comment) == comment);
}

TEST_CASE("comment: 5,000 findings fit GitHub's limit and say how many were left out") {
  Verdict verdict = needs_info_verdict();
  verdict.findings.clear();
  for (int i = 1; i <= 5000; ++i) {
    verdict.findings.push_back(
        make_finding("placeholder-left", Severity::error, "Section " + std::to_string(i % 7), i, 1,
                     "Finding number " + std::to_string(i) + " @x <i>", "Do something about it."));
  }
  const std::string comment = comment_for(verdict);
  CHECK(count_code_points(comment) <= 65'000);
  CHECK(is_report_comment(comment));
  CHECK(parse_comment_state(comment).has_value());
  const std::regex note("_([0-9]+) more findings not shown");
  std::smatch match;
  REQUIRE(std::regex_search(comment, match, note));
  std::size_t shown = 0;
  for (std::size_t pos = 0; (pos = comment.find("\n- [ ] ", pos)) != std::string::npos; ++pos) {
    ++shown;
  }
  CHECK(shown > 100);
  CHECK(shown + std::stoul(match[1]) == 5000);
  CHECK(comment.find("issuelint check") != std::string::npos);  // the command for the rest
  CHECK(comment.find("5000 problems to fix") != std::string::npos);
}

Verdict verdict_with_errors(int count) {
  Verdict verdict = needs_info_verdict();
  verdict.findings.clear();
  for (int i = 1; i <= count; ++i) {
    verdict.findings.push_back(make_finding("placeholder-left", Severity::error,
                                            "Section " + std::to_string((i + 2) / 3), i, 1,
                                            "Finding number " + std::to_string(i)));
  }
  return verdict;
}

std::size_t checklist_items(std::string_view markdown) {
  std::size_t items = 0;
  for (std::size_t pos = 0; (pos = markdown.find("\n- [ ] ", pos)) != std::string::npos; ++pos) {
    ++items;
  }
  return items;
}

TEST_CASE("comment: past ten problems, the rest are folded, under their sections' names") {
  const std::string comment = comment_for(verdict_with_errors(25));
  CHECK(comment.find("25 problems to fix") != std::string::npos);
  const std::string summary = "\n<details><summary>15 more problems to fix</summary>\n";
  const std::size_t fold = comment.find(summary);
  REQUIRE(fold != std::string::npos);
  CHECK(checklist_items(comment.substr(0, fold)) == 10);
  const std::size_t fold_end = comment.find("\n</details>\n", fold);
  REQUIRE(fold_end != std::string::npos);
  const std::string folded = comment.substr(fold, fold_end - fold);
  CHECK(checklist_items(folded) == 15);
  // Finding 10 ends the open list in Section 4; 11 and 12 are still Section 4's.
  CHECK(folded.starts_with(summary + "\n**Section 4**\n\n- [ ] Finding number 11 "));
  CHECK(comment.find("1 more problem to fix") == std::string::npos);
}

TEST_CASE("comment: ten problems or fewer are all in the open") {
  const std::string ten = comment_for(verdict_with_errors(10));
  CHECK(checklist_items(ten) == 10);
  CHECK(ten.find("more problem") == std::string::npos);
  const std::string eleven = comment_for(verdict_with_errors(11));
  CHECK(eleven.find("<details><summary>1 more problem to fix</summary>") != std::string::npos);
}

TEST_CASE("comment: the same verdict renders byte-identical, whatever the label order") {
  Verdict first = needs_info_verdict();
  Verdict second = needs_info_verdict();
  std::reverse(second.applied_labels.begin(), second.applied_labels.end());
  const auto catalog = sample_catalog();
  CommentOptions options;
  options.rule_lookup = [&](std::string_view id) { return find_rule(catalog, id); };
  CHECK(render_comment(first, options) == render_comment(first, options));
  CHECK(render_comment(first, options) == render_comment(second, options));
}

TEST_CASE("comment: the title in the CLI hint is quoted for the shell and the code span") {
  CommentOptions options;
  options.template_file = ".github/ISSUE_TEMPLATE/db migration.md";
  options.title = "it's `bad`\n@octocat $(rm -rf /)";
  const std::string comment = render_comment(needs_info_verdict(), options);
  CHECK(comment.find("--template '.github/ISSUE_TEMPLATE/db migration.md'") != std::string::npos);
  CHECK(comment.find("--title 'it'\\''s `bad` @octocat $(rm -rf /)' issue.md") !=
        std::string::npos);
  CHECK(comment.find("``issuelint check") != std::string::npos);  // fence longer than `bad`
}

// The hint promises the same verdict: the configuration changes rules and severities, and an
// empty title fails the title rules where no title skips them.
TEST_CASE("comment: the CLI hint gives --config, and --title '' for an empty title") {
  CommentOptions options;
  options.template_file = "tpl-db.md";
  options.config_file = "cfg/sev.yml";
  options.title = "";
  CHECK(render_comment(needs_info_verdict(), options)
            .find("`issuelint check --template tpl-db.md --config cfg/sev.yml --title '' "
                  "issue.md`") != std::string::npos);
  options.config_file.clear();
  options.title.reset();
  CHECK(render_comment(needs_info_verdict(), options)
            .find("`issuelint check --template tpl-db.md issue.md`") != std::string::npos);
}

// A draft that follows no template was not checked: no pass mark, whatever its outcome.
TEST_CASE("comment: an unmatched draft is said to be unchecked, not clean") {
  Verdict verdict;
  verdict.outcome = Outcome::ok;
  verdict.template_matched = false;
  verdict.findings = {make_finding("template-unmatched", Severity::warning, "", 0, 0,
                                   "the draft follows none of the issue templates, so it was "
                                   "not checked")};
  const std::string comment = comment_for(verdict);
  CHECK(comment.find("\xE2\x9C\x85") == std::string::npos);  // no ✅
  CHECK(comment.find("nothing to fix") == std::string::npos);
  CHECK(comment.find("**issuelint:** this issue was not checked: it follows none of this "
                     "repository's issue templates.") != std::string::npos);
}

TEST_CASE("comment: an unmatched empty issue's comment says it needs information, and why") {
  Verdict verdict;
  verdict.template_matched = false;
  verdict.findings = {make_finding("template-unmatched", Severity::warning, "", 0, 0,
                                   "the draft follows none of the issue templates, so it was "
                                   "not checked")};
  const std::vector<TemplateOffered> offered = {{"Bug report", "bug.md"}};
  const std::string unchecked = render_unmatched_comment(verdict, offered, {});
  CHECK(unchecked.find("needs more information") == std::string::npos);
  // Named as every other comment names the bot: "**issuelint:**", the colon in bold.
  CHECK(unchecked.find("\n**issuelint:** this issue does not follow") != std::string::npos);
  CHECK(unchecked.find("does not follow any of this repository's issue templates") !=
        std::string::npos);
  verdict.outcome = Outcome::needs_info;
  verdict.findings = {
      make_finding("template-unmatched", Severity::error, "", 0, 0, "the issue body is empty")};
  const std::string empty = render_unmatched_comment(verdict, offered, {});
  CHECK(empty.find("**issuelint:** this issue needs more information: the issue body is empty.") !=
        std::string::npos);
  CHECK(empty.find("- Bug report (`bug.md`)") != std::string::npos);
  // template-unmatched made an error by configuration: said once, not twice.
  verdict.findings = {make_finding("template-unmatched", Severity::error, "", 0, 0,
                                   "the draft follows none of the issue templates, so it was "
                                   "not checked")};
  const std::string configured = render_unmatched_comment(verdict, offered, {});
  CHECK(configured.find("**issuelint:** this issue needs more information. It follows none of "
                        "this repository's issue templates, so it was not checked.") !=
        std::string::npos);
}

TEST_CASE("comment: an unmatched issue's list of templates stays under GitHub's limit") {
  Verdict verdict;
  verdict.template_matched = false;
  std::vector<TemplateOffered> offered;
  for (int i = 0; i < 1000; ++i) {
    offered.push_back({std::string(150, 'n') + std::to_string(i),
                       ".github/ISSUE_TEMPLATE/" + std::string(100, 'f') + ".md"});
  }
  const std::string many = render_unmatched_comment(verdict, offered, {});
  CHECK(count_code_points(many) <= 65'000);
  CHECK(is_report_comment(many));
  const std::regex more("\n- and ([0-9]+) more\n");
  std::smatch match;
  REQUIRE(std::regex_search(many, match, more));
  std::size_t items = 0;
  for (std::size_t pos = 0; (pos = many.find("\n- n", pos)) != std::string::npos; ++pos) ++items;
  CHECK(items > 100);
  CHECK(items + std::stoul(match[1]) == 1000);
  CHECK(many.find("issuelint check") != std::string::npos);  // the footer is kept
  offered.resize(3);
  const std::string few = render_unmatched_comment(verdict, offered, {});
  CHECK(few.find(" more\n") == std::string::npos);
  CHECK(few.find("- " + std::string(150, 'n') + "2 (`") != std::string::npos);
}

TEST_CASE("comment: the first two lines are the marker and the sorted state") {
  const std::string comment = comment_for(needs_info_verdict());
  CHECK(comment.starts_with(
      "<!-- issuelint:report -->\n"
      "<!-- issuelint:state "
      "{\"v\":1,\"applied\":[\"db-migration\",\"needs-info\"],\"suppressed\":[]} -->\n"));
}

TEST_CASE("comment state: round trip, CRLF, hostile label names") {
  Verdict verdict = clean_verdict();
  verdict.applied_labels = {"zeta", "needs-info", "--> <b>x</b> & y", "db-migration"};
  verdict.suppressed_labels = {"wontfix", "bug"};
  const std::string comment = comment_for(verdict);
  CHECK(comment.find("--> <b>") == std::string::npos);
  const auto state = parse_comment_state(comment);
  REQUIRE(state.has_value());
  CHECK(state->applied ==
        std::vector<std::string>{"--> <b>x</b> & y", "db-migration", "needs-info", "zeta"});
  CHECK(state->suppressed == std::vector<std::string>{"bug", "wontfix"});

  const std::string crlf = std::regex_replace(comment, std::regex("\n"), "\r\n");
  CHECK(is_report_comment(crlf));
  const auto from_crlf = parse_comment_state(crlf);
  REQUIRE(from_crlf.has_value());
  CHECK(from_crlf->applied == state->applied);
  CHECK(from_crlf->suppressed == state->suppressed);
}

TEST_CASE("comment state: anything else reads as no state") {
  CHECK_FALSE(is_report_comment(""));
  CHECK_FALSE(is_report_comment("hello\n<!-- issuelint:report -->\n"));
  CHECK(is_report_comment("\xEF\xBB\xBF<!-- issuelint:report -->"));
  CHECK_FALSE(parse_comment_state("thanks!\n<!-- issuelint:state {\"v\":1,\"applied\":[]} -->"));
  CHECK_FALSE(parse_comment_state("<!-- issuelint:report -->\nno state here\n"));
  CHECK_FALSE(parse_comment_state("<!-- issuelint:report -->\n<!-- issuelint:state {oops -->\n"));
  CHECK_FALSE(parse_comment_state(
      "<!-- issuelint:report -->\n<!-- issuelint:state {\"v\":2,\"applied\":[]} -->"));
  CHECK_FALSE(
      parse_comment_state("<!-- issuelint:report -->\n<!-- issuelint:state {\"v\":\"1\"} -->"));
  CHECK_FALSE(parse_comment_state(
      "<!-- issuelint:report -->\n<!-- issuelint:state {\"v\":1,\"applied\":[1]} -->"));
  const auto empty = parse_comment_state(
      "<!-- issuelint:report -->\n<!-- issuelint:state {\"v\":1,\"applied\":[]} -->");
  REQUIRE(empty.has_value());  // a state without "suppressed" (older comments) reads as none
  CHECK(empty->applied.empty());
  CHECK(empty->suppressed.empty());
  CHECK_FALSE(
      parse_comment_state("<!-- issuelint:report -->\n<!-- issuelint:state "
                          "{\"v\":1,\"applied\":[],\"suppressed\":\"x\"} -->"));
}

TEST_CASE("comment: a clean issue gets one line, no history") {
  const std::string comment = comment_for(clean_verdict());
  CHECK(comment ==
        "<!-- issuelint:report -->\n"
        "<!-- issuelint:state {\"v\":1,\"applied\":[\"db-migration\"],\"suppressed\":[]} -->\n"
        "**issuelint:** everything the template asks for is here. \xE2\x9C\x85\n");
}

TEST_CASE("comment: a pass with a warning or a check that could not run says so first") {
  const auto headline = [](const Verdict& verdict) {
    const std::string comment = comment_for(verdict);
    const auto start = comment.find("**issuelint:**");
    return comment.substr(start, comment.find('\n', start) - start);
  };
  Verdict verdict = clean_verdict();
  CHECK(headline(verdict) ==
        "**issuelint:** everything the template asks for is here. \xE2\x9C\x85");
  // A note that is advice, and a title a local check was not given, leave the pass whole.
  verdict.findings.push_back(make_finding("sql-concurrently", Severity::info,
                                          "Schema Changes > Migration SQL", 40, 1, "CONCURRENTLY"));
  Finding no_title = make_finding("title-format", Severity::info, "title", 0, 0, "not checked");
  no_title.did_not_run = true;
  verdict.findings.push_back(no_title);
  CHECK(headline(verdict) ==
        "**issuelint:** everything the template asks for is here. \xE2\x9C\x85");
  verdict.findings.push_back(make_finding("subsection-missing", Severity::warning,
                                          "Schema Changes > Migration SQL", 0, 0,
                                          "section 'Migration SQL' is missing"));
  CHECK(headline(verdict) ==
        "**issuelint:** nothing blocks this issue, but 1 warning is worth a "
        "look.");
  // The rules that skipped the same section share one note (LintContext::report_cannot_check).
  Finding skipped =
      make_finding("sql-add-column-not-null", Severity::info, "Schema Changes > Migration SQL", 0,
                   0, "could not check: the section 'Migration SQL' is missing");
  skipped.did_not_run = true;
  verdict.findings.push_back(skipped);
  CHECK(headline(verdict) ==
        "**issuelint:** nothing blocks this issue, but 1 warning is worth a look and some checks "
        "could not run, for a section they read is missing.");
  skipped.rule = "checklist-unticked";
  skipped.message = "could not check: the section 'Checklist' is missing";
  verdict.findings.push_back(skipped);
  CHECK(headline(verdict) ==
        "**issuelint:** nothing blocks this issue, but 1 warning is worth a look and some checks "
        "could not run, for sections they read are missing.");
  CHECK(verdict.outcome == Outcome::ok);
}

// A repository's `message`, `help` and `summary` are its maintainers' words, which point authors
// to their guides: the links work. Issue text is never among them, so mentions and references
// stay inert there too.
TEST_CASE("markdown_with_links: the maintainer's links and bare URLs are kept, the rest inert") {
  const std::string rendered = markdown_with_links(
      "read [the guide](https://example.com/guide) or https://example.com/a_b#env, "
      "www.example.com, then ask @org/triage about #12 in `chat` <b>now</b>",
      1000);
  CHECK(rendered ==
        "read [the guide](https://example.com/guide) or https://example.com/a_b#env, "
        "www.example.com, then ask @" +
            kZwj + "org/triage about #" + kZwj + "12 in `chat` &lt;b&gt;now&lt;/b&gt;");
  // The same words from the issue: no link at all.
  const std::string inert = markdown_inline("read [the guide](https://example.com/guide)", 1000);
  CHECK(inert == "read \\[the guide\\](https" + kZwj + "://example.com/guide)");
}

TEST_CASE("markdown_with_links: what is no web link stays text") {
  // Not a web URL, a space in the URL, a space before it, a label with a mention.
  CHECK(markdown_with_links("[x](javascript:alert(1))", 100) == "\\[x\\](javascript:alert(1))");
  CHECK(markdown_with_links("[x](https://e.com/a b)", 100) == "\\[x\\](https://e.com/a b)");
  CHECK(markdown_with_links("[x] (https://e.com)", 100) == "\\[x\\] (https://e.com)");
  CHECK(markdown_with_links("[@bob](https://e.com)", 100) == "[@" + kZwj + "bob](https://e.com)");
  // A scheme glued to a word is no bare URL for GitHub either.
  CHECK(markdown_with_links("xhttps://e.com", 100) == "xhttps" + kZwj + "://e.com");
  CHECK(markdown_with_links("https://", 100) == "https" + kZwj + "://");
}

TEST_CASE("comment: a configured message and help keep their links, the kind's own wording not") {
  const std::string help = "see [the guide](https://example.com/guide)";
  Verdict verdict = needs_info_verdict();
  verdict.findings = {
      make_finding("env-missing", Severity::error, "Environment", 3, 1,
                   "pick one: https://example.com/envs", help),
      // The same rule worded by its kind, quoting the issue: its URL and brackets stay text.
      make_finding("env-missing", Severity::error, "Environment", 5, 1,
                   "'[x](https://evil.example.com)' is no environment",
                   "see https://evil.example.com"),
  };
  CommentOptions options;
  options.rule_wording = [&](std::string_view id) {
    return id == "env-missing" ? RuleWording{"pick one: https://example.com/envs", help}
                               : RuleWording{};
  };
  const std::string comment = render_comment(verdict, options);
  CHECK(comment.find("pick one: https://example.com/envs (line 3") != std::string::npos);
  CHECK(comment.find("→ see [the guide](https://example.com/guide)\n") != std::string::npos);
  CHECK(comment.find("evil.example.com") != std::string::npos);
  CHECK(comment.find("https://evil") == std::string::npos);
  CHECK(comment.find("](https" + kZwj + "://evil") != std::string::npos);
  CHECK(comment.find("\\[x\\]") != std::string::npos);
}

TEST_CASE("comment: a rule's summary keeps its links") {
  std::vector<RuleInfo> catalog(1);
  catalog[0].id = "env-missing";
  catalog[0].summary = "An environment is ticked, as [the guide](https://example.com/g) asks";
  Verdict verdict = needs_info_verdict();
  verdict.findings = {make_finding("env-missing", Severity::error, "Environment", 3, 1, "m")};
  CommentOptions options;
  options.rule_lookup = [&](std::string_view id) { return find_rule(catalog, id); };
  CHECK(render_comment(verdict, options)
            .find("- `env-missing`: An environment is ticked, as [the guide]"
                  "(https://example.com/g) asks\n") != std::string::npos);
}

}  // namespace
}  // namespace issuelint::report_test
