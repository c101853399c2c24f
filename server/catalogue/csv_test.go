package catalogue

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"motcua/server/contract"
)

// edgeCatalogue is valid but full of text that stresses the CSV and fee
// syntaxes: commas, quotes, pipes, backslashes, newlines, empty English.
func edgeCatalogue() contract.Catalogue {
	c := base()
	p := &c.Procedures[0]
	p.Name = contract.Text{VI: `Chứng thực "bản sao", từ bản chính`}
	p.ProcessingTime = contract.Text{VI: "Trong ngày;\nsau 15 giờ: ngày làm việc tiếp theo", EN: ""}
	p.Documents = []contract.Text{
		{VI: "Đơn, tờ khai", EN: ""},
		{VI: `Giấy tờ "gốc"`, EN: "Original, papers"},
		{VI: "Ảnh 4x6", EN: ""},
	}
	p.Steps = []contract.Text{{VI: "a, b", EN: "x"}, {VI: "c"}}
	p.LegalBasis = []string{"Luật A, Điều 1", `Nghị định "B"`}
	p.Fees = append(p.Fees, contract.Fee{
		Label:  contract.Text{VI: `Phí | "sửa đổi"`, EN: `Fee \ amend`},
		Kind:   contract.FeeFlat,
		Amount: 30000,
		Unit:   contract.Text{VI: "đồng/hợp đồng, giao dịch"},
		Source: `TT 226/2016/TT-BTC | Điều 4 \ khoản 3`,
		Note:   contract.Text{VI: "Dòng một\nDòng hai | ba", EN: `back\slash`},
	}, contract.Fee{
		Label:  contract.Text{VI: "Miễn"},
		Kind:   contract.FeeFree,
		Source: "Luật Hộ tịch 2014, Điều 11",
	})
	p.HomeService = true
	c.Procedures[1].Name.EN = ""
	c.Fields[1].Icon = "icon, with comma"
	c.Counters = append(c.Counters, contract.Counter{Number: 42, Name: contract.Text{VI: "Quầy \"42\"", EN: "Desk, 42"}, Queues: []string{}})
	return c
}

func encodeCSV(t *testing.T, c contract.Catalogue) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := EncodeCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCSVRoundTrip(t *testing.T) {
	for name, c := range map[string]contract.Catalogue{"default": Default(), "base": base(), "edge": edgeCatalogue()} {
		t.Run(name, func(t *testing.T) {
			if err := Validate(&c); err != nil {
				t.Fatal(err)
			}
			got, err := DecodeCSV(bytes.NewReader(encodeCSV(t, c)))
			if err != nil {
				t.Fatal(err)
			}
			c.Version = 0
			if !reflect.DeepEqual(got, c) {
				t.Errorf("round trip changed the catalogue:\n got %+v\nwant %+v", got, c)
			}
		})
	}
}

func TestEncodeCSVShape(t *testing.T) {
	out := string(encodeCSV(t, base()))
	if !strings.HasPrefix(out, "\uFEFFtype,id,name_vi,name_en,field,") {
		t.Errorf("export does not start with BOM and header: %.60q", out)
	}
	if !strings.Contains(out, "\nprocedure,2.000815,") || !strings.Contains(out, "\ncounter,1,Quầy số 1,,") {
		t.Errorf("rows missing:\n%s", out)
	}
	if !strings.Contains(out, "per_page 1:2000 3:1000 cap 200000 | TT 226/2016/TT-BTC, Điều 4 | Phí chứng thực | Certification fee | đồng/trang") {
		t.Errorf("fee not in the documented syntax:\n%s", out)
	}
	if !strings.Contains(out, "\"A\nN\"") {
		t.Errorf("counter queues not one per line:\n%s", out)
	}
}

// TestDecodeCSVSpreadsheetEdits accepts what a spreadsheet user may do to
// an export: drop the BOM and some columns, reorder columns, use CRLF line
// ends, pad cells with spaces, add blank rows and trailing empty columns,
// and write amounts with thousands dots.
func TestDecodeCSVSpreadsheetEdits(t *testing.T) {
	in := strings.Join([]string{
		"name_vi,type,id,fees,members,field,common,",
		"Chứng thực,field,chung-thuc,,,,,",
		",,,,,,,",
		"  Bản sao  ,procedure,2.000815,\"per_page 1:2.000 3:1.000 cap 200.000 | TT 226 | Phí\",, chung-thuc ,x,",
		"Hộ tịch,queue,A,,2.000815,,,",
		"Quầy 1,counter,1,,\"A\r\n\r\n\",,,",
		"",
	}, "\r\n")
	c, err := DecodeCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	p := c.Procedures[0]
	want := contract.Fee{Kind: contract.FeePerPage, Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}, Cap: 200000, Source: "TT 226", Label: contract.Text{VI: "Phí"}}
	if p.Name.VI != "Bản sao" || p.Field != "chung-thuc" || !p.Common || !reflect.DeepEqual(p.Fees, []contract.Fee{want}) {
		t.Errorf("procedure = %+v", p)
	}
	if got := c.Counters[0].Queues; !reflect.DeepEqual(got, []string{"A"}) {
		t.Errorf("counter queues = %q", got)
	}
}

func TestDecodeCSVProblems(t *testing.T) {
	const header = "type,id,name_vi,name_en,field,fees,documents_vi,documents_en,members,same_day_wednesday\n"
	const okRows = "field,ho-tich,Hộ tịch,,,,,,,\n" +
		"procedure,1.004873,Xác nhận,,ho-tich,local_resolution | NQ | Lệ phí,,,,\n" +
		"queue,A,Hộ tịch,,,,,,1.004873,\n" +
		"counter,1,Quầy 1,,,,,,A,\n"
	tests := []struct {
		name string
		in   string
		line int
		path string
	}{
		{"empty file", "", 1, ""},
		{"no type column", "id,name_vi\nx,y\n", 1, ""},
		{"unknown column", "type,id,colour\n", 1, ""},
		{"repeated column", "type,id,id\n", 1, ""},
		{"unknown row type", header + okRows + "service,x,y,,,,,,,\n", 6, ""},
		{"bad fee", header + "field,ho-tich,Hộ tịch,,,,,,,\nprocedure,1.004873,Xác nhận,,ho-tich,flat 10k | src,,,,\n", 3, "procedures[0].fees[0]"},
		{"bad escape in fee", header + "procedure,1.004873,Xác nhận,,ho-tich,flat 1 | a\\b,,,,\n", 2, "procedures[0].fees[0]"},
		{"bad boolean", header + "procedure,1.004873,Xác nhận,,ho-tich,,,,,maybe\n", 2, "procedures[0].same_day_wednesday"},
		{"bad counter number", header + okRows + "counter,one,Quầy,,,,,,A,\n", 6, "counters[1].number"},
		{"column not for type", header + okRows + "queue,B,Q,,ho-tich,,,,,\n", 6, "queues[1].field"},
		{"more English than Vietnamese", header + "procedure,1.004873,X,,ho-tich,,a,\"b\nc\",,\n", 2, "procedures[0].documents"},
		{"extra cells", header + okRows + "field,x,X,,,,,,,,surplus\n", 6, "fields[1]"},
		{"stray quote", header + okRows + "field,x,\"X\"y,,,,,,,\n", 6, ""},
		// Problems found by Validate carry the line of their row.
		{"duplicate code", header + okRows + "procedure,1.004873,Trùng,,ho-tich,,,,,\n", 6, "procedures[1].code"},
		{"unknown field", header + okRows + "procedure,9.1,X,,dat-dai,,,,,\n", 6, "procedures[1].field"},
		{"fee rule invalid", header + okRows + "procedure,9.1,X,,ho-tich,flat 0 | src | L,,,,\n", 6, "procedures[1].fees[0].amount"},
		{"fee label missing", header + okRows + "procedure,9.1,X,,ho-tich,flat 1 | src,,,,\n", 6, "procedures[1].fees[0].label.vi"},
		{"queue without counter", header + okRows + "queue,B,Q,,,,,,9.1,\nprocedure,9.1,X,,ho-tich,,,,,\n", 6, "queues[1]"},
		{"procedure in no queue", header + okRows + "procedure,9.1,X,,ho-tich,,,,,\n", 6, "procedures[1]"},
		{"line after a multi-line cell", header + "field,ho-tich,Hộ tịch,,,,,,,\n" +
			"procedure,1.004873,X,,ho-tich,\"local_resolution | NQ | L\nfree | Luật | M\n\",\"a\nb\",,,\n" +
			"queue,A,Q,,,,,,\"1.004873\n\",\ncounter,1,Q,,,,,,A,\nqueue,A,Trùng,,,,,,,\n", 10, "queues[1].prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeCSV(strings.NewReader(tt.in))
			ps := problemsOf(t, err)
			if !hasProblem(ps, tt.line, tt.path) {
				t.Fatalf("want a problem at line %d path %q, got%s", tt.line, tt.path, dump(ps))
			}
		})
	}
}

func TestDecodeCSVReportsEveryRow(t *testing.T) {
	in := "type,id,name_vi,field,fees,same_day_wednesday\n" +
		"field,ho-tich,Hộ tịch,,,\n" +
		"procedure,1.1,A,ho-tich,flat ten | s | L,\n" +
		"procedure,1.2,B,ho-tich,,perhaps\n" +
		"procedure,1.3,,ho-tich,,\n" +
		"counter,x,Quầy,,,\n"
	ps := problemsOf(t, firstErr(DecodeCSV(strings.NewReader(in))))
	for _, want := range []struct {
		line int
		path string
	}{
		{3, "procedures[0].fees[0]"},
		{4, "procedures[1].same_day_wednesday"},
		{5, "procedures[2].name.vi"},
		{6, "counters[0].number"},
	} {
		if !hasProblem(ps, want.line, want.path) {
			t.Errorf("no problem at line %d %s in%s", want.line, want.path, dump(ps))
		}
	}
	for _, p := range ps {
		if p.Path == "counters[0].number" && strings.Contains(p.Message, "1–999") {
			t.Errorf("unreadable number also reported as out of range: %s", p)
		}
		if p.Path == "procedures[0].fees[0].kind" {
			t.Errorf("unreadable fee also reported by Validate: %s", p)
		}
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems not in line order:%s", dump(ps))
			break
		}
	}
}

func TestDecodeCSVLimitsRows(t *testing.T) {
	in := "type,id,name_vi\n" + strings.Repeat("field,x,X\n", MaxFields+50)
	ps := problemsOf(t, firstErr(DecodeCSV(strings.NewReader(in))))
	if !hasProblem(ps, MaxFields+2, "fields") {
		t.Fatalf("no limit problem at the first row too many:%s", dump(ps))
	}
	n := 0
	for _, p := range ps {
		if p.Path == "fields" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("limit reported %d times, want once", n)
	}
	if !hasProblem(ps, 3, "fields[1].id") {
		t.Errorf("other problems of the kept rows hidden:%s", dump(ps))
	}
}

func firstErr(_ contract.Catalogue, err error) error { return err }

// TestCSVFormulasNeutralised: a text an administrator typed as a formula
// leaves as text (an apostrophe first, so a spreadsheet does not run it)
// and comes back unchanged when the file is imported again.
func TestCSVFormulasNeutralised(t *testing.T) {
	c := base()
	c.Procedures[0].Name = contract.Text{VI: `=HYPERLINK("http://x","Bấm vào đây")`, EN: "+1 procedure"}
	c.Procedures[0].Documents = []contract.Text{{VI: "@Bản sao", EN: ""}}
	var buf bytes.Buffer
	if err := EncodeCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"'=HYPERLINK(""http://x"",""Bấm vào đây"")"`, "'+1 procedure", "'@Bản sao"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks the neutralised cell %s:\n%s", want, out)
		}
	}
	back, err := DecodeCSV(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Procedures[0].Name; got != c.Procedures[0].Name {
		t.Errorf("round trip name = %+v, want %+v", got, c.Procedures[0].Name)
	}
	if got := back.Procedures[0].Documents[0].VI; got != "@Bản sao" {
		t.Errorf("round trip document = %q", got)
	}
}

// TestValidateRefusesBidiOverride: a right-to-left override can make a
// name read on screen as something else than what is stored.
func TestValidateRefusesBidiOverride(t *testing.T) {
	c := base()
	c.Procedures[0].Name.VI = "Chứng thực \u202ecod.exe"
	err := Validate(&c)
	if err == nil || !strings.Contains(err.Error(), "điều khiển") {
		t.Fatalf("Validate = %v, want a control-character problem", err)
	}
}
