package catalogue

import (
	"strings"
	"testing"

	"motcua/server/contract"
)

func TestUnconfirmed(t *testing.T) {
	c := base()
	c.Procedures[0].Fees = append(c.Procedures[0].Fees,
		contract.Fee{Label: contract.Text{VI: "Cũ"}, Kind: contract.FeeLocal, Source: "NQ cũ", Until: "2026-08-07"},
		contract.Fee{Label: contract.Text{VI: "Đã nhập"}, Kind: contract.FeeLocal, Amount: 8000, Source: "NQ 12/2018/NQ-HĐND"},
		contract.Fee{Label: contract.Text{VI: "Từ nay"}, Kind: contract.FeeLocal, Source: "NQ mới", Until: "2026-08-08"},
	)
	got := Unconfirmed(c, "2026-08-08")
	if len(got) != 2 || got[0].Path != "procedures[0].fees[3]" || got[1].Path != "procedures[1].fees[0]" {
		t.Fatalf("Unconfirmed = %+v, want procedures[0].fees[3] (ends today) and procedures[1].fees[0]", got)
	}
	if !strings.Contains(got[1].Message, "1.004873") || !strings.Contains(got[1].Message, "Nghị quyết HĐND thành phố Hải Phòng") {
		t.Errorf("message %q does not name the procedure and the resolution to check", got[1].Message)
	}
	// Every council fee of the default catalogue is still to be entered;
	// once entered, it leaves the list.
	d := Default()
	before := len(Unconfirmed(d, "2026-11-25"))
	if before == 0 {
		t.Fatal("the default catalogue has no council amount to check")
	}
	p := &d.Procedures[indexOfCode(t, d, "1.004873")]
	for j := range p.Fees {
		if p.Fees[j].Kind == contract.FeeLocal && p.Fees[j].InForce("2026-11-25") {
			p.Fees[j].Amount = 5000
		}
	}
	if after := len(Unconfirmed(d, "2026-11-25")); after != before-1 {
		t.Errorf("after entering 1.004873's amount: %d to check, want %d", after, before-1)
	}
}

func indexOfCode(t *testing.T, c contract.Catalogue, code string) int {
	t.Helper()
	for i, p := range c.Procedures {
		if p.Code == code {
			return i
		}
	}
	t.Fatalf("procedure %s missing", code)
	return -1
}
