"""The policies shipped with the package."""

from importlib import resources

PRESETS = ("hainan-studios", "hangzhou-training", "ningbo-backbone")


def preset_text(name: str) -> str:
    return resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
