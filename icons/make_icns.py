"""Writes a macOS .icns from PNG files: make_icns.py OUT.icns FILE.png:TYPE ... (types icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512)."""
import struct
import sys

out, entries = sys.argv[1], sys.argv[2:]
chunks = b""
for e in entries:
    path, kind = e.rsplit(":", 1)
    data = open(path, "rb").read()
    chunks += kind.encode("ascii") + struct.pack(">I", len(data) + 8) + data
with open(out, "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(chunks) + 8) + chunks)
