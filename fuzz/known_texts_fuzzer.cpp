// libFuzzer entry point: KnownTexts is a cache of what the walker works out from a label or a
// heading, so a body must parse to the same document with known texts as without, whatever
// the texts were learned from. Learned here from the input itself (every label and heading
// then hits) and from the input with its bold markers taken out (labels that had bold now
// meet entries learned without it). Built by hand with clang (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parser/document.h"
#include "parser/known_texts.h"

namespace {

void require(bool same) {
  if (!same) std::abort();
}

void require_same(const issuelint::IssueDocument& with, const issuelint::IssueDocument& without) {
  require(with.checkboxes.size() == without.checkboxes.size());
  for (std::size_t i = 0; i < with.checkboxes.size(); ++i) {
    const issuelint::Checkbox& a = with.checkboxes[i];
    const issuelint::Checkbox& b = without.checkboxes[i];
    require(a.label == b.label && a.name == b.name && a.key == b.key && a.blank == b.blank &&
            a.position == b.position);
  }
  require(with.sections.size() == without.sections.size());
  for (std::size_t i = 0; i < with.sections.size(); ++i) {
    const issuelint::Section& a = with.sections[i];
    const issuelint::Section& b = without.sections[i];
    require(a.title == b.title && a.display_title == b.display_title && a.key == b.key &&
            a.position == b.position);
  }
}

std::string without_bold_markers(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body.substr(i, 2) == "**") {
      ++i;
      continue;
    }
    out += body[i];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const issuelint::IssueDocument plain = issuelint::parse_issue(body);
  issuelint::KnownTexts known;
  known.add_document(plain);
  known.add_document(issuelint::parse_issue(without_bold_markers(body)));
  require_same(issuelint::parse_issue(body, &known), plain);
  return 0;
}
