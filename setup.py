# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Builds the orbax_options Python package: setuptools drives CMake.

The metadata is in pyproject.toml. The plain-Python modules come from
python/orbax_options; the extension `orbax_options._core` and the generated
`orbax_options/v1/*_pb2.py` (and .pyi) come from a CMake build of the
target `orbax_options_python`, offline, against the system's pybind11,
protobuf, Abseil and OpenSSL, for the interpreter that runs this build.

Environment:
  ORBAX_OPTIONS_CMAKE_BUILD_DIR  the CMake build directory, kept between
      builds so that they are incremental (default: a directory under
      setuptools' build_temp)
  CMAKE_BUILD_PARALLEL_LEVEL     parallel jobs (CMake's own variable)
  ORBAX_OPTIONS_CMAKE_ARGS       more arguments for the CMake configure step
"""

import os
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension
from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))
# What the extension module is, next to which CMake puts the rest.
GENERATED = ("v1/options_pb2.py", "v1/options_pb2.pyi",
             "v1/checkpoint_manager_options_pb2.py",
             "v1/checkpoint_manager_options_pb2.pyi")


class CMakeExtension(Extension):

    def __init__(self, name):
        super().__init__(name, sources=[])


class BuildWithCMake(build_ext):
    """Builds `orbax_options_python` with CMake and copies the extension and
    the generated modules into the package."""

    def build_extension(self, ext):
        build_dir = os.environ.get(
            "ORBAX_OPTIONS_CMAKE_BUILD_DIR") or os.path.join(
                os.path.abspath(self.build_temp), "cmake")
        configure = [
            "cmake",
            "-S",
            ROOT,
            "-B",
            build_dir,
            "-DCMAKE_BUILD_TYPE=Release",
            "-DORBAX_OPTIONS_BUILD_PYTHON=ON",
            "-DORBAX_OPTIONS_BUILD_TESTS=OFF",
            "-DORBAX_OPTIONS_BUILD_EXAMPLES=OFF",
            "-DORBAX_OPTIONS_BUILD_BENCHMARKS=OFF",
            "-DORBAX_OPTIONS_INSTALL=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DORBAX_OPTIONS_PYTHON={sys.executable}",
        ]
        if (not os.path.exists(os.path.join(build_dir, "CMakeCache.txt"))
                and shutil.which("ninja")):
            configure += ["-G", "Ninja"]
        configure += shlex.split(os.environ.get("ORBAX_OPTIONS_CMAKE_ARGS",
                                                ""))
        subprocess.run(configure, check=True)
        build = [
            "cmake", "--build", build_dir, "--target", "orbax_options_python"
        ]
        if "CMAKE_BUILD_PARALLEL_LEVEL" not in os.environ:
            build += ["--parallel", str(os.cpu_count() or 1)]
        subprocess.run(build, check=True)

        built = os.path.join(build_dir, "python", "orbax_options")
        target = os.path.dirname(self.get_ext_fullpath(ext.name))
        os.makedirs(os.path.join(target, "v1"), exist_ok=True)
        extension = [
            name for name in os.listdir(built)
            if name.startswith("_core.") and name.endswith(".so")
        ]
        if len(extension) != 1:
            raise RuntimeError(
                f"expected one _core*.so in {built}: {extension}")
        shutil.copyfile(os.path.join(built, extension[0]),
                        self.get_ext_fullpath(ext.name))
        for name in GENERATED:
            shutil.copyfile(os.path.join(built, name),
                            os.path.join(target, name))


# setuptools' own build and metadata directories, apart from CMake's build/.
SETUPTOOLS_DIR = os.path.join(ROOT, "build-python")
os.makedirs(SETUPTOOLS_DIR, exist_ok=True)

setup(
    ext_modules=[CMakeExtension("orbax_options._core")],
    cmdclass={"build_ext": BuildWithCMake},
    options={
        "build": {
            "build_base": SETUPTOOLS_DIR
        },
        "egg_info": {
            "egg_base": SETUPTOOLS_DIR
        }
    },
)
