# Lists the sounding stretches of a raw s16le mono 22050 Hz recording:
# 10 ms windows louder than -46 dBFS RMS, merged across pauses < 0.3 s.
import array, math, sys
rate = 22050
a = array.array('h'); a.frombytes(open(sys.argv[1], 'rb').read())
w = rate // 100
loud = []
for i in range(0, len(a) - w, w):
    s = sum(x * x for x in a[i:i + w]) / w
    loud.append(math.sqrt(s) / 32768 > 0.005)
segs, start, last = [], None, None
for i, on in enumerate(loud):
    t = i / 100
    if on:
        if start is None or t - last > 0.3:
            if start is not None: segs.append((start, last))
            start = t
        last = t + 0.01
if start is not None: segs.append((start, last))
for s, e in segs: print(f"{s:7.2f} – {e:7.2f} s  ({e - s:5.2f} s)")
if segs: print(f"first sound to last: {segs[-1][1] - segs[0][0]:.2f} s, {len(a)/rate:.2f} s recorded")
