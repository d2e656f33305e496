"""Exercise scroll regions, line and character editing, wide characters and the alternate screen."""

import sys
import termios
import tty

w = sys.stdout.write
fd = sys.stdin.fileno()
saved = termios.tcgetattr(fd)
tty.setraw(fd)
try:
    w("".join(f"primary line {i}\r\n" for i in range(30)))
    w("\x1b[2J\x1b[H")
    w("".join(f"row {i:02d} " + "abcdefghij" * 3 + "\r\n" for i in range(23)))
    w("\x1b[5;15r\x1b[15;1H")
    w("".join(f"\x1b[32mscrolled in region {i}\x1b[0m\r\n" for i in range(4)))
    w("\x1b[5;1H\x1bM\x1bM\x1b[7;1H\x1b[2L\x1b[44minserted\x1b[0m\x1b[10;1H\x1b[3M")
    w("\x1b[r\x1b[18;5H\x1b[4@\x1b[7mINS\x1b[0m\x1b[19;5H\x1b[6P\x1b[20;3H\x1b[10X\x1b[21;10H\x1b[1K\x1b[22;10H\x1b[K")
    w("\x1b[23;1H\x1b[4h中文 wide ✓ é\x1b[4l\x1b[1;70H\x1b(0lqqk\x1b(B\x1b[2;70H\tT\x1b[3;1H\x1b[2S")
    w("\x1b[?1049h\x1b[H\x1b[2J\x1b[1;1H\x1b[1;33malternate\x1b[0m\x1b[3;10r\x1b[10;1H")
    w("".join(f"alt {i}\r\n" for i in range(12)))
    w("\x1b[r\x1b[12;40H\x1b[?25l\x1b[5;5H\x1b[3mhalf中\x1b[5;9Hx\x1b[0m")
    sys.stdout.flush()
    sys.stdin.read(1)
    w("\x1b[?25h\x1b[?1049l after alternate\r\n")
    sys.stdout.flush()
finally:
    termios.tcsetattr(fd, termios.TCSADRAIN, saved)
