#include "rules/yaml_tree.h"

#include <yaml-cpp/yaml.h>

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

// The same depth bound as the decoder's, so that a pack the build accepts always loads (and a
// self-referencing alias is an error with a place, not endless recursion).
Status encode_node(const YAML::Node& node, std::string& out, int depth) {
  if (depth > kMaxDepth) {
    const YAML::Mark mark = node.Mark();
    return make_error("nested more than " + std::to_string(kMaxDepth) + " levels deep",
                      std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1));
  }
  switch (node.Type()) {
    case YAML::NodeType::Null:
      out.push_back(kNull);
      put_text(out, node.Tag());
      return Ok{};
    case YAML::NodeType::Scalar:
      out.push_back(kScalar);
      put_text(out, node.Tag());
      put_text(out, node.Scalar());
      return Ok{};
    case YAML::NodeType::Sequence:
      out.push_back(kSequence);
      put_text(out, node.Tag());
      put_size(out, node.size());
      for (const auto& item : node) {
        if (auto ok = encode_node(item, out, depth + 1); !ok) return ok;
      }
      return Ok{};
    case YAML::NodeType::Map: {
      out.push_back(kMap);
      put_text(out, node.Tag());
      put_size(out, node.size());
      std::set<std::string> keys;
      for (const auto& entry : node) {
        if (entry.first.IsScalar() && !keys.insert(entry.first.Scalar()).second) {
          const YAML::Mark mark = entry.first.Mark();
          return make_error("duplicate key '" + entry.first.Scalar() + "'",
                            std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1));
        }
        if (auto ok = encode_node(entry.first, out, depth + 1); !ok) return ok;
        if (auto ok = encode_node(entry.second, out, depth + 1); !ok) return ok;
      }
      return Ok{};
    }
    case YAML::NodeType::Undefined:
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
bool decode_node(ConfigTree& tree, TreeReader& in, int depth, std::uint32_t& index) {
  char kind = 0;
  std::string_view tag;  // not kept: no reader asks for a tag
  if (depth > kMaxDepth || !in.read_kind(kind) || !in.read_text(tag)) return false;
  std::size_t count = 0;
  switch (kind) {
    case kNull:
      index = tree.add(ConfigNode::Kind::null);
      return true;
    case kScalar: {
      std::string_view text;
      if (!in.read_text(text)) return false;
      index = tree.add(ConfigNode::Kind::scalar);
      tree.set_static_text(index, text);
      return true;
    }
    case kSequence:
    case kMap: {
      if (!in.read_size(count)) return false;
      const bool map = kind == kMap;
      if (map && count > std::numeric_limits<std::size_t>::max() / 2) return false;
      index = tree.add(map ? ConfigNode::Kind::map : ConfigNode::Kind::sequence);
      const std::size_t children = map ? count * 2 : count;
      // Every child takes at least two bytes, so a count the data cannot hold is corrupt.
      if (children > in.left()) return false;
      tree.node(index).children.reserve(children);
      for (std::size_t i = 0; i < children; ++i) {
        std::uint32_t child = 0;
        if (!decode_node(tree, in, depth + 1, child)) return false;
        tree.add_child(index, child);
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

Result<std::string> encode_tree(const YAML::Node& node) {
  std::string out;
  if (auto ok = encode_node(node, out, 0); !ok) return ok.error();
  return out;
}

Result<ConfigNode> decode_tree(std::string_view data) {
  TreeReader in(data);
  auto tree = std::make_shared<ConfigTree>();
  tree->reserve(data.size() / 20);  // the packs take 23-29 bytes of encoding a node
  std::uint32_t root = 0;
  if (!decode_node(*tree, in, 0, root) || !in.at_end()) {
    return make_error("corrupt pre-parsed YAML tree");
  }
  return tree->root();
}

}  // namespace issuelint::yaml
