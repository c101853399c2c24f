package catalogue

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"motcua/server/contract"
)

func encodeJSON(t *testing.T, c contract.Catalogue) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := EncodeJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestJSONRoundTrip(t *testing.T) {
	for name, c := range map[string]contract.Catalogue{"default": Default(), "base": base(), "edge": edgeCatalogue()} {
		t.Run(name, func(t *testing.T) {
			got, err := DecodeJSON(bytes.NewReader(encodeJSON(t, c)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("round trip changed the catalogue:\n got %+v\nwant %+v", got, c)
			}
		})
	}
}

func TestEncodeJSONStableAndPure(t *testing.T) {
	c := base()
	c.Procedures[1].Fees = nil // not normalized: must be written as [] without touching c
	a := encodeJSON(t, c)
	b := encodeJSON(t, c)
	if !bytes.Equal(a, b) {
		t.Error("two encodings differ")
	}
	if c.Procedures[1].Fees != nil {
		t.Error("EncodeJSON modified its argument")
	}
	if !bytes.Contains(a, []byte(`"fees": []`)) {
		t.Error(`nil fees not written as []`)
	}
	if !bytes.HasSuffix(a, []byte("}\n")) || !bytes.Contains(a, []byte("\n  \"fields\": [")) {
		t.Errorf("output is not indented with a final newline:\n%.200s", a)
	}
	if bytes.Contains(a, []byte(`\u0026`)) {
		t.Error("HTML characters escaped")
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	valid := string(encodeJSON(t, base()))
	tests := []struct {
		name, in string
		line     int    // expected line of the first problem, 0 to skip
		path     string // expected path of a problem, "" to skip
		msg      string // expected part of the message
	}{
		{"not JSON", "hello", 1, "", "invalid JSON"},
		{"syntax error on line 3", "{\n\"version\": 1,\n\"fields\": [,]}", 3, "", "invalid JSON"},
		{"unknown field", `{"version":1,"colour":"red"}`, 1, "", "unknown field"},
		{"two values", valid + valid, 0, "", "only one JSON value"},
		{"wrong type", `{"version":"one"}`, 1, "", "invalid JSON"},
		{"invalid catalogue", strings.Replace(valid, `"2.000815"`, `"2 000815"`, 1), 0, "procedures[0].code", "procedure code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeJSON(strings.NewReader(tt.in))
			ps := problemsOf(t, err)
			if len(ps) == 0 {
				t.Fatal("decoded without error")
			}
			if tt.line > 0 && ps[0].Line != tt.line {
				t.Errorf("line %d, want %d", ps[0].Line, tt.line)
			}
			if tt.path != "" && !hasProblem(ps, -1, tt.path) {
				t.Errorf("no problem at %s:%s", tt.path, dump(ps))
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

func TestDecodeJSONTrailingSpaceAllowed(t *testing.T) {
	in := string(encodeJSON(t, base())) + "\n\n  \t"
	if _, err := DecodeJSON(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxSize+1)
	if _, err := DecodeJSON(bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("DecodeJSON: %v, want ErrTooLarge", err)
	}
	if _, err := DecodeCSV(bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("DecodeCSV: %v, want ErrTooLarge", err)
	}
}

func TestDecodeJSONAtLimit(t *testing.T) {
	in := encodeJSON(t, base())
	pad := bytes.Repeat([]byte(" "), MaxSize-len(in))
	if _, err := DecodeJSON(bytes.NewReader(append(in, pad...))); err != nil {
		t.Fatalf("a file of exactly MaxSize bytes: %v", err)
	}
}

func TestNormalize(t *testing.T) {
	c := contract.Catalogue{
		Procedures: []contract.Procedure{{Documents: []contract.Text{}, Fees: []contract.Fee{{Tiers: []contract.FeeTier{}}}}},
		Queues:     []contract.Queue{{}},
		Counters:   []contract.Counter{{}},
	}
	Normalize(&c)
	p := c.Procedures[0]
	switch {
	case c.Fields == nil, c.Queues[0].Procedures == nil, c.Counters[0].Queues == nil:
		t.Error("required lists left nil")
	case p.Documents != nil, p.Steps != nil, p.Fees[0].Tiers != nil:
		t.Error("optional empty lists not nil")
	}
}
