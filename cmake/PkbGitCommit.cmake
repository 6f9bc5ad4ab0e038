# Script mode (cmake -P), run at every build: writes OUT, a header defining PKB_GIT_COMMIT, and
# touches it only when the text changes, so that a build after a commit (or an edit) records the
# commit it was built from, not the one the tree was at when CMake last configured it.
#   FIXED  a commit given literally (-DPKB_GIT_COMMIT=... at configure: the lease scripts, whose
#          copy of the tree has no .git of its own), written as it is
#   SRC    otherwise the source tree: `git rev-parse --short=12 HEAD`, with "-dirty" when a
#          tracked file differs from it, or "unknown" outside a git checkout
#   OUT    the header
if(NOT "${FIXED}" STREQUAL "")
  set(commit "${FIXED}")
else()
  execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY "${SRC}"
                  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR commit STREQUAL "")
    set(commit "unknown")
  else()
    execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY "${SRC}"
                    OUTPUT_VARIABLE changed OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND NOT changed STREQUAL "")
      string(APPEND commit "-dirty")
    endif()
  endif()
endif()
string(REPLACE "\"" "" commit "${commit}")
file(WRITE "${OUT}.tmp" "/* Generated at build time by cmake/PkbGitCommit.cmake. */\n#define PKB_GIT_COMMIT \"${commit}\"\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
