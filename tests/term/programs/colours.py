"""Print 16 colours, the 256-colour cube, a truecolour ramp and every text attribute."""

import sys

out = []
for i in range(8):
    out.append(f"\x1b[3{i}m fg{i} \x1b[9{i}m br{i} \x1b[4{i}m bg{i} \x1b[10{i}m bb{i} \x1b[0m")
out.append("\r\n")
for row in range(16):
    out.append("".join(f"\x1b[48;5;{row * 16 + col}m{row * 16 + col:4d}" for col in range(16)) + "\x1b[0m\r\n")
for row in range(3):
    out.append("".join(f"\x1b[38;2;{c * 3};{255 - c * 3};{row * 100}m#" for c in range(78)) + "\x1b[0m\r\n")
attributes = ["1;bold", "2;dim", "3;italic", "4;underline", "7;reverse", "9;strike", "1;4;31;bold-underline-red"]
out.append(" ".join(f"\x1b[{a.rsplit(';', 1)[0]}m{a.rsplit(';', 1)[1]}\x1b[0m" for a in attributes) + "\r\n")
out.append("\x1b[38;5;208;48;2;10;20;30m mixed 256 on truecolour \x1b[22;39m default fg kept bg \x1b[0m\r\n")
sys.stdout.write("".join(out))
sys.stdout.flush()
