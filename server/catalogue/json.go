package catalogue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"motcua/server/contract"
	"motcua/server/safetext"
)

// MaxSize is the largest catalogue file DecodeJSON and DecodeCSV read. A
// full catalogue of 5,000 procedures fits in a few MiB; the bound keeps an
// upload from exhausting the server's memory.
const MaxSize = 16 << 20

// ErrTooLarge is returned (wrapped or bare) when an input exceeds MaxSize,
// so the HTTP layer can answer contract.CodeTooLarge.
var ErrTooLarge = errors.New("tệp danh mục lớn hơn 16 MiB / catalogue file larger than 16 MiB")

// readLimited reads all of r, refusing more than MaxSize bytes.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// DecodeJSON reads a catalogue in the wire format of contract.Catalogue.
// It is strict so that a typo in an uploaded file is reported rather than
// silently ignored: unknown fields and trailing data are errors, and the
// result must pass Validate. The result is normalized (see Normalize).
func DecodeJSON(r io.Reader) (contract.Catalogue, error) {
	data, err := readLimited(r)
	if err != nil {
		return contract.Catalogue{}, err
	}
	if err := safetext.CheckJSON(data); err != nil {
		return contract.Catalogue{}, &ValidationError{Problems: []Problem{{Message: err.Error()}}}
	}
	var c contract.Catalogue
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return contract.Catalogue{}, jsonProblem(data, errorOffset(err, dec), "JSON không hợp lệ / invalid JSON: "+err.Error())
	}
	if err := dec.Decode(new(json.RawMessage)); err != io.EOF {
		return contract.Catalogue{}, jsonProblem(data, dec.InputOffset(), "chỉ được chứa một giá trị JSON / only one JSON value allowed")
	}
	Normalize(&c)
	if err := Validate(&c); err != nil {
		return contract.Catalogue{}, err
	}
	return c, nil
}

// errorOffset finds where in the input a decoding error lies: the decoder
// knows for syntax and type errors, otherwise its read position is close.
func errorOffset(err error, dec *json.Decoder) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Offset
	}
	return dec.InputOffset()
}

// jsonProblem reports a syntax error with the line it occurred on, so an
// administrator editing the file by hand can find it.
func jsonProblem(data []byte, offset int64, msg string) error {
	offset = min(max(offset, 0), int64(len(data)))
	line := 1 + bytes.Count(data[:offset], []byte{'\n'})
	return &ValidationError{Problems: []Problem{{Line: line, Message: msg}}}
}

// EncodeJSON writes a catalogue indented with two spaces, fields in the
// contract's order and a final newline, so exports diff cleanly. The
// catalogue is normalized on a copy; c itself is not modified.
func EncodeJSON(w io.Writer, c contract.Catalogue) error {
	cp := clone(c)
	Normalize(&cp)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cp); err != nil {
		return fmt.Errorf("catalogue: encoding JSON: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
