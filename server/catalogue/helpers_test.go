package catalogue

import (
	"errors"
	"strings"
	"testing"

	"motcua/server/contract"
)

// base is a small valid catalogue in normalized form that the tests mutate.
func base() contract.Catalogue {
	return contract.Catalogue{
		Version: 3,
		Fields: []contract.Field{
			{ID: "chung-thuc", Name: contract.Text{VI: "Chứng thực", EN: "Certification"}},
			{ID: "ho-tich", Name: contract.Text{VI: "Hộ tịch"}, Icon: "ho-tich.png"},
		},
		Procedures: []contract.Procedure{
			{
				Code:           "2.000815",
				Name:           contract.Text{VI: "Chứng thực bản sao từ bản chính", EN: "Certified copies"},
				Field:          "chung-thuc",
				ProcessingTime: contract.Text{VI: "Trong ngày", EN: "Same day"},
				Fees: []contract.Fee{{
					Label:  contract.Text{VI: "Phí chứng thực", EN: "Certification fee"},
					Kind:   contract.FeePerPage,
					Tiers:  []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}},
					Cap:    200000,
					Unit:   contract.Text{VI: "đồng/trang"},
					Source: "TT 226/2016/TT-BTC, Điều 4",
				}},
				Documents:        []contract.Text{{VI: "Bản chính", EN: "Original"}},
				Steps:            []contract.Text{{VI: "Nộp hồ sơ"}},
				Result:           contract.Text{VI: "Bản sao được chứng thực"},
				LegalBasis:       []string{"Nghị định số 23/2015/NĐ-CP"},
				GuidanceURL:      "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=2.000815",
				SameDayWednesday: true,
				SameDayCutoff:    "15:00",
				Common:           true,
			},
			{
				Code:  "1.004873",
				Name:  contract.Text{VI: "Cấp Giấy xác nhận tình trạng hôn nhân"},
				Field: "ho-tich",
				Fees: []contract.Fee{{
					Label:  contract.Text{VI: "Lệ phí"},
					Kind:   contract.FeeLocal,
					Source: "Nghị quyết HĐND thành phố Hải Phòng",
				}},
				Online: contract.OnlineFull,
			},
		},
		Queues: []contract.Queue{
			{Prefix: "A", Name: contract.Text{VI: "Hộ tịch – Chứng thực"}, Procedures: []string{"2.000815", "1.004873"}},
			{Prefix: "N", Name: contract.Text{VI: "Thứ Tư"}, Procedures: []string{}},
		},
		Counters: []contract.Counter{
			{Number: 1, Name: contract.Text{VI: "Quầy số 1"}, Queues: []string{"A", "N"}},
		},
	}
}

// problemsOf returns the problems of a validation error, failing the test
// if err is some other error.
func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is %T, want *ValidationError", err, err)
	}
	return ve.Problems
}

// hasProblem tells whether ps contains a problem at path (and at line, if
// line is not negative).
func hasProblem(ps []Problem, line int, path string) bool {
	for _, p := range ps {
		if p.Path == path && (line < 0 || p.Line == line) {
			return true
		}
	}
	return false
}

func dump(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// eachText calls fn for every Text in the catalogue with its path.
func eachText(c contract.Catalogue, fn func(path string, t contract.Text)) {
	for _, f := range c.Fields {
		fn("field "+f.ID, f.Name)
	}
	for _, p := range c.Procedures {
		at := "procedure " + p.Code
		fn(at+" name", p.Name)
		fn(at+" processing_time", p.ProcessingTime)
		fn(at+" result", p.Result)
		for _, d := range p.Documents {
			fn(at+" document", d)
		}
		for _, s := range p.Steps {
			fn(at+" step", s)
		}
		for _, f := range p.Fees {
			fn(at+" fee label", f.Label)
			fn(at+" fee unit", f.Unit)
			fn(at+" fee note", f.Note)
		}
	}
	for _, q := range c.Queues {
		fn("queue "+q.Prefix, q.Name)
	}
	for _, k := range c.Counters {
		fn("counter", k.Name)
	}
}
