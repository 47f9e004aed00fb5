"""Media stores for reports' photos and videos (``fs:``, ``memory:``) and the Pillow cleaner.

The stores keep bytes and each item's facts; the cleaner (``pillow:``, extra ``[media]``)
re-encodes photos without their metadata before any store sees them.
"""
