"""Maps the top-level data packs into the wheel as pdscan/_data/<name>, so `pip install .` carries them."""
import os

from setuptools import find_packages, setup

DATA = ["detectors", "models", "reports", "examples"]
# Every folder of a pack is declared as a (data-only) package, so setuptools copies it without warnings.
data_packages = {
    "pdscan._data." + os.path.relpath(folder, ".").replace(os.sep, "."): folder
    for pack in DATA for folder, _, _ in os.walk(pack) if "__pycache__" not in folder
}

setup(
    packages=find_packages(include=["pdscan", "pdscan.*"]) + sorted(data_packages),
    package_dir={name: folder for name, folder in data_packages.items()},
    package_data={name: ["*"] for name in data_packages},
)
