package announce

import (
	"encoding/binary"
	"errors"
)

// ErrNoAudioOutput means the board cannot make sound: no sound card, no
// ALSA device, or a build without the "oto" tag. The board should then run
// silently (show calls, read none) rather than fail to start.
var ErrNoAudioOutput = errors.New("announce: no audio output")

// pcmBytes lays c's samples out as signed 16-bit little-endian bytes, the
// byte stream audio devices consume.
func pcmBytes(c Clip) []byte {
	b := make([]byte, 0, 2*len(c.Samples))
	for _, s := range c.Samples {
		b = binary.LittleEndian.AppendUint16(b, uint16(s))
	}
	return b
}
