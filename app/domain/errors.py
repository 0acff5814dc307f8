"""Errors the user can act on, kept apart from bugs."""

import errno


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


_OS_PROBLEMS = {
    errno.ENOENT: "找不到这个文件或文件夹", errno.EACCES: "没有读写权限", errno.EPERM: "没有读写权限",
    errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘是只读的", errno.EEXIST: "文件已经存在",
    errno.ENAMETOOLONG: "文件名太长", errno.EIO: "读写磁盘时出错（U 盘是否已拔出？）",
}


def os_error_reason(error: OSError) -> str:
    """What went wrong with a file, in Chinese (the system's own text is English)."""
    return _OS_PROBLEMS.get(error.errno or 0, f"无法读写文件（系统错误 {error.errno}）")
