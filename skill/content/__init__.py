"""Closer's content: the prompt library and other spoken/SMS text as data, plus selection.

The data lives in the TOML files beside this package; library.py loads and checks them,
selection.py picks tonight's prompt deterministically for a couple.
"""
