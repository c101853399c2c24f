package announce

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

func encode(t *testing.T, c Clip) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := EncodeWAV(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWAVRoundTrip(t *testing.T) {
	for _, c := range []Clip{
		{SampleRate: 22050, Channels: 1, Samples: []int16{0, 1, -1, math.MaxInt16, math.MinInt16}},
		{SampleRate: 44100, Channels: 2, Samples: []int16{1, 2, 3, 4, -5, -6}},
		{SampleRate: 8000, Channels: 1, Samples: nil},
		Chime(),
	} {
		b := encode(t, c)
		if len(b) != 44+2*len(c.Samples) {
			t.Errorf("WAV is %d bytes for %d samples", len(b), len(c.Samples))
		}
		got, err := DecodeWAV(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got.SampleRate != c.SampleRate || got.Channels != c.Channels || !slices.Equal(got.Samples, c.Samples) {
			t.Errorf("round trip changed %d Hz × %d clip", c.SampleRate, c.Channels)
		}
	}
}

func TestEncodeWAVHeader(t *testing.T) {
	b := encode(t, Clip{SampleRate: 22050, Channels: 2, Samples: []int16{1, 2}})
	le := binary.LittleEndian
	checks := []struct {
		name      string
		got, want uint32
	}{
		{"riff size", le.Uint32(b[4:]), 40},
		{"fmt size", le.Uint32(b[16:]), 16},
		{"format", uint32(le.Uint16(b[20:])), 1},
		{"channels", uint32(le.Uint16(b[22:])), 2},
		{"rate", le.Uint32(b[24:]), 22050},
		{"byte rate", le.Uint32(b[28:]), 22050 * 4},
		{"block align", uint32(le.Uint16(b[32:])), 4},
		{"bits", uint32(le.Uint16(b[34:])), 16},
		{"data size", le.Uint32(b[40:]), 4},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if string(b[:4]) != "RIFF" || string(b[8:16]) != "WAVEfmt " || string(b[36:40]) != "data" {
		t.Errorf("bad chunk ids: %q", b[:40])
	}
}

func TestEncodeWAVRejectsBadClip(t *testing.T) {
	for _, c := range []Clip{
		{SampleRate: 0, Channels: 1},
		{SampleRate: 22050, Channels: 0},
		{SampleRate: 22050, Channels: 2, Samples: []int16{1, 2, 3}},
	} {
		if err := EncodeWAV(&bytes.Buffer{}, c); !errors.Is(err, errBadClip) {
			t.Errorf("EncodeWAV(%+v) = %v", c, err)
		}
	}
}

// streamed mimics espeak-ng --stdout: sizes are placeholders, and the data
// runs to the end of the stream.
func streamed(t *testing.T, c Clip) []byte {
	b := encode(t, c)
	binary.LittleEndian.PutUint32(b[4:], 0x7ffff024)
	binary.LittleEndian.PutUint32(b[40:], 0x7ffff000)
	return b
}

func TestDecodeWAVStreamedSizes(t *testing.T) {
	c := Clip{SampleRate: 22050, Channels: 1, Samples: []int16{5, -5, 7}}
	got, err := DecodeWAV(bytes.NewReader(streamed(t, c)))
	if err != nil || !slices.Equal(got.Samples, c.Samples) {
		t.Fatalf("got %v, %v", got.Samples, err)
	}
}

func TestDecodeWAVDropsPartialFrame(t *testing.T) {
	c := Clip{SampleRate: 22050, Channels: 2, Samples: []int16{1, 2, 3, 4}}
	b := streamed(t, c)
	got, err := DecodeWAV(bytes.NewReader(b[:len(b)-3]))
	if err != nil || !slices.Equal(got.Samples, []int16{1, 2}) {
		t.Fatalf("got %v, %v", got.Samples, err)
	}
}

func TestDecodeWAVSkipsOtherChunks(t *testing.T) {
	b := encode(t, Clip{SampleRate: 16000, Channels: 1, Samples: []int16{9, 8}})
	list := []byte("LIST\x03\x00\x00\x00abc\x00") // odd size, padded
	b = slices.Concat(b[:36], list, b[36:])
	got, err := DecodeWAV(bytes.NewReader(b))
	if err != nil || !slices.Equal(got.Samples, []int16{9, 8}) {
		t.Fatalf("got %v, %v", got.Samples, err)
	}
}

func TestDecodeWAV8Bit(t *testing.T) {
	b := encode(t, Clip{SampleRate: 8000, Channels: 1, Samples: []int16{0}})
	binary.LittleEndian.PutUint16(b[32:], 1) // block align
	binary.LittleEndian.PutUint16(b[34:], 8) // bits
	b = append(b[:40], 3, 0, 0, 0, 0, 128, 255)
	got, err := DecodeWAV(bytes.NewReader(b))
	if err != nil || !slices.Equal(got.Samples, []int16{-32768, 0, 127 << 8}) {
		t.Fatalf("got %v, %v", got.Samples, err)
	}
}

func TestDecodeWAVExtensible(t *testing.T) {
	b := encode(t, Clip{SampleRate: 8000, Channels: 1, Samples: []int16{42}})
	fmtExt := make([]byte, 40)
	copy(fmtExt, b[20:36])
	binary.LittleEndian.PutUint16(fmtExt[0:], wavExtensible)
	binary.LittleEndian.PutUint16(fmtExt[24:], wavPCM)
	b = slices.Concat(b[:12], []byte("fmt \x28\x00\x00\x00"), fmtExt, b[36:])
	got, err := DecodeWAV(bytes.NewReader(b))
	if err != nil || !slices.Equal(got.Samples, []int16{42}) {
		t.Fatalf("got %v, %v", got.Samples, err)
	}
}

func TestDecodeWAVRejects(t *testing.T) {
	good := encode(t, Clip{SampleRate: 8000, Channels: 1, Samples: []int16{1}})
	patch := func(off int, v uint16) []byte {
		b := slices.Clone(good)
		binary.LittleEndian.PutUint16(b[off:], v)
		return b
	}
	cases := map[string][]byte{
		"empty":           nil,
		"not riff":        []byte("RIFX\x00\x00\x00\x00WAVE"),
		"not wave":        slices.Concat(good[:8], []byte("AVI "), good[12:]),
		"float":           patch(20, 3),
		"24-bit":          patch(34, 24),
		"no channels":     patch(22, 0),
		"no data":         good[:36],
		"short fmt":       slices.Concat(good[:12], []byte("fmt \x04\x00\x00\x00\x01\x00\x01\x00")),
		"data before fmt": slices.Concat(good[:12], good[36:], good[12:36]),
	}
	for name, b := range cases {
		if _, err := DecodeWAV(bytes.NewReader(b)); !errors.Is(err, ErrInvalidWAV) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestDecodeWAVTooLarge(t *testing.T) {
	b := streamed(t, Clip{SampleRate: 8000, Channels: 1})
	b = append(b, make([]byte, 1000)...)
	if _, err := decodeWAV(bytes.NewReader(b), 1000); !errors.Is(err, ErrInvalidWAV) {
		t.Errorf("err = %v", err)
	}
	if _, err := decodeWAV(bytes.NewReader(b), int64(len(b))); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

func TestClipDuration(t *testing.T) {
	c := Clip{SampleRate: 22050, Channels: 2, Samples: make([]int16, 2*22050*3/2)}
	if d := c.Duration(); d != 1500*time.Millisecond {
		t.Errorf("Duration = %v", d)
	}
	if d := (Clip{}).Duration(); d != 0 {
		t.Errorf("zero clip Duration = %v", d)
	}
}

func TestClipVolume(t *testing.T) {
	c := Clip{SampleRate: 8000, Channels: 1, Samples: []int16{1000, -1000, 3}}
	cases := map[int][]int16{100: {1000, -1000, 3}, 150: {1000, -1000, 3}, 50: {500, -500, 2}, 0: {0, 0, 0}, -3: {0, 0, 0}}
	for v, want := range cases {
		if got := c.withVolume(v).Samples; !slices.Equal(got, want) {
			t.Errorf("volume %d: %v", v, got)
		}
	}
	if c.Samples[0] != 1000 {
		t.Error("withVolume changed its input")
	}
}

func TestClipConvert(t *testing.T) {
	stereo := Clip{SampleRate: 44100, Channels: 2, Samples: []int16{100, 300, 200, 400, 300, 500, 400, 600}}
	mono := stereo.convert(22050, 1)
	if mono.SampleRate != 22050 || mono.Channels != 1 || !slices.Equal(mono.Samples, []int16{200, 400}) {
		t.Errorf("to mono 22050: %+v", mono)
	}
	up := Clip{SampleRate: 1000, Channels: 1, Samples: []int16{0, 100}}.convert(2000, 2)
	if !slices.Equal(up.Samples, []int16{0, 0, 50, 50, 100, 100, 100, 100}) {
		t.Errorf("to stereo 2000: %v", up.Samples)
	}
	if d := Chime().convert(48000, 2).Duration() - Chime().Duration(); d.Abs() > time.Millisecond {
		t.Errorf("convert changed the chime's length by %v", d)
	}
}
