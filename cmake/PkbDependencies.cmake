# Required libraries (jansson for JSON, GSL for statistics and random draws, pthreads) and
# optional tools (Google Benchmark, gnuplot). Static archives are preferred where Debian ships
# them so that a binary built here runs on the GPU machine, which lacks their headers.
find_package(Threads REQUIRED)
find_package(PkgConfig QUIET)

find_path(JANSSON_INCLUDE_DIR jansson.h)
find_library(JANSSON_LIBRARY NAMES libjansson.a jansson)
if(NOT JANSSON_INCLUDE_DIR OR NOT JANSSON_LIBRARY)
  message(FATAL_ERROR "jansson not found: install libjansson-dev (apt-get install libjansson-dev)")
endif()
add_library(pkb_jansson INTERFACE)
target_include_directories(pkb_jansson INTERFACE ${JANSSON_INCLUDE_DIR})
target_link_libraries(pkb_jansson INTERFACE ${JANSSON_LIBRARY})

find_path(GSL_INCLUDE_DIR gsl/gsl_statistics_double.h)
find_library(GSL_LIBRARY NAMES libgsl.a gsl)
find_library(GSLCBLAS_LIBRARY NAMES libgslcblas.a gslcblas)
if(NOT GSL_INCLUDE_DIR OR NOT GSL_LIBRARY OR NOT GSLCBLAS_LIBRARY)
  message(FATAL_ERROR "GSL not found: install libgsl-dev (apt-get install libgsl-dev)")
endif()
add_library(pkb_gsl INTERFACE)
target_include_directories(pkb_gsl INTERFACE ${GSL_INCLUDE_DIR})
target_link_libraries(pkb_gsl INTERFACE ${GSL_LIBRARY} ${GSLCBLAS_LIBRARY} m)

# Trace import (pkbench trace): yajl (streaming JSON) and zlib read PyTorch profiler Chrome
# traces, SQLite 3 reads Nsight Systems exports. Optional, so that a machine without them
# (the GPU machine has no headers) still builds everything else; static archives preferred.
find_path(YAJL_INCLUDE_DIR yajl/yajl_parse.h)
find_library(YAJL_LIBRARY NAMES libyajl_s.a yajl_s yajl)
find_path(ZLIB_INCLUDE_DIR zlib.h)
find_library(ZLIB_LIBRARY NAMES libz.a z)
find_path(SQLITE3_INCLUDE_DIR sqlite3.h)
find_library(SQLITE3_LIBRARY NAMES libsqlite3.a sqlite3)
# zlib also lets every tidy-CSV reader take a gzipped file (the committed leases' measured.csv.gz,
# harness/gzin.h); without it such a file is refused with the reason.
if(ZLIB_INCLUDE_DIR AND ZLIB_LIBRARY)
  set(PKB_HAVE_ZLIB ON)
  add_library(pkb_zlib INTERFACE)
  target_include_directories(pkb_zlib INTERFACE ${ZLIB_INCLUDE_DIR})
  target_link_libraries(pkb_zlib INTERFACE ${ZLIB_LIBRARY})
else()
  set(PKB_HAVE_ZLIB OFF)
endif()
if(YAJL_INCLUDE_DIR AND YAJL_LIBRARY AND ZLIB_INCLUDE_DIR AND ZLIB_LIBRARY)
  set(PKB_HAVE_TRACE_CHROME ON)
  add_library(pkb_trace_chrome_deps INTERFACE)
  target_include_directories(pkb_trace_chrome_deps INTERFACE ${YAJL_INCLUDE_DIR} ${ZLIB_INCLUDE_DIR})
  target_link_libraries(pkb_trace_chrome_deps INTERFACE ${YAJL_LIBRARY} ${ZLIB_LIBRARY})
else()
  set(PKB_HAVE_TRACE_CHROME OFF)
endif()
if(SQLITE3_INCLUDE_DIR AND SQLITE3_LIBRARY)
  set(PKB_HAVE_TRACE_NSYS ON)
  add_library(pkb_trace_nsys_deps INTERFACE)
  target_include_directories(pkb_trace_nsys_deps INTERFACE ${SQLITE3_INCLUDE_DIR})
  # A static libsqlite3 needs libdl, libm and pthreads.
  target_link_libraries(pkb_trace_nsys_deps INTERFACE ${SQLITE3_LIBRARY} ${CMAKE_DL_LIBS} m Threads::Threads)
else()
  set(PKB_HAVE_TRACE_NSYS OFF)
endif()
set(PKB_TRACE_WHY "")
if(PKB_HAVE_TRACE_CHROME)
  string(APPEND PKB_TRACE_WHY "Chrome traces (yajl, zlib)")
else()
  string(APPEND PKB_TRACE_WHY "no Chrome traces (install libyajl-dev zlib1g-dev)")
endif()
if(PKB_HAVE_TRACE_NSYS)
  string(APPEND PKB_TRACE_WHY "; Nsight Systems exports (SQLite 3)")
else()
  string(APPEND PKB_TRACE_WHY "; no Nsight Systems exports (install libsqlite3-dev)")
endif()

find_package(benchmark QUIET)
if(benchmark_FOUND)
  set(PKB_HAVE_GBENCH ON)
  set(PKB_GBENCH_WHY "Google Benchmark ${benchmark_VERSION}")
else()
  set(PKB_HAVE_GBENCH OFF)
  set(PKB_GBENCH_WHY "not found (install libbenchmark-dev); pkbench sweep needs it")
endif()

find_program(GNUPLOT_EXECUTABLE gnuplot)
if(GNUPLOT_EXECUTABLE)
  execute_process(COMMAND ${GNUPLOT_EXECUTABLE} --version OUTPUT_VARIABLE _gp_ver
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  set(PKB_GNUPLOT_WHY "${_gp_ver} at ${GNUPLOT_EXECUTABLE}")
else()
  set(PKB_GNUPLOT_WHY "not found (install gnuplot-nox); pkbench plot will say so and exit 2")
endif()

# The version and git commit are baked into the binary for result provenance. The commit is
# read at every build (cmake/PkbGitCommit.cmake, harness/CMakeLists.txt), "-dirty" when a
# tracked file differs from it: read once at configure, a rebuild after later commits recorded
# the older one. A copy of the tree whose .git is not its own passes -DPKB_GIT_COMMIT=...
# instead: on the GPU machine `git rev-parse HEAD` answered an older commit than the tree sent
# (lease 106), so the lease scripts give it literally. The summary's commit comes from the same
# script, run once now into the header the build rewrites (PKB_GIT_COMMIT_HEADER).
set(PKB_GIT_COMMIT_FIXED "")
if(DEFINED PKB_GIT_COMMIT)
  set(PKB_GIT_COMMIT_FIXED "${PKB_GIT_COMMIT}")
endif()
set(PKB_GIT_COMMIT_INCLUDE ${PROJECT_BINARY_DIR}/harness/generated) # the include folder of the header
set(PKB_GIT_COMMIT_HEADER ${PKB_GIT_COMMIT_INCLUDE}/harness/git_commit.h)
execute_process(COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR} -DOUT=${PKB_GIT_COMMIT_HEADER}
                        -DFIXED=${PKB_GIT_COMMIT_FIXED} -P ${PROJECT_SOURCE_DIR}/cmake/PkbGitCommit.cmake)
file(STRINGS ${PKB_GIT_COMMIT_HEADER} _commit_line REGEX "^#define PKB_GIT_COMMIT ")
string(REGEX REPLACE "^#define PKB_GIT_COMMIT \"(.*)\"$" "\\1" PKB_GIT_COMMIT_READ "${_commit_line}")
