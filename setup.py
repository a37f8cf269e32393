"""Which packages the wheel carries: every package under vipp_session, found rather than listed
(a package left out of a hand-kept list once shipped an app that could not start), and the
two folders kept at the top of the repository for the people who edit and review them."""

from setuptools import find_packages, setup

BUNDLED = {"vipp_session.manuals": "manuals", "vipp_session.sample_media": "sample_media"}

setup(packages=find_packages(include=["vipp_session", "vipp_session.*"]) + list(BUNDLED),
      package_dir=BUNDLED)
