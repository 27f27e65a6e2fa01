"""Maps the top-level data packs into the wheel as pdscan/_data/<name>, so `pip install .` carries them."""
from setuptools import find_packages, setup

DATA = ["detectors", "models", "reports", "examples"]

setup(
    packages=find_packages(include=["pdscan", "pdscan.*"]) + [f"pdscan._data.{d}" for d in DATA],
    package_dir={f"pdscan._data.{d}": d for d in DATA},
    package_data={f"pdscan._data.{d}": ["*", "**/*"] for d in DATA},
)
