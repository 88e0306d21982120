"""Shared kernel: base model, database set-up, permissions, Markdown, mail, errors, menus.

Imports no feature package.
"""
