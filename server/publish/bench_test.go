package publish

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"motcua/server/catalogue"
	"motcua/server/contract"
)

// BenchmarkNoticeBoard is the whole notice board of the default catalogue
// (every field), with its size.
func BenchmarkNoticeBoard(b *testing.B) {
	cat := catalogue.Default()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := NoticeBoard(&buf, cat, "", testNotice); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}

// BenchmarkQRSheet is the QR sheet of the default catalogue, with its size.
func BenchmarkQRSheet(b *testing.B) {
	cat := catalogue.Default()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := QRSheet(&buf, cat, testNotice); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/pdf")
}

// BenchmarkProcedurePage is one public page, rendered, with its size.
func BenchmarkProcedurePage(b *testing.B) {
	h := NewPages(fakeSource{cat: catalogue.Default(), set: contract.Settings{CentreName: testNotice.Centre}})
	var size int
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/p/1.001193", nil))
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/page")
}

// BenchmarkXLSX is the catalogue's xlsx export, with its size.
func BenchmarkXLSX(b *testing.B) {
	cat := catalogue.Default()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := EncodeXLSX(&buf, cat); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/xlsx")
}
