package contract

import "testing"

// The fees of TT 226/2016/TT-BTC and TT 281/2016/TT-BTC, as the catalogue
// carries them.
var (
	certifyCopy = Fee{
		Kind:  FeePerPage,
		Tiers: []FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}},
		Cap:   200000,
	}
	certifySignature = Fee{Kind: FeeFlat, Amount: 10000}
	extractCopy      = Fee{Kind: FeePerCopy, Amount: 8000}
)

func TestFeeCompute(t *testing.T) {
	tests := []struct {
		name          string
		fee           Fee
		pages, copies int
		want          int64
		ok            bool
	}{
		{"copy 1 page", certifyCopy, 1, 1, 2000, true},
		{"copy 2 pages", certifyCopy, 2, 1, 4000, true},
		{"copy 3 pages", certifyCopy, 3, 1, 5000, true},
		{"copy 5 pages", certifyCopy, 5, 1, 7000, true},
		{"copy 198 pages just under cap", certifyCopy, 198, 1, 200000, true},
		{"copy 300 pages capped", certifyCopy, 300, 1, 200000, true},
		{"copy 5 pages 3 copies", certifyCopy, 5, 3, 21000, true},
		{"copy 300 pages 3 copies capped per copy", certifyCopy, 300, 3, 600000, true},
		{"copy largest request", certifyCopy, MaxFeePages, MaxFeeCopies, 200000 * MaxFeeCopies, true},
		{"copy uncapped", Fee{Kind: FeePerPage, Tiers: certifyCopy.Tiers}, 300, 1, 2*2000 + 298*1000, true},
		{"signature", certifySignature, 1, 1, 10000, true},
		{"signature ignores pages and copies", certifySignature, 40, 7, 10000, true},
		{"extract 1 copy", extractCopy, 1, 1, 8000, true},
		{"extract 3 copies", extractCopy, 1, 3, 24000, true},
		{"free", Fee{Kind: FeeFree}, 3, 2, 0, true},
		{"local entered", Fee{Kind: FeeLocal, Amount: 5000}, 1, 1, 5000, true},
		{"local not entered", Fee{Kind: FeeLocal}, 1, 1, 0, false},
		{"zero pages", certifyCopy, 0, 1, 0, false},
		{"negative pages", certifySignature, -1, 1, 0, false},
		{"zero copies", extractCopy, 1, 0, 0, false},
		{"too many pages", certifyCopy, MaxFeePages + 1, 1, 0, false},
		{"too many copies", extractCopy, 1, MaxFeeCopies + 1, 0, false},
		{"per page without tiers", Fee{Kind: FeePerPage}, 1, 1, 0, false},
		{"per page not from page 1", Fee{Kind: FeePerPage, Tiers: []FeeTier{{FromPage: 2, Amount: 1}}}, 1, 1, 0, false},
		{"unknown kind", Fee{Kind: "percent", Amount: 5}, 1, 1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.fee.Compute(tt.pages, tt.copies)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Compute(%d, %d) = %d, %v; want %d, %v", tt.pages, tt.copies, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFeeDependsOnCount(t *testing.T) {
	tests := []struct {
		fee  Fee
		want bool
	}{
		{certifyCopy, true},
		{extractCopy, true},
		{certifySignature, false},
		{Fee{Kind: FeeFree}, false},
		{Fee{Kind: FeeLocal}, false},
	}
	for _, tt := range tests {
		if got := tt.fee.DependsOnCount(); got != tt.want {
			t.Errorf("%s: DependsOnCount = %v, want %v", tt.fee.Kind, got, tt.want)
		}
	}
}

func TestFormatVND(t *testing.T) {
	tests := []struct {
		amount int64
		want   string
	}{
		{0, "0 đ"},
		{5, "5 đ"},
		{999, "999 đ"},
		{1000, "1.000 đ"},
		{8000, "8.000 đ"},
		{10000, "10.000 đ"},
		{200000, "200.000 đ"},
		{1234567, "1.234.567 đ"},
		{1000000000000, "1.000.000.000.000 đ"},
		{-2000, "-2.000 đ"},
	}
	for _, tt := range tests {
		if got := FormatVND(tt.amount); got != tt.want {
			t.Errorf("FormatVND(%d) = %q, want %q", tt.amount, got, tt.want)
		}
	}
}
