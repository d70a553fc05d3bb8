"""Errors the `closer` command reports to the user (printed to stderr, exit status 2)."""


class CliError(Exception):
    """A user error on the command line: the message says what is wrong and how to fix it."""
