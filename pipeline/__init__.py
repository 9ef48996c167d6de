"""briefcheck: check machine-written news briefings claim by claim."""

__version__ = "0.1.0"
