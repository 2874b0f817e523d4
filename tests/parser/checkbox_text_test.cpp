// The text helpers the walker calls for every heading, cell and paragraph: the one-allocation
// forms must give what the two-step forms they replaced gave.
#include "parser/checkbox_text.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parser/inline_text.h"
#include "parser/line_index.h"
#include "parser/normalize.h"
#include "tests/test_sample.h"

using namespace issuelint;

namespace {

// Every file under fixtures/issues and fixtures/templates, whole.
std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  const std::filesystem::path root(ISSUELINT_SOURCE_DIR);
  for (const char* folder : {"fixtures/issues", "fixtures/templates"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      files.push_back(text.str());
    }
  }
  return files;
}

// Every fixture file cut into pieces of a few lines, so that soft breaks occur inside.
std::vector<std::string> fixture_pieces() {
  std::vector<std::string> pieces;
  for (const std::string& file : fixture_files()) {
    std::istringstream in(file);
    std::string piece;
    int lines = 0;
    for (std::string line; std::getline(in, line);) {
      piece += line + "\n";
      if (++lines % 3 == 0) pieces.push_back(std::exchange(piece, {}));
    }
    pieces.push_back(piece);
  }
  return pieces;
}

// Every line of every fixture file, without its '\n'.
std::vector<std::string> fixture_lines() {
  std::vector<std::string> lines;
  for (const std::string& piece : fixture_pieces()) {
    for (std::size_t begin = 0; begin < piece.size();) {
      const std::size_t end = std::min(piece.find('\n', begin), piece.size());
      lines.push_back(piece.substr(begin, end - begin));
      begin = end + 1;
    }
  }
  return lines;
}

}  // namespace

TEST_CASE(
    "folded_and_trimmed, trimmed_view and the moving soft_breaks_to_spaces agree with "
    "the copying forms",
    "[parser]") {
  std::vector<std::string> samples = fixture_pieces();
  REQUIRE(samples.size() > 300);
  // White space of every kind at the edges and in runs, '\r' included (folding keeps it).
  const std::vector<std::string> spaces = {"", " ", "\t", "\n", "\r", "\r\n", " \r ", "\n \t"};
  for (const std::string& before : spaces) {
    for (const std::string& between : spaces) {
      for (const std::string& after : spaces) {
        samples.push_back(before + "a" + between + "b" + after);
        samples.push_back(before + between + after);
      }
    }
  }
  for (const std::string& sample : samples) {
    INFO(sample);
    REQUIRE(folded_and_trimmed(sample) == trim(soft_breaks_to_spaces(sample)));
    REQUIRE(trimmed_view(sample) == trim(sample));
    REQUIRE(trimmed_view(sample) == trimmed_view_of_spaced(sample));  // its inline fast path
    std::string storage = "left from before";
    REQUIRE(soft_breaks_to_spaces(std::string_view(sample), storage) ==
            soft_breaks_to_spaces(std::string_view(sample)));
    REQUIRE(soft_breaks_to_spaces(std::string(sample)) ==
            soft_breaks_to_spaces(std::string_view(sample)));
  }
}

namespace {

// Whether label[at] is inside a parenthesised note that closes after it, counted afresh.
bool reference_in_note(std::string_view label, std::size_t at) {
  int depth = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (label[i] == '(') ++depth;
    if (label[i] == ')' && depth > 0) --depth;
  }
  return depth > 0 && label.find(')', at) != std::string_view::npos;
}

// The name of a label without bold text, as it was cut before the one-pass search: at the
// first of four separators outside a note in parentheses, each found on its own.
std::string reference_name_end(std::string_view label) {
  std::size_t cut = label.size();
  for (std::string_view separator : {" - ", " \u2013 ", " \u2014 ", ": "}) {
    std::size_t at = label.find(separator);
    while (at != std::string_view::npos && reference_in_note(label, at + (separator[0] == ' '))) {
      at = label.find(separator, at + 1);
    }
    cut = std::min(cut, at);
  }
  return std::string(label.substr(0, cut));
}

}  // namespace

TEST_CASE("a box's name ends at its first separator, of whichever kind", "[parser]") {
  std::vector<std::string> labels = fixture_pieces();
  for (const char* label : {"A - b",         "A \u2013 b - c",
                            "A: b \u2014 c", "A \u2014 b: c",
                            "A -b",          "A- b",
                            "A:b",           "A \u2013b",
                            "ends with -",   "ends with :",
                            " - leading",    ": leading",
                            "a - b: c - d",  "Other: thing",
                            "OTHER - x",     "other",
                            "Others - x",    "users (adds: timezone)",
                            "x (a - b) - c", "x (a: b: c",
                            "x (a) : b",     "x ((a): b) - c",
                            "x) (a - b)"}) {
    labels.emplace_back(label);
  }
  std::size_t cut = 0;
  for (const std::string& sample : labels) {
    // One line, no bold: checkbox_name falls back to the text before the separator.
    const std::string line = sample.substr(0, sample.find('\n'));
    if (line.find('_') != std::string::npos || line.find('*') != std::string::npos) continue;
    const std::string_view text = trimmed_view(line);
    if (text.size() >= 5 && (text.substr(0, 5) == "other" || text.substr(0, 5) == "Other" ||
                             text.substr(0, 5) == "OTHER")) {
      continue;  // "Other" options keep the one word; checked in document_test
    }
    InlineText inline_text;
    inline_text.plain = line;
    INFO(line);
    std::string expected(trimmed_view(reference_name_end(text)));
    while (!expected.empty() && (expected.back() == ':' || expected.back() == ' ' ||
                                 expected.back() == '\t' || expected.back() == '*')) {
      expected.pop_back();
    }
    std::size_t front = 0;
    while (front < expected.size() &&
           std::string_view(" \t*:").find(expected[front]) != std::string_view::npos) {
      ++front;
    }
    expected.erase(0, front);
    if (expected.empty()) expected = std::string(text);
    cut += expected.size() < text.size() ? 1 : 0;
    std::string storage;
    REQUIRE(checkbox_name(inline_text, {0, line.size()}, storage) == expected);
  }
  CHECK(cut > 20);
}

namespace {

// checkbox_name as it was before it returned a view: each step built its own string.
std::string reference_strip_edges(std::string_view text, std::string_view characters) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && characters.find(text[begin]) != std::string_view::npos) ++begin;
  while (end > begin && characters.find(text[end - 1]) != std::string_view::npos) --end;
  return std::string(text.substr(begin, end - begin));
}

// Each run of two or more underscores with no word character on either side is erased, the
// last run first so that the earlier runs' offsets still hold.
std::string reference_without_blank_runs(std::string_view text) {
  const auto is_word = [&](std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    return std::isalnum(c) != 0 || c >= 0x80;
  };
  std::vector<InlineText::Range> runs;
  for (std::size_t at = text.find('_'); at != std::string_view::npos;) {
    const std::size_t end = std::min(text.find_first_not_of('_', at), text.size());
    runs.emplace_back(at, end);
    at = text.find('_', end);
  }
  std::string out(text);
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
    const bool glued = (run->first > 0 && is_word(run->first - 1)) ||
                       (run->second < text.size() && is_word(run->second));
    if (run->second - run->first >= 2 && !glued) out.erase(run->first, run->second - run->first);
  }
  return out;
}

std::string reference_name_from_text(std::string_view label) {
  std::string lowered(label.substr(0, 5));
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "other" && (label.size() == 5 || label[5] == ':' || label[5] == ' ')) {
    return std::string(label.substr(0, 5));
  }
  const std::string head = reference_name_end(label);
  std::string name = reference_strip_edges(reference_without_blank_runs(head), " \t*:");
  return name.empty() ? std::string(label) : name;
}

// The label without its leading and trailing GitHub emoji shortcodes (":memo: "), as patterns: a
// label that is nothing but shortcodes keeps them.
InlineText::Range reference_without_shortcodes(std::string_view plain, InlineText::Range label) {
  static const std::regex kShortcodes("^[ \t]*(?::[a-z0-9_+\\-]+:[ \t]+)+(?=[^ \t])");
  const std::string text(plain.substr(label.first, label.second - label.first));
  static const std::regex kTrailing("(?:[ \\t]+:[a-z0-9_+\\-]+:)+[ \\t]*$");
  std::smatch match;
  if (std::regex_search(text, match, kShortcodes)) {
    label.first += static_cast<std::size_t>(match.length(0));
  }
  const std::string rest(plain.substr(label.first, label.second - label.first));
  if (std::regex_search(rest, match, kTrailing) && match.position(0) > 0) {
    label.second = label.first + static_cast<std::size_t>(match.position(0));
  }
  return label;
}

std::string reference_checkbox_name(const InlineText& text, InlineText::Range label) {
  const std::string_view plain(text.plain);
  label = reference_without_shortcodes(plain, label);
  for (const InlineText::Range& bold : text.strong) {
    if (bold.first < label.first || bold.first >= label.second) continue;
    if (!normalize_key(plain.substr(label.first, bold.first - label.first)).empty()) break;
    const std::size_t end = std::min(bold.second, label.second);
    std::string name = reference_strip_edges(plain.substr(bold.first, end - bold.first), " \t:");
    if (!name.empty()) return name;
  }
  return reference_name_from_text(
      trimmed_view(plain.substr(label.first, label.second - label.first)));
}

// A line as md4c would hand it over: "**" pairs removed from the plain text, each pair's
// text recorded as bold.
InlineText with_bold_spans(std::string_view line) {
  InlineText text;
  std::size_t open = std::string::npos;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line.substr(i, 2) != "**") {
      text.plain += line[i];
      continue;
    }
    if (open == std::string::npos) {
      open = text.plain.size();
    } else {
      text.strong.emplace_back(open, text.plain.size());
      open = std::string::npos;
    }
    ++i;
  }
  return text;
}

}  // namespace

TEST_CASE("checkbox_name gives the name the string-building form gave, on every fixture line",
          "[parser]") {
  std::vector<std::string> lines = fixture_lines();
  const std::size_t fixture_lines = lines.size();
  // Blanks inside names, "Other" in every spelling, emoji before bold, empty bold, tabs.
  for (std::size_t i = 0; i < fixture_lines; i += 5) {
    lines.push_back("\xF0\x9F\x86\x95 " + lines[i] + " __ x");
    lines.push_back("a __ " + lines[i]);
  }
  for (const char* label :
       {"Other: __", "other", "OTHER - x", "Others - x", "**** rest", "** ** - b", "\t**A**\t- b",
        "__ **A**", "a___b - c", "___", "__ - __", "x __: y", ":", "", " ", "**Other**: __",
        "\xF0\x9F\x93\x9D \xE2\x80\x94 **Name** - more", "**A**B**C**"}) {
    lines.emplace_back(label);
  }
  std::size_t from_bold = 0;
  for (const std::string& line : lines) {
    const InlineText text = with_bold_spans(line);
    INFO(line);
    // The whole line as a label, and the label after the first three bytes (a box's "[ ]").
    for (const InlineText::Range& label :
         {InlineText::Range{0, text.plain.size()},
          InlineText::Range{std::min<std::size_t>(3, text.plain.size()), text.plain.size()}}) {
      std::string storage;
      const std::string expected = reference_checkbox_name(text, label);
      REQUIRE(checkbox_name(text, label, storage) == expected);
    }
    from_bold += text.strong.empty() ? 0 : 1;
  }
  CHECK(from_bold > 200);
}

TEST_CASE("a name's separator is found at any offset, between any near-misses", "[parser]") {
  // Every text of up to six bytes from the bytes that make or nearly make a separator ('–' is
  // E2 80 93, '—' E2 80 94), as a label whole and after a word of nine bytes, so that the
  // separator search crosses its blocks (two of eight bytes for a text of 8 to 15, else sixteen).
  const std::string alphabet = {' ', ':', '-', '\xE2', '\x80', '\x93', '\x94', 'a'};
  std::vector<std::string> texts = {""};
  for (std::size_t length = 1, begin = 0; length <= 6; ++length) {
    const std::size_t end = texts.size();
    for (std::size_t i = begin; i < end; ++i) {
      for (char c : alphabet) texts.push_back(texts[i] + c);
    }
    begin = end;
  }
  // Each separator and near-miss after words of every length up to 40, between letters (so
  // the name's length shows where it was cut).
  for (const char* mark : {" - ", " \u2013 ", " \u2014 ", ": ", " -", "- ", " \u2013", "\u2014 ",
                           ":", " \xE2\x80", " \xE2 ", "-:", " -:", ": - "}) {
    for (std::size_t before = 0; before <= 40; ++before) {
      texts.push_back(std::string(before, 'w') + mark + "tail");
      texts.push_back(std::string(before, 'w') + " x" + mark);
    }
  }
  std::size_t cut = 0;
  // Under the sanitizers, one text in N at random (test_sample()): a stride would keep only
  // texts ending in the same few bytes of the alphabet.
  std::mt19937 pick(309);
  for (const std::string& body : texts) {
    if (pick() % testing::test_sample() != 0) continue;
    for (const std::string& line : {body, "wordwordw" + body}) {
      InlineText text;
      text.plain = line;
      INFO(line);
      std::string storage;
      const std::string expected = reference_checkbox_name(text, {0, line.size()});
      REQUIRE(checkbox_name(text, {0, line.size()}, storage) == expected);
      cut += expected.size() + 4 < trimmed_view(line).size() ? 1 : 0;
    }
  }
  CHECK(cut > testing::sampled(10000));
}

namespace {

// soft_breaks_to_spaces as it was defined byte by byte: runs of '\n', ' ' and '\t' become one
// space, none in front.
std::string reference_soft_breaks_to_spaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == '\n' || c == ' ' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

}  // namespace

TEST_CASE("soft_breaks_to_spaces hands back only text that folds to itself, whatever the offset",
          "[parser]") {
  // A text that needs folding but is handed back as it is differs from the reference. Break,
  // tab and doubled space at every offset of texts of up to 40 bytes (the eight-byte words and
  // the bytes after them), a CR (kept), emoji, every fixture piece and a very long line.
  std::vector<std::string> samples = fixture_pieces();
  const std::string words = "Add an audit_log table \xF0\x9F\x9A\x80 with a key to bookings.";
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string base = words.substr(0, length);
    samples.push_back(base);
    for (std::size_t at = 0; at <= length; ++at) {
      for (const char* mark : {"\n", "\t", " ", "  ", "\r", "\r\n", " \n"}) {
        std::string text = base;
        text.insert(at, mark);
        samples.push_back(text);
      }
    }
  }
  std::string long_line;
  for (int i = 0; i < 1000; ++i) long_line += "word" + std::to_string(i) + (i % 97 ? " " : "  ");
  samples.push_back(long_line);
  for (const std::string& sample : samples) {
    INFO(sample);
    REQUIRE(soft_breaks_to_spaces(std::string_view(sample)) ==
            reference_soft_breaks_to_spaces(sample));
    REQUIRE(soft_breaks_to_spaces(std::string(sample)) == reference_soft_breaks_to_spaces(sample));
  }
}

TEST_CASE("find_inline_boxes into a buffer used before gives the boxes a fresh buffer gets",
          "[parser]") {
  // The walker keeps one buffer for every line: each fixture line (and lines of many boxes,
  // boxes in a code span, none) is read into the buffer the line before left filled.
  std::vector<std::string> lines = fixture_lines();
  std::string many;
  for (int i = 0; i < 100; ++i) many += i % 3 == 0 ? "[x] B / " : "[ ] A ";
  for (const std::string& line : {many, std::string("Related to: [ ] A / [x] B"), std::string()}) {
    lines.push_back(line);
  }
  std::vector<InlineBox> reused;
  std::size_t with_boxes = 0;
  for (const std::string& line : lines) {
    InlineText text;
    text.plain = line;
    if (line.starts_with("`")) text.code_spans.push_back({0, line.size()});
    std::vector<InlineBox> fresh;
    find_inline_boxes(text, {0, line.size()}, fresh);
    find_inline_boxes(text, {0, line.size()}, reused);
    INFO(line);
    REQUIRE(reused.size() == fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      CHECK(reused[i].plain_index == fresh[i].plain_index);
      CHECK(reused[i].checked == fresh[i].checked);
    }
    with_boxes += fresh.empty() ? 0 : 1;
  }
  CHECK(with_boxes > 20);
  find_inline_boxes(InlineText{many, {}, {}, {}}, {0, many.size()}, reused);
  CHECK(reused.size() == 100);
}

namespace {

// find_blank_marker as it was defined: every byte from `from` tested for a run's start (an
// underscore, or a backslash before one), a run of escaped or bare underscores counted, and the
// first of two or more, asterisks around it included, glued to no word taken.
std::optional<BlankMarker> reference_find_blank_marker(std::string_view source, std::size_t from,
                                                       std::size_t to) {
  to = std::min(to, source.size());
  const auto is_word = [&source](std::size_t at) {
    const auto byte = static_cast<unsigned char>(source[at]);
    return std::isalnum(byte) != 0 || byte >= 0x80;
  };
  const auto escaped_underscore = [&](std::size_t at) {
    return at + 1 < to && source[at] == '\\' && source[at + 1] == '_';
  };
  std::size_t at = from;
  while (at < to) {
    if (source[at] != '_' && !escaped_underscore(at)) {
      at += 1;
      continue;
    }
    const std::size_t run = at;
    int count = 0;
    for (; at < to && (source[at] == '_' || escaped_underscore(at)); ++count) {
      at += source[at] == '_' ? 1 : 2;
    }
    std::size_t first = run;
    std::size_t last = at;
    if (count >= 2) {
      for (; first > from && source[first - 1] == '*';) --first;
      for (; last < to && source[last] == '*';) ++last;
      if ((first == 0 || !is_word(first - 1)) && (last == source.size() || !is_word(last))) {
        return BlankMarker{first, last};
      }
    }
    at = last + 1;  // as the scan did: the byte after a run (and its asterisks) is not looked at
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("find_blank_marker hops to underscores and finds what a scan of every byte finds",
          "[checkbox_text]") {
  // Fixture texts, and texts of underscores, escapes, asterisks, words and spaces (runs of one
  // to three, escaped, glued to words, a backslash before an escape), searched from and to every
  // offset of the short ones.
  std::vector<std::string> texts = fixture_pieces();
  std::mt19937 random(11);
  const std::string_view alphabet = "__\\\\**a b\xC3\xA9:";
  for (int n = 0; n < 4000; ++n) {
    std::string text;
    const std::size_t size = random() % 24;
    for (std::size_t i = 0; i < size; ++i) text += alphabet[random() % alphabet.size()];
    texts.push_back(text);
  }
  texts.insert(texts.end(), {"", "_", "__", "\\_\\_", "a__", "__a", "\\\\__", "**\\_\\_**",
                             "x_y __ z", "a_b\\__ _"});
  std::size_t markers = 0;
  std::size_t checks = 0;
  for (const std::string& text : texts) {
    const std::size_t step = text.size() > 40 ? text.size() / 7 + 1 : 1;
    for (std::size_t from = 0; from <= text.size(); from += step) {
      for (std::size_t to = from; to <= text.size() + 1; to += step) {
        INFO("'" << text << "' from " << from << " to " << to);
        const std::optional<BlankMarker> found = find_blank_marker(text, from, to);
        const std::optional<BlankMarker> expected = reference_find_blank_marker(text, from, to);
        REQUIRE(found.has_value() == expected.has_value());
        if (found) {
          REQUIRE(found->begin == expected->begin);
          REQUIRE(found->end == expected->end);
          ++markers;
        }
        ++checks;
      }
    }
  }
  CHECK(checks > 200000);
  CHECK(markers > 10000);
}

namespace {

// The definition UnderscoreBeforeLineEnd replaced in the walker: a scan of the rest of the
// line for '\n' or '_'.
bool underscore_before_line_end_by_scan(std::string_view source, std::size_t from) {
  const std::string_view rest = source.substr(std::min(from, source.size()));
  const std::size_t stop = rest.find_first_of("\n_");
  return stop != std::string_view::npos && rest[stop] == '_';
}

// As the walker asks it: for a box's bracket, with the line end of the cursor that was just
// asked the bracket's position; offsets in `brackets` order.
void require_same_underscores(const std::string& source, const std::vector<std::size_t>& brackets) {
  const LineIndex lines(source);
  PositionCursor cursor(lines, source);
  UnderscoreBeforeLineEnd underscore(source);
  for (const std::size_t bracket : brackets) {
    cursor.position(bracket);
    INFO("bracket at " << bracket << " of " << source.size());
    REQUIRE(underscore(bracket + 3, cursor.next_line_begin()) ==
            underscore_before_line_end_by_scan(source, bracket + 3));
    REQUIRE(underscore.next_underscore(bracket) == source.find('_', bracket));
    // A line end not past the offset (or one never asked) is answered by the scan.
    REQUIRE(underscore(bracket + 3, bracket / 2) ==
            underscore_before_line_end_by_scan(source, bracket + 3));
  }
}

}  // namespace

TEST_CASE("the remembered underscore answers as a scan of the rest of the line", "[parser]") {
  std::vector<std::string> sources;
  const std::vector<std::string> fixtures = fixture_files();
  REQUIRE(fixtures.size() > 50);
  // Under the sanitizers, every Nth fixture (test_sample()); the random lines below always.
  for (std::size_t i = 0; i < fixtures.size(); i += testing::test_sample()) {
    sources.push_back(fixtures[i]);
  }
  std::mt19937 random(1206);
  for (int i = 0; i < 400; ++i) {  // line ends of every kind, runs of '_', lines without any
    std::string source;
    const int size = static_cast<int>(random() % 120);
    for (int j = 0; j < size; ++j) source += "ab_\n\r x"[random() % 7];
    sources.push_back(source);
  }
  for (const std::string& source : sources) {
    std::vector<std::size_t> brackets(source.size() + 4);
    for (std::size_t at = 0; at < brackets.size(); ++at) brackets[at] = at;
    require_same_underscores(source, brackets);  // in order
    std::shuffle(brackets.begin(), brackets.end(), random);
    require_same_underscores(source, brackets);  // back and forth
  }
}

TEST_CASE("a note in parentheses at the end of a name is found, one at a time", "[parser]") {
  const auto before = [](std::string_view name) {
    return std::string(name.substr(0, length_before_note(name)));
  };
  const auto before_all = [](std::string_view name) {
    return std::string(name.substr(0, length_before_notes(name)));
  };
  CHECK(before("users (mentor profiles)") == "users");
  CHECK(before("users\t(x)") == "users");
  CHECK(before("Node (LTS) (pinned)") == "Node (LTS)");
  CHECK(before_all("Node (LTS) (pinned)") == "Node");
  CHECK(before("data (see (nested) notes)") == "data");
  CHECK(before("I checked the code (`src/a.ts`)") == "I checked the code");
  // Not a note: glued to the name, not at the end, unbalanced, or the whole name.
  for (const std::string_view name :
       {"users", "f(x)", "users (x) and more", "users x)", "(mentor profiles)", "  (x)", ""}) {
    INFO(name);
    CHECK(length_before_note(name) == name.size());
    CHECK(length_before_notes(name) == name.size());
  }
}

TEST_CASE("a note in parentheses keeps its colons and dashes: the name ends after it", "[parser]") {
  for (const auto& [label, expected] : std::vector<std::pair<std::string, std::string>>{
           {"I have planned for rollback scenarios (see: Rollback Script)",
            "I have planned for rollback scenarios (see: Rollback Script)"},
           {"users (adds: timezone) - the column", "users (adds: timezone)"},
           {"Unit tests (scope - reminders): Update tests", "Unit tests (scope - reminders)"},
           {"x (unclosed: note", "x (unclosed"},
           {"Other (specify): billing", "Other"}}) {
    InlineText text;
    text.plain = label;
    std::string storage;
    INFO(label);
    CHECK(checkbox_name(text, {0, label.size()}, storage) == expected);
  }
}

// Each separator inside the parentheses asks whether it is inside them: counted afresh from the
// label's start each time, 100,000 of them took minutes.
TEST_CASE("a label of many separators inside parentheses is read in one pass", "[parser]") {
  std::string label = "users ";
  for (int i = 0; i < 100000; ++i) label += "(a: b - ";
  label += "c)";
  InlineText text;
  text.plain = label;
  std::string storage;
  CHECK(checkbox_name(text, {0, label.size()}, storage) == label.substr(0, label.size()));
}

TEST_CASE("a GitHub emoji shortcode before an option's name is left out like an emoji",
          "[parser]") {
  for (const auto& [line, expected] : std::vector<std::pair<std::string, std::string>>{
           {":memo: **Schema Update** - Modifying", "Schema Update"},
           {":wastebasket: Deprecation - Removing columns/tables", "Deprecation"},
           {" :a: :b: users", "users"},
           {"users :white_check_mark:", "users"},
           {"users :a: :b:  ", "users"},
           {"users:a:", "users:a"},
           {":memo:", "memo"},  // nothing else: the name's edges lose their ':' as before
           {":memo:users", "memo:users"}}) {
    const InlineText text = with_bold_spans(line);
    std::string storage;
    INFO(line);
    CHECK(checkbox_name(text, {0, text.plain.size()}, storage) == expected);
  }
}

// GitHub reads a box only as "[ ]", "[x]" or "[X]" followed by a blank (cmark-gfm's task list
// scanner); md4c agrees, and leaves any other such item as text that misread_box recognizes.
TEST_CASE("misread_box recognizes a task item GitHub shows as text", "[parser]") {
  const auto mark_of = [](std::string_view text) {
    const std::optional<MisreadBox> box = misread_box(text);
    return box ? std::string(box->mark) : std::string("none");
  };
  CHECK(mark_of("[x ] I searched") == "x ");
  CHECK(mark_of("[ x] I searched") == " x");
  CHECK(mark_of("[] I searched") == "");
  CHECK(mark_of("[\xE2\x9C\x93] I searched") == "\xE2\x9C\x93");
  CHECK(mark_of("[\xE2\x9C\x94\xEF\xB8\x8F] I searched") == "\xE2\x9C\x94\xEF\xB8\x8F");
  CHECK(mark_of("[x]I searched") == "x");
  CHECK(mark_of("[ ]\xC2\xA0I searched") == " ");  // a no-break space is no blank to GitHub
  CHECK(misread_box("[x]I searched")->glued);
  CHECK_FALSE(misread_box("[x ] I searched")->glued);
  CHECK(misread_box("[x ]  I searched ")->label == "I searched");
  // Boxes GitHub reads, other text, and a mark too long to be a tick.
  CHECK(mark_of("[x] I searched") == "none");
  CHECK(mark_of("[X]\tI searched") == "none");
  CHECK(mark_of("[ ] I searched") == "none");
  CHECK(mark_of("[x ]") == "none");
  CHECK(mark_of("I searched [x ]") == "none");
  CHECK(mark_of("[see the docs] first") == "none");
  CHECK(mark_of("[x") == "none");
}
