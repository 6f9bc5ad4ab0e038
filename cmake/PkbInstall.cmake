# Installs the policy library with its public header, a CMake package config
# (find_package(pkbench) gives pkbench::policy) and a pkg-config file (pkbench-policy.pc).
include(CMakePackageConfigHelpers)
install(TARGETS pkbench_policy EXPORT pkbenchTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pkbench)
install(EXPORT pkbenchTargets NAMESPACE pkbench:: FILE pkbenchTargets.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pkbench)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/pkbenchConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/pkbenchConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pkbench)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/pkbenchConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pkbenchConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/pkbenchConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pkbench)
# The .pc file locates the prefix relative to itself, so an installed tree can be moved.
file(RELATIVE_PATH PKB_PC_REL_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
configure_file(${CMAKE_CURRENT_LIST_DIR}/pkbench-policy.pc.in
               ${CMAKE_CURRENT_BINARY_DIR}/pkbench-policy.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pkbench-policy.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(TARGET pkbench)
  # A shared policy library (-DBUILD_SHARED_LIBS=ON) is found beside the installed binary, from
  # wherever the prefix is, as it is found in the build tree.
  get_target_property(_pkb_policy_type pkbench_policy TYPE)
  if(_pkb_policy_type STREQUAL "SHARED_LIBRARY")
    file(RELATIVE_PATH _pkb_bin_to_lib /p/${CMAKE_INSTALL_BINDIR} /p/${CMAKE_INSTALL_LIBDIR})
    set_target_properties(pkbench PROPERTIES INSTALL_RPATH "$ORIGIN/${_pkb_bin_to_lib}")
  endif()
  install(TARGETS pkbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# The Slurm job-array recipe for sharded sweeps (README "Sweeps over a fleet").
install(PROGRAMS ${PROJECT_SOURCE_DIR}/fleet/slurm/submit.sh ${PROJECT_SOURCE_DIR}/fleet/slurm/sweep-shard.sbatch
                 ${PROJECT_SOURCE_DIR}/fleet/slurm/merge.sbatch
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pkbench/slurm)
