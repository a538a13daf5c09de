"""speechbot's speech library: load, clean, outline, index, search, quote and summarise speeches.

No Telegram here; the bot and the command line are thin layers over this package.
"""
