"""The desktop application (PySide6). Screens call services; they never touch the store directly."""
