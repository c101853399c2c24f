package catalogue

import (
	"reflect"
	"testing"

	"motcua/server/contract"
)

func TestFeeSyntax(t *testing.T) {
	tests := []struct {
		line string
		fee  contract.Fee
	}{
		{"free | Luật Hộ tịch 2014, Điều 11", contract.Fee{Kind: contract.FeeFree, Source: "Luật Hộ tịch 2014, Điều 11"}},
		{"flat 10000 | TT 226 | Phí chứng thực chữ ký | Signature fee | đồng/trường hợp",
			contract.Fee{Kind: contract.FeeFlat, Amount: 10000, Source: "TT 226", Label: contract.Text{VI: "Phí chứng thực chữ ký", EN: "Signature fee"}, Unit: contract.Text{VI: "đồng/trường hợp"}}},
		{"per_copy 8000 | TT 281", contract.Fee{Kind: contract.FeePerCopy, Amount: 8000, Source: "TT 281"}},
		{"per_page 1:2000 3:1000 cap 200000 | TT 226",
			contract.Fee{Kind: contract.FeePerPage, Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}, Cap: 200000, Source: "TT 226"}},
		{"local_resolution | NQ HĐND", contract.Fee{Kind: contract.FeeLocal, Source: "NQ HĐND"}},
		{"local_resolution 5000 | NQ HĐND |  |  |  |  | Miễn cho hộ nghèo | Free for poor households",
			contract.Fee{Kind: contract.FeeLocal, Amount: 5000, Source: "NQ HĐND", Note: contract.Text{VI: "Miễn cho hộ nghèo", EN: "Free for poor households"}}},
		{`flat 1 | a \| b \\ c | line\none`, contract.Fee{Kind: contract.FeeFlat, Amount: 1, Source: `a | b \ c`, Label: contract.Text{VI: "line\none"}}},
		{"free from 2026-08-08 channel online | NQ 23/2026/NQ-HĐND | Lệ phí",
			contract.Fee{Kind: contract.FeeFree, From: "2026-08-08", Channel: contract.ChannelOnline, Source: "NQ 23/2026/NQ-HĐND", Label: contract.Text{VI: "Lệ phí"}}},
		{"free from 2026-08-08 until 2031-12-31 | NQ 12/2026/NQ-HĐND",
			contract.Fee{Kind: contract.FeeFree, From: "2026-08-08", Until: "2031-12-31", Source: "NQ 12/2026/NQ-HĐND"}},
		{"flat 25000 | TT 226/2016/TT-BTC | Phí sửa lỗi |  |  |  |  |  | Chỉ khi sai sót không do lỗi của người thực hiện chứng thực | Only when the error is not the certifier's",
			contract.Fee{Kind: contract.FeeFlat, Amount: 25000, Source: "TT 226/2016/TT-BTC", Label: contract.Text{VI: "Phí sửa lỗi"},
				Condition: contract.Text{VI: "Chỉ khi sai sót không do lỗi của người thực hiện chứng thực", EN: "Only when the error is not the certifier's"}}},
		// Lossless even for values Validate rejects.
		{"free until 8/8/2026 channel post", contract.Fee{Kind: contract.FeeFree, Until: "8/8/2026", Channel: "post"}},
		{"free -3 2:0 cap -1", contract.Fee{Kind: contract.FeeFree, Amount: -3, Tiers: []contract.FeeTier{{FromPage: 2}}, Cap: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := ParseFee(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.fee) {
				t.Errorf("ParseFee = %+v, want %+v", got, tt.fee)
			}
			if s := FormatFee(tt.fee); s != tt.line {
				t.Errorf("FormatFee = %q, want %q", s, tt.line)
			}
		})
	}
}

func TestParseFeeLenient(t *testing.T) {
	got, err := ParseFee("  per_page   1:2.000  3:1.000 cap 200.000|TT 226|  Phí  ")
	want := contract.Fee{Kind: contract.FeePerPage, Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}, Cap: 200000, Source: "TT 226", Label: contract.Text{VI: "Phí"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseFee = %+v, %v; want %+v", got, err, want)
	}
}

func TestParseFeeErrors(t *testing.T) {
	for _, line := range []string{
		"",
		" | source",
		"flat ten | s",
		"flat 1 2 | s",
		"per_page 1:2000 cap | s",
		"per_page 1:2000 cap 1 cap 2 | s",
		"per_page one:2000 | s",
		"per_page 1:2k | s",
		"flat 99999999999999999999 | s",
		"flat 1 | s | a | b | c | d | e | f | g | h | i",
		`flat 1 | a\`,
		`flat 1 | a\t`,
		"flat 1.00 | s",
		"free from | s",
		"free from 2026-01-01 from 2026-02-01 | s",
		"free channel | s",
	} {
		if f, err := ParseFee(line); err == nil {
			t.Errorf("ParseFee(%q) = %+v, want an error", line, f)
		}
	}
}

func TestExemptionSyntax(t *testing.T) {
	tests := []struct {
		line string
		e    contract.FeeExemption
	}{
		{"NQ 16/2023/NQ-HĐND | Hộ nghèo | Poor households", contract.FeeExemption{Source: "NQ 16/2023/NQ-HĐND", Who: contract.Text{VI: "Hộ nghèo", EN: "Poor households"}}},
		{"NQ 16/2023/NQ-HĐND | Trẻ em", contract.FeeExemption{Source: "NQ 16/2023/NQ-HĐND", Who: contract.Text{VI: "Trẻ em"}}},
		{`a \| b | c \\ d`, contract.FeeExemption{Source: "a | b", Who: contract.Text{VI: `c \ d`}}},
	}
	for _, tt := range tests {
		got, err := ParseExemption(tt.line)
		if err != nil || !reflect.DeepEqual(got, tt.e) {
			t.Errorf("ParseExemption(%q) = %+v, %v; want %+v", tt.line, got, err, tt.e)
		}
		if s := FormatExemption(tt.e); s != tt.line {
			t.Errorf("FormatExemption = %q, want %q", s, tt.line)
		}
	}
	for _, bad := range []string{"a | b | c | d", `a\`} {
		if e, err := ParseExemption(bad); err == nil {
			t.Errorf("ParseExemption(%q) = %+v, want an error", bad, e)
		}
	}
}
