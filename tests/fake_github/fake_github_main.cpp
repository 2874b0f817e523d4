// The loopback fake GitHub as a program, for demos and manual runs of the bot:
//   fake-github --port 8787 --seed-file state.json [--token T]
// Prints its base URL, serves until stdin closes or a line "quit" arrives, then prints the
// final state as JSON on stdout.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/fake_github/fake_github.h"

int main(int argc, char** argv) {
  int port = 0;
  std::string seed_file;
  issuelint::testing::FakeGitHubOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--port" && has_value) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--seed-file" && has_value) {
      seed_file = argv[++i];
    } else if (arg == "--token" && has_value) {
      options.tokens.push_back(argv[++i]);
    } else {
      std::cerr << "usage: fake-github [--port N] [--seed-file state.json] [--token T]\n";
      return 2;
    }
  }
  issuelint::testing::FakeGitHub fake(options);
  if (!seed_file.empty()) {
    std::ifstream in(seed_file);
    std::stringstream text;
    text << in.rdbuf();
    auto seed = nlohmann::json::parse(text.str(), nullptr, false);
    if (!in || seed.is_discarded()) {
      std::cerr << seed_file << ": error: cannot read the seed as JSON\n";
      return 1;
    }
    issuelint::Status loaded = issuelint::Ok{};
    fake.with_state(
        [&](issuelint::testing::FakeGitHubState& state) { loaded = state.load_json(seed); });
    if (!loaded) {
      std::cerr << seed_file << ": error: " << loaded.error().describe() << "\n";
      return 1;
    }
  }
  if (!fake.start(port)) {
    std::cerr << "error: cannot listen on 127.0.0.1:" << port << "\n";
    return 1;
  }
  std::cerr << "fake GitHub listening on " << fake.base_url() << "\n";
  std::string line;
  while (std::getline(std::cin, line) && line != "quit") {
  }
  fake.stop();
  std::cout << fake.snapshot().to_json().dump(2) << "\n";
  return 0;
}
