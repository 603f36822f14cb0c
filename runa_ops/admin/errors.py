"""What the operator's tool refuses to do, said in one line (never a traceback)."""


class OperatorError(Exception):
    """A problem the operator can fix; the message says how."""
