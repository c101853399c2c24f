package printer

import "image"

// ESC/POS bytes this package sends.
const (
	esc = 0x1B
	gs  = 0x1D
	dle = 0x10
	eot = 0x04
)

// CutMode is how the ticket leaves the printer.
type CutMode int

// Cut modes. CutPartial is the zero value because a partial cut leaves the
// ticket hanging by a hair: it does not fall to the floor before the citizen
// takes it.
const (
	CutPartial CutMode = iota // GS V 66 n: feed to the cutter, cut leaving a tab
	CutFull                   // GS V 65 n: feed to the cutter, cut through
	CutNone                   // no cut, for printers without a cutter
)

// DefaultBandRows is the height of one GS v 0 band. Cheap printers have
// receive buffers of a few kilobytes; 256 rows of 576 dots is 18 KiB, which
// even those drain steadily without dropping data.
const DefaultBandRows = 256

// DefaultFeedLines is the blank space fed after the image so the footer is
// not printed right on the cut.
const DefaultFeedLines = 3

// EncodeOptions tune the job for a printer model. The zero value is the
// usual ticket: 256-row bands, a 3-line feed, a partial cut and no beep.
type EncodeOptions struct {
	// BandRows caps the rows per raster command; zero means DefaultBandRows.
	BandRows int
	// FeedLines is the feed after the image: zero means DefaultFeedLines,
	// negative means none.
	FeedLines int
	// Cut selects the cut.
	Cut CutMode
	// CutFeed is n of GS V 66/65 n: extra feed, in motion units, before the
	// cut.
	CutFeed byte
	// Beeps, if positive, sounds the buzzer that many times (at most 9)
	// after the cut, so a citizen who looked away knows the ticket is ready.
	// It sends ESC B n t, the buzzer command of many Chinese-made printers
	// (Xprinter, Rongta); it is not in Epson's set, so enable it only for a
	// model known to beep.
	Beeps int
	// BeepLength is t of ESC B n t in units of about 50 ms; zero means 2.
	BeepLength int
}

// Encode turns an image into a complete print job: initialise, the image in
// raster bands, feed, cut, and the optional beep. Dots darker than mid-grey
// print; rows are padded with white to whole bytes. img should be exactly
// the paper's width (see Render); wider images are not cropped.
func Encode(img image.Image, opts EncodeOptions) []byte {
	opts = opts.withDefaults()
	job := []byte{esc, '@'}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += opts.BandRows {
		job = appendBand(job, img, y, min(y+opts.BandRows, r.Max.Y))
	}
	if opts.FeedLines > 0 {
		job = append(job, esc, 'd', byte(opts.FeedLines))
	}
	switch opts.Cut {
	case CutPartial:
		job = append(job, gs, 'V', 66, opts.CutFeed)
	case CutFull:
		job = append(job, gs, 'V', 65, opts.CutFeed)
	}
	if opts.Beeps > 0 {
		job = append(job, esc, 'B', byte(opts.Beeps), byte(opts.BeepLength))
	}
	return job
}

func (o EncodeOptions) withDefaults() EncodeOptions {
	if o.BandRows <= 0 {
		o.BandRows = DefaultBandRows
	}
	o.BandRows = min(o.BandRows, 0xFFFF)
	if o.FeedLines == 0 {
		o.FeedLines = DefaultFeedLines
	}
	o.FeedLines = min(o.FeedLines, 255)
	o.Beeps = min(o.Beeps, 9)
	if o.BeepLength <= 0 {
		o.BeepLength = 2
	}
	o.BeepLength = min(o.BeepLength, 9)
	return o
}

// appendBand appends GS v 0 0 xL xH yL yH and the packed rows y0..y1 (most
// significant bit is the leftmost dot, 1 prints).
func appendBand(job []byte, img image.Image, y0, y1 int) []byte {
	r := img.Bounds()
	stride := (r.Dx() + 7) / 8
	job = append(job, gs, 'v', '0', 0, byte(stride), byte(stride>>8), byte(y1-y0), byte((y1-y0)>>8))
	for y := y0; y < y1; y++ {
		row := make([]byte, stride)
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(img, x, y) {
				i := x - r.Min.X
				row[i/8] |= 0x80 >> (i % 8)
			}
		}
		job = append(job, row...)
	}
	return job
}

// dark tells whether a pixel prints, with a fast path for Render's output.
// Other images are composited over white paper first, so a transparent
// pixel stays blank instead of printing as black.
func dark(img image.Image, x, y int) bool {
	if g, ok := img.(*image.Gray); ok {
		return g.GrayAt(x, y).Y < 128
	}
	r, g, b, a := img.At(x, y).RGBA()
	lum := (19595*r+38470*g+7471*b+1<<15)>>16 + (0xFFFF - a)
	return lum < 0x8000
}
