# Builds the HIP backend (kernels/backend_hip.cpp) by driving hipcc directly: CMake's HIP
# language cannot find Debian's HIP configuration. Included from kernels/CMakeLists.txt when
# PKB_HAVE_HIP (set by cmake/PkbBackends.cmake, which found PKB_HIPCC). Defines the static
# library pkb_backend_hip, whose interface defines PKB_WITH_HIP=1 and links libamdhip64.
#
# PKB_HIP_ARCHITECTURES (cache) lists the AMD offload targets. A user's value is used as is;
# by default it is every target among gfx90a (MI200), gfx940 and gfx942 (MI300) that the
# installed hipcc accepts, probed once with a tiny compile and cached (HIP 5.2 rejects gfx942).

set(_pkb_hip_env ${CMAKE_COMMAND} -E env HIP_PLATFORM=amd)

# Gives up on the backend: a configure error with PKB_HIP=ON; with AUTO, a skip whose reason
# the summary shows (PkbSummary reads the top scope, the parent of kernels/). A macro, so that
# its return() leaves this file.
macro(_pkb_hip_give_up why hint)
  if(PKB_HIP STREQUAL "ON")
    message(FATAL_ERROR "PKB_HIP=ON but ${why}${hint}")
  endif()
  set(PKB_HAVE_HIP OFF PARENT_SCOPE)
  set(PKB_HIP_WHY "skipped: ${why} (PKB_HIP=AUTO)" PARENT_SCOPE)
  return()
endmacro()

find_library(PKB_AMDHIP64_LIBRARY amdhip64)
if(NOT PKB_AMDHIP64_LIBRARY)
  _pkb_hip_give_up("hipcc was found but libamdhip64 was not" ": install libamdhip64-dev")
endif()

# Probe verdicts belong to one hipcc: forget them when PKB_HIPCC changes.
if(NOT "${PKB_HIP_PROBED_WITH}" STREQUAL "${PKB_HIPCC}")
  foreach(_arch gfx90a gfx940 gfx942)
    unset(PKB_HIP_ACCEPTS_${_arch} CACHE)
  endforeach()
  set(PKB_HIP_PROBED_WITH "${PKB_HIPCC}" CACHE INTERNAL "hipcc the offload-target probes ran with")
endif()

# Compiles a one-kernel file for one target; caches the verdict in PKB_HIP_ACCEPTS_<arch>.
function(_pkb_hip_probe arch)
  if(DEFINED PKB_HIP_ACCEPTS_${arch})
    return()
  endif()
  set(_dir ${CMAKE_BINARY_DIR}/CMakeFiles/pkb_hip_probe)
  file(WRITE ${_dir}/probe.cpp
    "#include <hip/hip_runtime.h>\n__global__ void pk_probe(int *p) { p[threadIdx.x] = 1; }\n")
  execute_process(
    COMMAND ${_pkb_hip_env} ${PKB_HIPCC} --offload-arch=${arch} -c probe.cpp -o probe_${arch}.o
    WORKING_DIRECTORY ${_dir}
    RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_VARIABLE _err)
  if(_rc EQUAL 0)
    set(_ok ON)
  else()
    set(_ok OFF)
    string(REGEX REPLACE "\n.*" "" _err "${_err}")
    message(STATUS "hipcc does not accept --offload-arch=${arch}: ${_err}")
  endif()
  set(PKB_HIP_ACCEPTS_${arch} ${_ok} CACHE INTERNAL "hipcc accepts --offload-arch=${arch}")
endfunction()

if(NOT PKB_HIP_ARCHITECTURES)
  set(_pkb_hip_default "")
  foreach(_arch gfx90a gfx940 gfx942)
    _pkb_hip_probe(${_arch})
    if(PKB_HIP_ACCEPTS_${_arch})
      list(APPEND _pkb_hip_default ${_arch})
    endif()
  endforeach()
  if(NOT _pkb_hip_default)
    _pkb_hip_give_up("hipcc at ${PKB_HIPCC} compiled a test kernel for none of gfx90a, gfx940, gfx942"
      "; check that libamdhip64-dev is installed, or set PKB_HIP_ARCHITECTURES to targets it accepts")
  endif()
  set(PKB_HIP_ARCHITECTURES "${_pkb_hip_default}" CACHE STRING
    "AMD offload targets for the HIP backend (default: those of gfx90a;gfx940;gfx942 that hipcc accepts)")
endif()

# hipcc 5.2 leaves __HIP_PLATFORM_AMD__ to hip_runtime.h; pk_gpu.h needs it before that.
# HIP marks hipError_t [[nodiscard]] under C++17; the glue checks every call through
# PK_GPU_CHECK and deliberately ignores only release calls in teardown, as on CUDA, whose
# errors carry no such mark: -Wno-unused-result keeps the two builds' warnings alike.
set(_pkb_hip_flags -D__HIP_PLATFORM_AMD__ -std=c++17 -O2 -fPIC -Wall -Wextra -Wno-unused-parameter
  -Wno-unused-result
# The device pass sees the glue's static host functions but never their one user, the ops
# table (host pass only, see backend_hip.cpp), so it would call them unused.
  -Xarch_device -Wno-unused-function
  -I${PROJECT_SOURCE_DIR})
if(PKB_WERROR)
  list(APPEND _pkb_hip_flags -Werror)
endif()
foreach(_arch ${PKB_HIP_ARCHITECTURES})
  list(APPEND _pkb_hip_flags --offload-arch=${_arch})
endforeach()

set(_pkb_hip_src ${PROJECT_SOURCE_DIR}/kernels/backend_hip.cpp)
set(_pkb_hip_obj ${CMAKE_CURRENT_BINARY_DIR}/backend_hip.o)
add_custom_command(
  OUTPUT ${_pkb_hip_obj}
  COMMAND ${_pkb_hip_env} ${PKB_HIPCC} ${_pkb_hip_flags}
          -MD -MF ${_pkb_hip_obj}.d -c ${_pkb_hip_src} -o ${_pkb_hip_obj}
  DEPENDS ${_pkb_hip_src}
  DEPFILE ${_pkb_hip_obj}.d
  COMMENT "hipcc (${PKB_HIP_ARCHITECTURES}): kernels/backend_hip.cpp"
  VERBATIM COMMAND_EXPAND_LISTS)

set_source_files_properties(${_pkb_hip_obj} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
add_library(pkb_backend_hip STATIC ${_pkb_hip_obj})
set_target_properties(pkb_backend_hip PROPERTIES LINKER_LANGUAGE CXX)
target_compile_definitions(pkb_backend_hip INTERFACE PKB_WITH_HIP=1)
target_link_libraries(pkb_backend_hip INTERFACE pkb_common ${PKB_AMDHIP64_LIBRARY} stdc++)
set(PKB_HIP_WHY "hipcc at ${PKB_HIPCC}, offload targets ${PKB_HIP_ARCHITECTURES}" PARENT_SCOPE)
