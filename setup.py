"""Package layout that pyproject.toml alone cannot express.

screens/ and assets/ live at the repository root (see STYLE.md) and ship inside the wheel as
``srrtui.screens`` and ``srrtui/assets``; every subpackage is discovered, none listed by hand.
"""

from setuptools import find_packages, setup

packages = find_packages(include=["srrtui", "srrtui.*"])
packages += [f"srrtui.{name}" for name in find_packages(include=["screens", "screens.*"])]
packages.append("srrtui.assets")

setup(
    packages=packages,
    package_dir={"srrtui": "srrtui", "srrtui.screens": "screens", "srrtui.assets": "assets"},
)
