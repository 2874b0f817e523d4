#include "parser/yaml_node.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <unordered_map>

namespace issuelint {

namespace {

constexpr std::size_t kChunkSize = 4096;
// Nesting deeper than this is refused, as yaml-cpp (the reader before libyaml) refused it:
// libyaml itself has no bound, and readers of the tree recurse.
constexpr std::size_t kMaxDepth = 2000;
// Far above any configuration (the built-in pack has ~1,500 nodes); stops an alias bomb, whose
// expansion would otherwise grow exponentially.
constexpr std::uint64_t kMaxNodes = 100'000;

}  // namespace

// --- YamlTree ------------------------------------------------------------------------------

std::uint32_t YamlTree::add(YamlNode::Kind kind, int line, int column) {
  Node node;
  node.kind = kind;
  node.line = line;
  node.column = column;
  nodes_.push_back(node);
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void YamlTree::set_static_text(std::uint32_t index, std::string_view text) {
  place_text(index, text);
  nodes_[index].static_text = true;
}

void YamlTree::place_text(std::uint32_t index, std::string_view text) {
  nodes_[index].text_data = text.data();
  nodes_[index].text_size = static_cast<std::uint32_t>(text.size());
  nodes_[index].static_text = false;
}

std::uint32_t YamlTree::reserve_children(std::uint32_t parent, std::size_t count) {
  const auto first = static_cast<std::uint32_t>(slots_.size());
  slots_.resize(slots_.size() + count);
  nodes_[parent].first_child = first;
  nodes_[parent].child_count = static_cast<std::uint32_t>(count);
  return first;
}

void YamlTree::set_children(std::uint32_t parent, const std::vector<std::uint32_t>& children) {
  const std::uint32_t first = reserve_children(parent, children.size());
  std::copy(children.begin(), children.end(), slots_.begin() + first);
}

void YamlTree::set_text(std::uint32_t index, std::string_view text) {
  if (text.empty()) {
    place_text(index, {});
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
  place_text(index, std::string_view(copy, text.size()));
}

// --- YamlNode: reading ---------------------------------------------------------------------

YamlNode::Kind YamlNode::kind() const {
  return tree_ ? tree_->nodes_[index_].kind : Kind::undefined;
}

std::string_view YamlNode::text() const {
  return is_scalar() ? tree_->nodes_[index_].text() : std::string_view();
}

std::optional<std::string_view> YamlNode::static_text() const {
  if (!is_scalar() || !tree_->nodes_[index_].static_text) return std::nullopt;
  return tree_->nodes_[index_].text();
}

std::string YamlNode::text_or(std::string_view fallback) const {
  return std::string(is_scalar() ? tree_->nodes_[index_].text() : fallback);
}

std::size_t YamlNode::size() const {
  switch (kind()) {
    case Kind::sequence:
      return tree_->nodes_[index_].child_count;
    case Kind::map:
      return tree_->nodes_[index_].child_count / 2;
    default:
      return 0;
  }
}

YamlNode YamlNode::operator[](std::string_view key) const {
  if (!is_map()) return {};
  const std::uint32_t* end = tree_->children_end(index_);
  for (const std::uint32_t* at = tree_->children_begin(index_); at + 1 < end; at += 2) {
    const YamlTree::Node& candidate = tree_->nodes_[at[0]];
    if (candidate.kind == Kind::scalar && candidate.text() == key) return YamlNode(tree_, at[1]);
  }
  return {};
}

YamlNode YamlNode::item(std::size_t index) const {
  if (!is_sequence() || index >= tree_->nodes_[index_].child_count) return {};
  return YamlNode(tree_, tree_->children_begin(index_)[index]);
}

YamlNode::ItemRange YamlNode::items() const {
  if (!is_sequence()) return ItemRange(*this, nullptr, nullptr);
  return ItemRange(*this, tree_->children_begin(index_), tree_->children_end(index_));
}

YamlNode::EntryRange YamlNode::entries() const {
  if (!is_map()) return EntryRange(*this, nullptr, nullptr);
  const std::uint32_t* first = tree_->children_begin(index_);
  return EntryRange(*this, first, first + size() * 2);
}

int YamlNode::line() const { return tree_ ? tree_->nodes_[index_].line : -1; }
int YamlNode::column() const { return tree_ ? tree_->nodes_[index_].column : -1; }

// --- YamlNode: editing ---------------------------------------------------------------------

namespace {

std::uint32_t copy_node(const YamlTree& from, std::uint32_t index, YamlTree& to) {
  const YamlTree::Node& source = from.node(index);
  const std::uint32_t copy = to.add(source.kind, source.line, source.column);
  to.set_text(copy, source.text());
  if (source.plain) to.set_plain(copy);
  std::uint32_t slot = to.reserve_children(copy, source.child_count);
  for (const std::uint32_t* child = from.children_begin(index); child != from.children_end(index);
       ++child) {
    const std::uint32_t child_copy = copy_node(from, *child, to);
    to.set_child(slot++, child_copy);
  }
  return copy;
}

std::uint32_t scalar_node(YamlTree& tree, std::string_view text) {
  const std::uint32_t index = tree.add(YamlNode::Kind::scalar);
  tree.set_text(index, text);
  return index;
}

}  // namespace

YamlNode YamlNode::clone() const {
  if (!tree_) return {};
  auto tree = std::make_shared<YamlTree>();
  copy_node(*tree_, index_, *tree);
  return tree->root();
}

void YamlNode::append(std::uint32_t key_index, std::uint32_t value_index) {
  std::vector<std::uint32_t> children(tree_->children_begin(index_), tree_->children_end(index_));
  children.push_back(key_index);
  children.push_back(value_index);
  tree_->set_children(index_, children);
}

void YamlNode::set(std::string_view key, std::string_view text) {
  if (!is_map()) return;
  remove(key);
  const std::uint32_t key_index = scalar_node(*tree_, key);
  append(key_index, scalar_node(*tree_, text));
}

void YamlNode::set(std::string_view key, int number) { set(key, std::to_string(number)); }

void YamlNode::set(std::string_view key, const std::vector<std::string>& texts) {
  if (!is_map()) return;
  remove(key);
  const std::uint32_t key_index = scalar_node(*tree_, key);
  const std::uint32_t list = tree_->add(Kind::sequence);
  std::vector<std::uint32_t> items;
  items.reserve(texts.size());
  for (const std::string& text : texts) items.push_back(scalar_node(*tree_, text));
  tree_->set_children(list, items);
  append(key_index, list);
}

void YamlNode::remove(std::string_view key) {
  if (!is_map()) return;
  std::vector<std::uint32_t> children(tree_->children_begin(index_), tree_->children_end(index_));
  for (std::size_t at = 0; at + 1 < children.size(); at += 2) {
    const YamlTree::Node& candidate = tree_->nodes_[children[at]];
    if (candidate.kind == Kind::scalar && candidate.text() == key) {
      // The removed nodes, and the old slots, stay in the tree unreachable: edits are few and
      // trees short-lived.
      children.erase(children.begin() + static_cast<std::ptrdiff_t>(at),
                     children.begin() + static_cast<std::ptrdiff_t>(at) + 2);
      tree_->set_children(index_, children);
      return;
    }
  }
}

// --- Conversions, as yaml-cpp's ------------------------------------------------------------

namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// yaml-cpp's IsFlexibleCase: lowercase, UPPERCASE or Capitalised.
bool flexible_case(std::string_view text) {
  if (text.empty() || std::all_of(text.begin(), text.end(), is_lower)) return true;
  const std::string_view rest = text.substr(1);
  return is_upper(text[0]) && (std::all_of(rest.begin(), rest.end(), is_lower) ||
                               std::all_of(rest.begin(), rest.end(), is_upper));
}

}  // namespace

std::optional<int> YamlNode::as_int() const {
  if (!is_scalar()) return std::nullopt;
  // The stream yaml-cpp reads through: no fixed base (0x.. is hex, 0.. octal), nothing but
  // whitespace after the number.
  std::stringstream stream{std::string(text())};
  stream.unsetf(std::ios::dec);
  int value = 0;
  if ((stream >> std::noskipws >> value) && (stream >> std::ws).eof()) return value;
  return std::nullopt;
}

bool YamlNode::is_plain() const { return is_scalar() && tree_->nodes_[index_].plain; }

std::optional<bool> YamlNode::as_psych_bool() const {
  if (!is_plain()) return std::nullopt;
  std::string lower(text());
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; });
  if (lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "no" || lower == "off") return false;
  return std::nullopt;
}

std::optional<bool> YamlNode::as_bool() const {
  if (!is_scalar() || !flexible_case(text())) return std::nullopt;
  std::string lower(text());
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; });
  for (const auto& [yes, no] : {std::pair{"y", "n"}, std::pair{"yes", "no"},
                                std::pair{"true", "false"}, std::pair{"on", "off"}}) {
    if (lower == yes) return true;
    if (lower == no) return false;
  }
  return std::nullopt;
}

// --- Reading YAML text (libyaml) -------------------------------------------------------------

namespace {

// A plain scalar that YAML's core schema reads as null, as yaml-cpp and Psych read it.
bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

class YamlLoader {
 public:
  YamlLoader(std::string_view text, const std::string& source, int first_line)
      : text_(text), source_(source), line_offset_(first_line - 1) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~YamlLoader() { yaml_parser_delete(&parser_); }
  YamlLoader(const YamlLoader&) = delete;
  YamlLoader& operator=(const YamlLoader&) = delete;

  // After load(): whether another document follows the one read (its start, if so).
  std::optional<yaml_mark_t> next_document() {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser_, &event)) return std::nullopt;
    std::optional<yaml_mark_t> start;
    if (event.type == YAML_DOCUMENT_START_EVENT) start = event.start_mark;
    yaml_event_delete(&event);
    return start;
  }

  Error error_at_document(const std::string& what, const yaml_mark_t& mark) const {
    return error_at(what, mark);
  }

  Result<YamlNode> load() {
    bool document_seen = false;
    while (true) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser_, &event)) return syntax_error();
      Status handled = Ok{};
      bool finished = false;
      switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
          document_seen = true;
          break;
        case YAML_SCALAR_EVENT:
          handled = on_scalar(event);
          break;
        case YAML_SEQUENCE_START_EVENT:
          handled = on_open(event, YamlNode::Kind::sequence, event.data.sequence_start.anchor);
          break;
        case YAML_MAPPING_START_EVENT:
          handled = on_open(event, YamlNode::Kind::map, event.data.mapping_start.anchor);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          handled = on_close();
          break;
        case YAML_ALIAS_EVENT:
          handled = on_alias(event);
          break;
        case YAML_DOCUMENT_END_EVENT:  // the first document is the one read, as yaml-cpp's Load
        case YAML_STREAM_END_EVENT:
          finished = true;
          break;
        default:
          break;
      }
      yaml_event_delete(&event);
      if (!handled) return handled.error();
      if (finished) break;
    }
    if (!document_seen || tree_->node_count() == 0) {
      tree_ = std::make_shared<YamlTree>();
      tree_->add(YamlNode::Kind::null);
    }
    return tree_->root();
  }

 private:
  struct Open {
    std::uint32_t index;
    std::string anchor;  // "" when it has none
  };

  std::uint32_t add_node(YamlNode::Kind kind, const yaml_mark_t& mark) {
    const std::uint32_t index =
        tree_->add(kind, line_offset_ + static_cast<int>(mark.line), static_cast<int>(mark.column));
    expanded_.push_back(1);
    return index;
  }

  Status on_scalar(const yaml_event_t& event) {
    const auto& scalar = event.data.scalar;
    const std::string_view value(reinterpret_cast<const char*>(scalar.value), scalar.length);
    const bool null =
        scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.tag == nullptr && is_null_text(value);
    const std::uint32_t index =
        add_node(null ? YamlNode::Kind::null : YamlNode::Kind::scalar, event.start_mark);
    if (!null) tree_->set_text(index, value);
    if (scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.tag == nullptr) tree_->set_plain(index);
    // YAML 1.1's merge key, which Psych (GitHub's reader) honours: only a plain, untagged `<<`.
    if (scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.tag == nullptr && value == "<<") {
      merge_keys_.push_back(index);
    }
    remember(scalar.anchor, index);
    return attach(index);
  }

  Status on_open(const yaml_event_t& event, YamlNode::Kind kind, const yaml_char_t* anchor) {
    if (open_.size() >= kMaxDepth) {
      return error_at("nested too deeply (the YAML reader stops at 2000 levels)", event.start_mark);
    }
    const std::uint32_t index = add_node(kind, event.start_mark);
    open_.push_back(Open{index, anchor ? reinterpret_cast<const char*>(anchor) : ""});
    // Children arrive interleaved with their own children: each open collection gathers its
    // list here (one list per depth, reused) and moves it into the tree when it closes.
    if (pending_.size() < open_.size()) pending_.emplace_back();
    pending_[open_.size() - 1].clear();
    return Ok{};
  }

  Status on_close() {
    const Open closed = open_.back();
    std::vector<std::uint32_t>& children = pending_[open_.size() - 1];
    if (tree_->node(closed.index).kind == YamlNode::Kind::map && !merge_keys_.empty()) {
      merge_into(children);
    }
    tree_->set_children(closed.index, children);
    open_.pop_back();
    if (!closed.anchor.empty()) anchors_[closed.anchor] = closed.index;
    return attach(closed.index);
  }

  Status on_alias(const yaml_event_t& event) {
    const std::string name = reinterpret_cast<const char*>(event.data.alias.anchor);
    const bool inside_itself = std::any_of(open_.begin(), open_.end(),
                                           [&](const Open& open) { return open.anchor == name; });
    if (inside_itself) {
      return error_at("the alias *" + name + " is inside its own anchor", event.start_mark);
    }
    const auto found = anchors_.find(name);
    if (found == anchors_.end()) {
      return error_at("the alias *" + name + " names no anchor before it", event.start_mark);
    }
    aliases_seen_ = true;
    return attach(found->second);
  }

  bool is_merge_key(std::uint32_t index) const {
    return std::find(merge_keys_.begin(), merge_keys_.end(), index) != merge_keys_.end();
  }

  // The maps a `<<` entry's value brings in: one map, or a list of maps; nothing when it is
  // neither (the entry then stays an ordinary one, as Psych keeps it).
  std::optional<std::vector<std::uint32_t>> merged_maps(std::uint32_t value) const {
    const YamlTree::Node& node = tree_->node(value);
    if (node.kind == YamlNode::Kind::map) return std::vector<std::uint32_t>{value};
    if (node.kind != YamlNode::Kind::sequence) return std::nullopt;
    std::vector<std::uint32_t> maps(tree_->children_begin(value), tree_->children_end(value));
    for (std::uint32_t map : maps) {
      if (tree_->node(map).kind != YamlNode::Kind::map) return std::nullopt;
    }
    return maps;
  }

  // A map's `<<: *base` (or `<<: [*a, *b]`) entries replaced by the entries they bring in, at
  // their place: a key the map gives itself wins over a merged one wherever it stands, and an
  // earlier merged map wins over a later one (YAML's merge key type, as Psych reads it).
  void merge_into(std::vector<std::uint32_t>& children) {
    std::vector<std::string_view> taken;  // the keys the map gives itself, then merged keys
    for (std::size_t at = 0; at + 1 < children.size(); at += 2) {
      const YamlTree::Node& key = tree_->node(children[at]);
      if (key.kind == YamlNode::Kind::scalar && !is_merge_key(children[at])) {
        taken.push_back(key.text());
      }
    }
    std::vector<std::uint32_t> merged;
    merged.reserve(children.size());
    for (std::size_t at = 0; at + 1 < children.size(); at += 2) {
      const auto maps = is_merge_key(children[at]) ? merged_maps(children[at + 1]) : std::nullopt;
      if (!maps) {
        merged.insert(merged.end(), {children[at], children[at + 1]});
        continue;
      }
      for (std::uint32_t map : *maps) {
        const std::uint32_t* end = tree_->children_end(map);
        for (const std::uint32_t* entry = tree_->children_begin(map); entry + 1 < end; entry += 2) {
          const YamlTree::Node& key = tree_->node(entry[0]);
          if (key.kind == YamlNode::Kind::scalar) {
            if (std::find(taken.begin(), taken.end(), key.text()) != taken.end()) continue;
            taken.push_back(key.text());
          }
          merged.insert(merged.end(), {entry[0], entry[1]});
        }
      }
    }
    children = std::move(merged);
  }

  void remember(const yaml_char_t* anchor, std::uint32_t index) {
    if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = index;
  }

  // Makes `index` the next child of the open collection (the root is node 0, added first).
  // A collection's expanded size is complete when it closes and is added to its parent's then,
  // so an alias bomb is refused at the first collection that grows past the bound.
  Status attach(std::uint32_t index) {
    if (open_.empty()) return Ok{};
    const std::uint32_t parent = open_.back().index;
    pending_[open_.size() - 1].push_back(index);
    expanded_[parent] += expanded_[index];
    if (expanded_[parent] > kMaxNodes) {
      const YamlTree::Node& node = tree_->node(parent);
      // Without an alias the file itself is that large: say so, not an alias bomb.
      return make_error(aliases_seen_ ? "invalid YAML: over 100,000 nodes once its aliases are "
                                        "expanded"
                                      : "invalid YAML: over 100,000 nodes (too large to read)",
                        place(node.line, node.column));
    }
    return Ok{};
  }

  Error error_at(const std::string& what, const yaml_mark_t& mark) const {
    return make_error("invalid YAML: " + what, place(line_offset_ + static_cast<int>(mark.line),
                                                     static_cast<int>(mark.column)));
  }

  // `line` counted from the file's start, 0-based, like the tree's.
  std::string place(int line, int column) const {
    return source_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
  }

  Error syntax_error() const {
    std::string what = parser_.problem != nullptr ? parser_.problem : "unreadable";
    if (parser_.context != nullptr) what += " " + std::string(parser_.context);
    if (parser_.error == YAML_READER_ERROR) {  // bad bytes: libyaml gives an offset, no mark
      const std::size_t offset = std::min(parser_.problem_offset, text_.size());
      const std::string_view before = text_.substr(0, offset);
      const auto line = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      const std::size_t line_start = before.rfind('\n');
      const std::size_t column =
          line_start == std::string_view::npos ? offset : offset - line_start - 1;
      return make_error("invalid YAML: " + what,
                        place(line_offset_ + line, static_cast<int>(column)));
    }
    // A quote never closed is found at the end of the stream (or of the document): the place to
    // fix is where it opens.
    if (parser_.context != nullptr &&
        std::string_view(parser_.context) == "while scanning a quoted scalar") {
      return error_at(
          "a quoted scalar that opens here is not closed (" + what + " at line " +
              std::to_string(line_offset_ + static_cast<int>(parser_.problem_mark.line) + 1) + ")",
          parser_.context_mark);
    }
    return error_at(what, parser_.problem_mark);
  }

  std::string_view text_;
  const std::string& source_;
  int line_offset_;
  yaml_parser_t parser_{};
  std::shared_ptr<YamlTree> tree_ = std::make_shared<YamlTree>();
  std::vector<Open> open_;
  std::vector<std::vector<std::uint32_t>> pending_;  // by depth: the open collections' children
  std::vector<std::uint64_t> expanded_;  // by node index: its size with aliases expanded
  std::unordered_map<std::string, std::uint32_t> anchors_;
  std::vector<std::uint32_t> merge_keys_;  // the plain `<<` keys read so far (rare: a list)
  bool aliases_seen_ = false;
};

}  // namespace

Status check_unique_keys(const YamlNode& node, const std::string& source) {
  if (node.is_sequence()) {
    for (const YamlNode& item : node.items()) {
      if (auto ok = check_unique_keys(item, source); !ok) return ok;
    }
    return Ok{};
  }
  if (!node.is_map()) return Ok{};
  std::vector<std::string_view> seen;  // a mapping holds a few keys: a scan beats a set
  for (const auto& entry : node.entries()) {
    const std::string_view key = entry.key.text();
    if (entry.key.is_scalar()) {
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        std::string place = source;
        if (entry.key.line() >= 0) {
          place += ":" + std::to_string(entry.key.line() + 1) + ":" +
                   std::to_string(entry.key.column() + 1);
        }
        return make_error("'" + std::string(key) + "' is given twice in this mapping: keep one",
                          place);
      }
      seen.push_back(key);
    }
    if (auto ok = check_unique_keys(entry.value, source); !ok) return ok;
  }
  return Ok{};
}

Result<YamlNode> parse_yaml(std::string_view text, const std::string& source, int first_line) {
  YamlLoader loader(text, source, first_line);
  return loader.load();
}

Result<YamlNode> parse_single_yaml_document(std::string_view text, const std::string& source) {
  YamlLoader loader(text, source, 1);
  auto root = loader.load();
  if (!root) return root;
  if (const auto next = loader.next_document()) {
    return loader.error_at_document(
        "a second document after '---': the file holds one (its settings would be ignored)", *next);
  }
  return root;
}

}  // namespace issuelint
