#include "parser/known_texts.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "parser/document.h"
#include "parser/normalize.h"

using namespace issuelint;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every Markdown body under fixtures/: templates and drafts alike.
std::vector<std::string> fixture_bodies() {
  std::vector<std::string> bodies;
  const std::filesystem::path root = std::filesystem::path(ISSUELINT_SOURCE_DIR) / "fixtures";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".md") bodies.push_back(read_file(entry.path()));
  }
  return bodies;
}

// Bodies whose labels and headings take every path of naming and titling: bold names, bold
// after text, names before a dash or a colon, blanks inside and at the end, "Other", emoji,
// other scripts, markup that folds, hints, escaped underscores.
const std::vector<std::string> kTrickyBodies = {
    "# 🗄️ **Database** change\n"
    "## Tables affected (optional)\n"
    "- [x] **users** - the users table\n"
    "- [ ] bookings – who booked what\n"
    "- [ ] Notes: free text\n"
    "- [ ] Rename __ column\n"
    "- [ ] Other: __\n"
    "- [x] Other: audit_log\n"
    "- [ ] 🚀 **Deploy** first\n"
    "- [ ] see **bold later** here\n"
    "- [ ] Ünïcödé ✓ label\n"
    "- [ ] trailing colon:\n"
    "- [ ] `code` in label\n"
    "## Related to:\n"
    "Related to: [x] A / [ ] B, [ ] **C** | [ ] Other: \\_\\_\n"
    "### Details (* if any *)\n"
    "## Notes (optional) (if applicable)\n"
    "## Mixed   spaces\there\n"
    "## ___\n"
    "## **Only bold**\n",
    "## Tables affected\n"
    "- [x] users - the users table\n"
    "- [ ] **bookings**\n"
    "- [ ] Rename __ column\n"
    "- [x] Other: payments\n"
    "- [ ] see **bold later** here\n"
    "## Tables affected (optional)\n"
    "## 🗄️ **Database** change\n",
};

KnownTexts known_from(const std::vector<std::string>& bodies) {
  KnownTexts known;
  for (const std::string& body : bodies) known.add_document(parse_issue(body));
  return known;
}

// Everything the walker derives from labels and headings, field by field.
void require_same(const IssueDocument& with, const IssueDocument& without) {
  REQUIRE(with.checkboxes.size() == without.checkboxes.size());
  for (std::size_t i = 0; i < with.checkboxes.size(); ++i) {
    const Checkbox& a = with.checkboxes[i];
    const Checkbox& b = without.checkboxes[i];
    INFO("box " << i << ": " << b.label);
    CHECK(a.label == b.label);
    CHECK(a.name == b.name);
    CHECK(a.key == b.key);
    CHECK(a.checked == b.checked);
    CHECK(a.group == b.group);
    CHECK(a.lead == b.lead);
    CHECK(a.blank == b.blank);
    CHECK(a.position == b.position);
  }
  REQUIRE(with.sections.size() == without.sections.size());
  for (std::size_t i = 0; i < with.sections.size(); ++i) {
    INFO("section " << i << ": " << without.sections[i].title);
    CHECK(with.sections[i].title == without.sections[i].title);
    CHECK(with.sections[i].display_title == without.sections[i].display_title);
    CHECK(with.sections[i].key == without.sections[i].key);
    CHECK(with.sections[i].position == without.sections[i].position);
  }
  REQUIRE(with.blanks.size() == without.blanks.size());
  for (std::size_t i = 0; i < with.blanks.size(); ++i) {
    CHECK(with.blanks[i].lead == without.blanks[i].lead);
    CHECK(with.blanks[i].value == without.blanks[i].value);
  }
}

// What the table holds for a name, or "<none>" (a value, not a pointer to check first).
std::string key_for_name(const KnownTexts& known, std::string_view name) {
  const ElementText* key = known.name_key(name);
  return key == nullptr ? "<none>" : key->str();
}

struct Naming {
  std::size_t name_offset = 0;
  std::size_t name_size = 0;
  std::string key;
};

Naming naming_of(const KnownTexts& known, std::string_view label) {
  const KnownTexts::LabelNaming* found = known.label(label);
  if (found == nullptr) return {0, 0, "<none>"};
  CHECK(found->label == label);
  return {found->name_offset, found->name_size, found->key.str()};
}

struct Titles {
  std::size_t display_size = 0;
  std::string key;
};

Titles titles_of(const KnownTexts& known, std::string_view heading) {
  const KnownTexts::HeadingTitles* found = known.heading(heading);
  if (found == nullptr) return {0, "<none>"};
  CHECK(found->heading == heading);
  return {found->display_size, found->key.str()};
}

}  // namespace

TEST_CASE("a body parses the same with known texts as without", "[known_texts]") {
  std::vector<std::string> bodies = fixture_bodies();
  bodies.insert(bodies.end(), kTrickyBodies.begin(), kTrickyBodies.end());
  REQUIRE(bodies.size() > 50);
  const KnownTexts known = known_from(bodies);
  REQUIRE(known.size() > 100);
  for (const std::string& body : bodies) {
    require_same(parse_issue(body, &known), parse_issue(body));
  }
}

TEST_CASE("texts known from one body answer for another", "[known_texts]") {
  // The second tricky body repeats the first's texts with bold moved, added and taken away:
  // an entry is what the text alone gives, not what it gave in the body it came from.
  const KnownTexts known = known_from({kTrickyBodies[0]});
  require_same(parse_issue(kTrickyBodies[1], &known), parse_issue(kTrickyBodies[1]));
}

TEST_CASE("a known label gives its name as a part of it and the name's key", "[known_texts]") {
  KnownTexts known;
  known.add_label("  users - the users table ");
  known.add_label("Other: __");
  const Naming users = naming_of(known, "users - the users table");
  CHECK(users.name_offset == 0);
  CHECK(users.name_size == 5);
  CHECK(users.key == "users");
  const Naming other = naming_of(known, "Other: __");
  CHECK(std::string_view("Other: __").substr(other.name_offset, other.name_size) == "Other");
  CHECK(other.key == "other");
  CHECK(known.label("users") == nullptr);
}

TEST_CASE("a label whose name is built apart from it is not kept", "[known_texts]") {
  KnownTexts known;
  known.add_label("Rename __ column");  // the blank is cut out of the middle of the name
  CHECK(known.label("Rename __ column") == nullptr);
}

TEST_CASE("a known heading gives its display title's length and key", "[known_texts]") {
  KnownTexts known;
  known.add_heading("Migration SQL (if complex)");
  known.add_heading("Spaced  heading");  // folds before it displays: left to the walker
  const Titles sql = titles_of(known, "Migration SQL (if complex)");
  CHECK(sql.display_size == std::string_view("Migration SQL").size());
  CHECK(sql.key == "migration sql");
  CHECK(known.heading("Spaced  heading") == nullptr);
}

TEST_CASE("known names give their keys", "[known_texts]") {
  KnownTexts known;
  known.add_name("Add index");
  known.add_name("Ünïcödé ✓");
  CHECK(key_for_name(known, "Add index") == "add index");
  CHECK(key_for_name(known, "Ünïcödé ✓") == normalize_key("Ünïcödé ✓"));
  CHECK(key_for_name(known, "add index") == "<none>");
}

TEST_CASE("the known-text table grows and finds every text it holds", "[known_texts]") {
  // Past several doublings, with texts that share their first and last eight bytes and their
  // length (the bytes the hash reads), so that they meet in the same slots.
  KnownTexts known;
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i) {
    std::string middle = std::to_string(i);
    middle.insert(0, 3 - middle.size(), '0');
    names.push_back("abcdefgh" + middle + "stuvwxyz");
    names.push_back(std::to_string(i));
  }
  for (const std::string& name : names) known.add_name(name);
  CHECK(known.size() == names.size());
  for (const std::string& name : names) CHECK(key_for_name(known, name) == normalize_key(name));
  CHECK(key_for_name(known, "abcdefgh300stuvwxyz") == "<none>");
  CHECK(key_for_name(known, "") == "<none>");
}

// What rules/lint_context.cpp's template index relies on to reuse a template's keys instead of
// computing them again: a heading's key is the section key of its title and of its display title
// alike (display_title is idempotent), and a box's key is its name's.
TEST_CASE("known texts: every heading and box key is the key of its text") {
  std::vector<std::string> bodies = fixture_bodies();
  bodies.insert(bodies.end(), kTrickyBodies.begin(), kTrickyBodies.end());
  REQUIRE(bodies.size() > 50);
  for (const std::string& body : bodies) {
    const IssueDocument document = parse_issue(body);
    for (std::size_t i = 1; i < document.sections.size(); ++i) {
      const Section& section = document.sections[i];
      INFO(section.title.str());
      CHECK(section.key == section_key(section.title));
      CHECK(section.key == section_key(section.display_title));
    }
    for (const Checkbox& box : document.checkboxes) {
      INFO(box.label.str());
      CHECK(box.key == normalize_key(box.name));
    }
  }
}

// A document parsed with known texts views their labels, names, keys and titles where the
// KnownTexts stored them: its own arena keeps them alive past the KnownTexts (ASan reads freed
// memory here otherwise), and learning more later moves none of them.
TEST_CASE("a document outlives the known texts it was parsed with", "[known_texts]") {
  const std::string body = kTrickyBodies[0];
  const IssueDocument plain = parse_issue(body);
  std::optional<IssueDocument> with;
  {
    auto known = std::make_unique<KnownTexts>();
    known->add_document(plain);
    with = parse_issue(body, known.get());
    const IssueDocument before = *with;
    for (const std::string& more : fixture_bodies()) known->add_document(parse_issue(more));
    require_same(*with, before);
  }
  const IssueDocument copy = *with;
  with.reset();
  require_same(copy, plain);
}

TEST_CASE("a copy of known texts answers as the original, from texts of its own", "[known_texts]") {
  std::vector<std::string> bodies = fixture_bodies();
  bodies.insert(bodies.end(), kTrickyBodies.begin(), kTrickyBodies.end());
  std::optional<KnownTexts> original = known_from(bodies);
  const KnownTexts copy = *original;
  CHECK(copy.size() == original->size());
  CHECK(copy.texts() != original->texts());
  std::vector<IssueDocument> from_original;
  for (const std::string& body : bodies) from_original.push_back(parse_issue(body, &*original));
  original.reset();
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    require_same(parse_issue(bodies[i], &copy), from_original[i]);
    require_same(from_original[i], parse_issue(bodies[i]));
  }
}

// A label's bold part names it only where the walker would take that part: starting before the
// name by at most the " \t:" it strips, with no keyed text before it, and running past the name
// by nothing else.
TEST_CASE("a bold label's entry names the box only where its bold part gives that name",
          "[known_texts]") {
  KnownTexts known;
  known.add_document(
      parse_issue("- [ ] 🆕 **New Table** - Creating a new table\n"
                  "- [ ] Other: **\\_\\_**\n"));
  const KnownTexts::BoldNaming* bold = known.bold_label("🆕 New Table - Creating a new table");
  REQUIRE(bold != nullptr);
  CHECK(bold->label.substr(bold->name_offset, bold->name_size) == "New Table");
  CHECK(bold->key == "new table");
  for (const char* body :
       {"- [ ] 🆕 **New Table** - Creating a new table\n",
        "- [ ] 🆕** New Table:** - Creating a new table\n",
        "- [ ] 🆕 **New** Table - Creating a new table\n",
        "- [ ] 🆕 **New Table -** Creating a new table\n",
        "- [ ] 🆕 New **Table** - Creating a new table\n",
        "- [ ] 🆕 New Table - **Creating** a new table\n",
        "- [ ] **🆕 New Table** - Creating a new table\n",
        "- [ ] **** 🆕 **New Table** - Creating a new table\n", "- [ ] Other: **\\_\\_**\n",
        "- [ ] **Other**: \\_\\_\n", "- [ ] **Other: \\_\\_**\n"}) {
    INFO(body);
    require_same(parse_issue(body, &known), parse_issue(body));
  }
}

// A look-up with a hint tries the entry after the last one found first: whichever entry it
// tries, it answers as the look-up without one, for texts met in the templates' order, in
// another order, repeated, edited, unknown, and in a copy (which keeps the entries' numbers).
TEST_CASE("known-text look-ups with a hint answer as those without", "[known_texts]") {
  std::vector<std::string> bodies = fixture_bodies();
  bodies.insert(bodies.end(), kTrickyBodies.begin(), kTrickyBodies.end());
  const KnownTexts original = known_from(bodies);
  const KnownTexts copy = original;
  std::vector<std::string> labels;
  std::vector<std::string> headings;
  for (const std::string& body : bodies) {
    const IssueDocument document = parse_issue(body);
    for (const Checkbox& box : document.checkboxes) {
      labels.push_back(box.label.str());
      labels.push_back(box.label.str() + " ");
      labels.push_back(box.label.str().substr(0, box.label.size() / 2));
    }
    for (std::size_t i = 1; i < document.sections.size(); ++i) {
      headings.push_back(document.sections[i].title.str());
      headings.push_back("x" + document.sections[i].title.str());
    }
  }
  std::mt19937 random(20261206);
  std::vector<std::string> shuffled = labels;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  labels.insert(labels.end(), shuffled.begin(), shuffled.end());
  shuffled = headings;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  headings.insert(headings.end(), shuffled.begin(), shuffled.end());
  std::size_t found = 0;
  for (const KnownTexts* known : {&original, &copy}) {
    KnownTexts::Hint boxes;
    KnownTexts::Hint titles;
    for (const std::string& label : labels) {
      INFO(label);
      const KnownTexts::LabelNaming* plain = known->label(label);
      CHECK(known->label(label, boxes) == plain);
      CHECK(known->bold_label(label, boxes) == known->bold_label(label));
      if (plain != nullptr) ++found;
    }
    for (const std::string& heading : headings) {
      INFO(heading);
      CHECK(known->heading(heading, titles) == known->heading(heading));
    }
  }
  CHECK(found > 200);
}
