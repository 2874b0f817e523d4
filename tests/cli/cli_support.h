// Runs the issuelint program itself, as a user's shell would, for the CLI tests.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace issuelint::cli_test {

struct Run {
  int status = -1;
  std::string output;  // what the command printed (stdout, plus stderr unless redirected)
};

// Runs `sh -c "<command>"`.
inline Run run_command(const std::string& command) {
  Run result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, read);
  const int raw = pclose(pipe);
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return result;
}

// Runs `sh -c "<prefix> issuelint <arguments> <redirect>"`. `redirect` defaults to "2>&1".
inline Run run_shell(const std::string& prefix, const std::string& arguments,
                     const std::string& redirect = "2>&1") {
  return run_command(prefix + std::string(ISSUELINT_BINARY) + " " + arguments + " " + redirect);
}

inline Run run(const std::string& arguments) { return run_shell("", arguments); }

inline const std::string kSource = ISSUELINT_SOURCE_DIR;

// The JSON verdict lines of a run, in order (stderr's template choice is interleaved).
inline std::vector<std::string> json_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < output.size()) {
    auto end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(start, end - start);
    if (!line.empty() && line.front() == '{') lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("issuelint-cli-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace issuelint::cli_test
