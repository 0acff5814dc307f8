"""Errors the user can act on, kept apart from bugs."""


class UserFacingError(Exception):
    """A problem the user can fix; ``message`` is Chinese and says what is wrong and where."""

    def __init__(self, message: str, *, field: str | None = None,
                 location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}：{self.message}" if self.location else self.message


class WrongPassword(UserFacingError):
    """The password does not open the encrypted database."""
