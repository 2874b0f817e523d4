// A YAML document pre-parsed at build time: the node tree in a compact binary form that is
// turned into a ConfigNode tree without scanning YAML (yaml-cpp's scanner costs ~1,000
// instructions a byte, and its nodes more again). The built-in packs are embedded this way
// (cmake/embed.cmake); user files are still read as YAML, with their file:line:col errors.
#pragma once

#include <string>
#include <string_view>

#include "parser/result.h"
#include "rules/config_node.h"

namespace issuelint::yaml {

// The tree of `node`: kinds, tags, scalars, sequences and maps in document order. Marks are not
// kept (a built-in file's errors are caught at build time and by the tests). Duplicate map keys
// are an Error: YAML forbids them and yaml-cpp would silently keep the first.
Result<std::string> encode_tree(const YAML::Node& node);
// The node `encode_tree` was given, equal in kind, order and text (tags are dropped: no reader
// asks for one). Scalars are views into `data`, which must outlive the tree (an embedded
// file's data is static). Corrupt data is an Error.
Result<ConfigNode> decode_tree(std::string_view data);

}  // namespace issuelint::yaml
