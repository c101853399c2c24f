package printer_test

import (
	"image"
	"testing"

	"motcua/kiosk/printer"
)

// FuzzDecode: Decode must never panic or allocate beyond what the input
// justifies, and whatever it accepts must survive Encode and Decode again.
func FuzzDecode(f *testing.F) {
	small := image.NewGray(image.Rect(0, 0, 12, 5))
	small.Pix[3] = 0
	f.Add(printer.Encode(small, printer.EncodeOptions{BandRows: 2, Beeps: 1}))
	f.Add([]byte{0x1B, '@', 0x1D, 'V', 66, 0})
	f.Add([]byte{0x1D, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Add([]byte{0x1D, 'v', '0', 0, 1, 0, 1, 0, 0xAA, 0x1D, 'v', '0', 0, 2, 0, 1, 0, 0, 0})
	f.Add([]byte{0x10, 0x04, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		img, cmds, err := printer.Decode(b)
		if err != nil {
			return
		}
		rows := 0
		for _, c := range cmds {
			if c.Kind == printer.CmdRaster {
				rows += c.Height
			}
		}
		if (img == nil) != (rows == 0) {
			t.Fatalf("image %v for %d raster rows", img, rows)
		}
		if img == nil {
			return
		}
		if img.Bounds().Dy() != rows || img.Bounds().Dx()%8 != 0 {
			t.Fatalf("image %v for %d rows", img.Bounds(), rows)
		}
		again, _, err := printer.Decode(printer.Encode(img, printer.EncodeOptions{}))
		if err != nil || !sameBits(img, again) {
			t.Fatalf("re-encoding a decoded job changed it (%v)", err)
		}
	})
}
