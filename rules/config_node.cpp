#include "rules/config_node.h"

#include <yaml-cpp/yaml.h>

#include <cstring>

namespace issuelint {

namespace {

constexpr std::size_t kChunkSize = 4096;
// yaml-cpp's own parse limit, so that what it reads converts; it also stops a self-referencing
// alias, which yaml-cpp loads as a cycle.
constexpr int kMaxDepth = 2000;
// Far above any configuration (the built-in pack has ~1,500 nodes); stops an alias bomb, whose
// expansion would otherwise grow exponentially.
constexpr std::size_t kMaxNodes = 100'000;

}  // namespace

// --- ConfigTree ------------------------------------------------------------------------------

std::shared_ptr<ConfigTree> ConfigTree::make(ConfigNode::Kind kind) {
  auto tree = std::make_shared<ConfigTree>();
  tree->add(kind);
  return tree;
}

std::uint32_t ConfigTree::add(ConfigNode::Kind kind, int line, int column) {
  nodes_.push_back(Node{kind, line, column, {}, {}});
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void ConfigTree::set_text(std::uint32_t index, std::string_view text) {
  if (text.empty()) {
    nodes_[index].text = {};
    return;
  }
  char* copy = nullptr;
  if (text.size() > kChunkSize / 4) {  // a long text gets its own block, wasting no chunk
    chunks_.push_back(std::make_unique<char[]>(text.size()));
    copy = chunks_.back().get();
  } else {
    if (chunk_left_ < text.size()) {
      chunks_.push_back(std::make_unique<char[]>(kChunkSize));
      chunk_next_ = chunks_.back().get();
      chunk_left_ = kChunkSize;
    }
    copy = chunk_next_;
    chunk_next_ += text.size();
    chunk_left_ -= text.size();
  }
  std::memcpy(copy, text.data(), text.size());
  nodes_[index].text = std::string_view(copy, text.size());
}

// --- ConfigNode: reading ---------------------------------------------------------------------

ConfigNode::Kind ConfigNode::kind() const {
  return tree_ ? tree_->nodes_[index_].kind : Kind::undefined;
}

std::string_view ConfigNode::text() const {
  return is_scalar() ? tree_->nodes_[index_].text : std::string_view();
}

std::string ConfigNode::text_or(std::string_view fallback) const {
  return std::string(is_scalar() ? tree_->nodes_[index_].text : fallback);
}

std::size_t ConfigNode::size() const {
  switch (kind()) {
    case Kind::sequence:
      return tree_->nodes_[index_].children.size();
    case Kind::map:
      return tree_->nodes_[index_].children.size() / 2;
    default:
      return 0;
  }
}

ConfigNode ConfigNode::operator[](std::string_view key) const {
  if (!is_map()) return {};
  const auto& children = tree_->nodes_[index_].children;
  for (std::size_t at = 0; at + 1 < children.size(); at += 2) {
    const ConfigTree::Node& candidate = tree_->nodes_[children[at]];
    if (candidate.kind == Kind::scalar && candidate.text == key) {
      return ConfigNode(tree_, children[at + 1]);
    }
  }
  return {};
}

ConfigNode ConfigNode::item(std::size_t index) const {
  if (!is_sequence()) return {};
  const auto& children = tree_->nodes_[index_].children;
  return index < children.size() ? ConfigNode(tree_, children[index]) : ConfigNode();
}

ConfigNode::ItemRange ConfigNode::items() const {
  if (!is_sequence()) return ItemRange(*this, nullptr, nullptr);
  const auto& children = tree_->nodes_[index_].children;
  return ItemRange(*this, children.data(), children.data() + children.size());
}

ConfigNode::EntryRange ConfigNode::entries() const {
  if (!is_map()) return EntryRange(*this, nullptr, nullptr);
  const auto& children = tree_->nodes_[index_].children;
  return EntryRange(*this, children.data(), children.data() + children.size() / 2 * 2);
}

int ConfigNode::line() const { return tree_ ? tree_->nodes_[index_].line : -1; }
int ConfigNode::column() const { return tree_ ? tree_->nodes_[index_].column : -1; }

// --- ConfigNode: editing ---------------------------------------------------------------------

namespace {

std::uint32_t copy_node(const ConfigTree& from, std::uint32_t index, ConfigTree& to) {
  const ConfigTree::Node& source = from.node(index);
  const std::uint32_t copy = to.add(source.kind, source.line, source.column);
  to.set_text(copy, source.text);
  for (std::uint32_t child : source.children) {
    const std::uint32_t child_copy = copy_node(from, child, to);
    to.add_child(copy, child_copy);
  }
  return copy;
}

std::uint32_t scalar_node(ConfigTree& tree, std::string_view text) {
  const std::uint32_t index = tree.add(ConfigNode::Kind::scalar);
  tree.set_text(index, text);
  return index;
}

}  // namespace

ConfigNode ConfigNode::clone() const {
  if (!tree_) return {};
  auto tree = std::make_shared<ConfigTree>();
  copy_node(*tree_, index_, *tree);
  return tree->root();
}

void ConfigNode::set(std::string_view key, std::string_view text) {
  if (!is_map()) return;
  remove(key);
  const std::uint32_t key_index = scalar_node(*tree_, key);
  const std::uint32_t value_index = scalar_node(*tree_, text);
  tree_->add_child(index_, key_index);
  tree_->add_child(index_, value_index);
}

void ConfigNode::set(std::string_view key, int number) { set(key, std::to_string(number)); }

void ConfigNode::set(std::string_view key, const std::vector<std::string>& texts) {
  if (!is_map()) return;
  remove(key);
  const std::uint32_t key_index = scalar_node(*tree_, key);
  const std::uint32_t list = tree_->add(Kind::sequence);
  for (const std::string& text : texts) {
    const std::uint32_t item_index = scalar_node(*tree_, text);
    tree_->add_child(list, item_index);
  }
  tree_->add_child(index_, key_index);
  tree_->add_child(index_, list);
}

void ConfigNode::remove(std::string_view key) {
  if (!is_map()) return;
  auto& children = tree_->nodes_[index_].children;
  for (std::size_t at = 0; at + 1 < children.size(); at += 2) {
    const ConfigTree::Node& candidate = tree_->nodes_[children[at]];
    if (candidate.kind == Kind::scalar && candidate.text == key) {
      // The removed nodes stay in the tree, unreachable: edits are few and trees short-lived.
      children.erase(children.begin() + static_cast<std::ptrdiff_t>(at),
                     children.begin() + static_cast<std::ptrdiff_t>(at) + 2);
      return;
    }
  }
}

// --- From yaml-cpp ---------------------------------------------------------------------------

namespace {

class YamlConverter {
 public:
  YamlConverter(ConfigTree& tree, const std::string& source) : tree_(tree), source_(source) {}

  Result<std::uint32_t> convert(const YAML::Node& node, int depth) {
    const YAML::Mark mark = node.Mark();
    const int line = mark.is_null() ? -1 : mark.line;
    const int column = mark.is_null() ? -1 : mark.column;
    if (depth > kMaxDepth) {
      return too_much("nested more than 2000 levels deep (an alias inside itself?)", line, column);
    }
    if (tree_.node_count() >= kMaxNodes) {
      return too_much("over 100,000 nodes once its aliases are expanded", line, column);
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar: {
        const std::uint32_t index = tree_.add(ConfigNode::Kind::scalar, line, column);
        tree_.set_text(index, node.Scalar());
        return index;
      }
      case YAML::NodeType::Sequence: {
        const std::uint32_t index = tree_.add(ConfigNode::Kind::sequence, line, column);
        for (const auto& item : node) {
          auto child = convert(item, depth + 1);
          if (!child) return child.error();
          tree_.add_child(index, *child);
        }
        return index;
      }
      case YAML::NodeType::Map: {
        const std::uint32_t index = tree_.add(ConfigNode::Kind::map, line, column);
        for (const auto& entry : node) {
          auto key = convert(entry.first, depth + 1);
          if (!key) return key.error();
          auto value = convert(entry.second, depth + 1);
          if (!value) return value.error();
          tree_.add_child(index, *key);
          tree_.add_child(index, *value);
        }
        return index;
      }
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        break;
    }
    return tree_.add(ConfigNode::Kind::null, line, column);
  }

 private:
  Error too_much(const std::string& what, int line, int column) const {
    std::string where = source_;
    if (line >= 0) where += ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
    return make_error("the YAML is " + what, where);
  }

  ConfigTree& tree_;
  const std::string& source_;
};

}  // namespace

Result<ConfigNode> config_from_yaml(const YAML::Node& document, const std::string& source) {
  auto tree = std::make_shared<ConfigTree>();
  YamlConverter converter(*tree, source);
  auto root = converter.convert(document, 0);
  if (!root) return root.error();
  return tree->root();
}

}  // namespace issuelint
