#include "rules/yaml_tree.h"

#include <limits>
#include <set>

namespace issuelint::yaml {

namespace {

// One byte per node kind, then its tag, then its contents; sizes are LEB128.
constexpr char kNull = '~';
constexpr char kScalar = 's';
constexpr char kSequence = '[';
constexpr char kMap = '{';
// Deeper than any pack; bounds the decoder's recursion on corrupt data.
constexpr int kMaxDepth = 64;

void put_size(std::string& out, std::size_t size) {
  do {
    const auto low = static_cast<unsigned char>(size & 0x7f);
    size >>= 7;
    out.push_back(static_cast<char>(size == 0 ? low : (low | 0x80)));
  } while (size != 0);
}

void put_text(std::string& out, std::string_view text) {
  put_size(out, text.size());
  out.append(text);
}

std::string place_of(const YamlNode& node) {
  return std::to_string(node.line() + 1) + ":" + std::to_string(node.column() + 1);
}

// The same depth bound as the decoder's, so that a pack the build accepts always loads.
Status encode_node(const YamlNode& node, std::string& out, int depth) {
  if (depth > kMaxDepth) {
    return make_error("nested more than " + std::to_string(kMaxDepth) + " levels deep",
                      place_of(node));
  }
  switch (node.kind()) {
    case YamlNode::Kind::null:
      out.push_back(kNull);
      put_text(out, "");  // the tag: the format keeps a place for one, none is kept
      return Ok{};
    case YamlNode::Kind::scalar:
      out.push_back(kScalar);
      put_text(out, "");
      put_text(out, node.text());
      return Ok{};
    case YamlNode::Kind::sequence:
      out.push_back(kSequence);
      put_text(out, "");
      put_size(out, node.size());
      for (const YamlNode& item : node.items()) {
        if (auto ok = encode_node(item, out, depth + 1); !ok) return ok;
      }
      return Ok{};
    case YamlNode::Kind::map: {
      out.push_back(kMap);
      put_text(out, "");
      put_size(out, node.size());
      std::set<std::string_view> keys;
      for (const auto& entry : node.entries()) {
        if (entry.key.is_scalar() && !keys.insert(entry.key.text()).second) {
          return make_error("duplicate key '" + std::string(entry.key.text()) + "'",
                            place_of(entry.key));
        }
        if (auto ok = encode_node(entry.key, out, depth + 1); !ok) return ok;
        if (auto ok = encode_node(entry.value, out, depth + 1); !ok) return ok;
      }
      return Ok{};
    }
    case YamlNode::Kind::undefined:
      break;
  }
  return make_error("an undefined node cannot be encoded");
}

class TreeReader {
 public:
  explicit TreeReader(std::string_view data) : data_(data) {}

  bool at_end() const { return position_ == data_.size(); }
  std::size_t left() const { return data_.size() - position_; }

  bool read_kind(char& kind) {
    if (at_end()) return false;
    kind = data_[position_++];
    return true;
  }

  bool read_size(std::size_t& size) {
    size = 0;
    for (int shift = 0; shift < 64 && !at_end(); shift += 7) {
      const auto byte = static_cast<unsigned char>(data_[position_++]);
      size |= static_cast<std::size_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return size <= data_.size();  // no count exceeds the data
    }
    return false;
  }

  bool read_text(std::string_view& text) {
    std::size_t size = 0;
    if (!read_size(size) || size > data_.size() - position_) return false;
    text = data_.substr(position_, size);
    position_ += size;
    return true;
  }

 private:
  std::string_view data_;
  std::size_t position_ = 0;
};

// Adds the node at `in` and its children to `tree`; texts are views into the data.
bool decode_node(YamlTree& tree, TreeReader& in, int depth, std::uint32_t& index) {
  char kind = 0;
  std::string_view tag;  // not kept: no reader asks for a tag
  if (depth > kMaxDepth || !in.read_kind(kind) || !in.read_text(tag)) return false;
  std::size_t count = 0;
  switch (kind) {
    case kNull:
      index = tree.add(YamlNode::Kind::null);
      return true;
    case kScalar: {
      std::string_view text;
      if (!in.read_text(text)) return false;
      index = tree.add(YamlNode::Kind::scalar);
      tree.set_static_text(index, text);
      return true;
    }
    case kSequence:
    case kMap: {
      if (!in.read_size(count)) return false;
      const bool map = kind == kMap;
      if (map && count > std::numeric_limits<std::size_t>::max() / 2) return false;
      index = tree.add(map ? YamlNode::Kind::map : YamlNode::Kind::sequence);
      const std::size_t children = map ? count * 2 : count;
      // Every child takes at least two bytes, so a count the data cannot hold is corrupt.
      if (children > in.left()) return false;
      std::uint32_t slot = tree.reserve_children(index, children);
      for (std::size_t i = 0; i < children; ++i) {
        std::uint32_t child = 0;
        if (!decode_node(tree, in, depth + 1, child)) return false;
        tree.set_child(slot++, child);
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

Result<std::string> encode_tree(const YamlNode& node) {
  std::string out;
  if (auto ok = encode_node(node, out, 0); !ok) return ok.error();
  return out;
}

Result<YamlNode> decode_tree(std::string_view data) {
  TreeReader in(data);
  auto tree = std::make_shared<YamlTree>();
  tree->reserve(data.size() / 20, data.size() / 20);  // the packs take 23-29 bytes a node
  std::uint32_t root = 0;
  if (!decode_node(*tree, in, 0, root) || !in.at_end()) {
    return make_error("corrupt pre-parsed YAML tree");
  }
  return tree->root();
}

}  // namespace issuelint::yaml
