// A YAML document as issuelint reads it (template front matter, issue forms, packs, the
// repository's configuration): each node's kind, text, children and place, and nothing else.
// parse_yaml reads the text with libyaml, the C parser GitHub's own Ruby (Psych) is built on, so
// a template reads here as it reads on GitHub; the built-in packs never meet a YAML scanner at
// run time (their build-time trees decode straight into this form, rules/yaml_tree.h).
//
// Why not yaml-cpp: its Node allocates several objects per node, merges node sets on every
// insertion and converts each map key to a string on every lookup, and its scanner costs ~1,000
// instructions a byte. Loading the built-in pack through it was 6.7 M of the CLI's 10 M
// instructions and 60 % of its heap; scanning a 500-byte configuration took 0.45 M.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parser/result.h"

namespace issuelint {

class YamlTree;

// A handle on one node of a shared tree; copies are cheap and keep the tree alive. A default
// handle is "undefined": what a missing key reads as. Reading never throws.
class YamlNode {
 public:
  enum class Kind : unsigned char { undefined, null, scalar, sequence, map };
  struct Entry;
  template <typename Value>
  class Range;
  using ItemRange = Range<YamlNode>;
  using EntryRange = Range<Entry>;

  YamlNode() = default;

  Kind kind() const;
  bool is_defined() const { return kind() != Kind::undefined; }
  explicit operator bool() const { return is_defined(); }
  bool is_null() const { return kind() == Kind::null; }
  bool is_scalar() const { return kind() == Kind::scalar; }
  bool is_sequence() const { return kind() == Kind::sequence; }
  bool is_map() const { return kind() == Kind::map; }

  // A scalar's text; "" for any other node.
  std::string_view text() const;
  // A scalar's text when it lies in data that outlives every tree (the program's embedded files,
  // decoded by rules/yaml_tree.h): it may be viewed after the tree is gone. Nothing otherwise.
  std::optional<std::string_view> static_text() const;
  // A scalar's text, or `fallback` for any other node (a mapping, a list, null, absent).
  std::string text_or(std::string_view fallback) const;
  // A scalar read as a whole number or a boolean exactly as yaml-cpp's conversions read it
  // (`0x10` and `010` are 16 and 8; y/yes/true/on and n/no/false/off in lower, UPPER or
  // Capitalised case); nothing for anything else.
  std::optional<int> as_int() const;
  std::optional<bool> as_bool() const;
  // A scalar read as a boolean as Ruby's Psych (GitHub's reader of issue forms) reads it: only a
  // plain (unquoted) true/yes/on or false/no/off, in any case ("tRUE" too); `y`, `n` and every
  // quoted scalar ("true") are strings. Nothing for anything else, and for a built-in tree's
  // scalars, whose style is not kept.
  std::optional<bool> as_psych_bool() const;
  // A scalar written without quotes or a block indicator (`yes`, not `"yes"`), read from text.
  bool is_plain() const;

  // Items of a sequence or entries of a map; 0 for anything else.
  std::size_t size() const;
  // The value of the first entry whose key is the scalar `key`; undefined when there is none or
  // this is not a map.
  YamlNode operator[](std::string_view key) const;
  // Item `index` of a sequence; undefined when out of range or not a sequence.
  YamlNode item(std::size_t index) const;
  ItemRange items() const;     // a sequence's items; empty for anything else
  EntryRange entries() const;  // a map's entries in document order; empty for anything else

  // The place in the source file, 0-based like libyaml's marks; -1 when unknown (a node that
  // was set in code, or a built-in file's tree, which keeps no marks).
  int line() const;
  int column() const;

  // Editing, for rules assembled in code (template_rules.cpp). Edits change the tree every
  // handle on it shares, so they are made on a clone. Each setter replaces the key's first
  // entry or appends one; on a node that is not a map they do nothing.
  YamlNode clone() const;
  void set(std::string_view key, std::string_view text);
  void set(std::string_view key, int number);
  void set(std::string_view key, const std::vector<std::string>& texts);
  void remove(std::string_view key);

 private:
  friend class YamlTree;
  YamlNode(std::shared_ptr<YamlTree> tree, std::uint32_t index)
      : tree_(std::move(tree)), index_(index) {}
  YamlNode child(std::uint32_t index) const { return YamlNode(tree_, index); }
  void append(std::uint32_t key_index, std::uint32_t value_index);  // to this map's entries

  std::shared_ptr<YamlTree> tree_;
  std::uint32_t index_ = 0;
};

struct YamlNode::Entry {
  YamlNode key;
  YamlNode value;
};

// A node's children as handles: a sequence's items (one index each) or a map's entries (a key
// index and a value index each). For range-for: its iterators point into the range, which keeps
// the tree alive; an edit to the tree during the loop invalidates them.
template <typename Value>
class YamlNode::Range {
  static constexpr std::ptrdiff_t kStride = std::is_same_v<Value, Entry> ? 2 : 1;

 public:
  class iterator {
   public:
    iterator(const YamlNode* owner, const std::uint32_t* at) : owner_(owner), at_(at) {}
    Value operator*() const {
      if constexpr (kStride == 2) {
        return Entry{owner_->child(at_[0]), owner_->child(at_[1])};
      } else {
        return owner_->child(at_[0]);
      }
    }
    iterator& operator++() {
      at_ += kStride;
      return *this;
    }
    bool operator!=(const iterator& other) const { return at_ != other.at_; }

   private:
    const YamlNode* owner_;
    const std::uint32_t* at_;
  };
  iterator begin() const { return {&owner_, first_}; }
  iterator end() const { return {&owner_, last_}; }

 private:
  friend class YamlNode;
  Range(YamlNode owner, const std::uint32_t* first, const std::uint32_t* last)
      : owner_(std::move(owner)), first_(first), last_(last) {}
  YamlNode owner_;
  const std::uint32_t* first_;
  const std::uint32_t* last_;
};

// The nodes of one document, by index; node 0 is the root. Built by the functions below.
class YamlTree : public std::enable_shared_from_this<YamlTree> {
 public:
  // 32 bytes: the built-in pack is ~1,000 nodes, and every fresh heap page is a page fault.
  struct Node {
    const char* text_data = nullptr;  // a scalar's text: in the tree's chunks, or static data
    std::uint32_t text_size = 0;
    std::uint32_t first_child = 0;  // the children's slots are contiguous in slots_
    std::uint32_t child_count = 0;  // a sequence's items; a map's keys and values in turn
    std::int32_t line = -1;
    std::int32_t column = -1;
    YamlNode::Kind kind = YamlNode::Kind::null;
    bool static_text = false;  // text_data lies in the program's embedded data, not the tree's
    bool plain = false;        // a scalar read from text without quotes (YamlNode::is_plain)

    std::string_view text() const { return {text_data, text_size}; }
  };

  // Trees are made with std::make_shared (handles share them); node 0 is the root.
  YamlNode root() { return handle(0); }
  YamlNode handle(std::uint32_t index) { return YamlNode(shared_from_this(), index); }

  std::uint32_t add(YamlNode::Kind kind, int line = -1, int column = -1);
  // `text` must outlive every tree and every view of it (the embedded files' data is static).
  void set_static_text(std::uint32_t index, std::string_view text);
  void set_text(std::uint32_t index, std::string_view text);
  void set_plain(std::uint32_t index) { nodes_[index].plain = true; }

  const std::uint32_t* children_begin(std::uint32_t index) const {
    return slots_.data() + nodes_[index].first_child;
  }
  const std::uint32_t* children_end(std::uint32_t index) const {
    return children_begin(index) + nodes_[index].child_count;
  }
  // Gives `parent` `count` contiguous child slots at the end of the slot array (any it had are
  // left unused) and returns the first, for set_child. Its children may be added after it, so
  // a builder reserves a collection's slots before building what goes in them.
  std::uint32_t reserve_children(std::uint32_t parent, std::size_t count);
  void set_child(std::uint32_t slot, std::uint32_t child) { slots_[slot] = child; }
  // reserve_children and set_child for a list held elsewhere (never in this tree's slots).
  void set_children(std::uint32_t parent, const std::vector<std::uint32_t>& children);

  const Node& node(std::uint32_t index) const { return nodes_[index]; }
  std::size_t node_count() const { return nodes_.size(); }
  void reserve(std::size_t nodes, std::size_t slots) {
    nodes_.reserve(nodes);
    slots_.reserve(slots);
  }

 private:
  friend class YamlNode;
  void place_text(std::uint32_t index, std::string_view text);  // not static: the tree's own

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> slots_;  // every node's children, each node's in one run
  // Copied texts, packed into chunks: one allocation per few kilobytes, not per scalar.
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_left_ = 0;
  char* chunk_next_ = nullptr;
};

// The first document of `text` (an empty text is null), each node with its place; the lines of
// places and errors are counted from `first_line` (front matter starts on line 2). An alias
// shares its anchor's node. A syntax error, nesting deeper than 2000 levels, an alias inside
// its own anchor or a document over 100,000 nodes once aliases are expanded (an alias bomb) is
// an Error whose `where` is "source:line:column".
Result<YamlNode> parse_yaml(std::string_view text, const std::string& source, int first_line = 1);

// A key given twice in one mapping, anywhere under `node`: an Error at the second
// ("source:line:column"). YAML readers keep one of the two (Psych, GitHub's, the last; this
// reader's operator[] the first), so a setting would be silently lost or read otherwise than
// GitHub reads it. Every file issuelint reads YAML from (configuration, pack files, issue forms,
// front matter) is checked with it.
Status check_unique_keys(const YamlNode& node, const std::string& source);

// The same for a file that must hold one document (issuelint's configuration): a second one,
// after a `---`, would be ignored by parse_yaml; here it is an error at its start.
Result<YamlNode> parse_single_yaml_document(std::string_view text, const std::string& source);

}  // namespace issuelint
