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
  // Read every byte of every element's text: the fields are views into the document's arena,
  // so a view left pointing at a freed or temporary buffer shows up as an ASan report here.
  std::size_t checksum = 0;
  const auto read = [&](std::string_view text) {
    for (char c : text) checksum += static_cast<unsigned char>(c);
  };
  for (const issuelint::Section& section : document.sections) {
    read(section.title), read(section.display_title), read(section.key);
    for (const int child : section.children) checksum += static_cast<std::size_t>(child);
  }
  for (const issuelint::Checkbox& box : document.checkboxes) {
    read(box.label), read(box.name), read(box.key), read(box.lead);
  }
  for (const issuelint::Blank& blank : document.blanks) read(blank.lead), read(blank.value);
  for (const issuelint::Prose& prose : document.prose) read(prose.text), read(prose.key);
  for (const issuelint::HtmlComment& comment : document.comments) read(comment.text);
  asm volatile("" : : "r"(checksum));  // keeps the reads from being optimized away
  return 0;
}
