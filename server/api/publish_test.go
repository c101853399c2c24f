package api_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"motcua/server/contract"
	"motcua/server/servertest"
)

// TestNoticeBoardRoutes: staff and admin download the notice board (of one
// field or all) and the QR sheet as PDFs; the public cannot; an unknown
// field is a 404 with its code.
func TestNoticeBoardRoutes(t *testing.T) {
	srv := servertest.New(t)
	staff := sessionToken(t, srv, servertest.StaffUser, servertest.StaffPassword)
	for _, path := range []string{"/api/v1/catalogue/notice.pdf", "/api/v1/catalogue/notice.pdf?field=chung-thuc", "/api/v1/catalogue/qr-sheet.pdf"} {
		status, _, b := call(t, srv, "GET", path, staff, nil)
		if status != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s as staff: %d %.40q", path, status, b)
		}
		if status, code, _ := call(t, srv, "GET", path, "", nil); status != 401 || code != contract.CodeUnauthorized {
			t.Fatalf("%s anonymous: %d %s", path, status, code)
		}
	}
	if status, code, _ := call(t, srv, "GET", "/api/v1/catalogue/notice.pdf?field=nope", staff, nil); status != 404 || code != contract.CodeNotFound {
		t.Fatalf("unknown field: %d %s", status, code)
	}
}

// TestCatalogueExportXLSX: the admin's export in xlsx opens as a workbook
// whose first procedure row is the default catalogue's first procedure.
func TestCatalogueExportXLSX(t *testing.T) {
	srv := servertest.New(t)
	admin := sessionToken(t, srv, servertest.AdminUser, servertest.AdminPassword)
	status, _, b := call(t, srv, "GET", "/api/v1/catalogue/export?format=xlsx", admin, nil)
	if status != 200 {
		t.Fatalf("export xlsx: %d %s", status, b)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Danh mục")
	cat := srv.Engine.CatalogueView()
	if err != nil || len(rows) < len(cat.Fields)+2 || rows[len(cat.Fields)+1][1] != cat.Procedures[0].Code {
		t.Fatalf("workbook rows: %v %v", err, rows[:2])
	}
}
