// SharedText: literals viewed where they lie, run-time text copied once and shared.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "rules/rule_info.h"

using issuelint::SharedText;

namespace {
constexpr char kLiteral[] = "Rolling back a DROP cannot bring the rows back.";
}  // namespace

TEST_CASE("shared text: a literal is viewed, not copied") {
  const SharedText text = kLiteral;
  CHECK(text.view().data() == kLiteral);
  CHECK(text.view() == kLiteral);
  CHECK(text.size() == sizeof kLiteral - 1);
  const SharedText copy = text;
  CHECK(copy.view().data() == kLiteral);
  const SharedText empty = "";
  CHECK(empty.empty());
  CHECK(SharedText().empty());
}

TEST_CASE("shared text: run-time text is copied once and shared by every copy") {
  std::string source = "read from a pack's YAML";
  const SharedText text = source;
  source.assign("changed afterwards");
  CHECK(text.view() == "read from a pack's YAML");
  const SharedText copy = text;
  CHECK(copy.view().data() == text.view().data());
  CHECK(copy == text);
  CHECK(SharedText(std::string()).empty());
  CHECK(text.str() == "read from a pack's YAML");
}

TEST_CASE("shared text: a moved-from text is empty and the moved text stays readable") {
  SharedText text = std::string("owned text that outlives its first holder");
  const char* const data = text.view().data();
  SharedText moved = std::move(text);
  CHECK(moved.view().data() == data);
  CHECK(moved.view() == "owned text that outlives its first holder");
  CHECK(text.empty());  // NOLINT(bugprone-use-after-move): what is tested
  SharedText assigned;
  assigned = std::move(moved);
  CHECK(assigned.view() == "owned text that outlives its first holder");
  CHECK(moved.empty());  // NOLINT(bugprone-use-after-move)
  CHECK(SharedText("a") != SharedText(std::string("b")));
}
