// A read-only JSON tree for libpg_query's parse trees: one pass over the text into a flat
// array of nodes (no allocation per node, no key copies), values decoded only when asked for.
// A general JSON library built a std::map per object, which cost more than the SQL parse itself.
// Object members keep the order of the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace issuelint::sql {

class JsonTree;

// A handle on one value of a JsonTree; a missing value is a null handle, so look-ups chain
// ("node["relation"]["relname"]") without checks. Valid while its tree lives.
class JsonNode {
 public:
  JsonNode() = default;

  // The accessors a statement's facts call ~100 times are inline (below JsonTree): a call
  // each cost more than the test it made.
  inline bool is_null() const;  // missing, or JSON null
  bool is_object() const { return has_type(Type::object); }
  bool is_array() const { return has_type(Type::array); }
  bool is_string() const { return has_type(Type::string); }
  bool is_boolean() const { return has_type(Type::boolean); }
  bool is_integer() const;  // a number without fraction or exponent

  bool boolean() const;  // false unless a JSON true
  long long integer() const { return integer_if_integer().value_or(0); }  // 0 unless an integer
  // integer() when is_integer(), else nothing: a location's few digits are read in one pass,
  // where is_integer() and integer() each walked them (~120 instructions a location). Inline
  // for up to four digits, a location's: the call cost more than reading them.
  inline std::optional<long long> integer_if_integer() const;
  std::string string() const;  // unescaped; empty unless a string
  // The string as a view: into the tree's text, or, when it holds escapes, into `unescaped`,
  // which receives it (no copy for the ~30 names and kinds a statement's facts read).
  inline std::string_view string_as_view(std::string& unescaped) const;
  bool string_is(std::string_view text) const;
  inline std::string_view key() const;  // the member name, inside an object

  std::size_t size() const;  // members or elements; 0 for anything else
  bool empty() const { return size() == 0; }
  // A member, or null. Inline: called with a literal, the name's length and bytes are known
  // where it is compiled, so the compares are a few loads, not a call to memcmp a member.
  inline JsonNode operator[](std::string_view key) const;
  JsonNode operator[](std::size_t index) const;  // an element, or null
  bool contains(std::string_view key) const { return !(*this)[key].is_null(); }
  JsonNode first() const;  // the first member or element, or null
  JsonNode back() const;   // the last member or element, or null
  // Every member named `key` below this value, at any depth, in text order: one pass over
  // the flat node array instead of a walk through every object.
  std::vector<JsonNode> members_named(std::string_view key) const;

  class iterator {
   public:
    iterator(const JsonTree* tree, std::int32_t index) : tree_(tree), index_(index) {}
    JsonNode operator*() const { return JsonNode(tree_, index_); }
    inline iterator& operator++();
    bool operator==(const iterator& other) const { return index_ == other.index_; }

   private:
    const JsonTree* tree_;
    std::int32_t index_;
  };
  // The members (in text order) or the elements; nothing for a scalar or a null.
  iterator begin() const { return is_container() ? iterator(tree_, index_ + 1) : end(); }
  inline iterator end() const;

 private:
  friend class JsonTree;
  // The JsonTree::Type values, declared here so the inline accessors can name them.
  enum class Type : std::uint8_t { null, boolean, number, string, array, object };
  JsonNode(const JsonTree* tree, std::int32_t index) : tree_(tree), index_(index) {}
  inline bool has_type(Type type) const;
  bool is_container() const { return is_object() || is_array(); }
  inline std::int32_t subtree_end() const;
  inline std::string_view raw_value() const;
  std::string_view unescaped_into(std::string& unescaped) const;
  std::optional<long long> number_if_integer() const;  // integer_if_integer() beyond 4 digits

  const JsonTree* tree_ = nullptr;
  std::int32_t index_ = -1;
};

class JsonTree {
 public:
  // A null root when the text is not well-formed JSON.
  static std::shared_ptr<const JsonTree> parse(std::string text);

  // Reads `json` where it lies, without a copy (libpg_query's output: saves a malloc and a
  // memcpy of 1-2 KB per script). The byte after it must be a NUL, as after a C string, and
  // the bytes must outlive the tree unchanged. A null root when it is not well-formed JSON.
  explicit JsonTree(std::string_view json_before_nul);
  JsonTree() = default;
  JsonTree(const JsonTree&) = delete;  // the text may be the tree's own: no copies, no moves
  JsonTree& operator=(const JsonTree&) = delete;

  JsonNode root() const { return nodes_.empty() ? JsonNode() : JsonNode(this, 0); }

 private:
  friend class JsonNode;
  using Type = JsonNode::Type;
  struct Node {
    Type type = Type::null;
    bool escaped = false;         // a string holding backslash escapes
    std::uint32_t key_begin = 0;  // in text_, quotes excluded
    std::uint32_t key_length = 0;
    std::uint32_t value_begin = 0;  // scalars: the text (strings without quotes)
    std::uint32_t value_length = 0;
    std::int32_t end = 0;  // one past the last node of this value's subtree: the next sibling
  };
  void read();
  bool build();

  std::string owned_text_;  // what parse() was given; text_ views it
  std::string_view text_;   // followed by a NUL byte
  std::vector<Node> nodes_;
};

inline bool JsonNode::has_type(Type type) const {
  return tree_ != nullptr && tree_->nodes_[static_cast<std::size_t>(index_)].type == type;
}

inline bool JsonNode::is_null() const {
  return tree_ == nullptr || tree_->nodes_[static_cast<std::size_t>(index_)].type == Type::null;
}

inline std::int32_t JsonNode::subtree_end() const {
  return tree_->nodes_[static_cast<std::size_t>(index_)].end;
}

inline std::string_view JsonNode::raw_value() const {
  if (tree_ == nullptr) return {};
  const JsonTree::Node& node = tree_->nodes_[static_cast<std::size_t>(index_)];
  return tree_->text_.substr(node.value_begin, node.value_length);
}

inline std::string_view JsonNode::key() const {
  if (tree_ == nullptr) return {};
  const JsonTree::Node& node = tree_->nodes_[static_cast<std::size_t>(index_)];
  return tree_->text_.substr(node.key_begin, node.key_length);
}

inline std::string_view JsonNode::string_as_view(std::string& unescaped) const {
  if (!is_string()) return {};
  if (!tree_->nodes_[static_cast<std::size_t>(index_)].escaped) return raw_value();
  return unescaped_into(unescaped);
}

inline std::optional<long long> JsonNode::integer_if_integer() const {
  if (!has_type(Type::number)) return std::nullopt;
  const JsonTree::Node& node = tree_->nodes_[static_cast<std::size_t>(index_)];
  if (node.value_length == 0 || node.value_length > 4) return number_if_integer();
  const char* const digits = tree_->text_.data() + node.value_begin;
  long long value = 0;
  for (std::uint32_t at = 0; at < node.value_length; ++at) {
    if (digits[at] < '0' || digits[at] > '9') return number_if_integer();
    value = value * 10 + (digits[at] - '0');
  }
  return value;
}

inline JsonNode::iterator& JsonNode::iterator::operator++() {
  index_ = tree_->nodes_[static_cast<std::size_t>(index_)].end;
  return *this;
}

inline JsonNode::iterator JsonNode::end() const {
  return iterator(tree_, is_container() ? subtree_end() : -1);
}

// Always inline: with the name a constant, the compiler turns the memcmp into one or two word
// compares; GCC stopped inlining it into operation_builder.cpp once that file grew (+1.9 K
// instructions a flagship check, the call and a library memcmp per member tried).
[[gnu::always_inline]] inline JsonNode JsonNode::operator[](std::string_view name) const {
  if (tree_ == nullptr) return {};
  const std::vector<JsonTree::Node>& nodes = tree_->nodes_;
  const JsonTree::Node& object = nodes[static_cast<std::size_t>(index_)];
  if (object.type != JsonTree::Type::object) return {};
  // libpg_query writes member names without escapes, so the raw key is the name. Lengths and
  // first bytes tell most members apart before the bytes are compared (~90 look-ups a statement).
  const char* const text = tree_->text_.data();
  for (std::int32_t at = index_ + 1; at < object.end;
       at = nodes[static_cast<std::size_t>(at)].end) {
    const JsonTree::Node& member = nodes[static_cast<std::size_t>(at)];
    if (member.key_length != name.size()) continue;
    if (name.empty() || (text[member.key_begin] == name[0] &&
                         std::memcmp(text + member.key_begin, name.data(), name.size()) == 0)) {
      return JsonNode(tree_, at);
    }
  }
  return {};
}

}  // namespace issuelint::sql
