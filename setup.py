"""The compiled part of the package; everything else is declared in pyproject.toml."""

from setuptools import Extension, setup

setup(
    # the MaxScore loop in C (index/topk.py falls back to numpy where it cannot be built)
    ext_modules=[Extension("index._maxscore", ["index/_maxscore.c"], extra_compile_args=["-O3"])],
)
