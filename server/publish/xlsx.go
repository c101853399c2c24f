package publish

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"motcua/server/catalogue"
	"motcua/server/contract"
)

// XLSXSheet is the name of the workbook's one sheet.
const XLSXSheet = "Danh mục"

// EncodeXLSX writes the catalogue as an Excel workbook for the ward's
// website staff: one sheet with exactly the rows and columns of the CSV
// export (catalogue.EncodeCSV, including its defusing of cells that a
// spreadsheet would read as a formula), so the two files never drift apart
// and the CSV import reads a sheet saved back as CSV. Every cell is text:
// a procedure code like "2.000815" must not become a number.
func EncodeXLSX(w io.Writer, c contract.Catalogue) error {
	rows, err := csvRows(c)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", XLSXSheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(XLSXSheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = excelize.Cell{Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("publish: xlsx row %d: %w", i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// csvRows is the CSV export read back as rows.
func csvRows(c contract.Catalogue) ([][]string, error) {
	var buf bytes.Buffer
	if err := catalogue.EncodeCSV(&buf, c); err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
	return r.ReadAll()
}
