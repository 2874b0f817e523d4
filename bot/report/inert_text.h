// Making text quoted from an issue inert before it reaches a terminal, a log or a Markdown
// comment: the author controls it, so it must not ping people, inject HTML, break out of a code
// span, move the terminal cursor or blow GitHub's size limits.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace issuelint {

// Replaces every invalid UTF-8 sequence by U+FFFD, so JSON dumps and GitHub accept the text.
std::string valid_utf8(std::string_view text);

// Unicode code points in valid UTF-8 (what GitHub's length limits count, near enough).
std::size_t count_code_points(std::string_view utf8);

// Valid UTF-8 on one line: CR, LF and tab become spaces (runs of them collapse), other control
// characters and the bidirectional overrides ("Trojan Source") are dropped.
std::string one_line(std::string_view text);

// At most max_code_points code points, the last being "…" when the text was cut; never splits a
// UTF-8 sequence. Expects valid UTF-8.
std::string truncate_code_points(std::string_view utf8, std::size_t max_code_points);

// A CommonMark code span holding text literally: the backtick fence is longer than any run
// inside, padded with spaces where the content would otherwise merge with the fence. Mentions,
// issue references and HTML are not rendered inside code spans. Content is made one line.
std::string markdown_code_span(std::string_view text);

// A fenced code block (backticks, longer than any run inside) holding text literally.
std::string markdown_code_block(std::string_view text, std::string_view info_string);

// One line of Markdown that renders as the text and nothing else: HTML as entities, Markdown
// punctuation backslash-escaped, `@name`, `#123`, `GH-123` and bare URLs (`https://…`,
// `www.…`) broken by a zero-width joiner so nobody is pinged, no issue gets a back-reference and
// no link is made. Code spans written in the text (balanced backtick
// runs) are kept as code spans, re-fenced safely. Cut to max_code_points of the source text.
std::string markdown_inline(std::string_view text, std::size_t max_code_points);

// Text for the inside of an HTML comment, on one line: every '-' that follows another becomes
// "&#45;", so no "--" is left to end the comment early ("-->", "--!>") and the text reads back.
std::string html_comment_text(std::string_view text);

// markdown_inline for text whose backticks are all literal (a heading as md4c hands it over,
// its code spans' fences gone): each is escaped, none opens a code span.
std::string markdown_literal(std::string_view text, std::size_t max_code_points);

// markdown_inline for the maintainer's own words (a rule's summary, a configured `message` or
// `help`: fixed text, nothing of the issue in it): its links ("[the guide](https://…)") and bare
// URLs are kept as written, so GitHub links them; mentions, issue references and HTML stay inert.
std::string markdown_with_links(std::string_view text, std::size_t max_code_points);

// A word for a POSIX shell: as is when it holds only safe characters, else single-quoted.
std::string shell_quote(std::string_view word);

}  // namespace issuelint
