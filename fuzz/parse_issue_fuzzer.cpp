// libFuzzer entry point: issue bodies are untrusted text, so parse_issue must never crash,
// hang or read out of bounds on any input. Built by hand with clang (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser/document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const issuelint::IssueDocument document =
      issuelint::parse_issue(std::string_view(reinterpret_cast<const char*>(data), size));
  // Touch the derived queries too: they index into the vectors the walker filled.
  for (std::size_t i = 0; i < document.sections.size(); ++i) {
    (void)document.section_path(static_cast<int>(i));
  }
  for (const issuelint::CodeBlock& code : document.code_blocks) {
    (void)document.position_of(code.offset_in_text(code.content.size()));
  }
  (void)document.empty();
  return 0;
}
