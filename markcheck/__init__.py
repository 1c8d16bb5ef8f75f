"""markcheck: check the classification markings of US-government-style text documents."""

__version__ = "0.1.0"
