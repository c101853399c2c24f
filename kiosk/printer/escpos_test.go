package printer

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"math/rand/v2"
	"reflect"
	"testing"
)

func randomImage(w, h int, seed uint64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, seed))
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(255 * rng.IntN(2))
	}
	return img
}

func TestEncodeBandsAndTail(t *testing.T) {
	img := randomImage(384, 600, 1)
	_, cmds, err := Decode(Encode(img, EncodeOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []Command{
		{Kind: CmdInit},
		{Kind: CmdRaster, Width: 384, Height: 256},
		{Kind: CmdRaster, Width: 384, Height: 256},
		{Kind: CmdRaster, Width: 384, Height: 88},
		{Kind: CmdFeed, N: DefaultFeedLines},
		{Kind: CmdCut, Partial: true},
	}
	if !reflect.DeepEqual(cmds, want) {
		t.Errorf("commands\n got %v\nwant %v", cmds, want)
	}
}

func TestEncodeOptions(t *testing.T) {
	img := randomImage(16, 10, 2)
	cases := []struct {
		opts EncodeOptions
		tail []Command
	}{
		{EncodeOptions{Cut: CutFull, CutFeed: 5}, []Command{{Kind: CmdFeed, N: 3}, {Kind: CmdCut, N: 5}}},
		{EncodeOptions{Cut: CutNone, FeedLines: -1}, nil},
		{EncodeOptions{FeedLines: 7, Beeps: 2}, []Command{{Kind: CmdFeed, N: 7}, {Kind: CmdCut, Partial: true}, {Kind: CmdBeep, N: 2, Length: 2}}},
		{EncodeOptions{BandRows: 4, Beeps: 30, BeepLength: 40}, []Command{{Kind: CmdFeed, N: 3}, {Kind: CmdCut, Partial: true}, {Kind: CmdBeep, N: 9, Length: 9}}},
	}
	for _, c := range cases {
		_, cmds, err := Decode(Encode(img, c.opts))
		if err != nil {
			t.Fatal(err)
		}
		bands := 1
		if c.opts.BandRows == 4 {
			bands = 3
		}
		if got := cmds[1+bands:]; len(got) != len(c.tail) || (len(got) > 0 && !reflect.DeepEqual(got, c.tail)) {
			t.Errorf("%+v: tail %v, want %v", c.opts, got, c.tail)
		}
	}
}

// TestEncodeRoundTrip covers widths that are not whole bytes: the padding
// must be white and the picture otherwise unchanged.
func TestEncodeRoundTrip(t *testing.T) {
	for _, w := range []int{1, 7, 8, 13, 384, 577} {
		img := randomImage(w, 37, uint64(w))
		got, _, err := Decode(Encode(img, EncodeOptions{BandRows: 10}))
		if err != nil {
			t.Fatal(err)
		}
		g := got.(*image.Gray)
		if g.Bounds().Dx() != (w+7)/8*8 || g.Bounds().Dy() != 37 {
			t.Fatalf("width %d: decoded %v", w, g.Bounds())
		}
		for y := 0; y < 37; y++ {
			for x := 0; x < g.Bounds().Dx(); x++ {
				want := uint8(255)
				if x < w {
					want = img.GrayAt(x, y).Y
				}
				if g.GrayAt(x, y).Y != want {
					t.Fatalf("width %d: pixel (%d,%d) = %d, want %d", w, x, y, g.GrayAt(x, y).Y, want)
				}
			}
		}
	}
}

func TestEncodeTransparentIsBlank(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 8, 1))
	img.Set(0, 0, color.NRGBA{A: 255})
	job := Encode(img, EncodeOptions{})
	raster := []byte{gs, 'v', '0', 0, 1, 0, 1, 0, 0x80}
	if !bytes.Contains(job, raster) {
		t.Errorf("job %x lacks %x: transparent pixels must stay blank", job, raster)
	}
}

func TestDecodeIsStrict(t *testing.T) {
	band := []byte{gs, 'v', '0', 0, 1, 0, 1, 0, 0xFF}
	cases := map[string][]byte{
		"unknown byte":     {esc, '@', 'A'},
		"text":             []byte("Xin chào"),
		"status request":   {dle, eot, 1},
		"truncated ESC":    {esc},
		"unknown ESC":      {esc, 'x'},
		"truncated feed":   {esc, 'd'},
		"truncated beep":   {esc, 'B', 1},
		"unknown GS":       {gs, '!', 0},
		"short raster":     {gs, 'v', '0', 0, 2, 0, 2, 0, 1, 2, 3},
		"scaled raster":    {gs, 'v', '0', 3, 1, 0, 1, 0, 0},
		"empty raster":     {gs, 'v', '0', 0, 0, 0, 1, 0},
		"width change":     append(append([]byte{}, band...), gs, 'v', '0', 0, 2, 0, 1, 0, 0, 0),
		"unknown cut":      {gs, 'V', 7},
		"truncated cut":    {gs, 'V', 66},
		"raster header":    {gs, 'v', '0', 0, 1},
		"graphics command": {gs, 'v', '1'},
	}
	for name, b := range cases {
		if _, _, err := Decode(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Decode(%x) = %v, want ErrMalformed", name, b, err)
		}
	}
}

func TestDecodeAcceptsCutVariants(t *testing.T) {
	img, cmds, err := Decode([]byte{gs, 'V', 0, gs, 'V', '1', gs, 'V', 65, 3})
	want := []Command{{Kind: CmdCut}, {Kind: CmdCut, Partial: true}, {Kind: CmdCut, N: 3}}
	if err != nil || img != nil || !reflect.DeepEqual(cmds, want) {
		t.Errorf("got %v, %v, %v; want nil image, %v", img, cmds, err, want)
	}
}
