#include "parser/markdown_walker.h"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parser/byte_blocks.h"
#include "parser/checkbox_text.h"
#include "parser/html_headings.h"
#include "parser/inline_text.h"
#include "parser/normalize.h"
#include "parser/utf8.h"

namespace issuelint {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Positions are computed per box by walking its line; a single line with a million boxes
// would be quadratic. No template has more than a handful on one line.
constexpr std::size_t kMaxInlineBoxesPerLine = 64;

// What an HTML tag shows by itself: an image (GitHub writes a file dropped into the editor as
// `<img alt="Screenshot ..." src="...">`) or a video is content, shown as its alt text or its
// kind; any other tag shows nothing.
std::string_view media_shown(std::string_view tag) {
  const auto named = [&](std::string_view name) {
    if (!starts_with_ignoring_case(tag.substr(1), name)) return false;
    const char after = tag.size() > name.size() + 1 ? tag[name.size() + 1] : '>';
    return after == ' ' || after == '\t' || after == '\n' || after == '\r' || after == '/' ||
           after == '>';
  };
  if (named("video")) return "video";
  if (named("audio")) return "audio";
  if (!named("img")) return {};
  const std::size_t alt = find_ignoring_case(tag, " alt=", 0);
  if (alt != std::string_view::npos && alt + 6 < tag.size() &&
      (tag[alt + 5] == '"' || tag[alt + 5] == '\'')) {
    const std::size_t close = tag.find(tag[alt + 5], alt + 6);
    if (close != std::string_view::npos && close > alt + 6) {
      return tag.substr(alt + 6, close - alt - 6);
    }
  }
  return "image";
}

// What a block of raw HTML shows: its text without tags, comments and `<summary>` captions,
// white space collapsed; an image or a video as media_shown() says.
std::string visible_html_text(std::string_view html) {
  std::string shown;
  for (std::size_t at = 0; at < html.size();) {
    if (html.substr(at).starts_with("<!--")) {
      const std::size_t close = html.find("-->", at + 4);
      at = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    // A `<summary>` captions a collapsible block: it names the block, it is not its content.
    if (starts_with_ignoring_case(html.substr(at), "<summary")) {
      const std::size_t close = find_ignoring_case(html, "</summary>", at);
      at = close == std::string_view::npos ? html.size() : close + 10;
      continue;
    }
    const char next = at + 1 < html.size() ? html[at + 1] : '\0';
    if (html[at] == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' ||
                            next == '!' || next == '?')) {
      const std::size_t close = html.find('>', at + 1);
      const std::size_t end = close == std::string_view::npos ? html.size() : close + 1;
      if (!shown.empty() && shown.back() != ' ') shown += ' ';
      if (const std::string_view media = media_shown(html.substr(at, end - at)); !media.empty()) {
        shown.append(media).push_back(' ');
      }
      at = end;
      continue;
    }
    const char c = html[at++];
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!shown.empty() && shown.back() != ' ') shown += ' ';
    } else {
      shown += c;
    }
  }
  while (!shown.empty() && shown.back() == ' ') shown.pop_back();
  return shown;
}

// One open md4c block.
struct Frame {
  MD_BLOCKTYPE type = MD_BLOCK_DOC;
  InlineText text;
  // List item: the task box, and whether its label was already turned into an element.
  bool is_task = false;
  bool checked = false;
  std::size_t task_mark_offset = 0;
  bool label_done = false;
  bool is_item_label = false;  // a paragraph that is its list item's label
  int group = -1;              // lists: the checkbox group of their task items
  // Lists nested in an item that is no task ("- Related to:" then "  - [x] Mentorship"): that
  // item's label, the lead of their boxes, as of boxes written on the label's line. `lead` is
  // kept for the first box, then shared.
  std::string lead_text;
  ElementText lead;
  int label_prose = -1;  // list items: the Prose element their label became, if any
};

// The code block being read. Code blocks never nest, so the walker holds one, which keeps
// Frame (built and moved for every block) small. Its content and line starts are gathered in
// buffers kept from block to block, and the block gets one string of its content's size: grown
// in each block, the two went through 21 allocations and 12 frees for the flagship's 3 blocks.
struct OpenCode {
  static constexpr std::size_t kUsualContentBytes = 512;

  CodeBlock code;
  std::string content;                   // the block's text so far
  std::vector<std::size_t> line_anchor;  // per content line: source offset of its start
  std::size_t line_content_start = 0;    // content index where the current line starts
  bool line_anchored = false;
};

// The table row being read (rows never nest either).
struct OpenRow {
  std::vector<std::string> cells;
  std::size_t row_source = kNone;
};

// The open blocks, innermost last. A popped frame stays constructed, and the next block at
// its depth reuses it with its text buffers: a draft has hundreds of blocks, and moving frames
// in and out of a vector (and handing buffers between them) cost 49 K of parse_issue's 651 K
// instructions on the flagship draft.
class FrameStack {
 public:
  FrameStack() { frames_.reserve(kUsualDepth); }

  // Resets every field of Frame (a field added there must be reset here), keeping the buffers.
  Frame& push(MD_BLOCKTYPE type) {
    if (size_ == built_) add_frame();
    Frame& frame = top_ == nullptr ? frames_.front() : top_[1];
    ++size_;
    top_ = &frame;
    clear(frame.text);
    frame.type = type;
    frame.is_task = false;
    frame.checked = false;
    frame.task_mark_offset = 0;
    frame.label_done = false;
    frame.is_item_label = false;
    frame.group = -1;
    // lead_text and lead are set on entering a list (take_lead_of_item), label_prose on
    // entering an item: only those read them.
    return frame;
  }
  // The frame stays valid (and untouched) until the next push.
  Frame& pop() {
    Frame& popped = *top_;
    top_ = --size_ == 0 ? nullptr : top_ - 1;
    return popped;
  }
  // Empties the stack, keeping every frame's buffers.
  void clear() {
    size_ = 0;
    top_ = nullptr;
    built_ = frames_.size();  // after a move too (a moved-from stack may have kept its count)
  }
  std::size_t bytes_held() const {
    std::size_t bytes = 0;
    for (const Frame& frame : frames_) {
      bytes += frame.text.plain.capacity() +
               frame.text.segments.capacity() * sizeof(InlineText::Segment);
    }
    return bytes;
  }
  Frame& back() { return *top_; }
  Frame& operator[](std::size_t index) { return frames_[index]; }
  bool empty() const { return top_ == nullptr; }
  std::size_t size() const { return size_; }

  static void clear(InlineText& text) {
    text.plain.clear();
    text.segments.clear();
    text.strong.clear();
    text.code_spans.clear();
  }

 private:
  // Room for the text of a usual block from the start: grown from empty, each depth's buffers
  // went through four or five sizes (the flagship draft: 34 allocations and 23 frees in
  // on_text), and frames_ itself through four as the first list items opened.
  static constexpr std::size_t kUsualDepth = 8;
  static constexpr std::size_t kUsualPlainBytes = 256;
  static constexpr std::size_t kUsualSegments = 16;

  void add_frame() {
    Frame& frame = frames_.emplace_back();
    if (top_ != nullptr) top_ = &frames_[size_ - 1];  // the frames may have moved
    if (++built_ == 1) return;                        // the document's frame: md4c gives it no text
    frame.text.plain.reserve(kUsualPlainBytes);
    frame.text.segments.reserve(kUsualSegments);
  }

  std::vector<Frame> frames_;
  std::size_t size_ = 0;
  // frames_.size(), kept (set again by clear()): the vector's divides the distance between its
  // ends by the frame's size.
  std::size_t built_ = 0;
  // The top frame (null when empty): back() is asked for every piece of text, and indexing
  // the vector cost a multiplication by the frame's size and three loads.
  Frame* top_ = nullptr;
};

struct OpenSpan {
  std::size_t frame;
  std::size_t begin;
  MD_SPANTYPE type;
};

// The buffers a walk works in, kept from body to body on each thread: built afresh for each
// walk, they cost the flagship draft 15 allocations and as many frees. Every walk empties them
// before use; a body that grew them past kMaxKeptBytes gives them back.
struct WalkBuffers {
  static constexpr std::size_t kMaxKeptBytes = 256 * 1024;

  FrameStack frames;
  OpenCode code;
  OpenRow row;
  std::vector<InlineText::Range> lines;
  std::vector<InlineBox> boxes;        // the boxes of one line: cut short by find_boxes
  std::vector<InlineBox> group_boxes;  // the boxes of the inline group being gathered
  std::string name;                    // a box name with a blank cut out of it
  std::string key;                     // keys of non-ASCII text are built here, then stored
  std::string prose;                   // a paragraph's text is gathered here, then stored
  std::vector<OpenSpan> spans;

  std::size_t bytes_held() const {
    return frames.bytes_held() + code.content.capacity() + prose.capacity() + key.capacity() +
           name.capacity() + lines.capacity() * sizeof(InlineText::Range);
  }
};

class Walker {
 public:
  // Works in `buffers` (taken for the walk, handed back by give_back).
  // md4c reads `markdown`: the document's text, or a copy of it of the same length with lines
  // rewritten (html_headings_as_atx), so that an offset into either is the same place.
  Walker(IssueDocument& document, std::string_view markdown, const KnownTexts* known,
         WalkBuffers& buffers)
      : doc_(document),
        text_(document.text),
        markdown_(markdown),
        text_begin_(markdown.data()),
        text_end_(markdown.data() + markdown.size()),
        arena_(*document.element_text),
        known_(known),
        positions_(document.lines, document.text),
        underscore_before_line_end_(document.text),
        frames_(std::move(buffers.frames)),
        code_(std::move(buffers.code)),
        row_(std::move(buffers.row)),
        lines_scratch_(std::move(buffers.lines)),
        boxes_scratch_(std::move(buffers.boxes)),
        group_boxes_scratch_(std::move(buffers.group_boxes)),
        name_scratch_(std::move(buffers.name)),
        key_scratch_(std::move(buffers.key)),
        prose_scratch_(std::move(buffers.prose)),
        spans_(std::move(buffers.spans)) {
    frames_.clear();
    spans_.clear();
  }

  void give_back(WalkBuffers& buffers) {
    buffers.frames = std::move(frames_);
    buffers.code = std::move(code_);
    buffers.row = std::move(row_);
    buffers.lines = std::move(lines_scratch_);
    buffers.boxes = std::move(boxes_scratch_);
    buffers.group_boxes = std::move(group_boxes_scratch_);
    buffers.name = std::move(name_scratch_);
    buffers.key = std::move(key_scratch_);
    buffers.prose = std::move(prose_scratch_);
    buffers.spans = std::move(spans_);
  }

  void run() {
    doc_.sections.push_back(Section{});
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = &Walker::on_enter_block;
    parser.leave_block = &Walker::on_leave_block;
    parser.enter_span = &Walker::on_enter_span;
    parser.leave_span = &Walker::on_leave_span;
    parser.text = &Walker::on_text;
    if (md_parse(markdown_.data(), static_cast<MD_SIZE>(markdown_.size()), &parser, this) != 0) {
      doc_.notes.push_back({"the Markdown parser stopped early; the rest was not read", {}});
    }
    close_section_runs();
  }

 private:
  static int on_enter_block(MD_BLOCKTYPE type, void* detail, void* self) {
    static_cast<Walker*>(self)->enter_block(type, detail);
    return 0;
  }
  static int on_leave_block(MD_BLOCKTYPE type, void*, void* self) {
    static_cast<Walker*>(self)->leave_block(type);
    return 0;
  }
  static int on_enter_span(MD_SPANTYPE type, void*, void* self) {
    auto* walker = static_cast<Walker*>(self);
    const std::size_t frame = walker->frames_.size() - 1;
    walker->spans_.push_back({frame, walker->frames_.back().text.plain.size(), type});
    return 0;
  }
  static int on_leave_span(MD_SPANTYPE type, void*, void* self) {
    static_cast<Walker*>(self)->leave_span(type);
    return 0;
  }
  static int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
    static_cast<Walker*>(self)->add_text(type, text, size);
    return 0;
  }

  // Element text goes to the document's arena: no allocation per field.
  ElementText keep(std::string_view text) { return arena_.store(text); }
  // An ASCII text's key is written straight into the arena (no buffer to size and copy out of:
  // about 60 instructions a key, ~100 keys a flagship draft); any other is built, then stored.
  ElementText key_of(std::string_view text) {
    const auto write_ascii_key = [text](char* out) { return ascii_key_into(text, out); };
    if (const std::optional<ElementText> key = arena_.store_written(text.size(), write_ascii_key)) {
      return *key;
    }
    return keep(normalize_key(text, key_scratch_));
  }
  // `text` stored: as the same part of `stored` when it is a part of `original` (which
  // `stored` is the copy of: a box's name mostly lies in its label), else as a copy of its own
  // (a name with a blank cut out of it is built apart).
  ElementText stored_as_part(std::string_view text, std::string_view original, ElementText stored) {
    const std::less_equal<const char*> not_after;  // defined order for unrelated pointers
    if (not_after(original.data(), text.data()) &&
        not_after(text.data() + text.size(), original.data() + original.size())) {
      return stored.part(static_cast<std::size_t>(text.data() - original.data()), text.size());
    }
    return keep(text);
  }

  // The walker asks for positions in nearly increasing order: a cursor answers those by a short
  // step from the last one (157 a flagship draft; 110 instructions each by binary search).
  SourcePosition position_of(std::size_t offset) { return positions_.position(offset); }

  // md4c hands out pointers into the text it reads, or into its own static strings (soft
  // breaks, code indentation, NULLCHAR) and temporary buffers: only the former have a position.
  std::size_t source_offset(const MD_CHAR* pointer, MD_SIZE size) const {
    if (pointer < text_begin_ || pointer + size > text_end_) return kNone;
    return static_cast<std::size_t>(pointer - text_begin_);
  }

  void enter_block(MD_BLOCKTYPE type, void* detail) {
    note_depth();
    claim_item_label(type);
    Frame& frame = frames_.push(type);
    if (type == MD_BLOCK_UL || type == MD_BLOCK_OL) take_lead_of_item(frame);
    if (type == MD_BLOCK_LI) {
      frame.label_prose = -1;
      const auto* item = static_cast<const MD_BLOCK_LI_DETAIL*>(detail);
      frame.is_task = item->is_task != 0;
      frame.checked = item->task_mark == 'x' || item->task_mark == 'X';
      frame.task_mark_offset = item->task_mark_offset;
      if (frame.is_task) cursor_ = std::max(cursor_, frame.task_mark_offset);
    } else if (type == MD_BLOCK_CODE) {
      start_code(*static_cast<const MD_BLOCK_CODE_DETAIL*>(detail));
    } else if (type == MD_BLOCK_TR) {
      row_.cells.clear();
      row_.row_source = kNone;
    } else if (type == MD_BLOCK_QUOTE) {
      ++quote_depth_;
    } else if (type == MD_BLOCK_H) {
      current_heading_level_ =
          static_cast<int>(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
    }
  }

  void note_once(bool& noted, std::string message) {
    if (noted) return;
    noted = true;
    doc_.notes.push_back({std::move(message), position_of(cursor_)});
  }

  void note_depth() {
    if (depth_noted_ || frames_.size() < static_cast<std::size_t>(kMaxNestingDepth)) return;
    note_too_deep();
  }

  // md4c tells no block's offset: the block too deep starts on the first line holding anything
  // after the text read last (cursor_), which is where the note points.
  [[gnu::cold]] void note_too_deep() {
    depth_noted_ = true;
    const std::string_view text(text_);  // substr() of a view, not of the string: no copies
    std::size_t at = cursor_;
    if (at > 0) {
      const std::size_t line_end = text.find('\n', at);
      at = line_end == std::string_view::npos ? text.size() : line_end + 1;
    }
    while (at < text.size()) {
      const std::size_t line_end = std::min(text.find('\n', at), text.size());
      if (text.substr(at, line_end - at).find_first_not_of(" \t\r") != std::string_view::npos) {
        break;
      }
      at = line_end + 1;
    }
    at = std::min(at, text.size());
    const std::size_t first = std::min(text.find_first_not_of(" \t", at), text.size());
    doc_.notes.push_back({"blocks nested more than " + std::to_string(kMaxNestingDepth) +
                              " levels deep; the deeper levels are read as flat text",
                          position_of(first)});
  }

  // A list item's label is its direct text, or its first paragraph when the list is loose.
  // Any other child block (a nested list, code) means the label is complete.
  void claim_item_label(MD_BLOCKTYPE entering) {
    if (frames_.empty() || frames_.back().type != MD_BLOCK_LI || frames_.back().label_done) {
      return;
    }
    Frame& item = frames_.back();
    if (entering == MD_BLOCK_P && item.text.plain.empty()) {
      item.label_done = true;
      next_paragraph_is_label_ = true;
      return;
    }
    finish_item_label(item, list_below_top());
  }

  // The list that holds the list item on top of the stack.
  Frame* list_below_top() { return frames_.size() >= 2 ? &frames_[frames_.size() - 2] : nullptr; }

  void start_code(const MD_BLOCK_CODE_DETAIL& detail) {
    start_open_code();
    CodeBlock& code = code_.code;
    code.fenced = detail.fence_char != 0;
    code.quote_depth = quote_depth_;
    if (detail.info.text != nullptr) code.info = trim({detail.info.text, detail.info.size});
    if (detail.lang.text != nullptr) code.language.assign(detail.lang.text, detail.lang.size);
    for (char& c : code.language)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    fence_char_ = detail.fence_char;
  }

  // Resets code_ but for the capacity of its buffers. code_.code was moved into the document
  // (finish_code) or never used: its members are reset one by one (a CodeBlock built and
  // move-assigned cost ~90 instructions a block). A member added to CodeBlock is reset here.
  void start_open_code() {
    CodeBlock& code = code_.code;
    code.info.clear();
    code.language.clear();
    code.content.clear();
    code.fenced = true;
    code.section = 0;
    code.quote_depth = 0;
    code.position = {};
    code.content_line = 0;
    code.content_offset = 0;
    code.line_offsets.clear();
    code_.content.clear();
    code_.content.reserve(OpenCode::kUsualContentBytes);
    code_.line_anchor.clear();
    code_.line_content_start = 0;
    code_.line_anchored = false;
  }

  void leave_block(MD_BLOCKTYPE type) {
    Frame& frame = frames_.pop();
    switch (type) {
      case MD_BLOCK_H:
        // A heading in a quote is quoted text (another issue's, an earlier answer), shown in
        // the quote's bar: no part of this issue's structure.
        if (quote_depth_ > 0) {
          add_text_block(frame.text, Prose::Kind::quote);
        } else {
          finish_heading(frame);
        }
        break;
      case MD_BLOCK_P:
        finish_paragraph(frame);
        break;
      case MD_BLOCK_LI:
        finish_item(frame);
        break;
      case MD_BLOCK_CODE:
        finish_code();
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        finish_cell(frame);
        break;
      case MD_BLOCK_TR:
        finish_row();
        break;
      case MD_BLOCK_QUOTE:
        --quote_depth_;
        break;
      case MD_BLOCK_HTML:
        finish_html(frame);
        break;
      default:
        break;
    }
  }

  // The text a block of raw HTML shows, its tags and comments left out, is prose: an answer
  // written inside `<details>` with no blank line is a block of HTML, and it is still an answer.
  [[gnu::cold]] void finish_html(const Frame& frame) {
    std::string shown = visible_html_text(frame.text.plain);
    if (shown.empty()) return;
    const std::size_t source = frame.text.has_source() ? frame.text.first_source() : kNone;
    add_prose(shown, Prose::Kind::paragraph, source);
  }

  void leave_span(MD_SPANTYPE type) {
    if (spans_.empty()) return;
    const OpenSpan span = spans_.back();
    spans_.pop_back();
    if (span.frame >= frames_.size()) return;
    InlineText& text = frames_[span.frame].text;
    const InlineText::Range range{span.begin, text.plain.size()};
    if (type == MD_SPAN_STRONG) text.strong.push_back(range);
    if (type == MD_SPAN_CODE) text.code_spans.push_back(range);
    // "![](https://...)", as GitHub writes a dropped file: an image without alt text is content.
    if (type == MD_SPAN_IMG && range.second == range.first) text.plain += "image";
  }

  void add_text(MD_TEXTTYPE type, const MD_CHAR* pointer, MD_SIZE size) {
    if (frames_.empty()) return;
    Frame& frame = frames_.back();
    const std::size_t offset = source_offset(pointer, size);
    if (offset != kNone) cursor_ = std::max(cursor_, offset + size);
    if (frame.type == MD_BLOCK_CODE) {
      add_code_text(pointer, size, offset);
      return;
    }
    if (type == MD_TEXT_NORMAL) {  // most pieces: one test, not the switch's jump table
      append_verbatim(frame.text, pointer, size, offset);
      return;
    }
    switch (type) {
      case MD_TEXT_HTML: {
        const std::size_t earlier_comment_end = comments_end_;
        if (offset != kNone) record_comments(offset, size);
        // A block of raw HTML (`<details>` then text) shows its text: kept to read it. Not a
        // piece wholly inside a comment (most HTML blocks are a template's `<!-- … -->`).
        if (frame.type == MD_BLOCK_HTML && !inside_last_comment(offset, size)) {
          append_shown_html(frame.text, pointer, size, offset, earlier_comment_end);
        } else if (const std::string_view media = media_shown({pointer, size}); !media.empty()) {
          frame.text.plain.append(media);  // an `<img ...>` within a paragraph
        }
        return;
      }
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        frame.text.plain += '\n';
        return;
      case MD_TEXT_NULLCHAR:
        frame.text.plain += "\uFFFD";
        return;
      case MD_TEXT_ENTITY:
        frame.text.plain += decode_entity({pointer, size});
        return;
      default:
        append_verbatim(frame.text, pointer, size, offset);
    }
  }

  static void append_verbatim(InlineText& text, const MD_CHAR* pointer, MD_SIZE size,
                              std::size_t offset) {
    if (offset != kNone) text.segments.push_back({text.plain.size(), offset, size});
    text.plain.append(pointer, size);
  }

  static std::string decode_entity(std::string_view entity) {
    if (entity == "&amp;") return "&";
    if (entity == "&lt;") return "<";
    if (entity == "&gt;") return ">";
    if (entity == "&quot;") return "\"";
    if (entity == "&nbsp;") return " ";
    if (entity == "&#39;" || entity == "&apos;") return "'";
    if (entity.starts_with("&#")) return decode_numeric_entity(entity);
    return std::string(entity);
  }

  // "&#233;", "&#xE9;": the character GitHub shows (CommonMark: U+0000 and a number past
  // Unicode or a surrogate show U+FFFD). md4c hands over only well-formed references.
  [[gnu::cold]] static std::string decode_numeric_entity(std::string_view entity) {
    const bool hex = entity.size() > 2 && (entity[2] == 'x' || entity[2] == 'X');
    char32_t code_point = 0;
    for (const char c : entity.substr(hex ? 3 : 2)) {
      if (c == ';') break;
      const int digit = std::isdigit(static_cast<unsigned char>(c)) != 0
                            ? c - '0'
                            : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
      code_point = std::min<char32_t>(code_point * (hex ? 16 : 10) + digit, 0x110000);
    }
    if (code_point == 0 || code_point >= 0x110000 ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      code_point = utf8::kReplacement;
    }
    std::string out;
    utf8::append(out, code_point);
    return out;
  }

  void add_code_text(const MD_CHAR* pointer, MD_SIZE size, std::size_t offset) {
    OpenCode& frame = code_;
    std::string& content = frame.content;
    if (frame.line_anchor.empty()) frame.line_anchor.push_back(kNone);
    if (offset != kNone && !frame.line_anchored) {
      frame.line_anchored = true;
      frame.line_anchor.back() =
          indentation_start(offset, content.size() - frame.line_content_start);
    }
    content.append(pointer, size);
    if (size > 0 && pointer[size - 1] == '\n') {
      frame.line_content_start = content.size();
      frame.line_anchored = false;
      frame.line_anchor.push_back(kNone);
    }
  }

  // Where a code line's indentation starts in the body: md4c supplies it as `columns` spaces
  // from a static buffer before the first real pointer (at `offset`), but a tab is one byte for
  // up to 4 columns, so the body's blanks before `offset` are walked back, never past its line.
  std::size_t indentation_start(std::size_t offset, std::size_t columns) const {
    std::size_t start = offset;
    while (columns > 0 && start > 0 && (text_[start - 1] == ' ' || text_[start - 1] == '\t')) {
      --start;
      --columns;
    }
    return start;
  }

  // A piece of a block of HTML, less the end of a comment opened before it (`comment_end`):
  // "spans lines --> answer" shows "answer".
  static void append_shown_html(InlineText& text, const MD_CHAR* pointer, MD_SIZE size,
                                std::size_t offset, std::size_t comment_end) {
    if (offset != kNone && comment_end != kNone && offset < comment_end) [[unlikely]] {
      const auto hidden = static_cast<MD_SIZE>(std::min<std::size_t>(size, comment_end - offset));
      pointer += hidden;
      size -= hidden;
      offset += hidden;
    }
    append_verbatim(text, pointer, size, offset);
  }

  bool inside_last_comment(std::size_t offset, std::size_t size) const {
    return offset != kNone && comments_end_ != kNone && offset >= comments_begin_ &&
           offset + size <= comments_end_;
  }

  // Records every `<!-- … -->` starting inside this piece of raw HTML. A multi-line comment
  // arrives in several pieces, so the end is searched in the whole text.
  void record_comments(std::size_t offset, std::size_t size) {
    // Searched within the piece only (an opening may end past it): searching on to the end of
    // the body made a draft of many HTML pieces quadratic (120 KB of tags took 4 s).
    const std::string_view piece =
        std::string_view(text_).substr(0, std::min(text_.size(), offset + size + 3));
    std::size_t at = offset;
    while (true) {
      const std::size_t open = piece.find("<!--", at);
      if (open == std::string::npos || open >= offset + size) return;
      if (comments_end_ != kNone && open < comments_end_) {  // inside the comment recorded last
        at = comments_end_;
        continue;
      }
      const std::size_t close = text_.find("-->", open + 4);
      const std::size_t end = close == std::string::npos ? text_.size() : close + 3;
      comments_begin_ = open;
      if (heading_comments_begin_ == kNoIndex && frames_.back().type == MD_BLOCK_H &&
          quote_depth_ == 0) {
        heading_comments_begin_ = static_cast<int>(doc_.comments.size());
      }
      doc_.comments.push_back({keep(std::string_view(text_).substr(open, end - open)),
                               current_section_, position_of(open)});
      comments_end_ = end;
      at = end;
    }
  }

  // The first byte on offset's line that is not ' ' or tab (offset itself if that is earlier).
  // Only blanks lie between the line's start and that byte, one column each: its column is
  // counted from the start, not asked of the cursor a second time (which went back to the
  // line's start and counted again: about 55 instructions a heading).
  SourcePosition line_start_position(std::size_t offset) {
    const SourcePosition position = position_of(offset);
    const std::size_t start = doc_.lines.line_start(position.line);
    // Mostly the line's first byte: a loop, not find_first_not_of's call to memchr a byte.
    std::size_t first = start;
    while (first < offset && first < text_.size() &&
           (text_[first] == ' ' || text_[first] == '\t')) {
      ++first;
    }
    if (first < offset) {
      if (first == text_.size()) return {position.line, 1};
      return {position.line, 1 + static_cast<int>(first - start)};
    }
    // Only blanks before the offset: its own column, unless nothing but blanks follows.
    if (text_.find_first_not_of(" \t", offset) == std::string::npos) return {position.line, 1};
    return position;
  }

  // The start of an inline run: step back over markup that opened it ("**", "`", "["). Each
  // mark is one byte and one column, so the column is counted back, not asked of the cursor again.
  SourcePosition inline_start_position(std::size_t offset) {
    SourcePosition position = position_of(offset);
    const std::size_t line_begin = doc_.lines.line_start(position.line);
    while (offset > line_begin &&
           std::string_view("*_`~[").find(text_[offset - 1]) != std::string_view::npos) {
      --offset;
      --position.column;
    }
    return position;
  }

  // The line of an empty heading ("#", "## ##"): the first heading line not read yet. The
  // cursor's line is read when the cursor is past its start (the heading before's text).
  int find_heading_line_after_cursor() {
    int first = cursor_ == 0 ? 1 : position_of(cursor_).line;
    if (cursor_ > doc_.lines.line_start(first)) ++first;
    for (int line = first; line <= doc_.lines.line_count(); ++line) {
      std::size_t at = doc_.lines.line_start(line);
      std::size_t indent = 0;
      while (at < text_.size() && text_[at] == ' ' && indent < 3) ++at, ++indent;
      if (at < text_.size() && text_[at] == '#') return line;
    }
    return 0;
  }

  void finish_heading(Frame& frame) {
    const int index = static_cast<int>(doc_.sections.size());
    const int parent = parent_for_level(current_heading_level_);
    Section& section = doc_.sections.emplace_back();  // filled in place: no move of its strings
    section.parent = parent;
    section.level = current_heading_level_;
    set_titles_and_key(section, frame.text.plain);
    if (frame.text.has_source()) {
      section.position = line_start_position(frame.text.first_source());
    } else if (const int line = find_heading_line_after_cursor(); line > 0) {
      section.position = line_start_position(doc_.lines.line_start(line));
      cursor_ = std::max(cursor_, doc_.lines.line_start(line) + 1);
    }
    close_section_runs();
    if (heading_comments_begin_ != kNoIndex) [[unlikely]]
      give_heading_its_comments(index);
    current_section_ = index;
  }

  // A comment on the heading's line ("## Version <!-- optional -->") was recorded while the
  // heading was open, in the section before: GitHub shows it under this heading, not that one.
  [[gnu::cold]] void give_heading_its_comments(int index) {
    const int begin = std::exchange(heading_comments_begin_, kNoIndex);
    Section& before = doc_.sections[static_cast<std::size_t>(current_section_)];
    before.comments = ElementRun(before.comments.front(), begin);
    run_starts_.comments = begin;
    for (std::size_t at = static_cast<std::size_t>(begin); at < doc_.comments.size(); ++at) {
      doc_.comments[at].section = index;
    }
  }

  // Every element is appended with the section being read, which changes only here, at a
  // heading: the section's elements of each kind are the ones appended since it began. Taken
  // as it ends, not found after the walk by a pass per kind over every section.
  void close_section_runs() {
    Section& section = doc_.sections[static_cast<std::size_t>(current_section_)];
    const auto run = [](int& first, const auto& elements) {
      const int last = static_cast<int>(elements.size());
      return ElementRun(std::exchange(first, last), last);
    };
    section.checkboxes = run(run_starts_.checkboxes, doc_.checkboxes);
    section.code_blocks = run(run_starts_.code_blocks, doc_.code_blocks);
    section.prose = run(run_starts_.prose, doc_.prose);
    section.blanks = run(run_starts_.blanks, doc_.blanks);
    section.comments = run(run_starts_.comments, doc_.comments);
  }

  // A heading written as it folds (most are: "Migration SQL (if complex)") is its own title,
  // and its display title is a prefix of that: one stored text for both instead of folding it
  // three times (title, display title, and the fold display_title would redo on the title).
  // The key is section_key(): the display title's.
  void set_titles_and_key(Section& section, std::string_view written) {
    const std::string_view trimmed = trimmed_view(written);
    if (const KnownTexts::HeadingTitles* known = known_heading(trimmed)) {
      section.title = known->heading;
      section.display_title = section.title.part(0, known->display_size);
      section.key = known->key;
      return;
    }
    if (const std::size_t length = display_title_prefix(trimmed);
        length != std::string_view::npos) {
      section.title = keep(trimmed);
      section.display_title = section.title.part(0, length);
    } else {
      section.title = keep(folded_and_trimmed(written));
      section.display_title = keep(display_title(section.title));
    }
    section.key = key_of(without_enumeration(section.display_title));
  }

  const KnownTexts::HeadingTitles* known_heading(std::string_view trimmed) {
    return known_ == nullptr ? nullptr : known_->heading(trimmed, heading_hint_);
  }

  int parent_for_level(int level) const {
    int candidate = current_section_;
    while (candidate > 0 && doc_.sections[candidate].level >= level) {
      candidate = doc_.sections[candidate].parent;
    }
    return candidate;
  }

  void finish_paragraph(Frame& frame) {
    if (next_paragraph_is_label_ && !frames_.empty() && frames_.back().type == MD_BLOCK_LI) {
      next_paragraph_is_label_ = false;
      std::swap(frames_.back().text, frame.text);  // the item's own text is still empty
      finish_item_label(frames_.back(), list_below_top());
      return;
    }
    next_paragraph_is_label_ = false;
    const bool in_item = !frames_.empty() && frames_.back().type == MD_BLOCK_LI;
    Prose::Kind kind = quote_depth_ > 0 ? Prose::Kind::quote : Prose::Kind::paragraph;
    if (in_item) kind = Prose::Kind::list_item;
    add_text_block(frame.text, kind);
  }

  void finish_item(Frame& frame) {
    if (!frame.label_done) {
      finish_item_label(frame, frames_.empty() ? nullptr : &frames_.back());
      return;
    }
    // Tight text after a nested list belongs to the item but is not its label.
    if (!trimmed_view(frame.text.plain).empty()) add_text_block(frame.text, Prose::Kind::list_item);
  }

  void finish_item_label(Frame& item, Frame* list) {
    item.label_done = true;
    if (!item.is_task || list == nullptr) {
      item.label_prose = static_cast<int>(doc_.prose.size());  // if add_text_block adds one
      add_text_block(item.text, Prose::Kind::list_item);
    } else {
      add_task_item(item, *list, item.text);
    }
    // What the item says after its label (past a nested list) is gathered afresh.
    FrameStack::clear(item.text);
  }

  struct TaskBox {
    bool checked;
    std::size_t bracket;  // source offset of '['
  };

  // Paragraph-like text: lines holding boxes become inline checkbox groups, the rest prose.
  // Labels and leads may take in a line break, which becomes a space in `text`.
  void add_text_block(InlineText& text, Prose::Kind kind) {
    if (text.plain.find('\n') == std::string::npos) {
      add_one_line_block(text, kind);
      return;
    }
    prose_scratch_.clear();
    prose_source_ = kNone;
    plain_lines(text.plain, lines_scratch_);
    add_lines(text, 0, true, OpenGroup{});
    std::string& prose = prose_scratch_;
    if (prose.empty()) return;
    prose = soft_breaks_to_spaces(std::move(prose));
    add_prose(prose, kind, prose_source_);
  }

  // add_text_block for a block of one line (most are): its text is taken where it is, not
  // split into lines and gathered into prose_scratch_ first.
  void add_one_line_block(const InlineText& text, Prose::Kind kind) {
    InlineText::Range line{0, text.plain.size()};
    std::vector<InlineBox>& boxes = boxes_scratch_;
    find_boxes(text, line, boxes);
    if (!boxes.empty()) {
      add_inline_group(text, line, boxes, nullptr);
      return;
    }
    const std::string_view part = trimmed_view(text.plain);
    if (part.empty()) return;
    const std::size_t prose_source = text.source_of(0).value_or(kNone);
    record_loose_blanks(text, line);
    add_prose(soft_breaks_to_spaces(part, prose_scratch_), kind, prose_source);
  }

  // The boxes of one line of `text`, at most kMaxInlineBoxesPerLine: past them, the line is cut
  // (`line` ends after the last box kept). Whether it was cut.
  bool find_boxes(const InlineText& text, InlineText::Range& line, std::vector<InlineBox>& boxes) {
    find_inline_boxes(text, line, boxes);
    if (boxes.size() <= kMaxInlineBoxesPerLine) [[likely]]
      return false;
    boxes.resize(kMaxInlineBoxesPerLine);
    line.second = boxes.back().plain_index + boxes.back().size;
    note_once(too_many_boxes_noted_, "more than " + std::to_string(kMaxInlineBoxesPerLine) +
                                         " checkboxes on one line; the rest were ignored");
    return true;
  }

  // The inline group being gathered from the lines of a block: [begin, end) in its text, from
  // its lead to the end of its last line, its boxes in group_boxes_scratch_.
  struct OpenGroup {
    std::size_t begin = kNone;  // kNone: no group open
    std::size_t end = 0;
    const TaskBox* task = nullptr;     // the task box before its first inline box
    bool ends_with_separator = false;  // its last line ends with '/', ',', '|' or ';'
  };

  // Lines[first…] of `text`'s lines_scratch_. A soft break is a space (GitHub shows it as a
  // break in an issue, but the author's line goes on), so it does not end a group of boxes: a
  // line that starts with a box goes on with the group of the line before (a wrapped list of
  // options), or takes the line of text before it as its lead ("Related to:" alone on its
  // line). A line whose text before its first box ends with a separator goes on with the group
  // too, a label wrapped ("[ ] User⏎Management / [ ] Other"); any other text is the lead of a
  // group of its own ("**Browser**: [ ] …" under "**Environment**: [ ] …"). Lines without a box
  // are prose (into prose_scratch_) if `prose_lines`, else left out.
  void add_lines(InlineText& text, std::size_t first, bool prose_lines, OpenGroup group) {
    const std::vector<InlineText::Range>& lines = lines_scratch_;
    std::vector<InlineBox>& boxes = boxes_scratch_;
    std::size_t lead_line = kNone;  // the line of text before, which a group may take as lead
    const auto keep_lead_line_as_prose = [&] {
      if (lead_line != kNone && prose_lines) add_prose_line(text, lines[lead_line]);
      lead_line = kNone;
    };
    for (std::size_t i = first; i < lines.size(); ++i) {
      InlineText::Range line = lines[i];
      const std::string_view whole =
          std::string_view(text.plain).substr(line.first, line.second - line.first);
      if (trimmed_view(whole).empty()) continue;  // (a comment alone on its line)
      const bool cut = find_boxes(text, line, boxes);
      if (boxes.empty()) {
        close_group(text, group);
        keep_lead_line_as_prose();
        lead_line = i;
        continue;
      }
      const std::string_view before =
          trimmed_view(whole.substr(0, boxes.front().plain_index - line.first));
      const bool goes_on =
          group.begin != kNone &&
          (before.empty() || (ends_with_separator(before) && !group.ends_with_separator));
      if (!goes_on) {
        close_group(text, group);
        group.begin = line.first;
        if (before.empty() && lead_line != kNone) group.begin = lines[lead_line].first;
        if (group.begin == line.first) keep_lead_line_as_prose();
        lead_line = kNone;
      }
      group_boxes_scratch_.insert(group_boxes_scratch_.end(), boxes.begin(), boxes.end());
      group.end = line.second;
      group.ends_with_separator = ends_with_separator(trimmed_view(whole));
      if (cut) close_group(text, group);  // the rest of its line is not a label
    }
    close_group(text, group);
    keep_lead_line_as_prose();
  }

  static bool ends_with_separator(std::string_view text) {
    return !text.empty() &&
           (text.back() == '/' || text.back() == ',' || text.back() == '|' || text.back() == ';');
  }

  // One line of a block without boxes, added to the block's prose.
  void add_prose_line(const InlineText& text, InlineText::Range line) {
    const std::string_view part =
        trimmed_view(std::string_view(text.plain).substr(line.first, line.second - line.first));
    if (prose_source_ == kNone) prose_source_ = text.source_of(line.first).value_or(kNone);
    if (!prose_scratch_.empty()) prose_scratch_ += ' ';
    prose_scratch_ += part;
    record_loose_blanks(text, line);
  }

  void close_group(InlineText& text, OpenGroup& group) {
    if (group.begin == kNone) return;
    std::string& plain = text.plain;
    const auto first_break = plain.begin() + static_cast<std::ptrdiff_t>(group.begin);
    const auto last = plain.begin() + static_cast<std::ptrdiff_t>(group.end);
    wrapped_labels_ = std::find(first_break, last, '\n') != last;
    std::replace(first_break, last, '\n', ' ');
    add_inline_group(text, {group.begin, group.end}, group_boxes_scratch_, group.task);
    wrapped_labels_ = false;
    group_boxes_scratch_.clear();
    group = OpenGroup{};
  }

  // `prose` (folded) as the section's next Prose; `source`: where its text starts, or kNone.
  void add_prose(std::string_view prose, Prose::Kind kind, std::size_t source) {
    Prose& element = doc_.prose.emplace_back();
    element.kind = kind;
    element.key = key_of(prose);
    element.text = keep(prose);
    element.section = current_section_;
    if (source != kNone) element.position = inline_start_position(source);
  }

  void add_task_item(const Frame& item, Frame& list, InlineText& text) {
    const TaskBox task{item.checked, item.task_mark_offset - 1};
    if (is_one_line_without_bracket(text.plain)) {
      // The usual task item ("- [ ] users"): its whole text is the label. Two memchr instead
      // of splitting it into lines and looking for boxes (about 130 instructions an item).
      add_task_box(text, list, task, text.plain.size());
      return;
    }
    add_task_item_of_lines(list, task, text);
  }

  // add_task_item for an item whose text has several lines or a '['. Out of line: inlined, it
  // made add_task_item, which every task item calls, too large to inline.
  [[gnu::noinline]] void add_task_item_of_lines(Frame& list, const TaskBox& task,
                                                InlineText& text) {
    std::vector<InlineText::Range>& lines = lines_scratch_;
    plain_lines(text.plain, lines);
    std::vector<InlineBox>& boxes = boxes_scratch_;
    InlineText::Range first = lines.front();
    const bool cut = find_boxes(text, first, boxes);
    if (!boxes.empty()) {
      // "- [ ] A [ ] B": the task box and the boxes in its text form one inline line.
      group_boxes_scratch_.assign(boxes.begin(), boxes.end());
      OpenGroup group{first.first, first.second, &task, false};
      if (cut) close_group(text, group);
      add_lines(text, 1, false, group);
      return;
    }
    // The label goes on over the lines after the first that continue it (GitHub shows the
    // item's whole text), up to a line of boxes: "- [x] I have planned for⏎  rollback
    // scenarios". A line that does not read as the label's continuation is the author's note
    // under a ticked item ("- [x] bookings⏎  Thanks!"), as before.
    std::size_t after_label = 1;
    while (after_label < lines.size()) {
      InlineText::Range line = lines[after_label];
      if (!continues_label(text.plain, lines[after_label - 1], line)) break;
      find_boxes(text, line, boxes);
      if (!boxes.empty()) break;
      ++after_label;
    }
    const std::size_t label_end = lines[after_label - 1].second;
    wrapped_labels_ = after_label > 1;
    std::replace(text.plain.begin(), text.plain.begin() + static_cast<std::ptrdiff_t>(label_end),
                 '\n', ' ');
    add_task_box(text, list, task, label_end);
    wrapped_labels_ = false;
    add_lines(text, after_label, false, OpenGroup{});
  }

  // The task item's box, its label [0, label_end) of `text`, in the list's group.
  void add_task_box(const InlineText& text, Frame& list, const TaskBox& task,
                    std::size_t label_end) {
    if (list.group < 0) list.group = next_group_++;
    Checkbox& box = add_checkbox(text, {0, label_end}, task.checked, task.bracket, list.group);
    if (!list.lead_text.empty()) [[unlikely]]
      give_lead(box, list);
  }

  // A list nested in an item that is no task, whose label became prose: that label (less its
  // trailing ':') is the lead of the list's boxes. Out of line: few lists are nested so.
  [[gnu::noinline]] void take_lead_of_item(Frame& list) {
    list.lead_text.clear();
    list.lead = ElementText();
    const std::size_t depth = frames_.size();
    if (depth < 2) return;
    const Frame& item = frames_[depth - 2];
    // label_prose is the item's label only if its label made a Prose (not only inline boxes).
    if (item.type != MD_BLOCK_LI || item.is_task || item.label_prose < 0 ||
        static_cast<std::size_t>(item.label_prose) >= doc_.prose.size()) {
      return;
    }
    list.lead_text = strip_lead(doc_.prose[static_cast<std::size_t>(item.label_prose)].text);
  }

  // The lead of the boxes of a list nested in a labelled item (Frame::lead_text), kept once.
  // Out of line, as take_lead_of_item: inlined, it made add_task_item too large to inline.
  [[gnu::noinline]] void give_lead(Checkbox& box, Frame& list) {
    if (list.lead.empty()) list.lead = keep(list.lead_text);
    box.lead = list.lead;
  }

  // Whether `line` goes on with the label `previous` ended: the label was cut mid-phrase (it
  // ends in ',', ';', ':', '/', '-', '(', '&' or '+': "Other:⏎  audit_log"), or a phrase of
  // several words is cut mid-sentence (the line starts in lower case). A line starting a
  // sentence of its own ("Thanks!", "Reviewed by @alice") is a note under the item, and so is
  // any line under a one-word label ("- [x] bookings⏎  only this table changes"): an editor
  // wraps long lines, and a table's name is one word.
  static bool continues_label(std::string_view plain, InlineText::Range previous,
                              InlineText::Range line) {
    const std::string_view before =
        trimmed_view(plain.substr(previous.first, previous.second - previous.first));
    if (!before.empty() &&
        std::string_view(",;:/-(&+").find(before.back()) != std::string_view::npos)
      return true;
    const std::string_view after = trimmed_view(plain.substr(line.first, line.second - line.first));
    return before.find(' ') != std::string_view::npos && !after.empty() && after.front() >= 'a' &&
           after.front() <= 'z';
  }

  static bool is_one_line_without_bracket(std::string_view plain) {
    return byte_blocks::find_any(plain, '\n', '[') == std::string_view::npos;
  }

  // The boxes of `line` (the lines of a group, their breaks made spaces) as one inline group.
  void add_inline_group(const InlineText& text, InlineText::Range line,
                        const std::vector<InlineBox>& boxes, const TaskBox* task) {
    const int group = next_group_++;
    const std::string_view plain(text.plain);
    const ElementText lead =
        task != nullptr
            ? ElementText()
            : keep(strip_lead(plain.substr(line.first, boxes.front().plain_index - line.first)));
    if (task != nullptr) {
      const InlineText::Range label{line.first, boxes.front().plain_index};
      mark_inline(add_checkbox(text, label, task->checked, task->bracket, group), lead);
    }
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const std::size_t label_begin = boxes[i].plain_index + boxes[i].size;
      const std::size_t label_end = i + 1 < boxes.size() ? boxes[i + 1].plain_index : line.second;
      const std::size_t bracket = text.source_of(boxes[i].plain_index).value_or(cursor_);
      mark_inline(add_checkbox(text, {label_begin, label_end}, boxes[i].checked, bracket, group),
                  lead);
    }
  }

  // Set here, by the inline group that knows them, not passed to add_checkbox: a 16-byte
  // argument past the sixth went on the stack as two 8-byte stores and was read back as one
  // 16-byte load, which the store buffer cannot forward (~13 % of add_checkbox's time).
  static void mark_inline(Checkbox& box, ElementText lead) {
    box.is_inline = true;
    box.lead = lead;
  }

  static std::string strip_lead(std::string_view lead) {
    std::string out = trim(lead);
    while (!out.empty() && (out.back() == ':' || out.back() == ' ' || out.back() == '-')) {
      out.pop_back();
    }
    return out;
  }

  // A label runs up to the next box; drop the "/" or "," that separates inline options.
  static InlineText::Range label_without_separator(const std::string& plain,
                                                   InlineText::Range label) {
    std::size_t end = label.second;
    while (end > label.first &&
           (plain[end - 1] == ' ' || plain[end - 1] == '\t' || plain[end - 1] == '/' ||
            plain[end - 1] == ',' || plain[end - 1] == '|' || plain[end - 1] == ';')) {
      --end;
    }
    return {label.first, end};
  }

  // The box, not inline (mark_inline makes it so). Valid until the next box is added.
  Checkbox& add_checkbox(const InlineText& text, InlineText::Range raw_label, bool checked,
                         std::size_t bracket, int group) {
    const InlineText::Range label = label_without_separator(text.plain, raw_label);
    Checkbox& box = doc_.checkboxes.emplace_back();  // filled in place: no move of its strings
    box.checked = checked;
    const std::string_view label_text =
        trimmed_view(std::string_view(text.plain).substr(label.first, label.second - label.first));
    name_box(box, text, label, label_text);
    name_before_note(box);
    box.section = current_section_;
    box.group = group;
    box.position = position_of(bracket);
    attach_blank(text, label, raw_label.second, box, bracket);
    return box;
  }

  // The box's name and its key. Without bold starting in the label, the name depends on the
  // label's text alone, which a template usually shares word for word: asked of known_ first.
  // A name found from bold is as often the template's: its key is asked of known_.
  // A known label, name or key is viewed where KnownTexts stored it (the document's arena keeps
  // that one alive), not copied.
  void name_box(Checkbox& box, const InlineText& text, InlineText::Range label,
                std::string_view label_text) {
    if (known_ != nullptr && name_known_box(box, text, label, label_text)) return;
    box.label = keep(label_text);
    box.name = stored_as_part(checkbox_name(text, label, name_scratch_), label_text, box.label);
    const ElementText* known_key = known_ == nullptr ? nullptr : known_->name_key(box.name);
    box.key = known_key != nullptr ? *known_key : key_of(box.name);
  }

  // Most names end with no note: one byte tells.
  void name_before_note(Checkbox& box) {
    if (!box.name.ends_with(')')) return;
    const std::size_t length = length_before_notes(box.name);
    if (length == box.name.size()) return;
    box.name_before_note = box.name.part(0, length);
    box.key_before_note = key_of(box.name_before_note);
  }

  // name_box from known_: whether it knew the label, as the walker names it with this bold.
  bool name_known_box(Checkbox& box, const InlineText& text, InlineText::Range label,
                      std::string_view label_text) {
    const auto take = [&box](const auto& known) {
      box.label = known.label;
      box.name = box.label.part(known.name_offset, known.name_size);
      box.key = known.key;
      return true;
    };
    const InlineText::Range* bold = first_bold_in(text, label);
    if (bold != nullptr) {
      const KnownTexts::BoldNaming* known = known_->bold_label(label_text, box_hint_);
      // The entry's label starts where the walker's does (no white space to trim before).
      if (known != nullptr && label_text.data() == text.plain.data() + label.first &&
          known->names_from(text.plain, label.first, label.second, bold->first, bold->second)) {
        return take(*known);
      }
      // Keyed text before the bold part ("Other: **\_\_**"): checkbox_name names the label as
      // if it had no bold; any other bold is left to it.
      if (!has_key_text({text.plain.data() + label.first, bold->first - label.first})) {
        return false;
      }
    }
    const KnownTexts::LabelNaming* known = known_->label(label_text, box_hint_);
    return known != nullptr && take(*known);
  }

  // The first bold part checkbox_name would look at for this label, if any.
  static const InlineText::Range* first_bold_in(const InlineText& text, InlineText::Range label) {
    for (const InlineText::Range& bold : text.strong) {
      if (bold.first >= label.first && bold.first < label.second) return &bold;
    }
    return nullptr;
  }

  // A box gets a Blank when its source shows a fill-in marker (a template) or when it is the
  // "Other" option (an issue, where the author wrote over the marker).
  void attach_blank(const InlineText& text, InlineText::Range label, std::size_t label_end,
                    Checkbox& box, std::size_t bracket) {
    const std::size_t from = bracket + 3;
    std::optional<BlankMarker> marker;
    if (wrapped_labels_) [[unlikely]] {
      marker = find_blank_marker(text_, from, wrapped_label_source_end(text, label_end));
    } else if (underscore_before_line_end_(from, positions_.next_line_begin())) {
      // The cursor is on the bracket's line (position_of(bracket) was the last asked).
      marker = find_blank_marker(text_, from, label_source_end(text, label_end, bracket));
    }
    if (!marker && box.key != "other") return;
    add_blank(text, label, box, from, marker);
  }

  // Out of line: three boxes of the flagship draft's 66 have a blank, and inlined (its strings,
  // its Blank), it made attach_blank's entry and exit cost every box about 23 instructions more.
  // `box`: the last of doc_.checkboxes.
  [[gnu::noinline]] void add_blank(const InlineText& text, InlineText::Range label, Checkbox& box,
                                   std::size_t from, std::optional<BlankMarker> marker) {
    const int box_index = static_cast<int>(doc_.checkboxes.size()) - 1;
    const BlankFill fill = split_blank_fill(box.label, box.name);
    Blank blank;
    blank.section = current_section_;
    blank.checkbox = box_index;
    blank.lead = fill.lead.empty() ? box.name : keep(fill.lead);
    blank.value = keep(fill.value);
    blank.filled = !fill.value.empty();
    std::size_t at = marker ? marker->begin : past_box(from);
    const std::size_t value_at = box.label.find(fill.value);
    if (!marker && blank.filled && value_at != std::string::npos) {
      const std::size_t leading = box.label.empty() ? 0 : text.plain.find(box.label, label.first);
      const std::size_t plain_at = leading == std::string::npos ? label.first : leading + value_at;
      at = text.source_of(plain_at).value_or(from);
    }
    blank.position = position_of(std::min(at, text_.size()));
    box.blank = static_cast<int>(doc_.blanks.size());
    doc_.blanks.push_back(std::move(blank));
  }

  // Past the ']' of the box whose '[' is 3 bytes before `from`: `from`, but for a tick written
  // otherwise ("[ x] Other").
  std::size_t past_box(std::size_t from) const {
    if (from <= text_.size() && text_[from - 1] == ']') return from;
    const std::size_t close = text_.find(']', from - 3);
    return close == std::string::npos ? from : close + 1;
  }

  // Where the label ends in the source: the next box on the line, else the line end.
  std::size_t label_source_end(const InlineText& text, std::size_t label_end,
                               std::size_t bracket) const {
    // memchr twice rather than a loop over the bytes: this runs for every box.
    const std::string_view rest = std::string_view(text_).substr(std::min(bracket, text_.size()));
    const std::string_view line = rest.substr(0, rest.find('\n'));
    std::size_t end = bracket + std::min(line.find('\r'), line.size());
    if (label_end < text.plain.size() && text.plain[label_end] == '[') {
      end = std::min(end, text.source_of(label_end).value_or(end));
    }
    return end;
  }

  // label_source_end for a label that may go on past its line: up to the next box, else the
  // end of the label's last byte in the source.
  std::size_t wrapped_label_source_end(const InlineText& text, std::size_t label_end) const {
    if (label_end < text.plain.size() && text.plain[label_end] == '[') {
      return text.source_of(label_end).value_or(cursor_);
    }
    if (label_end == 0) return 0;
    return text.source_of(label_end - 1).value_or(cursor_) + 1;
  }

  // Blanks on a line without a box: "**Migration name**: \_\_".
  void record_loose_blanks(const InlineText& text, InlineText::Range line) {
    // A marker holds a '_': none from the block's first source byte past its last, none here
    // (the source offsets of a block's text increase; the line's lie between those two).
    if (!text.has_source() ||
        underscore_before_line_end_.next_underscore(text.first_source()) > text.last_source_end()) {
      return;
    }
    const std::optional<std::size_t> begin = text.source_of(line.first);
    if (!begin || line.second <= line.first) return;
    const std::size_t end = text.source_of(line.second - 1).value_or(*begin) + 1;
    const std::optional<BlankMarker> marker = find_blank_marker(text_, *begin, end);
    if (!marker) return;
    Blank blank;
    blank.section = current_section_;
    blank.lead = keep(trim(without_markup(text_.substr(*begin, marker->begin - *begin))));
    blank.position = position_of(marker->begin);
    doc_.blanks.push_back(std::move(blank));
  }

  static std::string without_markup(std::string_view raw) {
    std::string out;
    for (char c : raw) {
      if (c != '*' && c != '`' && c != '\\') out += c;
    }
    return out;
  }

  void finish_cell(Frame& frame) {
    if (frames_.empty() || frames_.back().type != MD_BLOCK_TR) return;
    OpenRow& row = row_;
    row.cells.push_back(folded_and_trimmed(frame.text.plain));
    if (row.row_source == kNone && frame.text.has_source()) {
      row.row_source = frame.text.first_source();
    }
  }

  void finish_row() {
    const OpenRow& frame = row_;
    std::string joined;
    for (const std::string& cell : frame.cells) {
      if (cell.empty()) continue;
      if (!joined.empty()) joined += " | ";
      joined += cell;
    }
    if (joined.empty()) return;
    Prose element;
    element.kind = Prose::Kind::table;
    element.key = key_of(joined);
    element.text = keep(joined);
    element.section = current_section_;
    if (frame.row_source != kNone) element.position = line_start_position(frame.row_source);
    doc_.prose.push_back(std::move(element));
  }

  // The block is moved into place first and finished there (moved into a local, then into the
  // vector, it cost a move and a destruction more).
  void finish_code() {
    OpenCode& frame = code_;
    CodeBlock& code = doc_.code_blocks.emplace_back(std::move(frame.code));
    code.content.assign(frame.content);
    if (!frame.line_anchor.empty() && frame.line_content_start == code.content.size()) {
      frame.line_anchor.pop_back();  // the empty line after the final '\n'
    }
    code.section = current_section_;
    locate_code(code, frame.line_anchor);
  }

  // Lines of the block: derived from the first content line md4c pointed into our buffer; a
  // block with no such line (empty, or only blank lines) is found by scanning for its fence.
  void locate_code(CodeBlock& code, std::vector<std::size_t>& anchors) {
    int first_line = 0;
    for (std::size_t i = 0; i < anchors.size(); ++i) {
      if (anchors[i] == kNone) continue;
      first_line = position_of(anchors[i]).line - static_cast<int>(i);
      break;
    }
    if (first_line == 0) first_line = scan_for_fence() + 1;
    code.content_line = first_line;
    for (std::size_t i = 0; i < anchors.size(); ++i) {
      if (anchors[i] == kNone) anchors[i] = doc_.lines.line_start(first_line + static_cast<int>(i));
    }
    code.line_offsets = anchors;
    code.content_offset = anchors.empty() ? doc_.lines.line_start(first_line) : anchors.front();
    const int position_line = code.fenced ? first_line - 1 : first_line;
    const std::size_t line_begin = doc_.lines.line_start(position_line);
    const std::size_t marker = text_.find_first_not_of(" \t>", line_begin);
    // Only ' ', '\t' and '>' before the marker on its line, a column each: counted here, not by
    // the cursor, which would go back from the first content line and forward again.
    if (marker != std::string::npos && marker < doc_.lines.line_start(position_line + 1) &&
        line_begin < text_.size()) {
      code.position = {position_line, 1 + static_cast<int>(marker - line_begin)};
      return;
    }
    code.position = position_of(marker == std::string::npos ? line_begin : marker);
  }

  int scan_for_fence() {
    const std::string fence(3, fence_char_ == 0 ? '`' : fence_char_);
    const int first = cursor_ == 0 ? 1 : position_of(cursor_).line + 1;
    for (int line = first; line <= doc_.lines.line_count(); ++line) {
      const std::size_t begin = doc_.lines.line_start(line);
      const std::size_t end = doc_.lines.line_start(line + 1);
      const std::size_t at = text_.find(fence, begin);
      if (at == std::string::npos || at >= end) continue;
      // Skip past the closing fence too, so the next empty block does not find it.
      cursor_ = std::max(cursor_, doc_.lines.line_start(line + 1));
      return line;
    }
    return std::max(1, position_of(cursor_).line);
  }

  IssueDocument& doc_;
  const std::string& text_;
  std::string_view markdown_;  // what md4c reads: text_'s length, its lines at the same offsets
  // markdown_'s bounds, read for every piece of text md4c hands over (two loads, not four).
  const char* text_begin_;
  const char* text_end_;
  TextArena& arena_;
  const KnownTexts* known_;  // may be null
  KnownTexts::Hint box_hint_;
  KnownTexts::Hint heading_hint_;
  PositionCursor positions_;
  // Every blank marker holds an underscore, and the rest of most boxes' lines has none: that
  // rules a marker out before the label's end is worked out (the label ends on this line, so
  // no '_' here means none in the label). Asked for loose blanks too.
  UnderscoreBeforeLineEnd underscore_before_line_end_;
  FrameStack frames_;  // from here to spans_: the thread's WalkBuffers, taken for the walk
  OpenCode code_;
  OpenRow row_;
  std::vector<InlineText::Range> lines_scratch_;
  std::vector<InlineBox> boxes_scratch_;
  std::vector<InlineBox> group_boxes_scratch_;
  std::string name_scratch_;
  std::string key_scratch_;
  std::string prose_scratch_;
  std::vector<OpenSpan> spans_;
  struct RunStarts {  // where the current section's elements of each kind begin
    int checkboxes = 0;
    int code_blocks = 0;
    int prose = 0;
    int blanks = 0;
    int comments = 0;
  } run_starts_;
  std::size_t cursor_ = 0;  // end of the furthest source text seen so far
  std::size_t comments_end_ = kNone;
  std::size_t comments_begin_ = kNone;  // where the comment ending at comments_end_ opens
  int current_section_ = 0;
  int current_heading_level_ = 0;
  int heading_comments_begin_ = kNoIndex;  // the first comment on the open heading's line
  int next_group_ = 0;
  int quote_depth_ = 0;
  char fence_char_ = 0;
  bool next_paragraph_is_label_ = false;
  bool depth_noted_ = false;
  bool too_many_boxes_noted_ = false;
  // The labels being added may go on past their box's line (add_lines gathered several).
  bool wrapped_labels_ = false;
  std::size_t prose_source_ = kNone;  // where the prose gathered in prose_scratch_ starts
};

}  // namespace

void walk_markdown(IssueDocument& document, const KnownTexts* known) {
  thread_local WalkBuffers buffers;
  // GitHub shows `<h2>Title</h2>` as a heading, which md4c 0.4.8 does not: it reads the line
  // as the heading GitHub shows. Most bodies hold none and are read as they are.
  const std::optional<std::string> headings = html_headings_as_atx(document.text, document.lines);
  Walker walker(document, headings ? std::string_view(*headings) : document.text, known, buffers);
  walker.run();
  walker.give_back(buffers);
  if (buffers.bytes_held() > WalkBuffers::kMaxKeptBytes) buffers = WalkBuffers{};
}

}  // namespace issuelint
