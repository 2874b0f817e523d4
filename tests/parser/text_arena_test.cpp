#include "parser/text_arena.h"

#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "parser/document.h"
#include "parser/normalize.h"

using namespace issuelint;

// Only an arena makes element text: a field cannot be set from a temporary std::string (which
// would dangle at the end of the statement) or from an arbitrary view.
static_assert(!std::is_constructible_v<ElementText, std::string>);
static_assert(!std::is_constructible_v<ElementText, const std::string&>);
static_assert(!std::is_constructible_v<ElementText, std::string_view>);
static_assert(!std::is_assignable_v<ElementText&, std::string>);
static_assert(!std::is_assignable_v<ElementText&, std::string_view>);
static_assert(std::is_convertible_v<ElementText, std::string_view>);

namespace {

bool lies_within(std::string_view part, std::string_view whole) {
  const std::less_equal<const char*> not_after;
  return not_after(whole.data(), part.data()) &&
         not_after(part.data() + part.size(), whole.data() + whole.size());
}

}  // namespace

TEST_CASE("an arena keeps what it stored unchanged while it grows", "[arena]") {
  TextArena arena(16);
  std::vector<std::string> originals;
  std::vector<ElementText> stored;
  for (int i = 0; i < 5000; ++i) {
    // Sizes from 1 to 700 bytes: some larger than any chunk so far, most smaller.
    originals.push_back(
        std::string(static_cast<std::size_t>(1 + (i * 37) % 700), static_cast<char>('a' + i % 26)) +
        std::to_string(i));
    stored.push_back(arena.store(originals.back()));
  }
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    REQUIRE(stored[i] == originals[i]);
    REQUIRE(stored[i].data() != originals[i].data());
    bytes += originals[i].size();
  }
  CHECK(arena.bytes_stored() == bytes);
}

TEST_CASE("storing empty text gives an empty view and takes no room", "[arena]") {
  TextArena arena(16);
  const ElementText empty = arena.store("");
  CHECK(empty.empty());
  CHECK(arena.bytes_stored() == 0);
  const ElementText stored = arena.store("abc");
  CHECK(stored.part(1) == "bc");
  CHECK(stored.part(0, 2) == "ab");
  CHECK(stored.str() == "abc");
}

TEST_CASE("text written in place is stored as written, and unused room is given back", "[arena]") {
  TextArena arena(16);
  const auto write = [](std::string_view text) {
    return [text](char* out) {
      text.copy(out, text.size());
      return text.size();
    };
  };
  const std::optional<ElementText> first = arena.store_written(10, write("abc"));
  REQUIRE(first);
  CHECK(*first == "abc");
  // The seven bytes not written are the next text's.
  const ElementText next = arena.store("defg");
  CHECK(next.data() == first->data() + 3);
  CHECK(arena.bytes_stored() == 7);
  // A refused write stores nothing and leaves its room to the next text.
  const std::optional<ElementText> refused =
      arena.store_written(5, [](char*) { return std::string_view::npos; });
  CHECK_FALSE(refused);
  CHECK(arena.store("h").data() == next.data() + 4);
  // An empty write is an empty text.
  const std::optional<ElementText> empty = arena.store_written(3, write(""));
  REQUIRE(empty);
  CHECK(empty->empty());
  CHECK(arena.bytes_stored() == 8);
  // Room larger than what is left takes a new chunk; what was stored before stays.
  const std::string large(100, 'x');
  const std::optional<ElementText> grown = arena.store_written(large.size(), write(large));
  REQUIRE(grown);
  CHECK(*grown == large);
  CHECK(*first == "abc");
  CHECK(next == "defg");
  CHECK(arena.bytes_stored() == 108);
}

TEST_CASE("a copy of a document reads its elements after the original is gone", "[arena]") {
  IssueDocument copy;
  IssueDocument moved;
  {
    const IssueDocument original = parse_issue(
        "## Tables Affected\n"
        "- [x] **New Table** - adds one\n"
        "- [ ] Other: \\_\\_\n"
        "\n"
        "Some prose here.\n");
    copy = original;
    IssueDocument temporary = original;
    moved = std::move(temporary);
  }
  for (const IssueDocument* document : {&copy, &moved}) {
    REQUIRE(document->sections.size() == 2);
    CHECK(document->sections[1].title == "Tables Affected");
    CHECK(document->sections[1].key == "tables affected");
    REQUIRE(document->checkboxes.size() == 2);
    CHECK(document->checkboxes[0].label == "New Table - adds one");
    CHECK(document->checkboxes[0].name == "New Table");
    CHECK(document->checkboxes[0].key == "new table");
    CHECK(document->checkboxes[1].name == "Other");
    REQUIRE(document->prose.size() == 1);
    CHECK(document->prose[0].text == "Some prose here.");
    CHECK(document->prose[0].key == "some prose here");
  }
}

TEST_CASE("a box's name is stored as the part of its label it is", "[arena]") {
  const IssueDocument document = parse_issue(
      "- [ ] **Bold Name** - more words\n"
      "- [ ] Plain name - described\n"
      "- [ ] Other: __ (write it)\n");
  REQUIRE(document.checkboxes.size() == 3);
  for (const Checkbox& box : document.checkboxes) {
    // Same text as before the arena: the name is what checkbox_name finds, the key its key.
    CHECK(box.key == normalize_key(box.name));
  }
  CHECK(document.checkboxes[0].name == "Bold Name");
  CHECK(lies_within(document.checkboxes[0].name, document.checkboxes[0].label));
  CHECK(document.checkboxes[1].name == "Plain name");
  CHECK(lies_within(document.checkboxes[1].name, document.checkboxes[1].label));
}

TEST_CASE("element text of a large body is all kept", "[arena]") {
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    body += "## Heading number " + std::to_string(i) + "\n- [ ] option " + std::to_string(i) +
            " with a longer label\n\n";
  }
  const IssueDocument document = parse_issue(body);
  REQUIRE(document.checkboxes.size() == 3000);
  for (int i = 0; i < 3000; i += 499) {
    const auto index = static_cast<std::size_t>(i);
    CHECK(document.sections[index + 1].title == "Heading number " + std::to_string(i));
    CHECK(document.checkboxes[index].label ==
          "option " + std::to_string(i) + " with a longer label");
  }
}
