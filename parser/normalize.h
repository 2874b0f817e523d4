// Text normalization for matching headings and checkbox labels across emoji, markup, case,
// punctuation, spacing and the mojibake some editors produce.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace issuelint {

// Repairs UTF-8 that was decoded as Windows-1252/Latin-1 and re-encoded ("ðŸ—„ï¸" →
// "🗄️"). Text that is not such mojibake is returned unchanged.
std::string repair_mojibake(std::string_view text);

// Lowercase, emoji and symbols and punctuation removed, runs of space folded, trimmed;
// letters and digits of any script kept. "🗄️ **Data Migration** - Moving…" → "data
// migration moving…". Applies repair_mojibake first.
std::string normalize_key(std::string_view text);
// The same key written into `buffer` (whose capacity is reused from call to call), returned as
// a view of it: valid until the buffer next changes.
std::string_view normalize_key(std::string_view text, std::string& buffer);
// The key of text without a byte >= 0x80, written to `out` (room for text.size() bytes): its
// length, or npos (and `out` unspecified) for any other text, whose key normalize_key builds.
// Lets a caller write keys where they are kept instead of copying them there.
std::size_t ascii_key_into(std::string_view text, char* out);

// !normalize_key(text).empty(), without building the key when the text is ASCII.
bool has_key_text(std::string_view text);

// normalize_key(text) == prefix, or normalize_key(text) starts with prefix followed by a
// space: the prefix is whole words of the text's key. Stops at the first differing key
// character, so testing many texts against one prefix costs about one byte each (ASCII).
bool key_starts_with_words(std::string_view text, std::string_view prefix);

// normalize_key(text) == key, without building the key when the text is ASCII.
bool key_equals(std::string_view text, std::string_view key);

// For display: emoji (keycaps and © ® ™ too), trailing hints such as "(if applicable)" and a
// trailing ':' removed, spacing folded; case and punctuation kept. The text is a heading as md4c
// hands it over, emphasis and code span markers gone: a '*', '_' or '`' left is literal and
// kept ("user_id", "2*3"). "🗄️ New Schema (if applicable)" → "New Schema".
std::string display_title(std::string_view text);

// For a title that folding leaves as it is (ASCII without NUL or markup, one space between
// words, none in front: headings mostly come so), the length of its display title, which is
// then a prefix of it; npos for any other text. Lets a caller keep both as views of one text.
std::size_t display_title_prefix(std::string_view text);

// GitHub renders an emoji shortcode (":memo:", ":+1:", ":test_tube:") as its emoji, so where
// emoji are ignored (before an option's name, at either end of a heading) so are these. The
// bytes a shortcode at the start of `text` takes, with the spaces after it, or 0 when it does
// not start with one followed by a space or the end.
std::size_t leading_shortcode_size(std::string_view text);
// The bytes a shortcode at the end of `text` takes, with the spaces before it, or 0 when it
// does not end with one that follows a space or starts the text.
std::size_t trailing_shortcode_size(std::string_view text);

// ASCII case-insensitive: text starts with prefix ("[db] x" starts with "[DB]").
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);
// The first place at or after `from` where `text` starts with `needle`, ASCII case ignored;
// npos when there is none.
std::size_t find_ignoring_case(std::string_view text, std::string_view needle,
                               std::size_t from = 0);

// True when the title carries an optional-hint like "(if applicable)", "(optional)".
bool has_optional_hint(std::string_view text);
// True when the text lets the author delete what it heads: "(you may delete this notice)",
// "YOU MAY DELETE THE PREREQUISITES SECTION", "feel free to remove this section".
bool has_deletion_hint(std::string_view text);
// True when the text tells the author to delete the options that do not apply: "Pick one below
// and delete the rest", "delete the ones that don't apply", "remove the others".
bool has_delete_the_rest_hint(std::string_view text);

// Two section keys that name the same heading spelt another way: as many words, each the same
// or, in words of five letters or more, one letter added, dropped, changed or swapped with its
// neighbour ("expected behaviour" / "expected behavior", "enviroment" / "environment").
bool is_spelling_variant(std::string_view key, std::string_view other);

// A display title without its leading enumeration ("1. Summary", "2) Steps", "3 - Logs" →
// "Summary", "Steps", "Logs"); a title that is only a number keeps it.
std::string_view without_enumeration(std::string_view title);

// The key a heading is matched by: normalize_key(without_enumeration(display_title(title))), so
// a section still matches when the author dropped the "(if applicable)" hint or renumbered it.
// Section::key uses it.
std::string section_key(std::string_view title);

}  // namespace issuelint
