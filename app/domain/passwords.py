"""The one rule for a new password, wherever one is set (first-run wizard, `fangpin init`, password change).

The password derives the database key; a short or one-character password is guessed from a stolen laptop."""

from __future__ import annotations

from app.domain.errors import UserFacingError

MIN_PASSWORD_LENGTH = 6


def password_problem(password: str) -> str | None:
    """What is wrong with ``password`` as a new password, in Chinese, or None when it may be used."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位。"
    if len(set(password)) == 1:
        return "密码不能全是同一个字符。"
    return None


def check_new_password(password: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise UserFacingError(problem, field="密码")
