#include "parser/normalize.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "parser/checkbox_text.h"
#include "parser/utf8.h"

using namespace issuelint;

TEST_CASE("repair_mojibake reverses UTF-8 read as cp1252", "[normalize]") {
  CHECK(repair_mojibake("\xC3\xB0\xC5\xB8\xE2\x80\x94\xE2\x80\x9E") ==
        "\xF0\x9F\x97\x84");                                             // ðŸ—„ → 🗄
  CHECK(repair_mojibake("caf\xC3\x83\xC2\xA9 ok") == "caf\xC3\xA9 ok");  // cafÃ© → café
  // The euro sign was 0x80: "â‚¬" → "€".
  CHECK(repair_mojibake("\xC3\xA2\xE2\x80\x9A\xC2\xAC") == "\xE2\x82\xAC");
}

TEST_CASE("repair_mojibake reverses every character whose bytes cp1252 defines", "[normalize]") {
  // Windows-1252 0x80..0x9F as code points (0 where cp1252 leaves a byte undefined: such
  // characters are the dropped-byte case). Every entry is asked, ™ (U+2122) the largest.
  constexpr char32_t kHigh[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::size_t repaired = 0;
  for (char32_t point = 0x80; point < 0x30000; point += point < 0x10000 ? 1 : 61) {
    if (point >= 0xD800 && point < 0xE000) continue;
    std::string original;
    utf8::append(original, point);
    std::string mojibake;
    bool defined = true;
    for (char byte : original) {
      const auto value = static_cast<unsigned char>(byte);
      const char32_t read = value >= 0xA0 ? value : kHigh[value - 0x80];
      defined = defined && read != 0;
      utf8::append(mojibake, read);
    }
    if (!defined) continue;
    INFO(static_cast<unsigned>(point));
    REQUIRE(repair_mojibake(mojibake) == original);
    ++repaired;
  }
  CHECK(repaired > 50000);
}

TEST_CASE("repair_mojibake leaves real text alone", "[normalize]") {
  CHECK(repair_mojibake("plain ascii") == "plain ascii");
  CHECK(repair_mojibake("caf\xC3\xA9 na\xC3\xAFve") == "caf\xC3\xA9 na\xC3\xAFve");
  CHECK(repair_mojibake("\xC3\xA9\xE2\x80\xA6") == "\xC3\xA9\xE2\x80\xA6");  // é… is text
  CHECK(repair_mojibake("\xF0\x9F\x97\x84\xEF\xB8\x8F DB") == "\xF0\x9F\x97\x84\xEF\xB8\x8F DB");
}

TEST_CASE("repair_mojibake copes with a dropped undefined cp1252 byte", "[normalize]") {
  // 📝 is F0 9F 93 9D; editors drop the 0x9D, leaving "ðŸ“". It repairs to U+FFFD.
  CHECK(repair_mojibake("\xC3\xB0\xC5\xB8\xE2\x80\x9C x") == "\xEF\xBF\xBD x");
}

TEST_CASE("normalize_key drops emoji, markup and punctuation", "[normalize]") {
  CHECK(normalize_key("\xF0\x9F\x97\x84\xEF\xB8\x8F **Data Migration** - Moving") ==
        "data migration moving");
  CHECK(normalize_key("  Adding/modifying   `keys`  ") == "adding modifying keys");
  CHECK(normalize_key("\xC3\x89t\xC3\xA9 \xD0\x94\xD0\xB0") ==
        "\xC3\xA9t\xC3\xA9 \xD0\xB4\xD0\xB0");
  CHECK(normalize_key("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB Dev") == "dev");  // ZWJ emoji
  CHECK(normalize_key("Other: **\\_\\_**") == "other");
  CHECK(normalize_key("") == "");
}

TEST_CASE("display_title removes emoji, markup, hints and a trailing colon", "[normalize]") {
  CHECK(display_title("Migration SQL (if complex)") == "Migration SQL");
  CHECK(display_title("New Schema (if applicable)") == "New Schema");
  CHECK(display_title("Rollback Script (if needed)") == "Rollback Script");
  CHECK(display_title("If breaking, list affected areas:") == "If breaking, list affected areas");
  CHECK(display_title("\xF0\x9F\x97\x84\xEF\xB8\x8F Database Migration") == "Database Migration");
  CHECK(display_title(
            "\xC3\xB0\xC5\xB8\xE2\x80\x94\xE2\x80\x9E\xC3\xAF\xC2\xB8 Database Migration") ==
        "Database Migration");
  CHECK(display_title("Mockups (screenshots)") == "Mockups (screenshots)");
}

// md4c hands a heading over without its emphasis and code span markers: what is left of '_',
// '*' and '`' is literal in CommonMark and shown so ("user_id", "2*3", "@angular/*").
TEST_CASE("display_title keeps the underscores, asterisks and backticks md4c left", "[normalize]") {
  CHECK(display_title("Breaking Changes Impact (user_id column)") ==
        "Breaking Changes Impact (user_id column)");
  CHECK(display_title("C++ and 2*3") == "C++ and 2*3");
  CHECK(display_title("Upgrade @angular/* packages") == "Upgrade @angular/* packages");
  CHECK(display_title("A lone ` backtick") == "A lone ` backtick");
  CHECK(display_title("\xF0\x9F\x9A\x80 snake_case (if any)") == "snake_case");
  // Keys still drop them, so a section matches however its punctuation is written.
  CHECK(section_key("Breaking Changes Impact (user_id column)") ==
        section_key("Breaking Changes Impact (user id column)"));
}

// Keycaps (a digit, '#' or '*', U+FE0F or not, U+20E3) and the pictographs of Latin-1 and
// letterlike symbols (© ® ™ ℹ) are emoji: gone from titles and keys like 🚀.
TEST_CASE("display_title and keys drop keycap emoji and (c) (r) tm", "[normalize]") {
  const std::string keycap_one = "1\xEF\xB8\x8F\xE2\x83\xA3";
  const std::string keycap_hash_bare = "#\xE2\x83\xA3";
  const std::string keycap_star = "*\xEF\xB8\x8F\xE2\x83\xA3";
  CHECK(display_title(keycap_one + " Migration Overview") == "Migration Overview");
  CHECK(display_title("2\xE2\x83\xA3 Migration Overview") == "Migration Overview");
  CHECK(display_title(keycap_hash_bare + " Notes " + keycap_star) == "Notes");
  CHECK(section_key(keycap_one + " Migration Overview") == section_key("Migration Overview"));
  CHECK(normalize_key(keycap_one + " Migration Overview") == "migration overview");
  CHECK(display_title("Breaking Changes Impact \xC2\xA9 \xE2\x84\xA2") ==
        "Breaking Changes Impact");
  CHECK(display_title("\xC2\xAE\xEF\xB8\x8F Brand \xE2\x84\xA2\xEF\xB8\x8F") == "Brand");
  // A digit without the keycap mark stays.
  CHECK(display_title("Step 1 of 2") == "Step 1 of 2");
  CHECK(display_title("Step 1\xEF\xB8\x8F") == "Step 1");
}

TEST_CASE("has_optional_hint recognizes conditional titles", "[normalize]") {
  CHECK(has_optional_hint("New Schema (if applicable)"));
  CHECK(has_optional_hint("Notes (optional)"));
  CHECK(has_optional_hint("Rollback Script (If Needed):"));
  CHECK_FALSE(has_optional_hint("Mockups (screenshots)"));
  CHECK_FALSE(has_optional_hint("Migration Overview"));
}

TEST_CASE("section_key ignores the optional hint", "[normalize]") {
  CHECK(section_key("### New Schema (if applicable)") == section_key("New Schema"));
}

TEST_CASE("ASCII text takes the fast paths and keys it as the code-point paths do",
          "[parser][normalize]") {
  // Each pair differs only by an emoji, which keys drop: the ASCII one takes the fast path.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"## **Rollback_Plan** (if needed):", "## **Rollback_Plan** 📝 (if needed):"},
      {"Migration SQL (if complex)", "📊 Migration SQL (if complex)"},
      {"Data `Backfill`   needed\t", "Data `Backfill` ✨  needed\t"},
      {"A-B/C: d.e", "A-B/C: d.e 🔧"},
  };
  for (const auto& [ascii, with_emoji] : pairs) {
    CHECK(normalize_key(ascii) == normalize_key(with_emoji));
    CHECK(section_key(ascii) == section_key(with_emoji));
    CHECK(display_title(ascii) == display_title(with_emoji));
  }
  CHECK(normalize_key("Hello, WORLD!") == "hello world");
  // Titles come as md4c's text, emphasis gone: a '*' left is the author's, and is kept.
  CHECK(display_title("Rollback Script (if needed):") == "Rollback Script");
  CHECK(repair_mojibake("plain ASCII") == "plain ASCII");
}

namespace {

// Runs of ' ' folded to one, none at the edges.
std::string fold_space_runs(std::string_view text) {
  std::string folded;
  bool pending = false;
  for (char c : text) {
    if (c == ' ') {
      pending = !folded.empty();
      continue;
    }
    if (pending) folded += ' ';
    pending = false;
    folded += c;
  }
  return folded;
}

// The law the one-pass normalize_key must keep: the key of a text is the keys of its
// (repaired) code points one by one, a dropped one leaving a space, with spaces folded.
std::string reference_key(std::string_view text) {
  const std::string repaired = repair_mojibake(text);
  std::string mapped;
  std::size_t offset = 0;
  while (offset < repaired.size()) {
    const std::size_t begin = offset;
    const char32_t point = utf8::decode(repaired, offset);
    const bool ascii_word = point < 0x80 && std::isalnum(static_cast<int>(point)) != 0;
    if (point < 0x80) {
      mapped += ascii_word ? static_cast<char>(std::tolower(static_cast<int>(point))) : ' ';
    } else if (normalize_key(repaired.substr(begin, offset - begin)).empty()) {
      mapped += ' ';  // a symbol, emoji or punctuation mark on its own keys to nothing
    } else {
      mapped += normalize_key(repaired.substr(begin, offset - begin));
    }
  }
  return fold_space_runs(mapped);
}

// Each distinct line once: the fixtures repeat their templates' lines (38,519 lines, 3,185
// distinct), and every property below is a function of the line alone.
std::vector<std::string> lines_of_fixture_files() {
  std::vector<std::string> lines;
  std::unordered_set<std::string> seen;
  const std::filesystem::path root(ISSUELINT_SOURCE_DIR);
  for (const char* folder : {"fixtures/issues", "fixtures/discuno", "fixtures/templates"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      for (std::string line; std::getline(in, line);) {
        if (seen.insert(line).second) lines.push_back(line);
      }
    }
  }
  return lines;
}

// 20,000 texts of up to 39 bytes drawn from `alphabet`.
void add_random_texts(std::vector<std::string>& samples, unsigned seed, std::string_view alphabet) {
  std::mt19937 random(seed);
  for (int i = 0; i < 20000; ++i) {
    std::string text(random() % 40, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    samples.push_back(text);
  }
}

}  // namespace

TEST_CASE("normalize_key of a text is its code points' keys with spaces folded",
          "[parser][normalize]") {
  std::vector<std::string> samples = lines_of_fixture_files();
  REQUIRE(samples.size() > 1000);
  samples.insert(samples.end(),
                 {"\xC3\xB0\xC5\xB8\xE2\x80\x94\xE2\x80\x9E\xC3\xAF\xC2\xB8 Data",  // mojibake
                  "caf\xC3\x83\xC2\xA9 \xE2\x80\x94 ok", "\xC2\xA0nbsp\xC2\xA0", "\xFF\xFE bad",
                  "\xCE\xA9mega \xD0\x96 \xC4\xB0 \xC5\x81", " \t\r\n ",
                  "a\xE2\x80\x8D"
                  "b"});
  for (const std::string& sample : samples) {
    INFO(sample);
    REQUIRE(normalize_key(sample) == reference_key(sample));
  }
}

TEST_CASE("normalize_key reads ASCII words eight bytes at a time as byte by byte",
          "[parser][normalize]") {
  // Every byte value at every place of a word's eight-byte window (the class edges '/', '0',
  // '9', ':', '@', 'A', 'Z', '[', '`', 'a', 'z', '{' and bytes >= 0x80 among them), words
  // ending exactly at the text's end or at a multiple of eight, and random texts.
  std::vector<std::string> samples;
  for (int byte = 1; byte < 256; ++byte) {
    for (std::size_t place = 0; place < 17; ++place) {
      std::string word = "AbCdEfGhIjKlMnOpQ";
      word[place] = static_cast<char>(byte);
      samples.push_back(word);
      samples.push_back(" x " + word + " 09az");
    }
  }
  add_random_texts(samples, 6, "aZ09 -_:/[`{@\t\n\xC3\xA9");
  for (std::size_t length = 0; length < 40; ++length) samples.push_back(std::string(length, 'Q'));
  for (const std::string& sample : samples) {
    INFO(sample);
    REQUIRE(normalize_key(sample) == reference_key(sample));
  }
}

TEST_CASE("ascii_key_into writes the key of ASCII text within its size, and refuses other text",
          "[parser][normalize]") {
  // Fixture lines as they are and mutated (CRLF, tabs, an emoji or a stray byte at either
  // end), very long lines, edges, and random texts; the room given is exactly the text's size,
  // and guard bytes after it must stay untouched.
  std::vector<std::string> samples;
  for (const std::string& line : lines_of_fixture_files()) {
    samples.insert(samples.end(), {line, line + "\r\n", "\t" + line + "\t",
                                   line + "\xF0\x9F\x9A\x80", "\xC3\xA9" + line, line + "\x80"});
  }
  samples.insert(samples.end(), {"", " ", "\t\r\n", "x", "**", std::string(5000, 'a'),
                                 std::string(5000, ' ') + "Z", std::string("a\0b", 3)});
  std::string long_line;
  for (int i = 0; i < 2000; ++i) long_line += "Word" + std::to_string(i) + " - ";
  samples.push_back(long_line);
  // Keys are written sixteen (SSE2) or eight bytes at a time where the text is words and single
  // separators: runs of one to three separators, and a byte >= 0x80, at every offset of texts
  // of up to 40 bytes, so that they fall inside, at the edges of and across the blocks.
  const std::string words = "Add an Audit Log Table 4 every Change to bookings";
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const char* run : {" ", "-", ":", ", ", " - ", "\t\n\r", "\x80", "_"}) {
        std::string text = words.substr(0, length);
        text.insert(at, run);
        samples.push_back(text);
      }
    }
  }
  add_random_texts(samples, 9, "aZ09 -_:/[`{@\t\n\r*\xC3\xA9");
  constexpr std::size_t kGuard = 16;
  std::size_t ascii = 0;
  for (const std::string& sample : samples) {
    INFO(sample);
    std::string room(sample.size() + kGuard, '#');
    const std::size_t length = ascii_key_into(sample, room.data());
    REQUIRE(room.substr(sample.size()) == std::string(kGuard, '#'));
    const bool has_high_byte = std::any_of(
        sample.begin(), sample.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (has_high_byte) {
      REQUIRE(length == std::string::npos);
      continue;
    }
    ++ascii;
    REQUIRE(length <= sample.size());
    REQUIRE(room.substr(0, length) == reference_key(sample));
  }
  CHECK(ascii > 10000);
}

TEST_CASE("key_starts_with_words and key_equals answer as the whole key does",
          "[parser][normalize]") {
  CHECK(key_starts_with_words("**Other**: audit_log", "other"));
  CHECK(key_starts_with_words("Other", "other"));
  CHECK_FALSE(key_starts_with_words("Otherwise", "other"));
  CHECK_FALSE(key_starts_with_words("An other", "other"));
  CHECK(key_starts_with_words("\xF0\x9F\x86\x95 New   table - x", "new table"));
  CHECK(key_starts_with_words("", ""));
  CHECK_FALSE(key_starts_with_words("a", ""));
  CHECK(key_equals("**Related to**:", "related to"));
  CHECK_FALSE(key_equals("Related to more", "related to"));
  CHECK_FALSE(key_equals("Related", "related to"));
  // A keycap emoji's base is ASCII that the bytes after it drop from the key.
  CHECK(key_equals("1\xEF\xB8\x8F\xE2\x83\xA3 Steps", "steps"));
  CHECK(key_equals("Steps 7\xE2\x83\xA3", "steps"));
  CHECK(key_starts_with_words("#\xE2\x83\xA3 Low risk", "low"));
  CHECK_FALSE(key_equals("1 Steps", "steps"));
  std::vector<std::string> samples = lines_of_fixture_files();
  samples.push_back("\xC3\xB0\xC5\xB8\xE2\x80\x94\xE2\x80\x9E\xC3\xAF\xC2\xB8 Data Migration");
  samples.push_back("2\xEF\xB8\x8F\xE2\x83\xA3 High *\xE2\x83\xA3 risk 10");
  std::size_t word_prefixes = 0;
  for (const std::string& sample : samples) {
    INFO(sample);
    const std::string key = normalize_key(sample);
    // Every prefix of the key, at a word boundary or not, and a few keys it does not start with.
    std::vector<std::string> prefixes = {key + " x", "zz", key + "s"};
    for (std::size_t length = 0; length <= key.size() && length <= 40; ++length) {
      prefixes.push_back(key.substr(0, length));
    }
    for (const std::string& prefix : prefixes) {
      INFO(prefix);
      const bool words =
          key.starts_with(prefix) && (key.size() == prefix.size() || key[prefix.size()] == ' ');
      word_prefixes += words ? 1 : 0;
      REQUIRE(key_starts_with_words(sample, prefix) == words);
      REQUIRE(key_equals(sample, prefix) == (key == prefix));
    }
  }
  CHECK(word_prefixes > 1000);
}

TEST_CASE("ASCII fast paths agree with the code-point paths on every fixture line",
          "[parser][normalize]") {
  // An emoji in front sends a text down the code-point path, and keys and titles drop it.
  const std::string emoji = "\xF0\x9F\x94\xA7 ";
  std::size_t ascii_lines = 0;
  for (const std::string& line : lines_of_fixture_files()) {
    INFO(line);
    const bool ascii = std::all_of(line.begin(), line.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    ascii_lines += ascii ? 1 : 0;
    REQUIRE(display_title(line) == display_title(emoji + line));
    REQUIRE(has_key_text(line) == !normalize_key(line).empty());
    REQUIRE(has_key_text(emoji + line) == !normalize_key(line).empty());
  }
  CHECK(ascii_lines > 500);
  // A NUL is a character of a title (the fast path leaves it to the code-point path).
  const std::string with_nul("a\0b", 3);
  CHECK(display_title(with_nul) == display_title(emoji + with_nul));
  CHECK(display_title(with_nul).size() == 3);
  // Symbols only, and a repair that turns symbols into letters ("Ã©" is the mojibake of "é").
  CHECK_FALSE(has_key_text("\xF0\x9F\x86\x95 \xE2\x80\x94 **"));
  CHECK(has_key_text("\xC3\x83\xC2\xA9"));
  CHECK(has_key_text("\xE2\x80\x94 \xC3\xA9"));
}

TEST_CASE("display_title of any fixture line is folded and stable", "[parser][normalize]") {
  for (const std::string& line : lines_of_fixture_files()) {
    INFO(line);
    const std::string title = display_title(line);
    CHECK(title.find_first_of("\t\r\n") == std::string::npos);
    CHECK(title.find("  ") == std::string::npos);
    CHECK_FALSE(title.starts_with(' '));
    CHECK_FALSE(title.ends_with(' '));
    CHECK_FALSE(title.ends_with(':'));
    CHECK(display_title(title) == title);  // the same when applied twice
  }
  // Hints that show only once markup and emoji are gone, and several hints.
  for (const char* heading : {"Details (* if any *)", "Details (\xF0\x9F\x93\x9D if any)",
                              "Notes (optional) (if applicable)", "Notes (optional) \xE2\x84\xA2",
                              "Notes (*optional*):", "(optional)"}) {
    INFO(heading);
    const std::string title = display_title(heading);
    CHECK(display_title(title) == title);
    CHECK(has_optional_hint(heading));
    CHECK(title.find('(') == std::string::npos);
  }
}

TEST_CASE("display_title of an already folded ASCII title agrees with the code-point path",
          "[parser][normalize]") {
  // Folded titles take a copy instead of a fold; an emoji in front sends the same text down the
  // code-point path. Trailing colons and spaces, and near misses of a folded title, both ways.
  const std::string emoji = "\xF0\x9F\x94\xA7 ";
  std::vector<std::string> titles;
  for (const std::string& line : lines_of_fixture_files()) {
    const std::string folded = display_title(line);
    for (const char* tail : {"", ":", " :", " ", "  ", ": ", " (optional)", " (if any):"}) {
      titles.push_back(folded + tail);
      titles.push_back(" " + folded + tail);
      titles.push_back(folded + " *x*" + tail);
      titles.push_back(folded + "\tx" + tail);
    }
  }
  titles.insert(titles.end(), {"", " ", ":", "a", "a  b", "a b", std::string("a\0b", 3), "a\rb",
                               "a\x80"
                               "b"});
  for (const std::string& title : titles) {
    INFO(title);
    REQUIRE(display_title(title) == display_title(emoji + title));
  }
}

TEST_CASE("display_title_prefix: the title is its own fold and its display title a prefix",
          "[parser][normalize]") {
  // The walker keeps a heading's title and display title as views of its trimmed text when
  // display_title_prefix answers; the emoji in front sends the same text down the code-point
  // path, which is the definition.
  const std::string emoji = "\xF0\x9F\x94\xA7 ";
  std::vector<std::string> texts;
  for (const std::string& line : lines_of_fixture_files()) {
    const std::string heading = line.substr(std::min(line.find_first_not_of("# "), line.size()));
    for (const char* tail : {"", ":", " ", " (optional)", " (If Any):", " (a) (if needed)", ")"}) {
      texts.push_back(heading + tail);
      texts.push_back(" " + heading + tail);
      texts.push_back(heading + "  x" + tail);
      texts.push_back(heading + " `x`" + tail);
      texts.push_back(heading + "\r\n" + tail);
    }
  }
  texts.insert(texts.end(), {"", " ", ":", "(if any)", "a (", "a ()", std::string("a\0b", 3),
                             "a\x80"
                             "b",
                             "A_B", "**A**", "a\tb", std::string(5000, 'x') + " (optional)"});
  std::size_t prefixes = 0;
  std::size_t refusals = 0;
  for (const std::string& text : texts) {
    INFO(text);
    const std::string_view trimmed = trimmed_view(text);
    const std::size_t length = display_title_prefix(trimmed);
    if (length == std::string_view::npos) {
      ++refusals;
      continue;
    }
    ++prefixes;
    REQUIRE(folded_and_trimmed(text) == trimmed);
    REQUIRE(display_title(emoji + text) == trimmed.substr(0, length));
    REQUIRE(display_title(folded_and_trimmed(text)) == trimmed.substr(0, length));
  }
  CHECK(prefixes > 1000);
  CHECK(refusals > 1000);
}

namespace {

// display_title_prefix as it was defined: a byte-by-byte test that the title folds to itself,
// and hints matched on a lowercased, space-folded copy of the parenthesis.
bool reference_is_folded_ascii_title(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool kept = byte != 0 && byte < 0x80 &&
                      std::string_view(" \t\n\r").find(text[i]) == std::string_view::npos;
    if (kept) continue;
    if (byte != ' ' || i == 0 || text[i - 1] == ' ') return false;
  }
  return true;
}

// Markup inside a hint's parenthesis does not hide it ("(* if any *)").
std::string reference_fold_spaces(std::string_view text) {
  std::string spaced(text);
  std::replace_if(
      spaced.begin(), spaced.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; },
      ' ');
  std::erase_if(spaced, [](char c) { return c == '*' || c == '_'; });
  return fold_space_runs(spaced);
}

std::optional<std::size_t> reference_hint_start(std::string_view text) {
  const std::size_t end = text.find_last_not_of(" \t:");
  if (end == std::string_view::npos || text[end] != ')') return std::nullopt;
  const std::size_t open = text.rfind('(', end);
  if (open == std::string_view::npos) return std::nullopt;
  std::string inside(text.substr(open + 1, end - open - 1));
  for (char& c : inside) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 0x20) : c;
  inside = reference_fold_spaces(inside);
  for (std::string_view start : {"if ", "optional", "when ", "where ", "only if", "not required",
                                 "as needed", "if any", "recommended"}) {
    if (inside.starts_with(start) || inside == reference_fold_spaces(start)) return open;
  }
  return std::nullopt;
}

std::string_view reference_without_trailing_colons_and_spaces(std::string_view text) {
  return text.substr(0, text.find_last_not_of(": ") + 1);  // npos + 1 is 0
}

// GitHub emoji shortcodes (":memo:") at the end of a title, with the spaces before them; the
// title itself is never all shortcode.
std::string_view reference_without_trailing_shortcodes(std::string_view text) {
  static const std::regex kTrailing("(?:^|[ \t]+)(?::[a-z0-9_+\\-]+:)$");
  std::string kept(text);
  for (std::smatch match; std::regex_search(kept, match, kTrailing) && match.position(0) > 0;) {
    kept.resize(static_cast<std::size_t>(match.position(0)));
  }
  return text.substr(0, kept.size());
}

// A prefix of a folded title is folded too, so each hint stripped is asked again whole. A title
// starting with a shortcode is no prefix of its display title.
std::size_t reference_display_title_prefix(std::string_view text) {
  if (!reference_is_folded_ascii_title(text)) return std::string_view::npos;
  if (text.starts_with(':')) return std::string_view::npos;
  const std::string_view title =
      reference_without_trailing_colons_and_spaces(reference_without_trailing_shortcodes(text));
  const std::optional<std::size_t> hint = reference_hint_start(title);
  return hint ? reference_display_title_prefix(title.substr(0, *hint)) : title.size();
}

}  // namespace

TEST_CASE("display_title_prefix answers as the byte-by-byte test and string-built hints did",
          "[parser][normalize]") {
  // Every byte that stops a folded title (>= 0x80, NUL and other control bytes, markup, a
  // doubled or leading space) at every offset of titles of up to 40 bytes, which the eight-byte
  // scan must find or hand to the byte loop; every hint spelled in other cases, spacings, cut
  // short or run on; every fixture line as a heading.
  std::vector<std::string> samples;
  const std::string title = "Migration Rollback Plan and Safety Checks of the day";
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string base = title.substr(0, length);
    samples.push_back(base);
    for (std::size_t at = 0; at <= length; ++at) {
      for (const std::string& mark :
           {std::string(1, '\0'), std::string("\x01"), std::string("\x1F"), std::string("\t"),
            std::string("\n"), std::string("\r"), std::string("*"), std::string("_"),
            std::string("`"), std::string(" "), std::string("  "), std::string("\x80"),
            std::string("\xC3\xA9"), std::string("!"), std::string("~")}) {
        std::string text = base;
        text.insert(at, mark);
        samples.push_back(text);
      }
    }
  }
  for (std::string hint : {"if ", "optional", "when ", "where ", "only if", "not required",
                           "as needed", "if any", "recommended"}) {
    std::string upper = hint;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string trimmed = reference_fold_spaces(hint);
    for (const std::string& inner :
         {hint, upper, trimmed, " " + hint + " ", hint + "applicable", hint + " x",
          trimmed.substr(0, trimmed.size() - 1), trimmed + "s", "x " + hint, hint + hint,
          std::string("\t") + hint + "\n", std::string(40, ' ') + hint}) {
      for (const char* tail : {")", "):", ") ", ") (optional)", ")x", ") :: "}) {
        samples.push_back("Notes (" + inner + tail);
        samples.push_back("(" + inner + tail);
      }
    }
  }
  for (const std::string& line : lines_of_fixture_files()) {
    samples.push_back(line);
    samples.push_back(line.substr(std::min(line.find_first_not_of("# "), line.size())));
  }
  std::size_t folded = 0;
  for (const std::string& sample : samples) {
    INFO(sample);
    const std::size_t expected = reference_display_title_prefix(sample);
    folded += expected != std::string_view::npos ? 1 : 0;
    REQUIRE(display_title_prefix(sample) == expected);
  }
  CHECK(folded > 1000);
}

// GitHub shows ":test_tube:" as 🧪: a heading or an option written with shortcodes where the
// template has emoji is the same heading or option.
TEST_CASE("display_title drops GitHub emoji shortcodes at either end", "[normalize]") {
  CHECK(display_title(":test_tube: Testing Requirements") == "Testing Requirements");
  CHECK(display_title("Testing Requirements :test_tube:") == "Testing Requirements");
  CHECK(display_title(":rewind: :+1: Rollback Plan (if needed):") == "Rollback Plan");
  CHECK(display_title("\xF0\x9F\xA7\xAA :test_tube: Testing") == "Testing");
  CHECK(section_key("Testing Requirements :test_tube:") == section_key("Testing Requirements"));
  // Not a shortcode standing as a word, or nothing else left: kept.
  CHECK(display_title("Deploy at 10:30:") == "Deploy at 10:30");
  CHECK(display_title("Ratio a:b:") == "Ratio a:b");
  CHECK(display_title(":memo:") == ":memo");  // its last ':' goes as a heading's colon
  CHECK(display_title("Use :Memo: here") == "Use :Memo: here");
  CHECK(leading_shortcode_size(":memo: Schema") == 7);
  CHECK(leading_shortcode_size(":memo:Schema") == 0);
  CHECK(leading_shortcode_size(": memo:") == 0);
  CHECK(trailing_shortcode_size("Plan :rewind:") == 9);
  CHECK(trailing_shortcode_size("Plan:rewind:") == 0);
}

// A heading is the template's spelt the other English way or with one letter wrong; a short word
// spelt otherwise is another word, and so is a longer difference.
TEST_CASE("is_spelling_variant: one letter per long word, as many words", "[normalize]") {
  CHECK(is_spelling_variant("expected behaviour", "expected behavior"));
  CHECK(is_spelling_variant("colour scheme", "color scheme"));
  CHECK(is_spelling_variant("organisation", "organization"));
  CHECK(is_spelling_variant("enviroment", "environment"));
  CHECK(is_spelling_variant("expected centre", "expected center"));  // two letters swapped
  CHECK_FALSE(is_spelling_variant("actual behaviour", "expected behavior"));
  CHECK_FALSE(is_spelling_variant("os", "is"));
  CHECK_FALSE(is_spelling_variant("logs", "log"));  // a word under five letters
  CHECK_FALSE(is_spelling_variant("catalogue", "catalog"));
  CHECK_FALSE(is_spelling_variant("expected behavior", "expected behavior details"));
  CHECK_FALSE(is_spelling_variant("", "summary"));
  CHECK_FALSE(is_spelling_variant("piece 10000", "piece 10001"));
}

TEST_CASE("has_delete_the_rest_hint: the sentence that deletes says which go", "[normalize]") {
  CHECK(has_delete_the_rest_hint("<!--- Pick one below and delete the rest -->"));
  CHECK(has_delete_the_rest_hint("Remove the ones that don't apply."));
  CHECK(has_delete_the_rest_hint("Please delete options that are not relevant."));
  CHECK_FALSE(has_delete_the_rest_hint("You may delete this section. The rest is required."));
  CHECK_FALSE(has_delete_the_rest_hint("Describe the rest of the setup."));
}
