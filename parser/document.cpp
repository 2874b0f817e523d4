#include "parser/document.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#include "parser/known_texts.h"
#include "parser/markdown_walker.h"
#include "parser/normalize.h"
#include "parser/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace issuelint {
namespace {

struct CleanText {
  std::string text;
  std::size_t first_bad = std::string::npos;  // offset in `text` of the first replacement
};

// The bytes of the eight at `at` that are NUL or >= 0x80 (clean_body looks at those), as 0x80
// in their byte; the others' bytes are 0.
std::uint64_t bytes_needing_look(std::string_view body, std::size_t at) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighs = 0x8080808080808080;
  std::uint64_t word = 0;
  std::memcpy(&word, body.data() + at, sizeof word);
  const std::uint64_t zero_bytes = (word - kOnes) & ~word;  // exact as to whether any is zero
  return (word | zero_bytes) & kHighs;
}

bool word_needs_look(std::string_view body, std::size_t at) {
  return bytes_needing_look(body, at) != 0;
}

// The bytes of the 32 at `at` that are NUL or >= 0x80, one bit each (bit i for body[at + i]):
// clean_body skips a block without one in one test, and goes straight to the first one in a
// block with one.
std::uint32_t block_looks(std::string_view body, std::size_t at) {
#ifdef __SSE2__
  // Two 16-byte halves: a byte's sign bit, ORed with its compare to zero, is set for NUL and
  // bytes >= 0x80, and a movemask reads each half's.
  const auto half = [&](std::size_t offset) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(body.data() + offset));
    return static_cast<std::uint32_t>(
        _mm_movemask_epi8(_mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, _mm_setzero_si128()))));
  };
  return half(at) | half(at + 16) << 16;
#else
  std::uint32_t looks = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const auto byte = static_cast<unsigned char>(body[at + i]);
    if (byte == 0 || byte >= 0x80) looks |= std::uint32_t{1} << i;
  }
  return looks;
#endif
}

// A CR not followed by LF (old Mac line ends) becomes LF, byte for byte: md4c and the line
// index already end a line there, and offsets and columns stay the same, but the code readers
// (SQL comments, statement positions, the Drizzle lexer) end lines at LF only.
void lone_carriage_returns_to_line_feeds(std::string& text) {
  for (std::size_t at = text.find('\r'); at != std::string::npos; at = text.find('\r', at + 1)) {
    if (at + 1 == text.size() || text[at + 1] != '\n') text[at] = '\n';
  }
}

// BOM dropped; NUL and each invalid byte replaced by U+FFFD so that later stages only ever see
// valid UTF-8 (md4c and the key normalizer assume it) and columns still count one per byte;
// lone CRs made LFs.
CleanText clean_body(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  CleanText clean;
  clean.text.reserve(body.size());
  std::size_t run_begin = 0;  // start of the bytes not yet copied: all of them good
  std::size_t offset = 0;
  while (offset < body.size()) {
    // Drafts are mostly ASCII: skip 32 such bytes at a time, and in a block with a byte to
    // look at, go straight to it (parse_issue's own instructions on the flagship draft: 6.5 K
    // -> 5.5 K against stepping eight, then one byte at a time to it).
    if (offset + 32 <= body.size()) {
      const std::uint32_t looks = block_looks(body, offset);
      if (looks == 0) {
        offset += 32;
        continue;
      }
      offset += static_cast<std::size_t>(std::countr_zero(looks));
    } else if (offset + 8 <= body.size() && !word_needs_look(body, offset)) {
      offset += 8;
      continue;
    }
    const auto byte = static_cast<unsigned char>(body[offset]);
    if (byte != 0 && byte < 0x80) {
      ++offset;
      continue;
    }
    if (byte >= 0x80) {
      std::size_t next = offset;
      if (utf8::decode(body, next) != utf8::kInvalid) {
        offset = next;
        continue;
      }
    }
    clean.text.append(body.substr(run_begin, offset - run_begin));
    if (clean.first_bad == std::string::npos) clean.first_bad = clean.text.size();
    utf8::append(clean.text, utf8::kReplacement);
    run_begin = ++offset;
  }
  clean.text.append(body.substr(run_begin));
  lone_carriage_returns_to_line_feeds(clean.text);
  return clean;
}

// Each section's own content runs from the line after its heading to the next heading.
void fill_section_extents(IssueDocument& document) {
  std::vector<Section>& sections = document.sections;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    Section& section = sections[i];
    section.content_begin =
        i == 0 ? 0 : document.lines.line_start(std::max(1, section.position.line) + 1);
    section.content_end = document.text.size();
    if (i + 1 < sections.size() && sections[i + 1].position.line > 0) {
      section.content_end = document.lines.line_start(sections[i + 1].position.line);
    }
    section.content_begin = std::min(section.content_begin, section.content_end);
  }
}

// Each section's sub-sections, in order, as views of one block in the element arena: the
// sections' own vectors were nine allocations a flagship draft (and as many frees). A section's
// parent comes before it, so a count per parent places every child at once.
void fill_section_children(IssueDocument& document) {
  std::vector<Section>& sections = document.sections;
  const std::size_t count = sections.size();
  if (count < 2) return;
  constexpr std::size_t kUsualSections = 256;  // as many as parse_issue makes room for
  std::array<int, kUsualSections> usual_ends;
  std::unique_ptr<int[]> more_ends;
  if (count > kUsualSections) more_ends = std::make_unique_for_overwrite<int[]>(count);
  // per section: where its run of children ends, once placed
  int* const ends = more_ends ? more_ends.get() : usual_ends.data();
  std::fill(ends, ends + count, 0);
  for (std::size_t i = 1; i < count; ++i) ++ends[sections[i].parent];
  int placed = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const int children = ends[i];
    ends[i] = placed;  // where its run begins, until its children are placed
    placed += children;
  }
  int* const runs = document.element_text->room_for_indices(count - 1);
  for (std::size_t i = 1; i < count; ++i) runs[ends[sections[i].parent]++] = static_cast<int>(i);
  int begin = 0;
  for (std::size_t i = 0; i < count; ++i) {
    sections[i].children =
        TextArena::indices(runs + begin, static_cast<std::size_t>(ends[i] - begin));
    begin = ends[i];
  }
}

// Room for the text the elements of a body store (labels, names, keys, titles, prose), so that
// one chunk holds all of it: 0.9-1.4x the body over the fixtures and templates, 1.9x for the
// rule spec (lists of long bold names with a key each).
std::size_t expected_element_text(std::string_view body) { return body.size() + body.size() / 2; }

}  // namespace

std::size_t CodeBlock::offset_in_text(std::size_t index) const {
  if (line_offsets.empty()) return content_offset + index;
  std::size_t line = 0;
  std::size_t line_begin = 0;
  for (std::size_t i = 0; i < index && i < content.size(); ++i) {
    if (content[i] != '\n' || line + 1 >= line_offsets.size()) continue;
    ++line;
    line_begin = i + 1;
  }
  return line_offsets[line] + (index - line_begin);
}

IssueDocument parse_issue(std::string_view body, const KnownTexts* known) {
  IssueDocument document;
  CleanText clean = clean_body(body);
  document.text = std::move(clean.text);
  document.lines = LineIndex(document.text);
  document.element_text = std::make_shared<TextArena>(expected_element_text(document.text));
  if (clean.first_bad != std::string::npos) {
    document.notes.push_back(
        {"NUL bytes or invalid UTF-8 replaced by U+FFFD", document.position_of(clean.first_bad)});
  }
  // Room for the elements a body of this many lines usually holds, so the vectors do not
  // move every element as they grow (capped: a huge body grows them as usual).
  const auto lines = static_cast<std::size_t>(document.lines.line_count());
  document.sections.reserve(std::min<std::size_t>(lines / 4 + 1, 256));
  document.checkboxes.reserve(std::min<std::size_t>(lines / 2 + 1, 1024));
  document.prose.reserve(std::min<std::size_t>(lines / 2 + 1, 1024));
  document.blanks.reserve(std::min<std::size_t>(lines / 16 + 1, 256));
  document.code_blocks.reserve(std::min<std::size_t>(lines / 32 + 1, 64));
  // An empty table would only answer "not known", a lookup per box and heading later.
  if (known != nullptr && known->size() > 0) {
    document.element_text->keep_alive(known->texts());  // some fields will view its texts
  } else {
    known = nullptr;
  }
  walk_markdown(document, known);
  fill_section_children(document);
  fill_section_extents(document);
  return document;
}

namespace {

// A character that shows nothing: a space GitHub does not trim (no-break, em, ideographic), a
// zero-width one, a direction mark, a soft hyphen, or U+FFFD, which stands for a NUL or a byte
// that was no UTF-8 (clean_body), neither of which an author wrote as text.
bool shows_nothing(char32_t c) {
  return c == 0x00A0 || c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 ||
         c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x2064) || c == 0x3000 ||
         c == 0x3164 || c == 0xFEFF || c == 0xFFA0 || c == utf8::kReplacement;
}

}  // namespace

bool IssueDocument::empty() const {
  std::size_t at = 0;
  while (at < text.size()) {
    if (text.compare(at, 4, "<!--") == 0) {
      const std::size_t close = text.find("-->", at + 4);
      if (close == std::string::npos) return true;
      at = close + 3;
      continue;
    }
    const char byte = text[at];
    if (static_cast<unsigned char>(byte) >= 0x80) {
      if (!shows_nothing(utf8::decode(text, at))) return false;
      continue;
    }
    if (std::string_view(" \t\r\n\f\v").find(byte) == std::string_view::npos) return false;
    ++at;
  }
  return true;
}

std::string IssueDocument::section_path(int section) const {
  std::vector<int> chain;
  for (int at = section; at > 0 && at < static_cast<int>(sections.size());
       at = sections[at].parent) {
    chain.push_back(at);
  }
  std::string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!path.empty()) path += " > ";
    path += sections[*it].display_title;
  }
  return path;
}

int IssueDocument::find_section(std::string_view title) const {
  const std::string key = section_key(title);
  for (std::size_t i = 1; i < sections.size(); ++i) {
    if (sections[i].key == key) return static_cast<int>(i);
  }
  return kNoIndex;
}

}  // namespace issuelint
