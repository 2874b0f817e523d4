// What a checkbox's text says: inline boxes on one line, the option's name, fill-in blanks.
// Pure functions over InlineText and the raw source, so they are tested without md4c.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/inline_text.h"

namespace issuelint {

struct InlineBox {
  std::size_t plain_index = 0;  // of the '[' in InlineText::plain
  bool checked = false;
  std::uint8_t size = 3;  // bytes from the '[' to past the ']': 3 but for a tick written otherwise
};

// Boxes written inside a line of text: "[ ]", "[x]" or "[X]" standing as a word (after the
// start, a space or a separator like '/', and followed by a space or the end of the line).
// GitHub shows every inline box as text, so a tick written otherwise ("[ x]", "[x ]", "[✓]",
// "[✔️]", "[✅]") after text on its line reads as ticked as "[x]" does: it is a ticked box
// too. Into `boxes` (cleared first): the walker asks for every line of every paragraph and item,
// and keeps one buffer for all of them.
void find_inline_boxes(const InlineText& text, InlineText::Range line,
                       std::vector<InlineBox>& boxes);

// A list item's text that looks like a task item but is not one on GitHub, which reads a box
// only as '[', a space, 'x' or 'X', ']' and then a blank (cmark-gfm's task list scanner):
// "[x ] label", "[ x]", "[]", "[✓] label", "[x]label". The mark between the brackets (at most
// seven bytes: an emoji tick) and the label after them; std::nullopt for any other text.
struct MisreadBox {
  std::string_view mark;
  std::string_view label;  // trimmed
  bool glued = false;      // a mark GitHub reads, but no blank after ']' ("[x]label")
};
std::optional<MisreadBox> misread_box(std::string_view item_text);

// The option's name from its label [begin, end) in `text`: the bold part when the label starts
// with bold (emoji or GitHub shortcodes like ":memo:" before it allowed), else "Other" for an
// "Other…" option, else the text before " - " / " – " / ": " (one inside a note in parentheses does
// not count: "users (adds: timezone)"), else the whole label; a blank and a trailing ':' removed.
// A view into text.plain, or into `storage` when a blank had to be cut out of the middle: the
// caller copies only the final name (this runs for every box of every draft).
std::string_view checkbox_name(const InlineText& text, InlineText::Range label,
                               std::string& storage);

// The length of `name` before the note in parentheses it ends with, white space before it left
// out ("users (mentor profiles)": 5; "Node (LTS) (pinned)": 10); name.size() when it ends with
// none, or when nothing would be left.
std::size_t length_before_note(std::string_view name);
// The same before every note it ends with ("Node (LTS) (pinned)": 4).
std::size_t length_before_notes(std::string_view name);

// A fill-in blank in the raw source between `from` and `to`: `**\_\_**`, `\_\_`, `__`,
// `___`, `**__**`, a run of at least two (escaped) underscores not glued to a word.
struct BlankMarker {
  std::size_t begin = 0;
  std::size_t end = 0;
};
std::optional<BlankMarker> find_blank_marker(std::string_view source, std::size_t from,
                                             std::size_t to);

// Whether a '_' (every blank marker holds one) stands in `source` from `from` up to the next
// '\n', for offsets asked in mostly increasing order, as a draft's boxes are: the next '_' is
// remembered from box to box (a draft has a handful) instead of each box's rest of line being
// scanned, and the line's end is the cursor's (the start of the next line in LineIndex terms).
class UnderscoreBeforeLineEnd {
 public:
  explicit UnderscoreBeforeLineEnd(std::string_view source) : source_(source) {}

  // `line_end`: where the line after the one holding `from` starts (past the text on the last
  // line), or any offset not past `from` (then the line is scanned).
  bool operator()(std::size_t from, std::size_t line_end) {
    if (from >= source_.size()) return false;
    if (from < line_end) {
      // A line holds no '\n' but its last byte: a '_' before its end comes before any '\n'.
      if (next_underscore(from) < line_end) return true;
      if (line_end <= source_.size() && source_[line_end - 1] == '\n') return false;
    }
    return scan(from);
  }

  // The first '_' at or after `from` (npos: none).
  std::size_t next_underscore(std::size_t from) {
    if (from < searched_from_ || from > next_) {
      next_ = source_.find('_', from);
      searched_from_ = from;
    }
    return next_;
  }

 private:
  // The definition: the first '\n' or '_' from `from` is a '_'.
  bool scan(std::size_t from) const;

  std::string_view source_;
  std::size_t searched_from_ = std::string_view::npos;  // next_ is the first '_' from here on
  std::size_t next_ = std::string_view::npos;
};

// How an author filled an option's blank: the lead (up to a ':', else the option's name) and
// what follows it once blank markers, asterisks and underscores around it are stripped.
struct BlankFill {
  std::string lead;
  std::string value;
};
BlankFill split_blank_fill(std::string_view label, std::string_view name);

std::string trim(std::string_view text);
// The same, as a view into `text`: nothing copied.
std::string_view trimmed_view_of_spaced(std::string_view text);
// Inline for the usual text, which has nothing to trim: the walker trims every box label,
// heading and line, and the call cost about as much as the test.
inline std::string_view trimmed_view(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  if (!text.empty() && !space(text.front()) && !space(text.back())) return text;
  return trimmed_view_of_spaced(text);
}
// Soft breaks and runs of white space become one space.
std::string soft_breaks_to_spaces(std::string_view text);
// The same, handing `text` back without a copy when there is nothing to fold (the usual case).
std::string soft_breaks_to_spaces(std::string&& text);
// The same as a view: of `text` itself when there is nothing to fold, else of `storage`, which
// the folded text is written to.
std::string_view soft_breaks_to_spaces(std::string_view text, std::string& storage);
// trim(soft_breaks_to_spaces(text)) with one string built instead of two (titles, cells).
std::string folded_and_trimmed(std::string_view text);

}  // namespace issuelint
