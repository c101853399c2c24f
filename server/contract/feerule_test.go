package contract

import (
	"reflect"
	"testing"
	"time"
)

// The Hải Phòng rules of domain.md: NQ 23/2026 makes civil-status fees
// 0 đ online from 08/8/2026; NQ 12/2026 makes household-business
// registration free 08/8/2026–31/12/2031 on every channel.
var (
	lateBirthBefore = Fee{Label: Text{VI: "Lệ phí"}, Kind: FeeLocal, Amount: 8000, Until: "2026-08-07"}
	lateBirthDesk   = Fee{Label: Text{VI: "Lệ phí"}, Kind: FeeLocal, Amount: 8000, From: "2026-08-08", Channel: ChannelInPerson}
	lateBirthOnline = Fee{Label: Text{VI: "Lệ phí"}, Kind: FeeFree, From: "2026-08-08", Channel: ChannelOnline, Source: "NQ 23/2026/NQ-HĐND"}
	businessFree    = Fee{Label: Text{VI: "Lệ phí"}, Kind: FeeFree, From: "2026-08-08", Until: "2031-12-31", Source: "NQ 12/2026/NQ-HĐND"}
)

func TestFeesInForce(t *testing.T) {
	birth := []Fee{lateBirthBefore, lateBirthDesk, lateBirthOnline}
	business := []Fee{businessFree}
	tests := []struct {
		name string
		fees []Fee
		day  string
		ch   FeeChannel
		want []Fee
	}{
		{"day before NQ 23, online", birth, "2026-08-07", ChannelOnline, []Fee{lateBirthBefore}},
		{"day before NQ 23, in person", birth, "2026-08-07", ChannelInPerson, []Fee{lateBirthBefore}},
		{"first day of NQ 23, online", birth, "2026-08-08", ChannelOnline, []Fee{lateBirthOnline}},
		{"first day of NQ 23, in person", birth, "2026-08-08", ChannelInPerson, []Fee{lateBirthDesk}},
		{"first day of NQ 23, every channel", birth, "2026-08-08", ChannelAny, []Fee{lateBirthDesk, lateBirthOnline}},
		{"open end, years later", birth, "2040-01-01", ChannelOnline, []Fee{lateBirthOnline}},
		{"day before NQ 12", business, "2026-08-07", ChannelAny, nil},
		{"first day of NQ 12", business, "2026-08-08", ChannelInPerson, []Fee{businessFree}},
		{"last day of NQ 12", business, "2031-12-31", ChannelOnline, []Fee{businessFree}},
		{"day after NQ 12", business, "2032-01-01", ChannelAny, nil},
		{"no dates hold every day", []Fee{{Kind: FeeFlat, Amount: 10000}}, "1999-01-01", ChannelOnline, []Fee{{Kind: FeeFlat, Amount: 10000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FeesInForce(tt.fees, tt.day, tt.ch); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FeesInForce(%s, %q) = %+v, want %+v", tt.day, tt.ch, got, tt.want)
			}
		})
	}
}

// TestServiceDay: the rule's day is the civil date in the centre's zone,
// so 17:30 UTC on 7 August is already 8 August in Hải Phòng.
func TestServiceDay(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 8, 7, 16, 59, 0, 0, time.UTC), "2026-08-07"},
		{time.Date(2026, 8, 7, 17, 0, 0, 0, time.UTC), "2026-08-08"},
		{time.Date(2031, 12, 31, 16, 59, 59, 0, time.UTC), "2031-12-31"},
		{time.Date(2031, 12, 31, 17, 0, 0, 0, time.UTC), "2032-01-01"},
	}
	for _, tt := range tests {
		if got := ServiceDay(tt.at, hcm); got != tt.want {
			t.Errorf("ServiceDay(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestFeeOverlaps(t *testing.T) {
	base := Fee{Label: Text{VI: "Lệ phí"}}
	with := func(from, until string, ch FeeChannel) Fee {
		f := base
		f.From, f.Until, f.Channel = from, until, ch
		return f
	}
	tests := []struct {
		name string
		a, b Fee
		want bool
	}{
		{"both open", base, base, true},
		{"before and after NQ 23", with("", "2026-08-07", ChannelAny), with("2026-08-08", "", ChannelOnline), false},
		{"one shared day", with("", "2026-08-08", ChannelAny), with("2026-08-08", "", ChannelOnline), true},
		{"different channels same days", with("2026-08-08", "", ChannelInPerson), with("2026-08-08", "", ChannelOnline), false},
		{"any channel meets online", with("2026-08-08", "", ChannelAny), with("2026-08-08", "", ChannelOnline), true},
		{"closed periods apart", with("2026-01-01", "2026-06-30", ChannelAny), with("2026-07-01", "2026-12-31", ChannelAny), false},
		{"closed periods overlap", with("2026-01-01", "2026-07-01", ChannelAny), with("2026-07-01", "2026-12-31", ChannelAny), true},
		{"different charges never overlap", base, Fee{Label: Text{VI: "Phí thẩm định"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Overlaps(tt.b); got != tt.want {
				t.Errorf("Overlaps = %v, want %v", got, tt.want)
			}
			if got := tt.b.Overlaps(tt.a); got != tt.want {
				t.Errorf("Overlaps reversed = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFeeQuote tables the calculator's result for each fee kind, with and
// without the "thuộc diện miễn" choice.
func TestFeeQuote(t *testing.T) {
	tests := []struct {
		name          string
		fee           Fee
		pages, copies int
		exempt        bool
		want          int64
		ok            bool
	}{
		{"flat", certifySignature, 1, 1, false, 10000, true},
		{"flat exempt", certifySignature, 1, 1, true, 0, true},
		{"per copy", extractCopy, 1, 3, false, 24000, true},
		{"per copy exempt", extractCopy, 1, 3, true, 0, true},
		{"per page", certifyCopy, 5, 1, false, 7000, true},
		{"per page exempt", certifyCopy, 5, 1, true, 0, true},
		{"local entered", Fee{Kind: FeeLocal, Amount: 8000}, 1, 1, false, 8000, true},
		{"local not entered", Fee{Kind: FeeLocal}, 1, 1, false, 0, false},
		{"local not entered but exempt", Fee{Kind: FeeLocal}, 1, 1, true, 0, true},
		{"free", Fee{Kind: FeeFree}, 1, 1, false, 0, true},
		{"exempt out of range", extractCopy, 1, 0, true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.fee.Quote(tt.pages, tt.copies, tt.exempt)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Quote = %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFeeConfirmed(t *testing.T) {
	for _, tt := range []struct {
		fee  Fee
		want bool
	}{
		{Fee{Kind: FeeLocal}, false},
		{Fee{Kind: FeeLocal, Amount: 5000}, true},
		{Fee{Kind: FeeFree}, true},
		{certifySignature, true},
	} {
		if got := tt.fee.Confirmed(); got != tt.want {
			t.Errorf("%+v.Confirmed() = %v, want %v", tt.fee, got, tt.want)
		}
	}
}
