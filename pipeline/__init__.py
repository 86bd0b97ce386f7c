"""vanban: read Vietnamese administrative directives, extract obligations, draft plans."""
__version__ = "0.1.0"
