package printer

import (
	"errors"
	"testing"
)

func TestStatusFrom(t *testing.T) {
	const ok = 0x12
	cases := []struct {
		name                    string
		printer, offline, paper byte
		errByte                 byte
		want                    Status
		err                     error
	}{
		{"ready", ok, ok, ok, 0, Status{Online: true}, nil},
		{"paper low", ok, ok, ok | 0x0C, 0, Status{Online: true, PaperLow: true}, nil},
		{"paper out", ok | 0x08, ok | 0x20, ok | 0x6C, 0, Status{PaperLow: true, PaperOut: true}, ErrPaperOut},
		{"paper stop only", ok | 0x08, ok | 0x20, ok, 0, Status{PaperOut: true}, ErrPaperOut},
		{"cover open", ok | 0x08, ok | 0x04, ok, 0, Status{CoverOpen: true}, ErrCoverOpen},
		{"cutter jam", ok | 0x08, ok | 0x40, ok, ok | 0x08, Status{Error: "autocutter error"}, ErrFault},
		{"unknown error", ok | 0x08, ok | 0x40, ok, ok, Status{Error: "error"}, ErrFault},
		{"offline", ok | 0x08, ok, ok, 0, Status{}, ErrOffline},
	}
	for _, c := range cases {
		got := statusFrom(c.printer, c.offline, c.paper, c.errByte)
		if got != c.want || !errors.Is(got.Err(), c.err) || (c.err == nil && got.Err() != nil) {
			t.Errorf("%s: %+v (%v), want %+v (%v)", c.name, got, got.Err(), c.want, c.err)
		}
	}
}

func TestValidStatus(t *testing.T) {
	for b, want := range map[byte]bool{0x12: true, 0x7E: true, 0x16: true, 0x00: false, 0x10: false, 0x92: false, 0x13: false} {
		if validStatus(b) != want {
			t.Errorf("validStatus(%#x) = %v", b, !want)
		}
	}
}

func TestAddrDefaultsPort(t *testing.T) {
	for in, want := range map[string]string{
		"192.168.1.50":      "192.168.1.50:9100",
		"192.168.1.50:9101": "192.168.1.50:9101",
		"printer.local":     "printer.local:9100",
		"fe80::1":           "[fe80::1]:9100",
		"[fe80::1]":         "[fe80::1]:9100",
		"[fe80::1]:9000":    "[fe80::1]:9000",
	} {
		if got := (&TCPPrinter{Addr: in}).addr(); got != want {
			t.Errorf("addr(%q) = %q, want %q", in, got, want)
		}
	}
}
