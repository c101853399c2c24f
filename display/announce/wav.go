package announce

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// ErrInvalidWAV is wrapped by DecodeWAV's errors, so callers can tell a bad
// file (fall back to the chime) from an I/O failure.
var ErrInvalidWAV = errors.New("announce: invalid WAV")

// maxWAVBytes bounds DecodeWAV's input: a call is seconds long, and a broken
// synthesiser that never stops must not fill the board's memory.
const maxWAVBytes = 64 << 20

const (
	wavPCM        = 1
	wavExtensible = 0xFFFE
)

// EncodeWAV writes c as a 16-bit PCM RIFF/WAVE file, the format every
// player, recorder and test tool understands, so clips can be saved,
// inspected or replaced by recorded voices.
func EncodeWAV(w io.Writer, c Clip) error {
	if err := c.validate(); err != nil {
		return err
	}
	dataLen := 2 * len(c.Samples)
	if dataLen > math.MaxUint32-36 {
		return fmt.Errorf("%w: too long for WAV", errBadClip)
	}
	b := make([]byte, 0, 44+dataLen)
	b = append(b, "RIFF"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(36+dataLen))
	b = append(b, "WAVEfmt "...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, wavPCM)
	b = binary.LittleEndian.AppendUint16(b, uint16(c.Channels))
	b = binary.LittleEndian.AppendUint32(b, uint32(c.SampleRate))
	b = binary.LittleEndian.AppendUint32(b, uint32(c.SampleRate*c.Channels*2))
	b = binary.LittleEndian.AppendUint16(b, uint16(c.Channels*2))
	b = binary.LittleEndian.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(dataLen))
	for _, s := range c.Samples {
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	_, err := w.Write(b)
	return err
}

// wavFormat is the part of a "fmt " chunk DecodeWAV needs.
type wavFormat struct {
	channels, rate, bits int
}

// DecodeWAV reads a PCM WAV file (8- or 16-bit) into a Clip. It accepts the
// files espeak-ng writes to a pipe, whose RIFF and data sizes are
// placeholders because the length was not known when the header was written.
func DecodeWAV(r io.Reader) (Clip, error) {
	return decodeWAV(r, maxWAVBytes)
}

func decodeWAV(r io.Reader, limit int64) (Clip, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return Clip{}, err
	}
	if int64(len(data)) > limit {
		return Clip{}, fmt.Errorf("%w: larger than %d bytes", ErrInvalidWAV, limit)
	}
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return Clip{}, fmt.Errorf("%w: no RIFF/WAVE header", ErrInvalidWAV)
	}
	return decodeChunks(data[12:])
}

// decodeChunks walks the RIFF chunks until the data chunk, which must follow
// the format chunk.
func decodeChunks(b []byte) (Clip, error) {
	var f *wavFormat
	for len(b) >= 8 {
		id, size := string(b[:4]), int64(binary.LittleEndian.Uint32(b[4:8]))
		b = b[8:]
		body := b[:min(size, int64(len(b)))]
		switch id {
		case "fmt ":
			parsed, err := parseFormat(body)
			if err != nil {
				return Clip{}, err
			}
			f = &parsed
		case "data":
			if f == nil {
				return Clip{}, fmt.Errorf("%w: data before fmt", ErrInvalidWAV)
			}
			return f.samples(body)
		}
		b = b[len(body):]
		if size%2 == 1 && len(b) > 0 {
			b = b[1:] // chunks are padded to an even length
		}
	}
	return Clip{}, fmt.Errorf("%w: no data chunk", ErrInvalidWAV)
}

func parseFormat(b []byte) (wavFormat, error) {
	if len(b) < 16 {
		return wavFormat{}, fmt.Errorf("%w: short fmt chunk", ErrInvalidWAV)
	}
	tag := binary.LittleEndian.Uint16(b[0:2])
	if tag == wavExtensible && len(b) >= 26 {
		tag = binary.LittleEndian.Uint16(b[24:26]) // first bytes of the sub-format GUID
	}
	f := wavFormat{
		channels: int(binary.LittleEndian.Uint16(b[2:4])),
		rate:     int(binary.LittleEndian.Uint32(b[4:8])),
		bits:     int(binary.LittleEndian.Uint16(b[14:16])),
	}
	switch {
	case tag != wavPCM:
		return wavFormat{}, fmt.Errorf("%w: format %#x is not PCM", ErrInvalidWAV, tag)
	case f.bits != 8 && f.bits != 16:
		return wavFormat{}, fmt.Errorf("%w: %d-bit samples", ErrInvalidWAV, f.bits)
	}
	return f, nil
}

// samples converts the data chunk, dropping a trailing partial frame (a
// pipe may be cut mid-frame when the writer is stopped).
func (f wavFormat) samples(b []byte) (Clip, error) {
	c := Clip{SampleRate: f.rate, Channels: f.channels}
	if err := c.validate(); err != nil {
		return Clip{}, fmt.Errorf("%w: %v", ErrInvalidWAV, err)
	}
	width := f.bits / 8
	n := len(b) / (width * f.channels) * f.channels
	c.Samples = make([]int16, n)
	for i := range n {
		if width == 1 {
			c.Samples[i] = int16(int(b[i])-128) << 8
		} else {
			c.Samples[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
	}
	return c, nil
}
