"""markcheck: check the classification markings of US-government-style text documents."""

__version__ = "0.1.0"

__all__ = ["check_text", "check_paths", "Config", "Result", "ConfigError", "__version__"]


def __getattr__(name):
    """The Python API (docs/api.md), imported on first use so the CLI's start-up stays light."""
    if name in ("check_text", "check_paths", "Result"):
        from . import api

        return getattr(api, name)
    if name == "Config":
        from .config import Config

        return Config
    if name == "ConfigError":
        from .configfile import ConfigError

        return ConfigError
    raise AttributeError(f"module 'markcheck' has no attribute {name!r}")
