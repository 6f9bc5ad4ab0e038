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

# The version and git commit are baked into the binary for result provenance. A copy of the
# tree without .git (the GPU machine's) passes -DPKB_GIT_COMMIT=... instead.
if(NOT DEFINED PKB_GIT_COMMIT)
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE PKB_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE _git_rc)
if(NOT _git_rc EQUAL 0 OR PKB_GIT_COMMIT STREQUAL "")
  set(PKB_GIT_COMMIT "unknown")
endif()
endif()
