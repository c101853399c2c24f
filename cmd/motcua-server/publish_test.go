package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPublishCommands: the notice board, the QR sheet and the xlsx export
// are written from the data folder; an unknown field fails and leaves no
// file behind.
func TestPublishCommands(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	for _, args := range [][]string{
		{"catalogue", "notice", filepath.Join(dir, "all.pdf")},
		{"catalogue", "notice", filepath.Join(dir, "ct.pdf"), "--field", "chung-thuc"},
		{"catalogue", "qr-sheet", filepath.Join(dir, "qr.pdf")},
	} {
		if out, err := runCmd(t, append(args, "--data", data)...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		b, err := os.ReadFile(args[2])
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%v: not a PDF (%v)", args, err)
		}
	}
	bad := filepath.Join(dir, "bad.pdf")
	if _, err := runCmd(t, "catalogue", "notice", bad, "--field", "nope", "--data", data); err == nil {
		t.Fatal("an unknown field was accepted")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatalf("a failed notice left %s behind (%v)", bad, err)
	}
	xlsx := filepath.Join(dir, "cat.xlsx")
	if out, err := runCmd(t, "catalogue", "export", "--data", data, xlsx); err != nil {
		t.Fatalf("export xlsx: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Danh mục", "B1"); v != "id" {
		t.Fatalf("xlsx header B1 = %q", v)
	}
}
