// A YAML document pre-parsed at build time: the node tree in a compact binary form that is
// turned into a YamlNode tree without scanning YAML. The built-in packs are embedded this way
// (cmake/embed.cmake); user files are still read as YAML, with their file:line:col errors.
#pragma once

#include <string>
#include <string_view>

#include "parser/result.h"
#include "parser/yaml_node.h"

namespace issuelint::yaml {

// The tree of `node`: kinds, scalars, sequences and maps in document order (an alias's node is
// written out where it is used). Marks are not
// kept (a built-in file's errors are caught at build time and by the tests). Duplicate map keys
// are an Error: YAML forbids them and a reader would silently take the first.
Result<std::string> encode_tree(const YamlNode& node);
// The node `encode_tree` was given, equal in kind, order and text (tags are dropped: no reader
// asks for one). Scalars are views into `data`, which must outlive the tree and every view of
// its texts: an embedded file's data is static, and YamlNode::static_text hands the texts out as
// such. Corrupt data is an Error.
Result<YamlNode> decode_tree(std::string_view data);

}  // namespace issuelint::yaml
