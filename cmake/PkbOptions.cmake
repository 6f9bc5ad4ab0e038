# User-facing options: backends, sanitizers, warnings-as-errors, tests.
set(PKB_CUDA "AUTO" CACHE STRING "Build the CUDA backend: AUTO, ON or OFF")
set(PKB_HIP "AUTO" CACHE STRING "Build the HIP backend: AUTO, ON or OFF")
set_property(CACHE PKB_CUDA PROPERTY STRINGS AUTO ON OFF)
set_property(CACHE PKB_HIP PROPERTY STRINGS AUTO ON OFF)
foreach(opt PKB_CUDA PKB_HIP)
  string(TOUPPER "${${opt}}" _v)
  if(NOT _v MATCHES "^(AUTO|ON|OFF)$")
    message(FATAL_ERROR "${opt} must be AUTO, ON or OFF (got '${${opt}}')")
  endif()
  set(${opt} "${_v}" CACHE STRING "" FORCE)
endforeach()

option(PKB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
# The libFuzzer harnesses of fuzz/: everything instrumented for libFuzzer, ASan and UBSan. Needs
# Clang (CC=clang CXX=clang++) and its fuzzer runtime (Debian: libclang-rt-dev).
option(PKB_FUZZ "Build the libFuzzer harnesses (target 'fuzz'; needs Clang)" OFF)
if(PKB_FUZZ AND NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PKB_FUZZ needs Clang's libFuzzer: configure with CC=clang CXX=clang++ "
                      "(the C compiler is ${CMAKE_C_COMPILER_ID})")
endif()
# Warnings are errors in CI (the CI variable is set there), off by default elsewhere.
if(DEFINED ENV{CI} AND NOT "$ENV{CI}" STREQUAL "" AND NOT "$ENV{CI}" STREQUAL "false")
  set(_pkb_werror_default ON)
else()
  set(_pkb_werror_default OFF)
endif()
option(PKB_WERROR "Treat compiler warnings as errors" ${_pkb_werror_default})
option(PKB_BUILD_TESTS "Build the CTest suite" ON)

set(PKB_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-unused-parameter)
set(PKB_CXX_WARNING_FLAGS -Wall -Wextra -Wno-unused-parameter)
if(PKB_WERROR)
  list(APPEND PKB_WARNING_FLAGS -Werror)
  list(APPEND PKB_CXX_WARNING_FLAGS -Werror)
endif()

# Applies project warnings (and sanitizers when enabled) to a C or C++ target.
function(pkb_target_defaults target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C>:${PKB_WARNING_FLAGS}>
    $<$<COMPILE_LANGUAGE:CXX>:${PKB_CXX_WARNING_FLAGS}>)
  if(PKB_SANITIZE OR PKB_FUZZ)
    set(_san address,undefined)
    if(PKB_FUZZ)
      set(_san fuzzer-no-link,address,undefined)
    endif()
    target_compile_options(${target} PRIVATE
      $<$<COMPILE_LANGUAGE:C,CXX>:-fsanitize=${_san} -fno-sanitize-recover=all -fno-omit-frame-pointer>)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# POSIX.1-2008 (clock_gettime, strdup, strtok_r, sigaction...) for every C file.
add_compile_definitions($<$<COMPILE_LANGUAGE:C>:_POSIX_C_SOURCE=200809L>)
