"""A stand-in terminal app: reports its window size, echoes keys, quits on ctrl+q (or never, with --stubborn).

On a clean quit it writes "quit" to the file named by its first argument.
"""

import fcntl
import os
import signal
import struct
import sys
import termios
import tty

marker, stubborn = sys.argv[1], "--stubborn" in sys.argv


def report_size(*_: object) -> None:
    rows, cols = struct.unpack("HH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 4))
    os.write(1, f"size {rows} {cols}\r\n".encode())


signal.signal(signal.SIGWINCH, report_size)
if stubborn:
    for signum in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
tty.setraw(0)
report_size()
while True:
    key = os.read(0, 1)
    if not key:
        sys.exit(1)
    if key == b"\x11" and not stubborn:
        with open(marker, "w") as done:
            done.write("quit")
        os.write(1, b"bye\r\n")
        sys.exit(0)
    os.write(1, f"key {key.hex()}\r\n".encode())
