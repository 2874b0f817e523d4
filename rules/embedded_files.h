// Files compiled into the binary (rule packs, default templates): see cmake/embed.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace issuelint::embedded {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "db-migration.yml"
  std::string_view contents;
};

const std::vector<EmbeddedFile>& files();

}  // namespace issuelint::embedded
