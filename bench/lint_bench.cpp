// Lint throughput on one core: the two parsers alone, then our pipeline over them.
//   (a) md4c with empty callbacks
//   (b) libpg_query on the same SQL, called as the pipeline calls it (PL/pgSQL bodies too)
//   (a)+(b) in turn: (a) then (b) on each draft, as the pipeline runs them (the floor for (c))
//   (c) check without output: parse_issue, template choice, every rule, with the catalog's
//       learned template texts as a catalog checking many drafts has them; "unlearned": as one
//       `issuelint check` of a single draft runs, without them
//   (d) check with output: triage() (comment rendered) and the JSON verdict
// Each runs on the flagship draft (fixtures/issues/complete-audit-log.md, ~5 KB, 3 statements)
// and on every fixture draft in turn; (a), (b) and (c) also on each fixture draft alone
// (BM_per_fixture/<draft>/<a|b|c>). Items are drafts, bytes are Markdown bytes.
#include <benchmark/benchmark.h>
#include <md4c.h>
#include <pg_query.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench_files.h"
#include "bot/report/json_report.h"
#include "bot/triage.h"
#include "parser/document.h"
#include "rules/engine.h"
#include "rules/lint_context.h"
#include "rules/sql/migration_analysis.h"
#include "rules/sql/sql_parser.h"
#include "rules/template_catalog.h"

namespace {

using issuelint::TemplateCatalog;

struct Draft {
  std::string name;
  std::string body;
  std::string title;
  std::vector<std::string> sql_scripts;  // the SQL blocks the pipeline hands to libpg_query
  // What else it hands over: each DO block or PL/pgSQL function (to the PL/pgSQL parser), then
  // each SQL statement found in those bodies (to the SQL parser).
  std::vector<std::string> plpgsql_bodies;
  std::vector<std::string> inner_statements;
};

using issuelint::bench::read_file;

TemplateCatalog built_in_catalog() {
  auto result = TemplateCatalog::builtin_default();
  if (!result) throw std::runtime_error(result.error().describe());
  return std::move(*result);
}

// As a catalog that checks many drafts runs: it has learned its templates' texts.
const TemplateCatalog& catalog() {
  static const TemplateCatalog built = [] {
    TemplateCatalog learned = built_in_catalog();
    learned.learn_template_texts();
    return learned;
  }();
  return built;
}

// As `issuelint check` on one draft runs: nothing learned (it would cost more than it saves).
const TemplateCatalog& unlearned_catalog() {
  static const TemplateCatalog built = built_in_catalog();
  return built;
}

// The SQL exactly as the pipeline finds it, so (b) parses what (c) parses.
std::vector<std::string> sql_scripts_of(const std::string& body, const std::string& title) {
  const issuelint::IssueDocument document = issuelint::parse_issue(body, &catalog().known_texts());
  const auto choice = catalog().choose(document, title);
  if (!choice) return {};
  const issuelint::LintContext context(document, &choice->entry->issue_template, title);
  const auto& analysis = context.migration();
  std::vector<std::string> scripts;
  for (const auto* group : {&analysis.migration, &analysis.rollback}) {
    for (const auto& script : *group) {
      scripts.push_back(document.text.substr(script.offset, script.length));
    }
  }
  return scripts;
}

Draft load_draft(const std::filesystem::path& markdown) {
  Draft draft;
  draft.name = markdown.stem().string();
  draft.body = read_file(markdown);
  std::filesystem::path title_file = markdown;
  title_file.replace_extension(".title");
  if (std::filesystem::exists(title_file)) {
    draft.title = read_file(title_file);
    while (!draft.title.empty() && (draft.title.back() == '\n' || draft.title.back() == '\r')) {
      draft.title.pop_back();
    }
  }
  draft.sql_scripts = sql_scripts_of(draft.body, draft.title);
  for (const std::string& script : draft.sql_scripts) {
    for (const auto& statement : issuelint::sql::parse_script(script, 0).statements) {
      if (statement.in_do_block) {
        draft.inner_statements.emplace_back(statement.text);
      } else if (issuelint::sql::has_plpgsql_body(statement)) {
        draft.plpgsql_bodies.emplace_back(statement.text);
      }
    }
  }
  return draft;
}

const std::filesystem::path kIssues =
    std::filesystem::path(ISSUELINT_SOURCE_DIR) / "fixtures/issues";

const std::vector<Draft>& flagship() {
  static const std::vector<Draft> drafts{load_draft(kIssues / "complete-audit-log.md")};
  return drafts;
}

const std::vector<Draft>& fixtures() {
  static const std::vector<Draft> drafts = [] {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(kIssues)) {
      if (entry.path().extension() == ".md") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    std::vector<Draft> loaded;
    for (const auto& path : paths) loaded.push_back(load_draft(path));
    return loaded;
  }();
  return drafts;
}

std::int64_t bytes_of(const std::vector<Draft>& drafts) {
  std::int64_t total = 0;
  for (const Draft& draft : drafts) total += static_cast<std::int64_t>(draft.body.size());
  return total;
}

template <typename Work>
void over_drafts(benchmark::State& state, const std::vector<Draft>& drafts, Work work) {
  for (auto _ : state) {
    for (const Draft& draft : drafts) work(draft);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(drafts.size()));
  state.SetBytesProcessed(state.iterations() * bytes_of(drafts));
}

int ignore_block(MD_BLOCKTYPE, void*, void*) { return 0; }
int ignore_span(MD_SPANTYPE, void*, void*) { return 0; }
int ignore_text(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; }

[[gnu::noinline]] void md4c_alone(const Draft& draft) {
  MD_PARSER parser{};
  parser.flags = MD_DIALECT_GITHUB;  // what parser/markdown_walker.cpp asks for
  parser.enter_block = ignore_block;
  parser.leave_block = ignore_block;
  parser.enter_span = ignore_span;
  parser.leave_span = ignore_span;
  parser.text = ignore_text;
  benchmark::DoNotOptimize(
      md_parse(draft.body.data(), static_cast<MD_SIZE>(draft.body.size()), &parser, nullptr));
}

// The libpg_query calls rules/sql/sql_parser.cpp makes, without reading the JSON tree: one
// parse per script; a script with a syntax error is then split with the scanner and parsed
// statement by statement (so that one typo costs one statement); then each DO block or
// PL/pgSQL function through the PL/pgSQL parser, and each SQL statement in those bodies.
void pg_query_parse_statements(const std::string& script) {
  PgQuerySplitResult split = pg_query_split_with_scanner(script.c_str());
  for (int i = 0; split.error == nullptr && i < split.n_stmts; ++i) {
    const std::string statement =
        script.substr(static_cast<std::size_t>(split.stmts[i]->stmt_location),
                      static_cast<std::size_t>(split.stmts[i]->stmt_len));
    PgQueryParseResult parsed = pg_query_parse(statement.c_str());
    benchmark::DoNotOptimize(parsed.parse_tree);
    pg_query_free_parse_result(parsed);
  }
  pg_query_free_split_result(split);
}

[[gnu::noinline]] void pg_query_alone(const Draft& draft) {
  for (const std::string& script : draft.sql_scripts) {
    PgQueryParseResult parsed = pg_query_parse(script.c_str());
    benchmark::DoNotOptimize(parsed.parse_tree);
    const bool failed = parsed.error != nullptr;
    pg_query_free_parse_result(parsed);
    if (failed) pg_query_parse_statements(script);
  }
  for (const std::string& body : draft.plpgsql_bodies) {
    PgQueryPlpgsqlParseResult parsed = pg_query_parse_plpgsql(body.c_str());
    benchmark::DoNotOptimize(parsed.plpgsql_funcs);
    pg_query_free_plpgsql_parse_result(parsed);
  }
  for (const std::string& statement : draft.inner_statements) {
    PgQueryParseResult parsed = pg_query_parse(statement.c_str());
    benchmark::DoNotOptimize(parsed.parse_tree);
    pg_query_free_parse_result(parsed);
  }
}

// (a) then (b) on the same draft, as the pipeline runs them: the floor for (c). Each parser's
// code and tables evict the other's from the caches, which (a) and (b) timed apart never see.
void parsers_in_turn(const Draft& draft) {
  md4c_alone(draft);
  pg_query_alone(draft);
}

void check_with(const TemplateCatalog& templates, const Draft& draft) {
  const issuelint::IssueDocument document =
      issuelint::parse_issue(draft.body, &templates.known_texts());
  const auto choice = templates.choose(document, draft.title);
  if (!choice) return;
  issuelint::LintResult lint = issuelint::lint_issue(choice->entry->rules, document,
                                                     &choice->entry->issue_template, draft.title);
  benchmark::DoNotOptimize(lint.findings.data());
}

// The work functions bench/instructions.sh and bench/code_footprint.py count between
// (callgrind's --toggle-collect) stay out of line in every build: profile-guided or link-time
// optimisation would otherwise inline them into over_drafts, and the count would find nothing.
[[gnu::noinline]] void check_without_output(const Draft& draft) { check_with(catalog(), draft); }

// (c) in two parts, to tell the Markdown side of our layer from the rest: the parse with the
// catalog's texts learned (md4c and the walker), then the choice and the rules (libpg_query
// and the analysis) over a document parsed once, before the count.
void parse_only(const Draft& draft) {
  const issuelint::IssueDocument document =
      issuelint::parse_issue(draft.body, &catalog().known_texts());
  benchmark::DoNotOptimize(document.checkboxes.data());
}

void lint_only(const Draft& draft, const issuelint::IssueDocument& document) {
  const auto choice = catalog().choose(document, draft.title);
  if (!choice) return;
  issuelint::LintResult lint = issuelint::lint_issue(choice->entry->rules, document,
                                                     &choice->entry->issue_template, draft.title);
  benchmark::DoNotOptimize(lint.findings.data());
}
[[gnu::noinline]] void check_without_output_unlearned(const Draft& draft) {
  check_with(unlearned_catalog(), draft);
}

[[gnu::noinline]] void check_with_output(const Draft& draft) {
  issuelint::TriageRequest request;
  request.body = draft.body;
  request.title = draft.title;
  const issuelint::TriageResult result = issuelint::triage(catalog(), request);
  const std::string json = issuelint::render_json_report(result.verdict);
  benchmark::DoNotOptimize(json.data());
}

void BM_a_md4c_flagship(benchmark::State& state) { over_drafts(state, flagship(), md4c_alone); }
void BM_b_pg_query_flagship(benchmark::State& state) {
  over_drafts(state, flagship(), pg_query_alone);
}
void BM_ab_parsers_in_turn_flagship(benchmark::State& state) {
  over_drafts(state, flagship(), parsers_in_turn);
}
void BM_c_check_flagship(benchmark::State& state) {
  over_drafts(state, flagship(), check_without_output);
}
void BM_c1_parse_flagship(benchmark::State& state) { over_drafts(state, flagship(), parse_only); }
void BM_c2_choose_and_lint_flagship(benchmark::State& state) {
  const Draft& draft = flagship().front();
  const issuelint::IssueDocument document =
      issuelint::parse_issue(draft.body, &catalog().known_texts());
  for (auto _ : state) lint_only(draft, document);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(draft.body.size()));
}
void BM_c_check_unlearned_flagship(benchmark::State& state) {
  unlearned_catalog();  // built before the count (instructions.sh counts inside the check)
  over_drafts(state, flagship(), check_without_output_unlearned);
}
void BM_d_check_json_comment_flagship(benchmark::State& state) {
  over_drafts(state, flagship(), check_with_output);
}
void BM_a_md4c_fixtures(benchmark::State& state) { over_drafts(state, fixtures(), md4c_alone); }
void BM_b_pg_query_fixtures(benchmark::State& state) {
  over_drafts(state, fixtures(), pg_query_alone);
}
void BM_ab_parsers_in_turn_fixtures(benchmark::State& state) {
  over_drafts(state, fixtures(), parsers_in_turn);
}
void BM_c_check_fixtures(benchmark::State& state) {
  over_drafts(state, fixtures(), check_without_output);
}
void BM_d_check_json_comment_fixtures(benchmark::State& state) {
  over_drafts(state, fixtures(), check_with_output);
}

BENCHMARK(BM_a_md4c_flagship);
BENCHMARK(BM_b_pg_query_flagship);
BENCHMARK(BM_ab_parsers_in_turn_flagship);
BENCHMARK(BM_c_check_flagship);
BENCHMARK(BM_c1_parse_flagship);
BENCHMARK(BM_c2_choose_and_lint_flagship);
BENCHMARK(BM_c_check_unlearned_flagship);
BENCHMARK(BM_d_check_json_comment_flagship);
BENCHMARK(BM_a_md4c_fixtures);
BENCHMARK(BM_b_pg_query_fixtures);
BENCHMARK(BM_ab_parsers_in_turn_fixtures);
BENCHMARK(BM_c_check_fixtures);
BENCHMARK(BM_d_check_json_comment_fixtures);

// (a), (b) and (c) on each fixture draft alone ("BM_per_fixture/<draft>/c"), to find the drafts
// whose (c) costs most over their parsers: the set's ratio is a sum that hides them.
void register_per_fixture_benchmarks() {
  for (const Draft& draft : fixtures()) {
    const std::vector<Draft> one{draft};
    const auto add = [&](const char* part, void (*work)(const Draft&)) {
      benchmark::RegisterBenchmark(
          ("BM_per_fixture/" + draft.name + "/" + part).c_str(),
          [one, work](benchmark::State& state) { over_drafts(state, one, work); });
    };
    add("a", md4c_alone);
    add("b", pg_query_alone);
    add("c", check_without_output);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_per_fixture_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
