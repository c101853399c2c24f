package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"motcua/server/contract"
	"motcua/server/queue"
	"motcua/server/servertest"
	"motcua/server/store"
)

// BenchmarkRawSQLiteCommit is the baseline: single-row INSERT commits, one
// after another, on a database opened with the server's own durability
// settings (WAL, synchronous=FULL). No server does better than this with
// one commit per ticket.
func BenchmarkRawSQLiteCommit(b *testing.B) {
	db, err := sql.Open("sqlite", store.DSN(filepath.Join(b.TempDir(), "raw.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := db.Exec("INSERT INTO t (v) VALUES (?)", "B007"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commits/s")
}

// BenchmarkIssueTicketHTTP issues tickets through the real HTTP handler
// (authentication, decoding, the engine, a durable commit, the JSON
// answer) from 1 kiosk and from 32 kiosks at once (group commit).
func BenchmarkIssueTicketHTTP(b *testing.B) {
	for _, kiosks := range []int{1, 32} {
		b.Run("kiosks="+strconv.Itoa(kiosks), func(b *testing.B) {
			srv := servertest.New(b)
			h := srv.Handler()
			body := []byte(`{"procedure":"2.000815","priority":""}`)
			issue := func() {
				req := httptest.NewRequest("POST", "/api/v1/tickets", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+srv.KioskToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusCreated {
					b.Errorf("status %d: %s", rec.Code, rec.Body)
				}
			}
			c0, n0 := srv.DB.Stats()
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			per := (b.N + kiosks - 1) / kiosks
			for k := 0; k < kiosks; k++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < per; i++ {
						issue()
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			c1, n1 := srv.DB.Stats()
			b.ReportMetric(float64(per*kiosks)/elapsed.Seconds(), "tickets/s")
			b.ReportMetric(float64(n1-n0)/float64(max(1, c1-c0)), "tickets/commit")
		})
	}
}

// BenchmarkFanout200 measures the time from a call-next being published
// after its commit to its arrival at each of 200 websocket clients on
// loopback. Each op is one call (and the finish that frees the counter).
func BenchmarkFanout200(b *testing.B) {
	const clients = 200
	srv := servertest.New(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := srv.Engine.Issue(ctx, contract.IssueTicketRequest{Procedure: "2.000884"}, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	cat := srv.Engine.Catalogue()
	q, _ := cat.QueueOf("2.000884")
	counter := cat.CountersFor(q.Prefix)[0]

	// The probe stands beside the websocket sessions on the hub: it sees
	// each event the moment it is published.
	probe := srv.Hub.Subscribe(4 * b.N)
	var mu sync.Mutex
	arrivals := make(map[int64][]time.Time)
	var ready sync.WaitGroup
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/ws"
	hdr := http.Header{"Authorization": {"Bearer " + srv.DisplayToken}}
	for c := 0; c < clients; c++ {
		conn, _, err := websocket.DefaultDialer.Dial(url, hdr)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		ready.Add(1)
		go func() {
			ready.Done()
			for {
				var ev struct{ Seq int64 }
				if err := conn.ReadJSON(&ev); err != nil {
					return
				}
				at := time.Now()
				mu.Lock()
				arrivals[ev.Seq] = append(arrivals[ev.Seq], at)
				mu.Unlock()
			}
		}()
	}
	ready.Wait()
	for srv.Hub.Len() < clients+1 {
		time.Sleep(time.Millisecond)
	}
	published := map[int64]time.Time{}
	who := queue.Actor{Name: "bench", Role: contract.RoleStaff}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := srv.Engine.CallNext(ctx, counter, who); err != nil {
			b.Fatal(err)
		}
		m := <-probe.C
		published[m.Seq] = time.Now()
		waitArrivals(&mu, arrivals, m.Seq, clients)
		if _, err := srv.Engine.Finish(ctx, counter, who); err != nil {
			b.Fatal(err)
		}
		f := <-probe.C
		waitArrivals(&mu, arrivals, f.Seq, clients)
	}
	b.StopTimer()
	var lat []time.Duration
	for seq, t0 := range published {
		for _, at := range arrivals[seq] {
			lat = append(lat, at.Sub(t0))
		}
	}
	slices.Sort(lat)
	ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(len(lat)), "deliveries")
}

func waitArrivals(mu *sync.Mutex, arrivals map[int64][]time.Time, seq int64, n int) {
	for {
		mu.Lock()
		got := len(arrivals[seq])
		mu.Unlock()
		if got >= n {
			return
		}
		time.Sleep(50 * time.Microsecond)
	}
}
