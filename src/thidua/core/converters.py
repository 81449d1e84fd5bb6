class IdConverter:
    """A positive database id that fits a 64-bit integer; anything else is a 404, not a 500."""

    regex = r"[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
