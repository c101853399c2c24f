package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"motcua/server/servertest"
)

// BenchmarkRatingCheckHTTP is what the citizen waits for between "Đồng ý"
// on the code pad and the faces, on the server's side: the real handler
// (device token, decoding, the ticket lookup and the code comparison on a
// read snapshot, the JSON answer) for a served ticket and its right code.
func BenchmarkRatingCheckHTTP(b *testing.B) {
	srv := servertest.New(b)
	tk, n := issueFor(b, srv, "2.000884")
	finish(b, srv.Staff(), n)
	h := srv.Handler()
	body := checkBody(tk.Number, tk.Code)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/api/v1/ratings/check", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.KioskToken)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(b.N), "µs/check")
}
