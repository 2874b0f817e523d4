// A YAML document as the rules read it: each node's kind, text, children and place, and nothing
// else. yaml-cpp scans user files and is then left behind; the built-in packs never meet it at
// run time (their build-time trees decode straight into this form, yaml_tree.h).
//
// Why not keep yaml-cpp's Node: it allocates several objects per node, merges node sets on every
// insertion, and compares map keys by converting each one to a string. Loading the built-in
// pack through it was 6.7 M of the CLI's 10 M instructions and 60% of its heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parser/result.h"

namespace YAML {
class Node;
}

namespace issuelint {

class ConfigTree;

// A handle on one node of a shared tree; copies are cheap and keep the tree alive. A default
// handle is "undefined": what a missing key reads as. Reading never throws.
class ConfigNode {
 public:
  enum class Kind : unsigned char { undefined, null, scalar, sequence, map };
  struct Entry;
  template <typename Value>
  class Range;
  using ItemRange = Range<ConfigNode>;
  using EntryRange = Range<Entry>;

  ConfigNode() = default;

  Kind kind() const;
  bool is_defined() const { return kind() != Kind::undefined; }
  explicit operator bool() const { return is_defined(); }
  bool is_null() const { return kind() == Kind::null; }
  bool is_scalar() const { return kind() == Kind::scalar; }
  bool is_sequence() const { return kind() == Kind::sequence; }
  bool is_map() const { return kind() == Kind::map; }

  // A scalar's text; "" for any other node.
  std::string_view text() const;
  // A scalar's text, or `fallback` for any other node (a mapping, a list, null, absent).
  std::string text_or(std::string_view fallback) const;

  // Items of a sequence or entries of a map; 0 for anything else.
  std::size_t size() const;
  // The value of the first entry whose key is the scalar `key`; undefined when there is none or
  // this is not a map.
  ConfigNode operator[](std::string_view key) const;
  // Item `index` of a sequence; undefined when out of range or not a sequence.
  ConfigNode item(std::size_t index) const;
  ItemRange items() const;     // a sequence's items; empty for anything else
  EntryRange entries() const;  // a map's entries in document order; empty for anything else

  // The place in the source file, 0-based like yaml-cpp's marks; -1 when unknown (a node that
  // was set in code, or a built-in file's tree, which keeps no marks).
  int line() const;
  int column() const;

  // Editing, for rules assembled in code (template_rules.cpp). Edits change the tree every
  // handle on it shares, so they are made on a clone. Each setter replaces the key's first
  // entry or appends one; on a node that is not a map they do nothing.
  ConfigNode clone() const;
  void set(std::string_view key, std::string_view text);
  void set(std::string_view key, int number);
  void set(std::string_view key, const std::vector<std::string>& texts);
  void remove(std::string_view key);

 private:
  friend class ConfigTree;
  ConfigNode(std::shared_ptr<ConfigTree> tree, std::uint32_t index)
      : tree_(std::move(tree)), index_(index) {}
  ConfigNode child(std::uint32_t index) const { return ConfigNode(tree_, index); }

  std::shared_ptr<ConfigTree> tree_;
  std::uint32_t index_ = 0;
};

struct ConfigNode::Entry {
  ConfigNode key;
  ConfigNode value;
};

// A node's children as handles: a sequence's items (one index each) or a map's entries (a key
// index and a value index each).
template <typename Value>
class ConfigNode::Range {
  static constexpr std::ptrdiff_t kStride = std::is_same_v<Value, Entry> ? 2 : 1;

 public:
  class iterator {
   public:
    iterator(const ConfigNode* owner, const std::uint32_t* at) : owner_(owner), at_(at) {}
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
    const ConfigNode* owner_;
    const std::uint32_t* at_;
  };
  iterator begin() const { return {&owner_, first_}; }
  iterator end() const { return {&owner_, last_}; }

 private:
  friend class ConfigNode;
  Range(ConfigNode owner, const std::uint32_t* first, const std::uint32_t* last)
      : owner_(std::move(owner)), first_(first), last_(last) {}
  ConfigNode owner_;
  const std::uint32_t* first_;
  const std::uint32_t* last_;
};

// The nodes of one document, by index; node 0 is the root. Built by the functions below.
class ConfigTree : public std::enable_shared_from_this<ConfigTree> {
 public:
  struct Node {
    ConfigNode::Kind kind = ConfigNode::Kind::null;
    int line = -1;
    int column = -1;
    std::string_view text;                // a scalar's; points into texts_ or static data
    std::vector<std::uint32_t> children;  // a sequence's items; a map's keys and values in turn
  };

  // A new tree holding one node of `kind`; `root()` is it.
  static std::shared_ptr<ConfigTree> make(ConfigNode::Kind kind = ConfigNode::Kind::null);
  ConfigNode root() { return handle(0); }
  ConfigNode handle(std::uint32_t index) { return ConfigNode(shared_from_this(), index); }

  std::uint32_t add(ConfigNode::Kind kind, int line = -1, int column = -1);
  // `text` must outlive the tree (the embedded files' data is static).
  void set_static_text(std::uint32_t index, std::string_view text) { nodes_[index].text = text; }
  void set_text(std::uint32_t index, std::string_view text);
  void add_child(std::uint32_t parent, std::uint32_t child) {
    nodes_[parent].children.push_back(child);
  }
  Node& node(std::uint32_t index) { return nodes_[index]; }
  const Node& node(std::uint32_t index) const { return nodes_[index]; }
  std::size_t node_count() const { return nodes_.size(); }
  void reserve(std::size_t count) { nodes_.reserve(count); }

 private:
  friend class ConfigNode;
  std::vector<Node> nodes_;
  // Copied texts, packed into chunks: one allocation per few kilobytes, not per scalar.
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_left_ = 0;
  char* chunk_next_ = nullptr;
};

// yaml-cpp's document as a tree, marks kept. Aliases are expanded, so the depth is bounded (a
// self-referencing alias) and so is the size (an alias bomb): either is an Error at its place.
Result<ConfigNode> config_from_yaml(const YAML::Node& document, const std::string& source);

}  // namespace issuelint
