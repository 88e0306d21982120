"""Validation problems found while loading content: file, line and a German message."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LoadError:
    """One problem an author has to fix; ``line`` is 0 when it concerns the whole file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file or "(Modul)"
        return f"{where}: {self.message}"
