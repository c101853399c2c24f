package publish

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"

	"motcua/server/catalogue"
)

// TestXLSXMatchesCSV: the workbook read back has the CSV export's rows and
// columns cell for cell, as text (codes are not turned into numbers), and
// the CSV import takes those rows back to the same catalogue.
func TestXLSXMatchesCSV(t *testing.T) {
	cat := catalogue.Default()
	cat.Procedures[0].Name.VI = "=HYPERLINK(\"http://x\") tên lạ"
	var buf bytes.Buffer
	if err := EncodeXLSX(&buf, cat); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows(XLSXSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want, err := csvRows(cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) < len(cat.Procedures)+1 {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			var g string
			if j < len(got[i]) {
				g = got[i][j]
			}
			if g != want[i][j] {
				t.Fatalf("row %d column %d (%s): %q, want %q", i+1, j+1, want[0][j], g, want[i][j])
			}
		}
	}
	first := len(cat.Fields) + 2 // the header, the fields, then the first procedure
	code, _ := excelize.CoordinatesToCellName(2, first)
	name, _ := excelize.CoordinatesToCellName(3, first)
	if v, _ := f.GetCellValue(XLSXSheet, code); v != cat.Procedures[0].Code {
		t.Fatalf("%s holds %q, want the first procedure's code", code, v)
	}
	if typ, _ := f.GetCellType(XLSXSheet, code); typ == excelize.CellTypeNumber {
		t.Error("a code is stored as a number")
	}
	if formula, _ := f.GetCellFormula(XLSXSheet, name); formula != "" {
		t.Errorf("a name became a formula: %q", formula)
	}
	var back bytes.Buffer
	back.WriteString("\uFEFF")
	if err := csv.NewWriter(&back).WriteAll(got); err != nil {
		t.Fatal(err)
	}
	round, err := catalogue.DecodeCSV(&back)
	if err != nil {
		t.Fatalf("the sheet saved as CSV does not import: %v", err)
	}
	if p, _ := round.Procedure(cat.Procedures[0].Code); p.Name.VI != cat.Procedures[0].Name.VI || len(round.Procedures) != len(cat.Procedures) {
		t.Fatalf("round trip: %q, %d procedures", p.Name.VI, len(round.Procedures))
	}
}
