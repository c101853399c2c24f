package catalogue

import (
	"bytes"
	"errors"
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
	}, contract.Fee{
		Label:     contract.Text{VI: "Lệ phí | kỳ", EN: "Fee"},
		Kind:      contract.FeeLocal,
		Amount:    8000,
		Source:    "NQ 12/2018/NQ-HĐND",
		Until:     "2026-08-07",
		Condition: contract.Text{VI: "Chỉ khi | sai sót\nkhông do lỗi", EN: "Only when"},
	}, contract.Fee{
		Label:   contract.Text{VI: "Lệ phí | kỳ", EN: "Fee"},
		Kind:    contract.FeeLocal,
		Amount:  8000,
		Source:  "NQ 12/2018/NQ-HĐND",
		From:    "2026-08-08",
		Channel: contract.ChannelInPerson,
	}, contract.Fee{
		Label:   contract.Text{VI: "Lệ phí | kỳ", EN: "Fee"},
		Kind:    contract.FeeFree,
		Source:  "NQ 23/2026/NQ-HĐND",
		From:    "2026-08-08",
		Channel: contract.ChannelOnline,
	})
	p.FeeExemptions = []contract.FeeExemption{
		{Who: contract.Text{VI: "Hộ nghèo, | cận nghèo", EN: `Poor \ households`}, Source: "NQ 16/2023/NQ-HĐND"},
		{Who: contract.Text{VI: "Trẻ em"}, Source: "NQ 16/2023/NQ-HĐND, Điều 1"},
	}
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
		{"bad cut-off", "type,id,name_vi,field,same_day_cutoff\nfield,ho-tich,Hộ tịch,,\nprocedure,1.004873,Xác nhận,ho-tich,25:00\nqueue,A,Hộ tịch,,\ncounter,1,Quầy 1,,\n", 3, "procedures[0].same_day_cutoff"},
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

// TestDecodeCSVBeforeFeeRules: a file exported before fee periods,
// channels, conditions and exemptions existed (no fee_exemptions column,
// eight-part fee lines) still imports, with every new field empty.
func TestDecodeCSVBeforeFeeRules(t *testing.T) {
	old := "type,id,name_vi,name_en,field,processing_time_vi,fees,members\n" +
		"field,chung-thuc,Chứng thực,Certification,,,,\n" +
		"procedure,2.000927,Sửa lỗi sai sót,,chung-thuc,Trong ngày,\"flat 25.000 | TT 226/2016/TT-BTC | Phí sửa lỗi | Fee | hợp đồng | contract | ghi chú | note\",\n" +
		"queue,B,Chứng thực,Certification,,,,2.000927\n" +
		"counter,2,Quầy 2,Counter 2,,,,B\n"
	c, err := DecodeCSV(strings.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	want := contract.Fee{Label: contract.Text{VI: "Phí sửa lỗi", EN: "Fee"}, Kind: contract.FeeFlat, Amount: 25000,
		Unit: contract.Text{VI: "hợp đồng", EN: "contract"}, Source: "TT 226/2016/TT-BTC", Note: contract.Text{VI: "ghi chú", EN: "note"}}
	p := c.Procedures[0]
	if len(p.Fees) != 1 || !reflect.DeepEqual(p.Fees[0], want) || p.FeeExemptions != nil {
		t.Errorf("old file read as fees %+v, exemptions %+v; want %+v and none", p.Fees, p.FeeExemptions, want)
	}
}

// TestDecodeCSVOverlappingFees: two rules for the same charge and channel
// whose periods share a day are refused with the line and both rules named.
func TestDecodeCSVOverlappingFees(t *testing.T) {
	file := "type,id,name_vi,field,fees,members\n" +
		"field,ho-tich,Hộ tịch,,,\n" +
		"procedure,1.004884,Đăng ký lại khai sinh,ho-tich,\"local_resolution 8000 until 2026-08-08 | NQ 12/2018/NQ-HĐND | Lệ phí\n" +
		"free from 2026-08-08 channel online | NQ 23/2026/NQ-HĐND | Lệ phí\",\n" +
		"queue,A,Hộ tịch,,,1.004884\n" +
		"counter,1,Quầy 1,,,A\n"
	_, err := DecodeCSV(strings.NewReader(file))
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 {
		t.Fatalf("DecodeCSV = %v, want one problem", err)
	}
	p := ve.Problems[0]
	if p.Line != 3 || p.Path != "procedures[0].fees[1]" || !strings.Contains(p.Message, "fees[0]") || !strings.Contains(p.Message, "overlap") {
		t.Errorf("problem = %+v, want line 3, procedures[0].fees[1], naming fees[0]", p)
	}
}
