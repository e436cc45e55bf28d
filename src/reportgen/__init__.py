"""reportgen: official Chinese government documents (GB/T 9704) from plan data in YAML."""

__version__ = "0.1.0"
