"""The compiled part of the package; everything else is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    # The MaxScore loop in C. optional: where it cannot be built (no compiler), the install goes on
    # and index/topk.py ranks with its numpy loop instead.
    ext_modules=[
        Extension(
            "speechbot.index._maxscore",
            ["index/_maxscore.c"],
            depends=["index/_blocks.h"],  # the block decoder it includes
            extra_compile_args=["-O3"],
            optional=True,
        )
    ],
)
