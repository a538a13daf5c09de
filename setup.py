"""The compiled part of the package; everything else is declared in pyproject.toml."""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

KERNEL_SOURCES = ["index/_maxscore.c", "index/_blocks.h"]
# the sources' digest is compiled in, so that index/topk.py can refuse a module built from
# older sources (an editable install whose C changed since) instead of calling it wrongly
digest = hashlib.sha256(b"".join(Path(s).read_bytes() for s in KERNEL_SOURCES)).hexdigest()[:16]

setup(
    # The MaxScore loop in C. optional: where it cannot be built (no compiler), the install goes on
    # and index/topk.py ranks with its numpy loop instead.
    ext_modules=[
        Extension(
            "speechbot.index._maxscore",
            ["index/_maxscore.c"],
            depends=["index/_blocks.h"],  # the block decoder it includes
            extra_compile_args=["-O3"],
            define_macros=[("SOURCE_DIGEST", f'"{digest}"')],
            optional=True,
        )
    ],
)
