// How sparsely the suite's slowest sweeps take their inputs: under the sanitizers they cost most
// of the suite's time, while the release preset runs them in full.
#pragma once

#include <cstddef>
#include <cstdlib>

namespace issuelint::testing {

// 1, every input a sweep asks for, unless ISSUELINT_TEST_SAMPLE says N (1-16): then every Nth
// of those. The asan test preset sets 4 (CMakePresets.json): the look-up equivalence sweeps
// (section_lookup_test, template_shape_test) took ~300 of its ~980 CPU seconds, and the CLI's
// draft-by-draft comparison runs the sanitized program once a draft.
inline std::size_t test_sample() {
  const char* written = std::getenv("ISSUELINT_TEST_SAMPLE");
  if (written == nullptr) return 1;
  const long value = std::strtol(written, nullptr, 10);
  return value < 1 ? 1 : value > 16 ? 16 : static_cast<std::size_t>(value);
}

// A sweep's lower bound on what it compared, scaled to the inputs it took.
inline std::size_t sampled(std::size_t count) { return count / test_sample(); }

}  // namespace issuelint::testing
