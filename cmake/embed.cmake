# issuelint_embed(TARGET FILES...) generates a .cpp that holds each file's bytes as a
# std::string_view in namespace issuelint::embedded, plus a lookup table by file name. A YAML
# file, and a Markdown template's front matter, is also pre-parsed at build time
# (rules/yaml_tree.h): the table holds its tree, so the program never scans its own packs or
# template, and a syntax error in one fails the build.
function(issuelint_embed target)
  if(NOT TARGET issuelint_yaml_tree_compiler)
    add_executable(issuelint_yaml_tree_compiler
      ${PROJECT_SOURCE_DIR}/rules/embed/yaml_tree_compiler.cpp
      ${PROJECT_SOURCE_DIR}/rules/yaml_tree.cpp
      ${PROJECT_SOURCE_DIR}/parser/yaml_node.cpp
      ${PROJECT_SOURCE_DIR}/parser/front_matter.cpp
      ${PROJECT_SOURCE_DIR}/parser/line_index.cpp
      ${PROJECT_SOURCE_DIR}/parser/utf8.cpp)
    target_include_directories(issuelint_yaml_tree_compiler PRIVATE ${PROJECT_SOURCE_DIR})
    target_link_libraries(issuelint_yaml_tree_compiler PRIVATE PkgConfig::LIBYAML issuelint_warnings)
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  set(trees "")
  foreach(file IN LISTS ARGN)
    if(file MATCHES "\\.(ya?ml|md)$")
      get_filename_component(name "${file}" NAME)
      set(tree "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded/${name}.tree")
      add_custom_command(OUTPUT "${tree}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded"
        COMMAND issuelint_yaml_tree_compiler "${file}" "${tree}"
        VERBATIM
        DEPENDS "${file}" issuelint_yaml_tree_compiler
        COMMENT "Pre-parsing ${name}")
      list(APPEND trees "${tree}")
    else()
      list(APPEND trees "-")
    endif()
  endforeach()
  # A CMake list would be split into separate shell words: pass the files joined by '|'.
  string(REPLACE ";" "|" files "${ARGN}")
  string(REPLACE ";" "|" tree_args "${trees}")
  list(FILTER trees EXCLUDE REGEX "^-$")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out}" "-DFILES=${files}" "-DTREES=${tree_args}" -P ${script}
    VERBATIM
    DEPENDS ${ARGN} ${trees} ${script}
    COMMENT "Embedding ${target} data files")
  target_sources(${target} PRIVATE "${out}")
endfunction()
