# What pkbench installs for its users beside the binary, both made from the built binary itself
# so that neither can drift from the code: the man page, pkbench(1), by help2man from
# 'pkbench help --all' (skipped, with a configure-summary line, where help2man is missing), and
# the bash completion script from 'pkbench completion bash' (the command and option tables).
find_program(HELP2MAN_EXECUTABLE help2man)
if(HELP2MAN_EXECUTABLE)
  execute_process(COMMAND ${HELP2MAN_EXECUTABLE} --version OUTPUT_VARIABLE _h2m_ver
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  string(REGEX REPLACE "\n.*" "" _h2m_ver "${_h2m_ver}")
  set(PKB_MAN_WHY "${_h2m_ver}; man pkbench")
  set(PKB_MAN_PAGE ${CMAKE_BINARY_DIR}/pkbench.1)
  # help2man writes a temporary file renamed into place, so a failed run leaves no page.
  add_custom_command(OUTPUT ${PKB_MAN_PAGE}
    COMMAND ${HELP2MAN_EXECUTABLE} --no-info --section=1 --help-option=help\ --all --version-option=--version
            "--name=measure when N small GPU kernel launches lose to one persistent kernel"
            --output=${PKB_MAN_PAGE}.tmp $<TARGET_FILE:pkbench>
    COMMAND ${CMAKE_COMMAND} -E rename ${PKB_MAN_PAGE}.tmp ${PKB_MAN_PAGE}
    DEPENDS pkbench
    COMMENT "Generating the pkbench(1) man page with help2man"
    VERBATIM)
  add_custom_target(pkbench_man ALL DEPENDS ${PKB_MAN_PAGE})
  install(FILES ${PKB_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  set(PKB_MAN_WHY "skipped: help2man not found (install help2man); 'pkbench help --all' has the same text")
endif()

set(PKB_COMPLETION ${CMAKE_BINARY_DIR}/pkbench.bash)
add_custom_command(OUTPUT ${PKB_COMPLETION}
  COMMAND sh -c "\"$1\" completion bash >\"$2.tmp\" && mv \"$2.tmp\" \"$2\"" sh $<TARGET_FILE:pkbench> ${PKB_COMPLETION}
  DEPENDS pkbench
  COMMENT "Generating the bash completion of pkbench"
  VERBATIM)
add_custom_target(pkbench_completion ALL DEPENDS ${PKB_COMPLETION})
install(FILES ${PKB_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pkbench)
