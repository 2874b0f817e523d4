# issuelint_embed(TARGET VAR_PREFIX FILES...) generates a .cpp that holds each file's bytes as
# a std::string_view in namespace issuelint::embedded, plus a lookup table by file name.
function(issuelint_embed target)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp")
  set(script "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${ARGN}" -P ${script}
    DEPENDS ${ARGN} ${script}
    COMMENT "Embedding ${target} data files")
  target_sources(${target} PRIVATE "${out}")
endfunction()
