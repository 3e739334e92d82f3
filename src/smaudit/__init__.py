"""smaudit: audit government social media accounts against declarative security controls."""

__version__ = "0.1.0"
