package web

import (
	"testing"

	"motcua/server/contract"
)

// TestFeeAmountSaysWhenAndHow: the catalogue table tells the rules of one
// charge apart by channel and period, and a rule of every day and channel
// reads as before.
func TestFeeAmountSaysWhenAndHow(t *testing.T) {
	for _, c := range []struct {
		fee  contract.Fee
		want string
	}{
		{contract.Fee{Kind: contract.FeeFlat, Amount: 8000}, "8.000 đ"},
		{contract.Fee{Kind: contract.FeeLocal, Until: "2026-08-07"}, "Theo Nghị quyết HĐND (chưa nhập) (đến 2026-08-07)"},
		{contract.Fee{Kind: contract.FeeFree, From: "2026-08-08", Channel: contract.ChannelOnline}, "Miễn phí (trực tuyến, từ 2026-08-08)"},
		{contract.Fee{Kind: contract.FeeFlat, Amount: 50000, From: "2026-08-08", Until: "2031-12-31", Channel: contract.ChannelInPerson}, "50.000 đ (trực tiếp, từ 2026-08-08, đến 2031-12-31)"},
	} {
		if got := feeAmount(c.fee); got != c.want {
			t.Errorf("feeAmount(%+v) = %q, want %q", c.fee, got, c.want)
		}
	}
}
