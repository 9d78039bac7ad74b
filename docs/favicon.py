#!/usr/bin/env python3
# Regenerates src/SurveyApi/wwwroot/favicon.ico (16 and 32 px PNGs in an ICO container), drawn here, no third-party art:
#   python3 docs/favicon.py   (from the repository root)
# Draws ParSurvey's icon: a rounded blue square (the board's header blue) with a white tick and three rising bars.
import struct, zlib, math
def draw(n):
    ss = 4
    px = []
    for y in range(n):
        row = []
        for x in range(n):
            acc = [0,0,0,0]
            for sy in range(ss):
                for sx in range(ss):
                    u = (x + (sx+0.5)/ss) / n; v = (y + (sy+0.5)/ss) / n
                    # rounded square, radius 0.2
                    r = 0.2; cx = min(max(u, r), 1-r); cy = min(max(v, r), 1-r)
                    inside = (u-cx)**2 + (v-cy)**2 <= r*r
                    if not inside: continue
                    col = (0x0b, 0x3d, 0x91)
                    # three bars at the bottom, rising: 0.18..0.82 wide
                    for i,(x0,h) in enumerate([(0.18,0.18),(0.40,0.28),(0.62,0.40)]):
                        if x0 <= u <= x0+0.16 and 0.84-h <= v <= 0.84: col = (0xff,0xff,0xff)
                    # tick above: from (0.22,0.34) to (0.38,0.48) to (0.78,0.14), thickness 0.07
                    def seg(ax,ay,bx,by):
                        dx,dy = bx-ax, by-ay; t = max(0,min(1,((u-ax)*dx+(v-ay)*dy)/(dx*dx+dy*dy)))
                        return math.hypot(u-ax-t*dx, v-ay-t*dy)
                    if min(seg(0.20,0.30,0.36,0.44), seg(0.36,0.44,0.80,0.12)) <= 0.055: col = (0x7d,0xe0,0x9a)
                    acc[0]+=col[0]; acc[1]+=col[1]; acc[2]+=col[2]; acc[3]+=255
            k = ss*ss; a = acc[3]//k
            row += [acc[0]//max(1,acc[3]//255), acc[1]//max(1,acc[3]//255), acc[2]//max(1,acc[3]//255), a] if a else [0,0,0,0]
        px.append(bytes(row))
    raw = b''.join(b'\0'+r for r in px)
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t+d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
images = [draw(16), draw(32)]
head = struct.pack('<HHH', 0, 1, len(images))
offset = 6 + 16*len(images); entries = b''
for n, png in zip([16,32], images):
    entries += struct.pack('<BBBBHHII', n, n, 0, 0, 1, 32, len(png), offset); offset += len(png)
open('src/SurveyApi/wwwroot/favicon.ico','wb').write(head + entries + b''.join(images))
