# Install rules for orbax-options (included when ORBAX_OPTIONS_INSTALL is ON).
#
# `cmake --install` puts under the prefix:
#   include/orbax/checkpoint/options/*.h     the public C++ headers
#   include/orbax_options/v1/*.pb.h          the generated headers
#   include/orbax_options/v1/*.proto         the schema, so that a
#       downstream .proto can `import "orbax_options/v1/options.proto"`
#       with `-I <prefix>/include` (as protobuf installs its own .proto files)
#   lib/liborbax_options_{core,config,proto}.a|so  the libraries
#   lib/cmake/orbax_options/                        the CMake package:
#       find_package(orbax_options CONFIG) -> orbax_options::orbax_options_core,
#       orbax_options::orbax_options_config, orbax_options::orbax_options (both)
#   lib/pkgconfig/orbax_options{,_core,_config}.pc  the pkg-config files
#   bin/orbax-options                               the command

include(CMakePackageConfigHelpers)

set(ORBAX_OPTIONS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/orbax_options)

set(_orbax_options_install_targets
  orbax_options_core orbax_options_config orbax_options_proto)
# Installed shared libraries find each other next to themselves, and the
# command finds them in the prefix's library directory, wherever the prefix
# is moved (a program's RUNPATH does not apply to its libraries' own
# dependencies).
set_target_properties(${_orbax_options_install_targets} PROPERTIES
  INSTALL_RPATH "$ORIGIN")
if(TARGET orbax-options)
  file(RELATIVE_PATH _orbax_options_bin_to_lib
    /prefix/${CMAKE_INSTALL_BINDIR} /prefix/${CMAKE_INSTALL_LIBDIR})
  set_target_properties(orbax-options PROPERTIES
    INSTALL_RPATH "$ORIGIN/${_orbax_options_bin_to_lib}")
endif()
install(TARGETS ${_orbax_options_install_targets} orbax_options
  EXPORT orbax_optionsTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The command-line tool, which src/ always builds.
install(TARGETS orbax-options RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Public headers; internal/ stays private.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/orbax
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h"
  PATTERN "internal" EXCLUDE)

# The schema and its generated header.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/proto/orbax_options
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.proto")
install(DIRECTORY ${PROJECT_BINARY_DIR}/proto/orbax_options
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.pb.h")

# CMake package.
install(EXPORT orbax_optionsTargets
  NAMESPACE orbax_options::
  DESTINATION ${ORBAX_OPTIONS_CMAKE_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/orbax_optionsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/orbax_optionsConfig.cmake
  INSTALL_DESTINATION ${ORBAX_OPTIONS_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/orbax_optionsConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/orbax_optionsConfig.cmake
  ${PROJECT_BINARY_DIR}/orbax_optionsConfigVersion.cmake
  DESTINATION ${ORBAX_OPTIONS_CMAKE_DIR})

# pkg-config: one file per library, and orbax_options.pc, which requires
# both. A static library needs its private dependencies at link time too, so
# they are public requirements unless the libraries are shared. The lists
# mirror target_link_libraries() in src/CMakeLists.txt; consumer_test fails
# to link if one is missing.
# The prefix is relative to the .pc file, so the package stays relocatable
# (`cmake --install build --prefix DIR`).
file(RELATIVE_PATH ORBAX_OPTIONS_PC_PREFIX
  /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
# orbax_options_pc(NAME DESCRIPTION LIBS REQUIRES PRIVATE_REQUIRES)
function(orbax_options_pc name description libs requires private)
  set(ORBAX_OPTIONS_PC_NAME ${name})
  set(ORBAX_OPTIONS_PC_DESCRIPTION "${description}")
  set(ORBAX_OPTIONS_PC_LIBS "${libs}")
  set(ORBAX_OPTIONS_PC_REQUIRES "${requires}")
  set(ORBAX_OPTIONS_PC_REQUIRES_PRIVATE "${private}")
  if(NOT BUILD_SHARED_LIBS)
    string(STRIP "${requires} ${private}" ORBAX_OPTIONS_PC_REQUIRES)
    set(ORBAX_OPTIONS_PC_REQUIRES_PRIVATE "")
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/cmake/orbax_options.pc.in
    ${PROJECT_BINARY_DIR}/${name}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${name}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
orbax_options_pc(orbax_options_core
  "Orbax checkpoint options: value types, conversion and validation"
  "-lorbax_options_core -lorbax_options_proto"
  "protobuf absl_status absl_statusor absl_time"
  "libcrypto absl_strings absl_str_format")
orbax_options_pc(orbax_options_config
  "Orbax checkpoint options: config loading, layering, printing and diff"
  "-lorbax_options_config" "orbax_options_core"
  "absl_flat_hash_map absl_inlined_vector absl_strings absl_str_format")
orbax_options_pc(orbax_options
  "Orbax checkpoint options as a protobuf schema and a C++ layer"
  "" "orbax_options_config orbax_options_core" "")
