"""Telegram front end (built on the index library)."""
