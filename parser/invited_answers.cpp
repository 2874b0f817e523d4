#include "parser/invited_answers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "parser/normalize.h"

namespace issuelint {
namespace {

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || (static_cast<unsigned char>(c) & 0x80);
}

// A quote or bold marker of its own, not an apostrophe inside a word ("don't").
struct Quote {
  std::string_view open;
  std::string_view close;
};
constexpr std::array<Quote, 6> kQuotes = {{{"\"", "\""},
                                           {"'", "'"},
                                           {"`", "`"},
                                           {"**", "**"},
                                           {"\u201c", "\u201d"},
                                           {"\u2018", "\u2019"}}};

// The two words of `text`'s line before `at`, or after `end`, lower-cased and space-padded
// (" do not "), for the negation test.
std::string two_words(std::string_view text, std::size_t at, std::size_t end, bool before) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  const std::size_t first = before ? text.rfind('\n', at == 0 ? 0 : at - 1) : end;
  const std::size_t from = before ? (first == std::string_view::npos ? 0 : first + 1) : end;
  const std::size_t to = before ? at : std::min(text.find('\n', end), text.size());
  for (std::size_t i = from; i < to; ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    if (c == ' ' || c == '\t') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  const std::size_t keep = std::min<std::size_t>(words.size(), 2);
  const auto kept = before ? words.end() - static_cast<std::ptrdiff_t>(keep) : words.begin();
  std::string padded = " ";
  for (auto it = kept; it != kept + static_cast<std::ptrdiff_t>(keep); ++it) padded += *it + " ";
  return padded;
}

// "do not write N/A", "don't put N/A", "never N/A", "avoid N/A", "N/A is not an answer".
bool negated(std::string_view text, std::size_t at, std::size_t end) {
  const std::string before = two_words(text, at, end, true);
  for (const std::string_view word : {" not ", "n't ", " never ", " avoid ", " no "}) {
    if (before.find(word) != std::string::npos) return true;
  }
  const std::string after = two_words(text, at, end, false);
  for (const std::string_view word : {" not ", "n't ", " never "}) {
    if (after.find(word) != std::string::npos) return true;
  }
  return false;
}

void add(std::vector<std::string>& keys, std::string key) {
  if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) return;
  keys.push_back(std::move(key));
}

// The quoted phrase opening at `at`, if it is one: closed on its line, up to three words.
std::size_t quoted_end(std::string_view text, std::size_t at, const Quote& quote) {
  const std::size_t from = at + quote.open.size();
  const std::size_t close = text.find(quote.close, from);
  if (close == std::string_view::npos || close == from) return std::string_view::npos;
  const std::string_view inside = text.substr(from, close - from);
  if (inside.size() > 24 || inside.find('\n') != std::string_view::npos) {
    return std::string_view::npos;
  }
  if (std::count(inside.begin(), inside.end(), ' ') > 2) return std::string_view::npos;
  return close;
}

}  // namespace

std::vector<std::string> invited_answers(std::string_view guidance) {
  std::vector<std::string> keys;
  for (std::size_t at = 0; at < guidance.size(); ++at) {
    if (at > 0 && is_word_byte(guidance[at - 1])) continue;  // inside a word: "don't", "N/A"
    for (const Quote& quote : kQuotes) {
      if (guidance.substr(at).rfind(quote.open, 0) != 0) continue;
      const std::size_t close = quoted_end(guidance, at, quote);
      if (close == std::string_view::npos) continue;
      const std::size_t end = close + quote.close.size();
      if (end < guidance.size() && is_word_byte(guidance[end])) continue;
      if (!negated(guidance, at, end)) {
        const std::size_t from = at + quote.open.size();
        add(keys, normalize_key(guidance.substr(from, close - from)));
      }
      at = close;
      break;
    }
    // An unquoted N/A is no word of prose: it is always the answer it names.
    if ((guidance[at] == 'n' || guidance[at] == 'N') &&
        guidance.substr(at + 1).rfind("/", 0) == 0 && at + 2 < guidance.size() &&
        (guidance[at + 2] == 'a' || guidance[at + 2] == 'A') &&
        (at + 3 == guidance.size() || !is_word_byte(guidance[at + 3])) &&
        !negated(guidance, at, at + 3)) {
      add(keys, normalize_key(guidance.substr(at, 3)));
    }
  }
  return keys;
}

}  // namespace issuelint
