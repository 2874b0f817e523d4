// The issue document: what an issue body (or a template body) says, as the template meant
// it. Built once per body by parse_issue(); every rule reads it, none re-parses.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parser/line_index.h"
#include "parser/text_arena.h"

namespace issuelint {

constexpr int kNoIndex = -1;

// The indices of the elements of one kind (boxes, prose...) that a section holds directly.
// The parser appends elements in document order and a section's own content is one run of the
// body, so they are one run of indices: nothing to allocate per section. Not
// std::ranges::iota_view: clang 14 cannot compile libstdc++ 12's <ranges>, and the fuzzers
// (fuzz/README.md) are built with clang.
class ElementRun {
 public:
  class iterator {
   public:
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(int at) : at_(at) {}
    int operator*() const { return at_; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    iterator operator++(int) {
      const iterator before = *this;
      ++at_;
      return before;
    }
    bool operator==(const iterator&) const = default;

   private:
    int at_ = 0;
  };

  ElementRun() = default;
  ElementRun(int first, int last) : first_(first), last_(last) {}
  iterator begin() const { return iterator(first_); }
  iterator end() const { return iterator(last_); }
  bool empty() const { return first_ == last_; }
  std::size_t size() const { return static_cast<std::size_t>(last_ - first_); }
  int front() const { return first_; }

 private:
  int first_ = 0;
  int last_ = 0;
};

// A heading and everything up to the next heading of the same or a higher level.
// sections[0] is the preamble: level 0, no heading, the text before the first heading.
struct Section {
  // Provided, not defaulted: then emplace_back() runs the member initializers alone. A defaulted
  // one value-initializes, which zero-fills the whole object first, and GCC's generic tuning
  // zero-fills an object over 96 bytes with `rep stosq`, slow to start (see Checkbox).
  Section() noexcept {}       // NOLINT(modernize-use-equals-default)
  int level = 0;              // 1..6; 0 for the preamble
  ElementText title;          // as written (after the #s, inline markup removed)
  ElementText display_title;  // emoji, bold, trailing hint like "(if applicable)" and ':' removed
  ElementText key;            // section_key(title): normalize_key(display_title(title))
  int parent = kNoIndex;      // index into IssueDocument::sections: 0 (the preamble) for a
                              // top-level heading; kNoIndex for the preamble itself
  ElementIndices children;    // sub-sections in order
  SourcePosition position;    // of the heading line
  std::size_t content_begin = 0;  // byte offsets in IssueDocument::text of the content that
  std::size_t content_end = 0;    // belongs directly to this section (up to the first child)
  ElementRun checkboxes;          // indices into IssueDocument::checkboxes
  ElementRun code_blocks;         // indices into IssueDocument::code_blocks
  ElementRun prose;               // indices into IssueDocument::prose
  ElementRun blanks;              // indices into IssueDocument::blanks
  ElementRun comments;            // indices into IssueDocument::comments
};

// A task-list item (`- [x] label`) or an inline box (`Related to: [ ] A / [x] B`).
struct Checkbox {
  // Provided, not defaulted, as Section's: the walker's emplace_back() of a 104-byte box was a
  // `rep stosq` that took ~15 % of add_checkbox's time.
  Checkbox() noexcept {}  // NOLINT(modernize-use-equals-default)
  bool checked = false;
  ElementText label;        // text after the box, inline markup removed, as written
  ElementText name;         // the option's name: the bold part, else the text before " - "
  ElementText key;          // normalize_key(name)
  int section = 0;          // index into IssueDocument::sections
  int group = 0;            // boxes of one list, or of one inline line, share a group id
  bool is_inline = false;   // one of several boxes written on one line
  ElementText lead;         // for inline boxes, the text before the first box ("Related to")
  int blank = kNoIndex;     // a fill-in blank that belongs to this option ("Other: __")
  SourcePosition position;  // of the '[' of the box

  // A name that ends with notes in parentheses ("users (mentor profiles)"): the name before
  // them ("users") and that name's key. Empty when the name ends with no such note. Whether a
  // note is the author's or the template's own wording is the rules' to say (LintContext).
  ElementText name_before_note;
  ElementText key_before_note;
};

// A fill-in blank: `**\_\_**`, `__`, `___` in the template; in an issue, the place where one was.
struct Blank {
  int section = 0;
  int checkbox = kNoIndex;  // the option it belongs to, if any
  ElementText lead;         // the text before it on its line, e.g. "Other:"
  bool filled = false;      // the author replaced the blank with text
  ElementText value;        // what was written instead, trimmed
  SourcePosition position;
};

struct CodeBlock {
  std::string info;      // the whole info string after the fence
  std::string language;  // first word of info, lowercased; empty for indented blocks
  std::string content;   // exactly the code lines (with '\n' line ends)
  bool fenced = true;
  int section = 0;
  // Block quotes holding the block: each of its lines in the body starts with that many '>'.
  int quote_depth = 0;
  SourcePosition position;         // of the opening fence (or the first line if indented)
  int content_line = 0;            // line of the first content line
  std::size_t content_offset = 0;  // byte offset of content's first byte in IssueDocument::text
  // Byte offset in IssueDocument::text of each content line's first byte. Within a line,
  // content and text match byte for byte; between lines they differ ('\n' here, "\r\n" or a
  // list/quote indentation there), so map offsets through offset_in_text().
  std::vector<std::size_t> line_offsets;

  // The byte offset in IssueDocument::text of content[index] (index may equal content.size()).
  std::size_t offset_in_text(std::size_t index) const;
};

// A paragraph, a list item's text (not a checkbox), a quote, or a table cell row.
struct Prose {
  enum class Kind { paragraph, list_item, quote, table };
  Kind kind = Kind::paragraph;
  ElementText text;  // inline markup removed, soft breaks as spaces
  ElementText key;   // normalize_key(text)
  int section = 0;
  SourcePosition position;
};

struct HtmlComment {
  ElementText text;  // the whole comment including <!-- -->
  int section = 0;
  SourcePosition position;
};

// Something odd about the input that the parser coped with (invalid UTF-8 replaced, NUL bytes,
// nesting too deep...). Rendered as an info finding; never fatal.
struct ParseNote {
  std::string message;
  SourcePosition position;
};

struct IssueDocument {
  std::string text;  // the body after clean-up: BOM dropped, NUL and invalid UTF-8 replaced by
                     // U+FFFD (one per bad byte, so columns still match), CRLF kept as given
  LineIndex lines;   // over `text`
  // Holds the text of every element below (their ElementText fields view it, or the texts of
  // the KnownTexts it was parsed with, which it keeps alive). Shared, so a copy of the document
  // (an IssueTemplate is copied with its document) keeps it alive.
  std::shared_ptr<TextArena> element_text;
  std::vector<Section> sections;  // sections[0] is the preamble
  std::vector<Checkbox> checkboxes;
  std::vector<Blank> blanks;
  std::vector<CodeBlock> code_blocks;
  std::vector<Prose> prose;
  std::vector<HtmlComment> comments;
  std::vector<ParseNote> notes;

  bool empty() const;  // nothing but white space and HTML comments
  SourcePosition position_of(std::size_t offset) const { return lines.position(text, offset); }
  // "Schema Changes > Migration SQL": display titles from the top heading down.
  std::string section_path(int section) const;
  // The first heading whose key equals section_key(title) (normalize.h); kNoIndex when absent.
  int find_section(std::string_view title) const;
};

class KnownTexts;
// `known`: texts whose names, keys and titles are already worked out (a catalog's templates'),
// which spares the walker working them out again; the document is the same without it.
IssueDocument parse_issue(std::string_view body, const KnownTexts* known = nullptr);

}  // namespace issuelint
