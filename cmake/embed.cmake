# issuelint_embed(TARGET VAR_PREFIX FILES...) generates a .cpp that holds each file's bytes as
# a std::string_view in namespace issuelint::embedded, plus a lookup table by file name.
function(issuelint_embed target)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  # A CMake list would be split into separate shell words: pass the files joined by '|'.
  string(REPLACE ";" "|" files "${ARGN}")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out}" "-DFILES=${files}" -P ${script}
    VERBATIM
    DEPENDS ${ARGN} ${script}
    COMMENT "Embedding ${target} data files")
  target_sources(${target} PRIVATE "${out}")
endfunction()
