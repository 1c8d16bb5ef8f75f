"""markcheck: check the classification markings of US-government-style text documents."""

__version__ = "0.1.0"

__all__ = ["check_text", "check_paths", "__version__"]


def __getattr__(name):
    """The Python API, imported on first use so the CLI's start-up stays light."""
    if name in ("check_text", "check_paths"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'markcheck' has no attribute {name!r}")
