// action.yml read as the runner would: what it declares and in which order its steps run.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "bot/action/step_outputs.h"
#include "tests/action/action_test_support.h"

using namespace issuelint;
using namespace issuelint::testing;

namespace {

std::string action_yml() {
  return read_text(std::filesystem::path(ISSUELINT_SOURCE_DIR) / "action.yml");
}

// The keys of action.yml's top-level `outputs:` block, with the step output each one reads.
std::map<std::string, std::string> declared_outputs(const std::string& yml) {
  std::map<std::string, std::string> declared;
  const auto lines = lines_of(yml);
  auto line = std::find(lines.begin(), lines.end(), "outputs:");
  static const std::regex kKey(R"(  ([a-z-]+):)");
  static const std::regex kValue(R"(    value: \$\{\{ steps\.triage\.outputs\.([a-z-]+) \}\})");
  std::string key;
  for (line = line == lines.end() ? line : line + 1; line != lines.end(); ++line) {
    if (!line->empty() && line->front() != ' ') break;
    std::smatch match;
    if (std::regex_match(*line, match, kKey)) key = match[1].str();
    if (std::regex_match(*line, match, kValue)) declared[key] = match[1].str();
  }
  return declared;
}

}  // namespace

TEST_CASE("action.yml: it declares each output the program writes, read from its step") {
  const std::map<std::string, std::string> declared = declared_outputs(action_yml());
  std::map<std::string, std::string> expected;
  for (std::string_view name : action::kStepOutputNames) {
    expected[std::string(name)] = std::string(name);
  }
  CHECK(declared == expected);
  CHECK(action_yml().find("      id: triage\n") != std::string::npos);
}

// actions/cache@v4 saves in a post step declared `post-if: success()`: a job that failed (its
// first run without `issues: write`, say) never saved the image it had built.
TEST_CASE("action.yml: the built image is saved before the triage step runs") {
  const std::string yml = action_yml();
  CHECK(yml.find("uses: actions/cache@") == std::string::npos);
  const std::size_t restore = yml.find("uses: actions/cache/restore@");
  const std::size_t save = yml.find("uses: actions/cache/save@");
  const std::size_t triage = yml.find("- name: Triage");
  REQUIRE(restore != std::string::npos);
  REQUIRE(save != std::string::npos);
  REQUIRE(triage != std::string::npos);
  CHECK(restore < save);
  CHECK(save < triage);
}

namespace {

// The lines of each `permissions:` block in `text`: those indented deeper than the key.
std::vector<std::vector<std::string>> permission_blocks(const std::string& text) {
  std::vector<std::vector<std::string>> blocks;
  const std::vector<std::string> lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t indent = lines[i].find_first_not_of(' ');
    if (indent == std::string::npos || lines[i].substr(indent) != "permissions:") continue;
    std::vector<std::string>& block = blocks.emplace_back();
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::size_t deeper = lines[j].find_first_not_of(' ');
      if (deeper == std::string::npos || deeper <= indent) break;
      block.push_back(lines[j].substr(deeper));
    }
  }
  return blocks;
}

}  // namespace

// Once a workflow names one permission every other is none: a workflow granting only
// `issues: write` cannot read a private repository's templates.
TEST_CASE(
    "action.yml: every example workflow, README and docs too, grants issues: write and contents: "
    "read") {
  const std::filesystem::path root(ISSUELINT_SOURCE_DIR);
  for (const char* file : {"README.md", "docs/action.md", ".github/workflows/issuelint.yml"}) {
    const auto blocks = permission_blocks(read_text(root / file));
    INFO(file);
    CHECK(!blocks.empty());
    for (const auto& block : blocks) {
      const auto grants = [&](const std::string& permission) {
        return std::any_of(block.begin(), block.end(),
                           [&](const std::string& line) { return line.starts_with(permission); });
      };
      CHECK(grants("issues: write"));
      CHECK(grants("contents: read"));
    }
  }
}

namespace {

// The Triage step's `run:` script, as the runner hands it to bash.
std::string triage_script(const std::string& yml) {
  const auto lines = lines_of(yml);
  auto line = std::find(lines.begin(), lines.end(), "    - name: Triage");
  line = std::find(line, lines.end(), "      run: |");
  std::string script;
  for (line = line == lines.end() ? line : line + 1; line != lines.end(); ++line) {
    if (!line->empty() && !line->starts_with("        ")) break;
    script += (line->empty() ? "" : line->substr(8)) + "\n";
  }
  return script;
}

struct TriageStep {
  int exit_code = -1;
  std::string out;          // the step's stdout and stderr
  std::string docker_args;  // what `docker` was called with, one a line; "" when it was not
};

// The step run as the runner runs a composite step's bash, with `dry_run` for the input and a
// `docker` on PATH that records its arguments.
TriageStep run_triage_step(const std::string& dry_run) {
  TempDir dir;
  write_text(dir / "triage.sh", triage_script(action_yml()));
  write_text(dir / "docker", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$DOCKER_ARGS\"\n");
  std::filesystem::permissions(dir / "docker", std::filesystem::perms::owner_all);
  write_text(dir / "event.json", "{}");
  const std::string d = dir.path().string();
  const std::string command =
      "env -i PATH='" + d + ":/usr/bin:/bin' DOCKER_ARGS='" + d + "/args' GITHUB_EVENT_PATH='" + d +
      "/event.json' GITHUB_STEP_SUMMARY='" + d + "/summary.md' GITHUB_OUTPUT='" + d +
      "/output.txt' ISSUELINT_IMAGE=issuelint-action:test ISSUELINT_DRY_RUN='" + dry_run +
      "' bash --noprofile --norc -eo pipefail '" + d + "/triage.sh' > '" + d + "/out.txt' 2>&1";
  const int status = std::system(command.c_str());
  TriageStep step;
  step.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  step.out = read_text(dir / "out.txt");
  step.docker_args = read_text(dir / "args");
  return step;
}

}  // namespace

// A dry run asked for as YAML writes a boolean is one; a value that is no boolean ("yes") was read
// as false, and the run meant to write nothing labelled and commented on the issue.
TEST_CASE("action.yml: the dry-run input is read as a boolean, and anything else fails the step") {
  for (const std::string value : {"true", "True", "TRUE"}) {
    INFO(value);
    const TriageStep step = run_triage_step(value);
    CHECK(step.exit_code == 0);
    CHECK(step.docker_args.find("\n--dry-run\n") != std::string::npos);
  }
  for (const std::string value : {"false", "False", "FALSE", ""}) {
    INFO(value);
    const TriageStep step = run_triage_step(value);
    CHECK(step.exit_code == 0);
    CHECK(step.docker_args.find("\naction\n") != std::string::npos);
    CHECK(step.docker_args.find("--dry-run") == std::string::npos);
  }
  for (const std::string value : {"yes", "1", "tru"}) {
    INFO(value);
    const TriageStep step = run_triage_step(value);
    CHECK(step.exit_code == 2);
    CHECK(step.docker_args.empty());
    CHECK(step.out.starts_with("::error title=issuelint::the dry-run input must be true or false"));
  }
}

// A GitHub Enterprise Server certified by a company's own CA is trusted by its runners (the CA
// installed in their store), not by the Debian image: the container gets the runner's bundle.
TEST_CASE("action.yml: the container trusts what the runner trusts, as well as the image's CAs") {
  const TriageStep step = run_triage_step("false");
  REQUIRE(step.exit_code == 0);
  std::string bundle;
  for (const char* candidate : {"/etc/ssl/certs/ca-certificates.crt",
                                "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"}) {
    if (std::filesystem::is_regular_file(candidate)) {
      bundle = candidate;
      break;
    }
  }
  INFO(step.docker_args);
  if (bundle.empty()) {
    CHECK(step.docker_args.find("SSL_CERT_FILE") == std::string::npos);
    return;
  }
  CHECK(step.docker_args.find("\n-v\n" + bundle + ":/etc/ssl/runner-ca-bundle.crt:ro\n") !=
        std::string::npos);
  CHECK(step.docker_args.find("\n-e\nSSL_CERT_FILE=/etc/ssl/runner-ca-bundle.crt\n") !=
        std::string::npos);
  // Before the image: what follows it are the program's arguments.
  CHECK(step.docker_args.find("SSL_CERT_FILE") < step.docker_args.find("issuelint-action:test"));
}
