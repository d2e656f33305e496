"""The embedded terminal: an xterm-compatible emulator and a Textual widget running a command on a pty.

Nothing here knows about AWS.
"""

from tui.term.emulator import Emulator
from tui.term.widget import LEAVE_KEY, TerminalView

__all__ = ["LEAVE_KEY", "Emulator", "TerminalView"]
